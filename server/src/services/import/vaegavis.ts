/**
 * Reads a board's Vægavis JSON export (`GET /api/boards/:id/data.json`,
 * format `vaegavis-board/1`) back into an {@link ImportedBoard}: a board moved
 * from one club's server to another keeps its legend, themes, labels, votes,
 * held labels and snapshots. Ids are kept (they are random and board-scoped);
 * authors stay as the pseudonymous ids they were, so nobody on the new server
 * can edit a label as its author, and the facilitator can.
 */
import { HeldFor, readSettings } from '@vaegavis/shared'
import * as Y from 'yjs'
import { contentHash } from '../../images/validate.ts'
import {
  checkHeld,
  checkWall,
  ImportError,
  type ImportedBoard,
  type ImportedWall,
  MAX_IMPORT_LABELS,
  MAX_IMPORT_SNAPSHOTS,
} from './model.ts'

export const VAEGAVIS_BOARD_FORMAT = 'vaegavis-board/1'

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function need<T>(ok: boolean, value: T, where: string, what: string): T {
  if (!ok) throw new ImportError(`${where}: ${what}.`)
  return value
}

function list(v: unknown, where: string, max: number): unknown[] {
  need(Array.isArray(v), v, where, 'this should be a list')
  const a = v as unknown[]
  return need(a.length <= max, a, where, `at most ${max} can be brought in`)
}

/** `{ id, ...fields }` objects into id → fields (the id must be a string and appear once). */
function byId(items: unknown[], where: string): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>()
  items.forEach((item, i) => {
    const at = `${where} ${i + 1}`
    need(isObject(item), item, at, 'this should be an object')
    const { id, ...fields } = item as Record<string, unknown>
    need(typeof id === 'string' && id !== '', id, at, 'it has no id')
    need(!out.has(id as string), id, at, 'its id is used twice')
    out.set(id as string, fields)
  })
  return out
}

/** The settings flags an export carries; anything else in it is ignored (a timer or follow is a live matter). */
const FLAG_KEYS = ['locked', 'participantsMayMove', 'privateWriting', 'approveFirst'] as const

function readWall(v: unknown, where: string): ImportedWall {
  need(isObject(v), v, where, 'the wall is missing')
  const w = v as Record<string, unknown>
  const settings = { ...readSettings(new Y.Doc()) }
  if (w.settings !== undefined) {
    need(isObject(w.settings), w.settings, `${where}, the settings`, 'these should be an object')
    for (const key of FLAG_KEYS) {
      const value = (w.settings as Record<string, unknown>)[key]
      if (value !== undefined)
        settings[key] = need(typeof value === 'boolean', value as boolean, `${where}, ${key}`, 'yes or no')
    }
  }
  const votes: Record<string, string> = {}
  if (w.votes !== undefined) {
    need(isObject(w.votes), w.votes, `${where}, the votes`, 'these should be an object')
    for (const [key, target] of Object.entries(w.votes as Record<string, unknown>))
      votes[key] = need(
        typeof target === 'string',
        target as string,
        `${where}, the votes`,
        'a dot names a label or theme',
      )
  }
  const legend = list(w.legend, `${where}, the legend`, 50) as ImportedWall['legend']
  const wall: ImportedWall = {
    title: w.title as string,
    question: (w.question ?? '') as string,
    legend,
    settings,
    voteRound: (w.voteRound ?? null) as ImportedWall['voteRound'],
    themes: byId(list(w.themes ?? [], `${where}, the themes`, 1_000), `${where}, theme`),
    labels: byId(list(w.labels ?? [], `${where}, the labels`, MAX_IMPORT_LABELS), `${where}, label`),
    votes,
  }
  // The export writes a live board's voting as it was; brought in, the vote is over.
  if (wall.voteRound && isObject(wall.voteRound)) wall.voteRound = { ...wall.voteRound, open: false }
  checkWall(wall, where)
  return wall
}

/** Parses and checks a whole export; throws {@link ImportError} for anything that is not one. */
export function readVaegavisExport(text: string): ImportedBoard {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw new ImportError('The file is not a Vægavis export: it is not JSON.')
  }
  need(isObject(data), data, 'The file', 'it is not a Vægavis export')
  const file = data as Record<string, unknown>
  if (file.format === 'vaegavis-project/1')
    throw new ImportError(
      "The file is a whole project's export. Bring in one wall at a time: use a wall's own JSON export.",
    )
  need(
    file.format === VAEGAVIS_BOARD_FORMAT,
    null,
    'The file',
    `it is not a Vægavis wall export (its format should be "${VAEGAVIS_BOARD_FORMAT}")`,
  )
  need(isObject(file.board), null, 'The file', 'it has no wall in it')
  const board = file.board as Record<string, unknown>
  const wall = readWall(board.wall, 'The wall')
  const held = new Map<string, Record<string, unknown> & { heldFor: HeldFor }>()
  for (const [id, fields] of byId(list(board.held ?? [], 'The held labels', MAX_IMPORT_LABELS), 'Held label')) {
    const heldFor = fields.heldFor
    need(
      heldFor === HeldFor.Private || heldFor === HeldFor.Approval || heldFor === HeldFor.Hidden,
      null,
      `Held label "${String(fields.text ?? id).slice(0, 40)}"`,
      'it does not say why it is held',
    )
    // A hidden label's flag on the wall side is legacy; in the held document `heldFor` says it.
    const { hidden: _hidden, ...rest } = fields
    held.set(id, { ...rest, heldFor: heldFor as HeldFor })
  }
  const snapshots = list(board.snapshots ?? [], 'The saved walls', MAX_IMPORT_SNAPSHOTS).map((s, i) => {
    const where = `Saved wall ${i + 1}`
    need(isObject(s), s, where, 'this should be an object')
    const snap = s as Record<string, unknown>
    const name = need(
      typeof snap.name === 'string' && snap.name.trim() !== '' && snap.name.length <= 120,
      snap.name as string,
      where,
      'it needs a name of at most 120 characters',
    )
    const createdAt = need(
      typeof snap.createdAt === 'number' && Number.isFinite(snap.createdAt) && snap.createdAt > 0,
      snap.createdAt as number,
      where,
      'it has no time it was saved',
    )
    return { name, createdAt, wall: readWall(snap.wall, where) }
  })
  const pictures = new Map<string, Uint8Array>()
  list(board.pictures ?? [], 'The pictures', MAX_IMPORT_LABELS).forEach((p, i) => {
    const where = `Picture ${i + 1}`
    need(isObject(p), p, where, 'this should be an object')
    const { hash, base64 } = p as Record<string, unknown>
    need(typeof hash === 'string' && typeof base64 === 'string', null, where, 'it needs a hash and its bytes')
    const bytes = Buffer.from(base64 as string, 'base64')
    // A label names its picture by the hash of its bytes: a picture whose bytes are not its name is not it.
    need(contentHash(bytes) === hash, null, where, 'its bytes are not the picture its name says')
    pictures.set(hash as string, bytes)
  })
  const imported: ImportedBoard = { source: 'vaegavis', wall, held, snapshots, skipped: 0, pictures }
  checkHeld(imported)
  return imported
}
