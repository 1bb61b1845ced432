/**
 * Snapshots ("save the wall") and forks. A snapshot copies the board's
 * accepted state through `room.read`, so taking one never writes to the live
 * board; it is stored once and never changed. A fork is a new board whose
 * first stored update is built from a snapshot: same themes, labels and votes,
 * new join code, unlocked.
 */
import {
  type BoardSettings,
  Origin,
  readFollow,
  readSettings,
  readTimer,
  redactForViewer,
  setFollow,
  setSetting,
  setTimer,
  setTitle,
} from '@vaegavis/shared'
import * as Y from 'yjs'
import { newRandomId } from '../auth/secrets.ts'
import type { BlobStore } from '../blobs/index.ts'
import { loadPictures, thumbnailPng, wallModel } from '../exports/index.ts'
import type { BoardRecord, SnapshotRecord, Store } from '../storage/types.ts'
import type { Logger, RoomManager } from '../sync/index.ts'
import { createBoard } from './boards.ts'
import { copyForFork, deleteSnapshotPictures, keepForSnapshot, photosOf } from './pictures.ts'

/**
 * Takes an immutable snapshot of a board's current wall, with a thumbnail
 * whose few words (legend heading, "not sorted") are in `locale`, and its own
 * copies of the pictures its labels name.
 */
export async function takeSnapshot(
  store: Store,
  rooms: RoomManager,
  blobs: BlobStore,
  log: Logger,
  board: BoardRecord,
  name: string,
  userId: string,
  locale: string,
): Promise<SnapshotRecord> {
  const { state, model, photos } = await rooms.withRoom(board.id, (room) =>
    room.read((doc) => ({
      state: Y.encodeStateAsUpdate(doc),
      model: wallModel(doc, { nicknames: false }),
      photos: photosOf(doc),
    })),
  )
  let thumbnail: Uint8Array | null = null
  try {
    const pictures = await loadPictures(model, (hash) => blobs.get(board.id, hash))
    thumbnail = await thumbnailPng(model, locale, pictures)
  } catch (e: unknown) {
    // A snapshot without a preview is still a snapshot: never lose the wall over a picture.
    log.warn({ board: board.id, err: e }, 'could not render a snapshot thumbnail')
  }
  const id = newRandomId()
  // Copied before the snapshot is stored: a listed snapshot always has its pictures.
  await keepForSnapshot(blobs, board.id, id, photos)
  const snapshot: SnapshotRecord = {
    id,
    boardId: board.id,
    projectId: board.projectId,
    name,
    createdBy: userId,
    createdAt: Date.now(),
    labelCount: model.labelCount,
    state,
    thumbnail,
  }
  try {
    await store.app.createSnapshot(snapshot)
  } catch (e: unknown) {
    await deleteSnapshotPictures(blobs, id)
    throw e
  }
  return snapshot
}

/** Deletes a snapshot with its share links and its copies of its pictures. */
export async function deleteSnapshot(store: Store, blobs: BlobStore, id: string): Promise<void> {
  await deleteSnapshotPictures(blobs, id)
  await store.app.deleteSnapshot(id)
}

/** Snapshots never change, so what their labels name is kept for the few opened last (a wall loads its pictures at once). */
const photoNames = new Map<string, Set<string>>()
const PHOTO_NAMES_KEPT = 32

/** Picture hashes a snapshot's labels name; for a share-link viewer only the labels it may see. */
export function snapshotPhotos(snapshot: Pick<SnapshotRecord, 'id' | 'state'>, opts: { viewer: boolean }): Set<string> {
  const key = `${snapshot.id} ${opts.viewer}`
  const known = photoNames.get(key)
  if (known) return known
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, opts.viewer ? viewerState(snapshot.state) : snapshot.state)
    const names = photosOf(doc)
    photoNames.set(key, names)
    if (photoNames.size > PHOTO_NAMES_KEPT) photoNames.delete(photoNames.keys().next().value as string)
    return names
  } finally {
    doc.destroy()
  }
}

/** A new board that carries on from a snapshot: themes, labels and votes kept; unlocked, no timer, nobody followed. */
export async function forkSnapshot(
  store: Store,
  blobs: BlobStore,
  ownerId: string,
  snapshot: SnapshotRecord,
  opts: {
    title: string
    projectId: string | null
    meetingId: string | null
    /** Settings a template asks for; without it the new meeting starts with new labels shown at once. */
    settings?: Partial<Pick<BoardSettings, 'privateWriting' | 'approveFirst'>>
  },
): Promise<BoardRecord> {
  const board = await createBoard(store, ownerId, opts.title, {
    projectId: opts.projectId,
    meetingId: opts.meetingId,
    build: (doc) => {
      Y.applyUpdate(doc, snapshot.state)
      setTitle(doc, opts.title, Origin.Init)
      const settings = readSettings(doc)
      if (settings.locked) setSetting(doc, 'locked', false, Origin.Init)
      // Last meeting's private writing or approval queue is not today's: off, unless the template asks for it.
      for (const key of ['privateWriting', 'approveFirst'] as const) {
        const want = opts.settings?.[key] ?? false
        if (settings[key] !== want) setSetting(doc, key, want, Origin.Init)
      }
      if (readTimer(doc) !== null) setTimer(doc, null, Origin.Init)
      if (readFollow(doc) !== null) setFollow(doc, null, Origin.Init)
    },
  })
  await copyForFork(blobs, snapshot, snapshotPhotos(snapshot, { viewer: false }), board.id)
  return board
}

/** The snapshot state a share-link viewer receives: no nicknames, no hidden labels. */
export function viewerState(state: Uint8Array): Uint8Array {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, state)
    redactForViewer(doc)
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}
