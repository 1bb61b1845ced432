/**
 * The project report for colleagues and managers: every meeting with its
 * walls, their snapshots, themes and the items with most votes. Never
 * contains nicknames (built from models read without them).
 */

import { pdfFont } from './fonts.ts'
import { topVoted, type WallModel } from './model.ts'
import { legendLine, type PageSize, pdfBuffer } from './pdf.ts'
import { escapeMarkdown } from './transcript.ts'
import { formatDateTime, W } from './words.ts'

export interface ProjectReport {
  title: string
  meetings: {
    /** null for boards not at any meeting. */
    meeting: { title: string; date: string } | null
    boards: {
      title: string
      snapshots: { name: string; createdAt: number; model: WallModel; thumbnail: Uint8Array | null }[]
    }[]
  }[]
}

const TOP = 3

function meetingHeading(m: ProjectReport['meetings'][number]['meeting']): string {
  return m ? `${W.meeting} ${m.date}: ${m.title}` : W.noMeeting
}

/** The report as Markdown. */
export function projectReportMarkdown(report: ProjectReport, tz: string): string {
  const out: string[] = [`# ${W.report}: ${escapeMarkdown(report.title)}`, '']
  for (const group of report.meetings) {
    out.push(`## ${escapeMarkdown(meetingHeading(group.meeting))}`, '')
    if (group.boards.length === 0) out.push(W.noSnapshots, '')
    for (const board of group.boards) {
      out.push(`### ${escapeMarkdown(board.title)}`, '')
      if (board.snapshots.length === 0) out.push(W.noSnapshots, '')
      for (const s of board.snapshots) {
        const m = s.model
        out.push(`#### ${W.snapshot}: ${escapeMarkdown(s.name)} (${formatDateTime(s.createdAt, tz)})`, '')
        out.push(`${W.labels}: ${m.labelCount}  `)
        if (m.question !== '') out.push(`${W.question}: ${escapeMarkdown(m.question)}  `)
        out.push(`${W.legend}: ${m.legend.map((c) => escapeMarkdown(c.meaning)).join(', ')}`, '')
        if (m.themes.length > 0) {
          out.push(`| ${W.theme} | ${W.labels} | Stemmer |`, '| --- | ---: | ---: |')
          for (const t of m.themes)
            out.push(`| ${escapeMarkdown(t.name)} | ${t.labels.length + t.answers.length} | ${t.votes} |`)
          out.push('')
        }
        const top = topVoted(m, TOP)
        if (top.length > 0) {
          out.push(`${W.topVoted}:`, '')
          top.forEach((l, i) => {
            const where = l.theme === null ? '' : ` (${escapeMarkdown(l.theme)})`
            out.push(`${i + 1}. ${escapeMarkdown(l.text)}${where} · ${W.votes(l.votes)}`)
          })
          out.push('')
        }
      }
    }
  }
  return `${out.join('\n').trimEnd()}\n`
}

/** The report as a PDF on landscape pages, with snapshot thumbnails. */
export function projectReportPdf(report: ProjectReport, opts: { size: PageSize; timeZone: string }): Promise<Buffer> {
  return pdfBuffer({ size: opts.size, title: `${W.report}: ${report.title}` }, (doc) => {
    const margin = 40
    doc.addPage({ size: opts.size, layout: 'landscape', margin })
    const width = doc.page.width - 2 * margin
    const ensure = (height: number) => {
      if (doc.y + height > doc.page.height - margin) doc.addPage({ size: opts.size, layout: 'landscape', margin })
    }
    const heading = (text: string, size: number) => {
      ensure(size * 3)
      doc.moveDown(0.4).font(pdfFont('bold')).fontSize(size).fillColor('#1a1a1a').text(text, margin, doc.y, { width })
      doc.moveDown(0.2)
    }
    const para = (text: string, size = 11, colour = '#1a1a1a') => {
      doc.font(pdfFont('regular')).fontSize(size).fillColor(colour).text(text, margin, doc.y, { width })
    }

    heading(`${W.report}: ${report.title}`, 22)
    para(W.generatedBy, 9, '#777777')
    for (const group of report.meetings) {
      heading(meetingHeading(group.meeting), 16)
      if (group.boards.length === 0) para(W.noSnapshots)
      for (const board of group.boards) {
        heading(board.title, 13)
        if (board.snapshots.length === 0) para(W.noSnapshots)
        for (const s of board.snapshots) {
          const m = s.model
          ensure(200)
          doc.font(pdfFont('bold')).fontSize(11).fillColor('#1a1a1a')
          doc.text(
            `${W.snapshot}: ${s.name} (${formatDateTime(s.createdAt, opts.timeZone)}) · ${W.labels}: ${m.labelCount}`,
            margin,
            doc.y,
            { width },
          )
          if (m.question !== '') para(`${W.question}: ${m.question}`, 10)
          doc.y = legendLine(doc, m.legend, margin, doc.y + 2, width) + 2
          const top = doc.y
          let textLeft = margin
          if (s.thumbnail) {
            doc.image(Buffer.from(s.thumbnail), margin, top, { fit: [200, 150] })
            textLeft = margin + 215
          }
          doc.y = top
          const textWidth = width - (textLeft - margin)
          for (const t of m.themes) {
            doc.font(pdfFont('regular')).fontSize(10).fillColor('#1a1a1a')
            const votes = t.votes > 0 ? ` · ${W.votes(t.votes)}` : ''
            doc.text(
              `${W.theme}: ${t.name} — ${t.labels.length + t.answers.length} ${W.labels.toLowerCase()}${votes}`,
              textLeft,
              doc.y,
              { width: textWidth },
            )
          }
          const best = topVoted(m, TOP)
          if (best.length > 0) {
            doc
              .moveDown(0.3)
              .font(pdfFont('bold'))
              .fontSize(10)
              .text(`${W.topVoted}:`, textLeft, doc.y, { width: textWidth })
            best.forEach((l, i) => {
              const where = l.theme === null ? '' : ` (${l.theme})`
              doc
                .font(pdfFont('regular'))
                .fontSize(10)
                .text(`${i + 1}. ${l.text}${where} · ${W.votes(l.votes)}`, textLeft, doc.y, { width: textWidth })
            })
          }
          doc.y = Math.max(doc.y, s.thumbnail ? top + 155 : doc.y) + 8
          doc.x = margin
        }
      }
    }
  })
}
