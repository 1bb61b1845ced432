/**
 * The project report for colleagues and managers: every meeting with its
 * walls, their snapshots, themes and the items with most votes. Never
 * contains nicknames (built from models read without them).
 */
import type { Params } from '@vaegavis/shared'
import { type Key, t } from '../i18n.ts'
import { pdfFont } from './fonts.ts'
import { topVoted, type WallModel } from './model.ts'
import { legendLine, type PageSize, pdfBuffer } from './pdf.ts'
import { escapeMarkdown } from './transcript.ts'
import { formatDateTime, votes } from './words.ts'

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

type Meeting = ProjectReport['meetings'][number]['meeting']

/** "Møde 2025-03-04: Første møde", or the heading of boards at no meeting. */
function meetingHeading(locale: string, m: Meeting, quote: (text: string) => string = (x) => x): string {
  return m
    ? t(locale, 'exports.meetingHeading', { date: m.date, title: quote(m.title) })
    : t(locale, 'exports.noMeeting')
}

/** The report as Markdown, worded in `opts.locale`. */
export function projectReportMarkdown(report: ProjectReport, opts: { timeZone: string; locale: string }): string {
  const { locale, timeZone: tz } = opts
  const w = (key: Key, params?: Params) => t(locale, key, params)
  const out: string[] = [`# ${w('exports.reportHeading', { title: escapeMarkdown(report.title) })}`, '']
  for (const group of report.meetings) {
    out.push(`## ${meetingHeading(locale, group.meeting, escapeMarkdown)}`, '')
    if (group.boards.length === 0) out.push(w('exports.noSnapshots'), '')
    for (const board of group.boards) {
      out.push(`### ${escapeMarkdown(board.title)}`, '')
      if (board.snapshots.length === 0) out.push(w('exports.noSnapshots'), '')
      for (const s of board.snapshots) {
        const m = s.model
        const time = formatDateTime(s.createdAt, tz)
        out.push(`#### ${w('exports.snapshotHeading', { name: escapeMarkdown(s.name), time })}`, '')
        out.push(`${w('exports.labelCount', { n: m.labelCount })}  `)
        if (m.question !== '') out.push(`${w('exports.question', { question: escapeMarkdown(m.question) })}  `)
        out.push(`${w('exports.legendHeading')}: ${m.legend.map((c) => escapeMarkdown(c.meaning)).join(', ')}`, '')
        if (m.themes.length > 0) {
          const columns = [w('exports.themeColumn'), w('exports.labelsColumn'), w('exports.votesColumn')]
          out.push(`| ${columns.map(escapeMarkdown).join(' | ')} |`, '| --- | ---: | ---: |')
          for (const theme of m.themes)
            out.push(
              `| ${escapeMarkdown(theme.name)} | ${theme.labels.length + theme.answers.length} | ${theme.votes} |`,
            )
          out.push('')
        }
        const top = topVoted(m, TOP)
        if (top.length > 0) {
          out.push(`${w('exports.topVoted')}:`, '')
          top.forEach((l, i) => {
            const where = l.theme === null ? '' : ` (${escapeMarkdown(l.theme)})`
            out.push(`${i + 1}. ${escapeMarkdown(l.text)}${where} · ${votes(locale, l.votes)}`)
          })
          out.push('')
        }
      }
    }
  }
  return `${out.join('\n').trimEnd()}\n`
}

/** The report as a PDF on landscape pages, with snapshot thumbnails, worded in `opts.locale`. */
export function projectReportPdf(
  report: ProjectReport,
  opts: { size: PageSize; timeZone: string; locale: string },
): Promise<Buffer> {
  const { locale } = opts
  const w = (key: Key, params?: Params) => t(locale, key, params)
  const title = w('exports.reportHeading', { title: report.title })
  return pdfBuffer({ size: opts.size, title }, (doc) => {
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

    heading(title, 22)
    para(w('exports.generatedBy'), 9, '#777777')
    for (const group of report.meetings) {
      heading(meetingHeading(locale, group.meeting), 16)
      if (group.boards.length === 0) para(w('exports.noSnapshots'))
      for (const board of group.boards) {
        heading(board.title, 13)
        if (board.snapshots.length === 0) para(w('exports.noSnapshots'))
        for (const s of board.snapshots) {
          const m = s.model
          ensure(200)
          doc.font(pdfFont('bold')).fontSize(11).fillColor('#1a1a1a')
          const snapshot = w('exports.snapshotHeading', {
            name: s.name,
            time: formatDateTime(s.createdAt, opts.timeZone),
          })
          doc.text(`${snapshot} · ${w('exports.labelCount', { n: m.labelCount })}`, margin, doc.y, { width })
          if (m.question !== '') para(w('exports.question', { question: m.question }), 10)
          doc.y = legendLine(doc, m.legend, locale, margin, doc.y + 2, width) + 2
          const top = doc.y
          let textLeft = margin
          if (s.thumbnail) {
            doc.image(Buffer.from(s.thumbnail), margin, top, { fit: [200, 150] })
            textLeft = margin + 215
          }
          doc.y = top
          const textWidth = width - (textLeft - margin)
          for (const theme of m.themes) {
            doc.font(pdfFont('regular')).fontSize(10).fillColor('#1a1a1a')
            const count = theme.labels.length + theme.answers.length
            const summary = w('exports.themeSummary', { name: theme.name, count })
            const themeVotes = theme.votes > 0 ? ` · ${votes(locale, theme.votes)}` : ''
            doc.text(`${summary}${themeVotes}`, textLeft, doc.y, { width: textWidth })
          }
          const best = topVoted(m, TOP)
          if (best.length > 0) {
            doc
              .moveDown(0.3)
              .font(pdfFont('bold'))
              .fontSize(10)
              .text(`${w('exports.topVoted')}:`, textLeft, doc.y, { width: textWidth })
            best.forEach((l, i) => {
              const where = l.theme === null ? '' : ` (${l.theme})`
              doc
                .font(pdfFont('regular'))
                .fontSize(10)
                .text(`${i + 1}. ${l.text}${where} · ${votes(locale, l.votes)}`, textLeft, doc.y, { width: textWidth })
            })
          }
          doc.y = Math.max(doc.y, s.thumbnail ? top + 155 : doc.y) + 8
          doc.x = margin
        }
      }
    }
  })
}
