/**
 * Bringing a board in from a file: a Vægavis JSON export (a board moved
 * between servers) or a Padlet CSV export. The file is read and every record
 * checked first ({@link readVaegavisExport}, {@link readPadletCsv}); only a
 * file that passed whole is written, as a new board of the facilitator's.
 */
import {
  heldDocName,
  initBoard,
  Origin,
  putLabelRecord,
  putThemeRecord,
  putVoteRound,
  putVotes,
  typeRoots,
} from '@vaegavis/shared'
import * as Y from 'yjs'
import { newRandomId } from '../../auth/secrets.ts'
import { type BlobStore, snapshotPictures } from '../../blobs/index.ts'
import { thumbnailPng, wallModel } from '../../exports/index.ts'
import { type CleanImage, cleanImage } from '../../images/index.ts'
import type { BoardRecord, Store } from '../../storage/types.ts'
import { SERVER_SUBJECT } from '../../sync/index.ts'
import { createBoard, deleteBoard } from '../boards.ts'
import type { ImportedBoard, ImportedWall } from './model.ts'

export { ImportError } from './model.ts'
export { readPadletCsv } from './padlet.ts'
export { readVaegavisExport, VAEGAVIS_BOARD_FORMAT } from './vaegavis.ts'
export type { ImportedBoard }

/** Old picture hash (as the file names it) → the hash of its cleaned copy on this server. */
type Renamed = ReadonlyMap<string, string>
const NONE: Renamed = new Map()

/**
 * A label keeps its picture when the file carries it (under the hash of the
 * copy this server cleaned and stored); else its picture stays behind, as
 * the hash would point at nothing here. The label keeps its words.
 */
function withPhoto(record: Record<string, unknown>, renamed: Renamed): Record<string, unknown> {
  const { photo, ...rest } = record
  const now = typeof photo === 'string' ? renamed.get(photo) : undefined
  return now ? { ...rest, photo: now } : rest
}

/** Writes a checked wall into a fresh document (origin: the server's own init). */
export function writeWall(doc: Y.Doc, wall: ImportedWall, renamed: Renamed = NONE): void {
  doc.transact(() => {
    typeRoots(doc)
    initBoard(doc, { title: wall.title, question: wall.question, legend: wall.legend, settings: wall.settings })
    if (wall.voteRound) putVoteRound(doc, wall.voteRound, Origin.Init)
    for (const [id, record] of wall.themes) putThemeRecord(doc, id, record, Origin.Init)
    for (const [id, record] of wall.labels) putLabelRecord(doc, id, withPhoto(record, renamed), Origin.Init)
    putVotes(doc, wall.votes, Origin.Init)
  }, Origin.Init)
}

/** A document built in one go by the server: its whole state and the client ids in it (all the server's). */
function encoded(fill: (doc: Y.Doc) => void): { update: Uint8Array; clients: number[]; doc: Y.Doc } {
  const doc = new Y.Doc()
  fill(doc)
  return { update: Y.encodeStateAsUpdate(doc), clients: [...doc.store.clients.keys()], doc }
}

export interface ImportPlace {
  projectId: string | null
  meetingId: string | null
}

/** Stores a checked board: its wall, its held labels and its snapshots. Returns the new board. */
export async function importBoard(
  store: Store,
  blobs: BlobStore,
  ownerId: string,
  imported: ImportedBoard,
  place: ImportPlace,
  locale: string,
): Promise<BoardRecord> {
  const title = imported.wall.title
  // Every picture is checked and re-encoded as an upload is (no metadata gets in); labels name the new copy.
  const cleaned = new Map<string, CleanImage>()
  for (const [hash, bytes] of imported.pictures ?? []) cleaned.set(hash, await cleanImage(bytes))
  const renamed = new Map([...cleaned].map(([old, c]) => [old, c.hash]))
  const keep = async (namespace: string, records: Iterable<Record<string, unknown>>) => {
    for (const r of records) {
      const c = typeof r.photo === 'string' ? cleaned.get(r.photo) : undefined
      if (c) await blobs.put(namespace, c.data, c.mime)
    }
  }
  const board = await createBoard(store, ownerId, title, {
    ...place,
    build: (doc) => writeWall(doc, imported.wall, renamed),
  })
  try {
    await keep(board.id, [...imported.wall.labels.values(), ...imported.held.values()])
    if (imported.held.size > 0) {
      const held = encoded((doc) => {
        for (const [id, record] of imported.held) putLabelRecord(doc, id, withPhoto(record, renamed), Origin.Init)
      })
      held.doc.destroy()
      await store.docs.append(heldDocName(board.id), [
        { update: held.update, subject: SERVER_SUBJECT, clients: held.clients },
      ])
    }
    for (const s of imported.snapshots) {
      const snap = encoded((doc) => writeWall(doc, s.wall, renamed))
      let thumbnail: Uint8Array | null = null
      try {
        thumbnail = await thumbnailPng(wallModel(snap.doc, { nicknames: false }), locale)
      } catch {
        // A saved wall without a preview is still a saved wall (as when one is taken).
      } finally {
        snap.doc.destroy()
      }
      const id = newRandomId()
      await keep(snapshotPictures(id), s.wall.labels.values())
      await store.app.createSnapshot({
        id,
        boardId: board.id,
        projectId: board.projectId,
        name: s.name,
        createdBy: ownerId,
        createdAt: s.createdAt,
        labelCount: s.wall.labels.size,
        state: snap.update,
        thumbnail,
      })
    }
  } catch (e: unknown) {
    // Half a board is worse than none: the file is taken whole or not at all.
    await deleteBoard(store, blobs, board.id).catch(() => {})
    throw e
  }
  return board
}
