/**
 * A board brought in from a file, before anything is written: the readers
 * (Vægavis JSON, Padlet CSV) produce it, `check` proves every record against
 * the board's field rules in `@vaegavis/shared`, and only then does
 * `importBoard` store it. A file is taken whole or not at all.
 */
import {
  type BoardSettings,
  type Category,
  checkCategory,
  checkLabelRecord,
  checkMeta,
  checkSetting,
  checkThemeRecord,
  checkVote,
  ErrorCode,
  type HeldFor,
  recordOf,
  type VoteRound,
} from '@vaegavis/shared'
import { AppError } from '../../errors.ts'

/** Most labels a file may bring (a board's own limit is checked again by the room). */
export const MAX_IMPORT_LABELS = 5_000
/** Most themes a file may bring. */
export const MAX_IMPORT_THEMES = 200
/** Most snapshots a Vægavis export may bring. */
export const MAX_IMPORT_SNAPSHOTS = 100

export interface ImportedWall {
  title: string
  question: string
  legend: Category[]
  settings: Pick<BoardSettings, 'locked' | 'participantsMayMove' | 'privateWriting' | 'approveFirst'>
  voteRound: VoteRound | null
  /** Theme id → its stored fields. */
  themes: Map<string, Record<string, unknown>>
  /** Label id → its stored fields. */
  labels: Map<string, Record<string, unknown>>
  /** Vote key → target id. */
  votes: Record<string, string>
}

export interface ImportedBoard {
  source: 'vaegavis' | 'padlet'
  wall: ImportedWall
  /** Labels waiting in the held document (private, approval, hidden). */
  held: Map<string, Record<string, unknown> & { heldFor: HeldFor }>
  snapshots: { name: string; createdAt: number; wall: ImportedWall }[]
  /** Rows or records the reader passed over on purpose (empty Padlet posts), for the answer. */
  skipped: number
  /** The labels' pictures the file carries, by the hash the labels name (checked against the bytes). */
  pictures?: Map<string, Uint8Array>
}

/** The file is not what it claims to be; `message` says where and what, for the person who picked it. */
export class ImportError extends AppError {
  constructor(message: string) {
    super(ErrorCode.ImportInvalid, message)
  }
}

function fail(where: string, why: string): never {
  throw new ImportError(`${where}: ${why}.`)
}

/** Every record of a wall against the field rules; throws {@link ImportError} naming the first bad one. */
export function checkWall(wall: ImportedWall, where: string): void {
  const title = checkMeta('title', wall.title)
  if (title) fail(`${where}, the title`, title)
  const question = checkMeta('question', wall.question)
  if (question) fail(`${where}, the question`, question)
  if (wall.legend.length === 0) fail(`${where}, the legend`, 'it needs at least one colour')
  for (const c of wall.legend) {
    const r = checkCategory(String((c as { id?: unknown }).id ?? ''), c)
    if (r) fail(`${where}, the legend`, r)
  }
  for (const [key, value] of Object.entries(wall.settings)) {
    const r = checkSetting(key, value)
    if (r) fail(`${where}, the settings`, r)
  }
  if (wall.voteRound) {
    const r = checkSetting('voteRound', wall.voteRound)
    if (r) fail(`${where}, the vote`, r)
  }
  if (wall.themes.size > MAX_IMPORT_THEMES) fail(where, `at most ${MAX_IMPORT_THEMES} themes can be brought in`)
  if (wall.labels.size > MAX_IMPORT_LABELS) fail(where, `at most ${MAX_IMPORT_LABELS} labels can be brought in`)
  for (const [id, record] of wall.themes) {
    const r = checkThemeRecord(id, recordOf(record))
    if (r) fail(`${where}, theme "${String(record.name ?? id).slice(0, 40)}"`, r)
  }
  const refs = { categoryIds: new Set(wall.legend.map((c) => c.id)), themeIds: new Set(wall.themes.keys()) }
  let n = 0
  for (const [id, record] of wall.labels) {
    n++
    const r = checkLabelRecord(id, recordOf(record), refs)
    if (r) fail(`${where}, label ${n} ("${String(record.text ?? '').slice(0, 40)}")`, r)
  }
  const targets = new Set([...wall.labels.keys(), ...wall.themes.keys()])
  for (const [key, target] of Object.entries(wall.votes)) {
    const r = checkVote(key, target) ?? (targets.has(target) ? null : 'a dot is on something that is not on the wall')
    if (r) fail(`${where}, the votes`, r)
  }
}

/** The held labels against the label rules (their themes and colours are the wall's). */
export function checkHeld(board: ImportedBoard): void {
  const refs = {
    categoryIds: new Set(board.wall.legend.map((c) => c.id)),
    themeIds: new Set(board.wall.themes.keys()),
  }
  let n = 0
  for (const [id, record] of board.held) {
    n++
    if (board.wall.labels.has(id)) fail(`Held label ${n}`, 'it is on the wall too')
    const r = checkLabelRecord(id, recordOf(record), refs)
    if (r) fail(`Held label ${n} ("${String(record.text ?? '').slice(0, 40)}")`, r)
  }
}
