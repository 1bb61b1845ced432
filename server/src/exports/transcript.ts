/**
 * The transcript ("afskrift") of a wall, as Markdown and as CSV: themes in
 * order, labels grouped by colour within each theme, then the answers to the
 * board question, with votes and times. What people wrote is inert in both:
 * Markdown escapes every character that could make a link, image, HTML or
 * formatting, and CSV cells that a spreadsheet would run as a formula start
 * with an apostrophe.
 */
import type { Params } from '@vaegavis/shared'
import { type Key, t } from '../i18n.ts'
import { byCategory, type WallLabel, type WallModel } from './model.ts'
import { describeCategory, describeRound, formatClock, formatDateTime, snapshotWords, votes } from './words.ts'

export interface TranscriptMeta {
  /** Language of every word that is not the wall's own (headings, times, colour names). */
  locale: string
  /** Snapshot name and time, when the transcript is of a snapshot. */
  snapshot?: { name: string; createdAt: number }
  /** IANA time zone for times, e.g. Europe/Copenhagen. */
  timeZone: string
  /** The model carries nicknames (asked for by a facilitator): CSV gets a nickname column. */
  nicknames?: boolean
  /** Where a label's picture can be opened (absolute URL); without it, pictures are not linked. */
  pictureUrl?: (hash: string) => string
}

/**
 * Escapes text for inline Markdown: one line, and every character CommonMark
 * or GFM could read as syntax is backslash-escaped, so `[x](javascript:…)`,
 * `<script>` and `**` stay literal text.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_{}[\]()<>#!|~&]/g, (c) => `\\${c}`)
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2')
}

function labelLine(l: WallLabel, meta: TranscriptMeta, extra = ''): string {
  const time = t(meta.locale, 'exports.at', { time: formatClock(l.createdAt, meta.timeZone) })
  const parts = [`${escapeMarkdown(l.text)}${extra}`, time]
  if (l.votes > 0) parts.push(votes(meta.locale, l.votes))
  const by = l.nickname ? ` — ${escapeMarkdown(l.nickname)}` : ''
  // The URL is ours (base address + hash), never what someone wrote; <> keeps any character in it a URL.
  const picture =
    l.photo && meta.pictureUrl
      ? ` · ![${escapeMarkdown(t(meta.locale, 'exports.picture'))}](<${meta.pictureUrl(l.photo)}>)`
      : ''
  return `- ${parts.join(' · ')}${by}${picture}`
}

function groupedLines(labels: readonly WallLabel[], model: WallModel, meta: TranscriptMeta): string[] {
  const out: string[] = []
  for (const group of byCategory(labels, model.legend)) {
    out.push(`### ${escapeMarkdown(group.category?.meaning ?? t(meta.locale, 'exports.unknownCategory'))}`, '')
    for (const l of group.labels) out.push(labelLine(l, meta))
    out.push('')
  }
  return out
}

/** The transcript as Markdown. */
export function markdownTranscript(model: WallModel, meta: TranscriptMeta): string {
  const { locale, timeZone: tz } = meta
  const w = (key: Key, params?: Params) => t(locale, key, params)
  const out: string[] = [`# ${w('exports.transcriptHeading', { title: escapeMarkdown(model.title) })}`, '']
  if (meta.snapshot)
    out.push(`${w('exports.snapshotLine', { snapshot: snapshotWords(meta.snapshot, tz, escapeMarkdown) })}  `)
  if (model.question !== '') out.push(`${w('exports.question', { question: escapeMarkdown(model.question) })}  `)
  if (model.voteRound) out.push(`${describeRound(locale, model.voteRound)}  `)
  out.push(w('exports.labelCount', { n: model.labelCount }), '')
  out.push(`## ${w('exports.legendHeading')}`, '')
  for (const c of model.legend) out.push(`- ${describeCategory(locale, c)}: ${escapeMarkdown(c.meaning)}`)
  out.push('')
  const unknown = w('exports.unknownCategory')
  for (const theme of model.themes) {
    const themeVotes = theme.votes > 0 ? ` (${votes(locale, theme.votes)})` : ''
    out.push(`## ${w('exports.themeHeading', { name: escapeMarkdown(theme.name) })}${themeVotes}`, '')
    if (theme.labels.length === 0 && theme.answers.length === 0) out.push(w('exports.noLabels'), '')
    out.push(...groupedLines(theme.labels, model, meta))
    if (theme.answers.length > 0) {
      const heading =
        model.question !== ''
          ? w('exports.answersTo', { question: escapeMarkdown(model.question) })
          : w('exports.answers')
      out.push(`### ${heading}`, '')
      const meaning = new Map(model.legend.map((c) => [c.id, c.meaning]))
      for (const a of theme.answers) {
        out.push(labelLine(a, meta, ` (${escapeMarkdown(meaning.get(a.category) ?? unknown)})`))
      }
      out.push('')
    }
  }
  if (model.unsorted.length > 0) {
    out.push(`## ${w('exports.unsorted')}`, '')
    out.push(...groupedLines(model.unsorted, model, meta))
  }
  return `${out.join('\n').trimEnd()}\n`
}

