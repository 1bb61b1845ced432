/**
 * Hiding a label moves it off the wall into the board's held document (only
 * facilitators open it), so no participant's or viewer's device is sent its
 * text again; showing moves it back. Both the REST route and the websocket
 * transport (for labels hidden the old way, as a flag on the wall) use this.
 */
import {
  boundedLabelRecord,
  deleteLabel,
  HeldFor,
  heldDocName,
  legacyHiddenIds,
  putLabelRecord,
  readLabelRecord,
} from '@vaegavis/shared'
import type { RoomManager } from '../sync/index.ts'

/** Moves these labels from the wall to the held document; returns how many were on the wall. */
export async function hideLabels(rooms: RoomManager, boardId: string, labelIds: readonly string[]): Promise<number> {
  const records = await rooms.withRoom(boardId, (room) =>
    room.read((doc) =>
      labelIds.flatMap((id) => {
        const stored = readLabelRecord(doc, id)
        // Written within bounds, even a label stored before there were any.
        const r = stored && boundedLabelRecord(stored)
        return r ? [{ id, record: r }] : []
      }),
    ),
  )
  if (records.length === 0) return 0
  // Stored in the held document before it leaves the wall: a crash in between shows it, never loses it.
  await rooms.withRoom(heldDocName(boardId), (room) =>
    room.applyServerChange((doc) => {
      for (const { id, record } of records) {
        const { hidden: _flag, ...rest } = record
        putLabelRecord(doc, id, { ...rest, heldFor: HeldFor.Hidden })
      }
    }),
  )
  await rooms.withRoom(boardId, (room) =>
    room.applyServerChange((doc) => {
      for (const { id } of records) deleteLabel(doc, id)
    }),
  )
  return records.length
}

/** Boards from before hiding moved labels keep a `hidden` flag on the wall: move those labels now. */
export async function moveLegacyHidden(rooms: RoomManager, boardId: string): Promise<number> {
  const ids = await rooms.withRoom(boardId, (room) => room.read(legacyHiddenIds))
  return ids.length === 0 ? 0 : hideLabels(rooms, boardId, ids)
}
