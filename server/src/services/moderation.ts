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
  LabelKind,
  legacyHiddenIds,
  putLabelRecord,
  readHeldLabels,
  readLabel,
  readLabelRecord,
  readThemes,
  setLabelHidden,
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

/**
 * Shows hidden labels again: they return to the wall with the same id,
 * author, theme and position (a theme deleted meanwhile: unsorted, as a
 * label); the wall write is stored before the held copy goes. Returns how
 * many came back.
 */
export async function showLabels(rooms: RoomManager, boardId: string, labelIds: readonly string[]): Promise<number> {
  const wanted = new Set(labelIds)
  const records = await rooms.withRoom(heldDocName(boardId), (room) =>
    room.read((doc) =>
      readHeldLabels(doc)
        .filter((l) => l.heldFor === HeldFor.Hidden && wanted.has(l.id))
        .flatMap((l) => {
          const stored = readLabelRecord(doc, l.id)
          const r = stored && boundedLabelRecord(stored)
          return r ? [{ id: l.id, record: r }] : []
        }),
    ),
  )
  const shown = await rooms.withRoom(boardId, (room) =>
    room.applyServerChange((doc) => {
      const themes = new Set(readThemes(doc).map((t) => t.id))
      let n = 0
      for (const { id, record } of records) {
        const { heldFor: _why, ...rest } = record
        const lost = typeof rest.themeId === 'string' && !themes.has(rest.themeId)
        const back = lost ? { ...rest, themeId: undefined, themeOrder: undefined, kind: LabelKind.Label } : rest
        if (putLabelRecord(doc, id, back)) n++
      }
      // Labels hidden before hiding moved them off the wall carry a flag instead.
      for (const id of wanted) {
        if (readLabel(doc, id)?.hidden) {
          setLabelHidden(doc, id, false)
          n++
        }
      }
      return n
    }),
  )
  if (records.length > 0) {
    await rooms.withRoom(heldDocName(boardId), (room) =>
      room.applyServerChange((doc) => {
        for (const { id } of records) deleteLabel(doc, id)
      }),
    )
  }
  return shown
}
