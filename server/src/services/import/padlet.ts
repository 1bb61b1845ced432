/**
 * Reads a Padlet board's CSV export into an {@link ImportedBoard}: each
 * section (column) becomes a theme, each post a label in the first colour of
 * the legend. Authors' names are not brought in — on Vægavis a young
 * person's label carries no name unless they give one — and attachments stay
 * as their link text: nothing is fetched from Padlet or anywhere else.
 *
 * Padlet's column names vary with the language and the board's layout, so
 * the header is matched loosely (case, spaces and a few known names).
 */
import {
  type Category,
  FACILITATOR_AUTHOR,
  LabelKind,
  MAX_LABEL_TEXT,
  MAX_SHORT_TEXT,
  newId,
  readSettings,
  unsortedSlot,
} from '@vaegavis/shared'
import { parse } from 'csv-parse/sync'
import * as Y from 'yjs'
import { checkWall, ImportError, type ImportedBoard, MAX_IMPORT_LABELS } from './model.ts'

const COLUMNS = {
  subject: ['subject', 'title', 'emne', 'titel', 'overskrift'],
  body: ['body', 'content', 'text', 'indhold', 'tekst', 'description'],
  section: ['section', 'column', 'sektion', 'kolonne', 'group', 'gruppe'],
  attachment: ['attachment', 'attachment url', 'link', 'vedhæftning', 'url'],
} as const

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ')

/** Padlet writes simple HTML into a post's body; the label keeps its words. */
function plainText(s: string): string {
  return s
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim()
}

const chars = (s: string) => [...s].length

/**
 * Parses and checks a Padlet CSV. `title` names the new wall; `legend` is the
 * one the board starts with (its first colour carries every post).
 */
export function readPadletCsv(text: string, title: string, legend: Category[]): ImportedBoard {
  let rows: string[][]
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), {
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as string[][]
  } catch (e: unknown) {
    const line = (e as { lines?: number }).lines
    throw new ImportError(`The file is not a CSV file${line ? ` (line ${line} cannot be read)` : ''}.`)
  }
  const [header, ...posts] = rows
  if (!header) throw new ImportError('The file is empty.')
  const names = header.map(norm)
  const col = (keys: readonly string[]) => names.findIndex((n) => keys.includes(n))
  const at = {
    subject: col(COLUMNS.subject),
    body: col(COLUMNS.body),
    section: col(COLUMNS.section),
    attachment: col(COLUMNS.attachment),
  }
  if (at.subject < 0 && at.body < 0)
    throw new ImportError(
      'The file is not a Padlet export: its first line should name the columns, with "Subject" or "Body" among them.',
    )
  if (posts.length > MAX_IMPORT_LABELS) throw new ImportError(`At most ${MAX_IMPORT_LABELS} posts can be brought in.`)

  const category = legend[0]?.id
  if (!category) throw new ImportError('The wall needs a colour for the posts.')
  const settings = { ...readSettings(new Y.Doc()) }
  const themes = new Map<string, Record<string, unknown>>()
  const themeOf = new Map<string, string>()
  const labels = new Map<string, Record<string, unknown>>()
  const now = Date.now()
  let skipped = 0
  let unsorted = 0
  posts.forEach((row, i) => {
    const cell = (j: number) => (j >= 0 ? (row[j] ?? '') : '')
    const subject = plainText(cell(at.subject))
    const body = plainText(cell(at.body))
    const attachment = cell(at.attachment).trim()
    const words = [subject, body].filter((s) => s !== '').join('\n') || attachment
    if (words === '') {
      skipped++
      return
    }
    const line = i + 2
    if (chars(words) > MAX_LABEL_TEXT)
      throw new ImportError(
        `Line ${line}: the post has ${chars(words)} characters, and a label holds at most ${MAX_LABEL_TEXT}. Shorten it in the file and try again.`,
      )
    const section = cell(at.section).trim()
    let themeId: string | undefined
    if (section !== '') {
      if (chars(section) > MAX_SHORT_TEXT)
        throw new ImportError(
          `Line ${line}: the section name has more than ${MAX_SHORT_TEXT} characters. Shorten it in the file and try again.`,
        )
      themeId = themeOf.get(section)
      if (!themeId) {
        themeId = newId()
        themeOf.set(section, themeId)
        // Themes are placed by the wall's own layout; x/y only keep their order.
        themes.set(themeId, {
          name: section,
          x: themes.size * 400,
          y: 0,
          collapsed: false,
          createdAt: now + themes.size,
        })
      }
    }
    // Posts keep Padlet's order: oldest first on the wall and in each theme.
    const order = now + i
    const slot = themeId ? { x: 0, y: 0 } : unsortedSlot(unsorted++)
    labels.set(newId(), {
      text: words,
      category,
      x: slot.x,
      y: slot.y,
      author: FACILITATOR_AUTHOR,
      createdAt: order,
      kind: LabelKind.Label,
      ...(themeId ? { themeId, themeOrder: order } : {}),
    })
  })
  if (labels.size === 0) throw new ImportError('The file has no posts with text in it.')
  const wall = { title, question: '', legend, settings, voteRound: null, themes, labels, votes: {} }
  checkWall(wall, 'The file')
  return { source: 'padlet', wall, held: new Map(), snapshots: [], skipped }
}
