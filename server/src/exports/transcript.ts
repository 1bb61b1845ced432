/**
 * The transcript ("afskrift") of a wall, as Markdown and as CSV: themes in
 * order, labels grouped by colour within each theme, then the answers to the
 * board question, with votes and times. What people wrote is inert in both:
 * Markdown escapes every character that could make a link, image, HTML or
 * formatting, and CSV cells that a spreadsheet would run as a formula start
 * with an apostrophe.
 */
import { byCategory, type WallLabel, type WallModel } from './model.ts'
import { describeCategory, describeRound, formatClock, formatDateTime, W } from './words.ts'

export interface TranscriptMeta {
  /** Snapshot name and time, when the transcript is of a snapshot. */
  snapshot?: { name: string; createdAt: number }
  /** IANA time zone for times, e.g. Europe/Copenhagen. */
  timeZone: string
  /** The model carries nicknames (asked for by a facilitator): CSV gets a nickname column. */
  nicknames?: boolean
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

function labelLine(l: WallLabel, tz: string, extra = ''): string {
  const parts = [`${escapeMarkdown(l.text)}${extra}`, `${W.at} ${formatClock(l.createdAt, tz)}`]
  if (l.votes > 0) parts.push(W.votes(l.votes))
  const by = l.nickname ? ` — ${escapeMarkdown(l.nickname)}` : ''
  return `- ${parts.join(' · ')}${by}`
}

function groupedLines(labels: readonly WallLabel[], model: WallModel, tz: string): string[] {
  const out: string[] = []
  for (const group of byCategory(labels, model.legend)) {
    out.push(`### ${escapeMarkdown(group.category?.meaning ?? W.unknownCategory)}`, '')
    for (const l of group.labels) out.push(labelLine(l, tz))
    out.push('')
  }
  return out
}

/** The transcript as Markdown. */
export function markdownTranscript(model: WallModel, meta: TranscriptMeta): string {
  const tz = meta.timeZone
  const out: string[] = [`# ${W.transcript}: ${escapeMarkdown(model.title)}`, '']
  if (meta.snapshot) {
    out.push(`${W.snapshot}: ${escapeMarkdown(meta.snapshot.name)}, ${formatDateTime(meta.snapshot.createdAt, tz)}  `)
  }
  if (model.question !== '') out.push(`${W.question}: ${escapeMarkdown(model.question)}  `)
  if (model.voteRound) out.push(`Afstemning: ${describeRound(model.voteRound)}  `)
  out.push(`${W.labels}: ${model.labelCount}`, '')
  out.push(`## ${W.legend}`, '')
  for (const c of model.legend) out.push(`- ${describeCategory(c)}: ${escapeMarkdown(c.meaning)}`)
  out.push('')
  for (const t of model.themes) {
    out.push(`## ${W.theme}: ${escapeMarkdown(t.name)}${t.votes > 0 ? ` (${W.votes(t.votes)})` : ''}`, '')
    if (t.labels.length === 0 && t.answers.length === 0) out.push(W.noLabels, '')
    out.push(...groupedLines(t.labels, model, tz))
    if (t.answers.length > 0) {
      const heading = model.question !== '' ? `${W.answers}: ${escapeMarkdown(model.question)}` : W.answers
      out.push(`### ${heading}`, '')
      const meaning = new Map(model.legend.map((c) => [c.id, c.meaning]))
      for (const a of t.answers) {
        out.push(labelLine(a, tz, ` (${escapeMarkdown(meaning.get(a.category) ?? W.unknownCategory)})`))
      }
      out.push('')
    }
  }
  if (model.unsorted.length > 0) {
    out.push(`## ${W.unsorted}`, '')
    out.push(...groupedLines(model.unsorted, model, tz))
  }
  return `${out.join('\n').trimEnd()}\n`
}

export const CsvDelimiter = { Comma: ',', Semicolon: ';' } as const
export type CsvDelimiter = (typeof CsvDelimiter)[keyof typeof CsvDelimiter]

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
  const header = ['tema', 'temastemmer', 'type', 'kategori', 'tekst', 'stemmer', 'tidspunkt']
  if (nicknames) header.push('kaldenavn')
  const meaning = new Map(model.legend.map((c) => [c.id, c.meaning]))
  const rows: string[][] = [header]
  const row = (theme: string, themeVotes: string, l: WallLabel) => {
    const cells = [
      theme,
      themeVotes,
      l.kind === 'answer' ? W.answer : W.label,
      meaning.get(l.category) ?? W.unknownCategory,
      l.text,
      String(l.votes),
      formatDateTime(l.createdAt, meta.timeZone),
    ]
    if (nicknames) cells.push(l.nickname ?? '')
    rows.push(cells)
  }
  for (const t of model.themes) {
    for (const group of byCategory(t.labels, model.legend))
      for (const l of group.labels) row(t.name, String(t.votes), l)
    for (const a of t.answers) row(t.name, String(t.votes), a)
  }
  for (const group of byCategory(model.unsorted, model.legend)) for (const l of group.labels) row('', '', l)
  return `\uFEFF${rows.map((r) => r.map((c) => csvCell(c, delimiter)).join(delimiter)).join('\r\n')}\r\n`
}