export const CsvDelimiter = { Comma: ',', Semicolon: ';' } as const
export type CsvDelimiter = (typeof CsvDelimiter)[keyof typeof CsvDelimiter]

/**
 * The delimiter a spreadsheet in that language splits on when the file is
 * opened with a double-click: Danish Excel uses the comma as the decimal
 * sign, so it expects semicolons; English Excel expects commas.
 */
export function defaultDelimiter(locale: string): CsvDelimiter {
  return /^da\b/i.test(locale) ? CsvDelimiter.Semicolon : CsvDelimiter.Comma
}

/**
 * One CSV cell: a leading = + - @ tab or carriage return gets an apostrophe
 * (spreadsheets would run it as a formula), and a cell with the delimiter, a
 * quote or a line break is quoted with its quotes doubled.
 */
export function csvCell(value: string, delimiter: CsvDelimiter = CsvDelimiter.Comma): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return safe.includes(delimiter) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** The transcript as CSV (RFC 4180, CRLF, UTF-8 with a byte-order mark so spreadsheets read æøå). */
export function csvTranscript(
  model: WallModel,
  meta: TranscriptMeta,
  delimiter: CsvDelimiter = CsvDelimiter.Comma,
): string {
  const nicknames = meta.nicknames === true
  const column = (key: string) => t(meta.locale, `exports.csv.${key}`)
  const header = ['theme', 'themeVotes', 'type', 'category', 'text', 'votes', 'time'].map(column)
  if (nicknames) header.push(column('nickname'))
  const unknown = t(meta.locale, 'exports.unknownCategory')
  const meaning = new Map(model.legend.map((c) => [c.id, c.meaning]))
  const rows: string[][] = [header]
  const row = (theme: string, themeVotes: string, l: WallLabel) => {
    const cells = [
      theme,
      themeVotes,
      t(meta.locale, l.kind === 'answer' ? 'exports.kind.answer' : 'exports.kind.label'),
      meaning.get(l.category) ?? unknown,
      l.text,
      String(l.votes),
      formatDateTime(l.createdAt, meta.timeZone),
    ]
    if (nicknames) cells.push(l.nickname ?? '')
    rows.push(cells)
  }
  for (const theme of model.themes) {
    for (const group of byCategory(theme.labels, model.legend))
      for (const l of group.labels) row(theme.name, String(theme.votes), l)
    for (const a of theme.answers) row(theme.name, String(theme.votes), a)
  }
  for (const group of byCategory(model.unsorted, model.legend)) for (const l of group.labels) row('', '', l)
  return `\uFEFF${rows.map((r) => r.map((c) => csvCell(c, delimiter)).join(delimiter)).join('\r\n')}\r\n`
}
