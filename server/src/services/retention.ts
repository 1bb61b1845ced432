/**
 * Retention: boards and snapshots older than the configured number of months
 * are deleted with everything in them, so a club keeps young people's words
 * no longer than it decided to.
 */
import { snapshotPictures } from '../blobs/index.ts'
import type { Store } from '../storage/types.ts'
import type { Logger, RoomManager } from '../sync/index.ts'
import { type BoardPictures, removeBoard } from './boards.ts'

const MONTH_MS = 30.44 * 24 * 3600 * 1000

/** The moment before which boards and snapshots are deleted. */
export function retentionCutoff(months: number, now: number): number {
  return now - months * MONTH_MS
}

/** Deletes boards and snapshots older than `months`; returns how many of each. */
export async function sweepRetention(
  store: Store,
  rooms: RoomManager,
  pictures: BoardPictures,
  months: number,
  now: number = Date.now(),
): Promise<{ boards: number; snapshots: number }> {
  const cutoff = retentionCutoff(months, now)
  const snapshots = await store.app.listSnapshotIdsCreatedBefore(cutoff)
  for (const id of snapshots) {
    await pictures.deleteForBoard(snapshotPictures(id))
    await store.app.deleteSnapshot(id)
  }
  const boards = await store.app.listBoardsCreatedBefore(cutoff)
  for (const b of boards) await removeBoard(store, rooms, pictures, b.id)
  return { boards: boards.length, snapshots: snapshots.length }
}

/** Runs the sweep now and then every six hours; returns a stop function. */
export function scheduleRetention(
  store: Store,
  rooms: RoomManager,
  pictures: BoardPictures,
  months: number,
  log: Logger,
): () => void {
  const run = () =>
    sweepRetention(store, rooms, pictures, months).then(
      (n) => {
        if (n.boards + n.snapshots > 0) log.info({ ...n, months }, 'retention: deleted old boards and snapshots')
      },
      (err: unknown) => log.error({ err }, 'retention sweep failed'),
    )
  void run()
  const timer = setInterval(run, 6 * 3600 * 1000)
  timer.unref()
  return () => clearInterval(timer)
}
