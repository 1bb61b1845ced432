/**
 * Joining a board with its code: a participant token with a fresh
 * pseudonymous id, no account and no personal data. Used by `POST /api/join`
 * and by a websocket that joins and opens the board in one step.
 */
import { ErrorCode, normalizeJoinCode, Role } from '@vaegavis/shared'
import { hashToken, newRandomId, newToken } from '../auth/secrets.ts'
import { AppError } from '../errors.ts'
import type { BoardRecord, Store } from '../storage/types.ts'
import { doorClosedError, wasRemoved } from './participants.ts'

/** A token the phone made itself: base64url, at least 256 bits (43 characters), like {@link newToken}'s. */
export const CLIENT_TOKEN = /^[A-Za-z0-9_-]{43,128}$/

export interface Joined {
  board: BoardRecord
  token: string
  participantId: string
}

export async function boardForCode(store: Store, raw: string): Promise<BoardRecord> {
  const code = normalizeJoinCode(raw)
  const board = code ? await store.app.getBoardByJoinCode(code) : undefined
  if (!board)
    throw new AppError(ErrorCode.UnknownJoinCode, 'There is no wall with that code. Check the code on the wall.')
  return board
}

/**
 * Joins the board with `code` as a new participant. With `token` (one the
 * phone generated, see {@link CLIENT_TOKEN}) the call is idempotent: a phone
 * whose first attempt was cut off before it heard the answer asks again with
 * the same token and gets the same participant, not a second one. A token
 * that already opens anything else is refused, and so is one whose
 * participant the facilitator removed. While `doorClosed` says so, nobody new
 * joins (a phone already in, asking again with its token, still does).
 */
export async function joinBoard(
  store: Store,
  input: { code: string; nickname: string; token?: string },
  doorClosed: (boardId: string) => Promise<boolean>,
): Promise<Joined> {
  const board = await boardForCode(store, input.code)
  const token = input.token ?? newToken()
  const tokenHash = hashToken(token)
  const reuse = async (): Promise<Joined | null> => {
    const existing = await store.app.getToken(tokenHash)
    if (!existing) return null
    if (existing.boardId !== board.id || existing.role !== Role.Participant)
      throw new AppError(ErrorCode.Unauthorized, 'This token does not open this board.')
    if (wasRemoved(existing)) throw new AppError(ErrorCode.Removed, 'You were removed from this wall.')
    return { board, token, participantId: existing.subject }
  }
  if (input.token) {
    const again = await reuse()
    if (again) return again
  }
  if (await doorClosed(board.id)) throw doorClosedError()
  const participantId = `p-${newRandomId()}`
  try {
    await store.app.createToken({
      tokenHash,
      boardId: board.id,
      role: Role.Participant,
      subject: participantId,
      nickname: input.nickname,
      createdAt: Date.now(),
      expiresAt: null,
    })
  } catch (e: unknown) {
    // Two attempts with the same token at once: the one that lost the race answers with the winner's participant.
    const again = input.token ? await reuse() : null
    if (again) return again
    throw e
  }
  return { board, token, participantId }
}
