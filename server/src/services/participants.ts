/**
 * Moderating people, not only labels: taking a participant off a board, and
 * the board's door (while it is closed nobody new joins). Both rest on the
 * shared database and documents, so every instance enforces them alike.
 */
import { CloseCode, deleteByAuthor, ErrorCode, heldDocName, Origin, Role, readSettings } from '@vaegavis/shared'
import { AppError } from '../errors.ts'
import type { Store } from '../storage/types.ts'
import type { RoomManager } from '../sync/index.ts'

export type RemovedLabels = 'keep' | 'delete'

/** Whether the board's door is closed right now (a facilitator's setting on the wall). */
export function isDoorClosed(rooms: RoomManager, boardId: string): Promise<boolean> {
  return rooms.withRoom(boardId, (room) => room.read((doc) => readSettings(doc).doorClosed))
}

/** The refusal for a new participant at a closed door. */
export function doorClosedError(): AppError {
  return new AppError(ErrorCode.DoorClosed, 'The door is closed. Ask the facilitator.')
}

/**
 * Takes a participant off a board: their tokens end first (so no instance lets them back in), then
 * their sockets close with 4410 on every instance, then (with `delete`) their labels and dots go
 * from the wall and from the held document. Returns how many labels were deleted.
 */
export async function removeParticipant(
  store: Store,
  rooms: RoomManager,
  boardId: string,
  participantId: string,
  labels: RemovedLabels,
): Promise<{ deleted: number }> {
  // Only participants: a facilitator or share link is not someone this route may take off.
  if (!participantId.startsWith('p-')) throw new AppError(ErrorCode.NotFound, 'There is no such participant.')
  // A millisecond back: every check (`expiresAt < now`) refuses the token from this moment on.
  await store.app.revokeTokensFor(boardId, participantId, Date.now() - 1)
  await rooms.disconnectEverywhere(boardId, participantId, CloseCode.Removed, 'removed by the facilitator')
  if (labels === 'keep') return { deleted: 0 }
  const held = await rooms.withRoom(heldDocName(boardId), (room) =>
    room.applyServerChange((doc) => deleteByAuthor(doc, participantId, Origin.Server)),
  )
  const wall = await rooms.withRoom(boardId, (room) =>
    room.applyServerChange((doc) => deleteByAuthor(doc, participantId, Origin.Server)),
  )
  return { deleted: held + wall }
}

/** A participant token that has ended: on a board with no expiring participant tokens, one that was removed. */
export function wasRemoved(token: { role: string; expiresAt: number | null }, now = Date.now()): boolean {
  return token.role === Role.Participant && token.expiresAt !== null && token.expiresAt <= now
}
