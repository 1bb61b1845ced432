/**
 * The pictures labels name (note crops, photos) follow what names them: a
 * snapshot keeps its own copies, so it shows them after the label or the
 * board is gone; a fork gets copies of its snapshot's; and a picture no label
 * of its board names any more is deleted from the store, so a young person's
 * handwriting goes when their label goes.
 */
import { heldDocName, readLabels } from '@vaegavis/shared'
import type * as Y from 'yjs'
import { type Blob, type BlobStore, snapshotPictures } from '../blobs/index.ts'
import type { Logger, RoomManager } from '../sync/index.ts'

/** Every picture hash the labels of a document name. */
export function photosOf(doc: Y.Doc): Set<string> {
  const out = new Set<string>()
  for (const l of readLabels(doc)) if (l.photo) out.add(l.photo)
  return out
}

/** Copies pictures from one namespace to another (content-addressed: a copy already there is kept). */
async function copy(blobs: BlobStore, from: string, to: string, hashes: Iterable<string>): Promise<void> {
  for (const hash of hashes) {
    const blob = await blobs.get(from, hash)
    if (blob) await blobs.put(to, blob.data, blob.mime)
  }
}

/** Keeps the pictures a snapshot's labels name with the snapshot, before the snapshot is stored. */
export function keepForSnapshot(blobs: BlobStore, boardId: string, snapshotId: string, hashes: Iterable<string>) {
  return copy(blobs, boardId, snapshotPictures(snapshotId), hashes)
}

/**
 * A picture of a snapshot: its own copy or, for a snapshot taken before
 * snapshots kept copies, the board's while the board still has it. Undefined
 * when the snapshot's labels (`names`, already filtered for who is asking)
 * do not name it.
 */
export async function snapshotPicture(
  blobs: BlobStore,
  snapshot: { id: string; boardId: string },
  names: ReadonlySet<string>,
  hash: string,
): Promise<Blob | undefined> {
  if (!names.has(hash)) return undefined
  return (await blobs.get(snapshotPictures(snapshot.id), hash)) ?? (await blobs.get(snapshot.boardId, hash))
}

/** Gives a board forked from a snapshot its own copies of the pictures its labels name. */
export async function copyForFork(
  blobs: BlobStore,
  snapshot: { id: string; boardId: string },
  names: ReadonlySet<string>,
  boardId: string,
): Promise<void> {
  for (const hash of names) {
    const blob = await snapshotPicture(blobs, snapshot, names, hash)
    if (blob) await blobs.put(boardId, blob.data, blob.mime)
  }
}

/** Deletes a snapshot's copies of its pictures (with the snapshot). */
export function deleteSnapshotPictures(blobs: BlobStore, snapshotId: string): Promise<number> {
  return blobs.deleteForBoard(snapshotPictures(snapshotId))
}

export interface PictureJanitor {
  /** Labels of `boardId` stopped naming these hashes: delete those no label (wall or held) names. */
  dropped(boardId: string, hashes: readonly string[]): void
  /** Resolves once every check asked for so far has run (tests, shutdown). */
  idle(): Promise<void>
}

/**
 * Deletes pictures their board's labels stopped naming. Only hashes a label
 * named are ever checked, so a photo uploaded for a label still being written
 * is never swept. A label hidden or released moves between the wall and the
 * held document, written to its new place before it leaves the old one, so
 * it is found in one of them.
 */
export function createPictureJanitor(rooms: RoomManager, blobs: BlobStore, log: Logger): PictureJanitor {
  const queues = new Map<string, Promise<void>>()
  const check = async (boardId: string, hashes: readonly string[]) => {
    const wall = await rooms.withRoom(boardId, (room) => room.read(photosOf))
    const held = await rooms.withRoom(heldDocName(boardId), (room) => room.read(photosOf))
    for (const hash of new Set(hashes)) {
      if (!wall.has(hash) && !held.has(hash)) await blobs.delete(boardId, hash)
    }
  }
  return {
    dropped(boardId, hashes) {
      // One check at a time per board, after the change that asked for it has settled.
      const next = (queues.get(boardId) ?? Promise.resolve())
        .then(() => check(boardId, hashes))
        .catch((err: unknown) => log.error({ err, board: boardId }, 'could not delete pictures of deleted labels'))
      queues.set(boardId, next)
      void next.finally(() => {
        if (queues.get(boardId) === next) queues.delete(boardId)
      })
    },
    async idle() {
      while (queues.size > 0) await Promise.all(queues.values())
    },
  }
}
