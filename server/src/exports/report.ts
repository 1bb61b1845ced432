/**
 * The project report for colleagues and managers: every meeting with its
 * walls, their snapshots, themes and the items with most votes. Never
 * contains nicknames (built from models read without them).
 */
import type { Params } from '@vaegavis/shared'
import { type Key, t } from '../i18n.ts'
import { isolate, type Weight } from './fonts.ts'
import { topVoted, type WallModel } from './model.ts'
import { drawFlowedWall, drawParagraph, legendLine, type PageSize, pdfBuffer } from './pdf.ts'
import { escapeMarkdown } from './transcript.ts'
import { snapshotWords, votes } from './words.ts'

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
        out.push(`#### ${w('exports.snapshotLine', { snapshot: snapshotWords(s, tz, escapeMarkdown) })}`, '')
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

/**
 * The report as a PDF on landscape pages, worded in `opts.locale`: each saved
 * wall's summary, then the wall itself flowed over whole pages at a size that
 * can be read (the same drawing as the wall's own PDF, not a thumbnail).
 */
export function projectReportPdf(
  report: ProjectReport,
  opts: { size: PageSize; timeZone: string; locale: string },
): Promise<Buffer> {
  const { locale } = opts
  const w = (key: Key, params?: Params) => t(locale, key, params)
  const title = w('exports.reportHeading', { title: report.title })
  return pdfBuffer({ size: opts.size, title }, (doc) => {
    const margin = 40
    let y = margin
    const newPage = () => {
      doc.addPage()
      y = margin
      return y
    }
    newPage()
    const width = doc.page.width - 2 * margin
    const bottom = () => doc.page.height - margin
    const ensure = (height: number) => {
      if (y + height > bottom()) newPage()
    }
    const para = (text: string, size = 11, weight: Weight = 'regular', colour = '#1a1a1a', left = margin) => {
      ensure(size * 1.4)
      y = drawParagraph(doc, text, left, y, width - (left - margin), size, weight, colour, 6)
    }
    const heading = (text: string, size: number) => {
      ensure(size * 4)
      y += size * 0.5
      para(text, size, 'bold')
      y += size * 0.2
    }

    heading(title, 22)
    para(w('exports.generatedBy'), 9, 'regular', '#777777')
    for (const group of report.meetings) {
      heading(meetingHeading(locale, group.meeting, isolate), 16)
      if (group.boards.length === 0) para(w('exports.noSnapshots'))
      for (const board of group.boards) {
        heading(board.title, 13)
        if (board.snapshots.length === 0) para(w('exports.noSnapshots'))
        for (const s of board.snapshots) {
          const m = s.model
          ensure(120)
          const snapshot = w('exports.snapshotLine', { snapshot: snapshotWords(s, opts.timeZone, isolate) })
          para(`${snapshot} · ${w('exports.labelCount', { n: m.labelCount })}`, 11, 'bold')
          if (m.question !== '') para(w('exports.question', { question: isolate(m.question) }), 10)
          y = legendLine(doc, m.legend, locale, margin, y + 2, width) + 4
          for (const theme of m.themes) {
            const count = theme.labels.length + theme.answers.length
            const summary = w('exports.themeSummary', { name: isolate(theme.name), count })
            const themeVotes = theme.votes > 0 ? ` · ${votes(locale, theme.votes)}` : ''
            para(`${summary}${themeVotes}`, 10)
          }
          const best = topVoted(m, TOP)
          if (best.length > 0) {
            y += 4
            para(`${w('exports.topVoted')}:`, 10, 'bold')
            best.forEach((l, i) => {
              const where = l.theme === null ? '' : ` (${isolate(l.theme)})`
              para(`${i + 1}. ${isolate(l.text)}${where} · ${votes(locale, l.votes)}`, 10)
            })
          }
          // The wall itself, below the summary when a good part of the page is still free.
          if (y > doc.page.height * 0.6) newPage()
          else y += 10
          drawFlowedWall(doc, m, { locale, size: opts.size, top: y, nextTop: margin, newPage })
          // Whatever comes next starts on a page of its own.
          y = Number.POSITIVE_INFINITY
        }
      }
    }
  })
}
