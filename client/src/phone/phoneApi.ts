/**
 * The REST calls a phone makes: the board's title for a join code, and with
 * its board token, post a label the facilitator holds back (private writing
 * or approve-first) and list its own labels that are still held. Failures
 * become {@link ApiError}s. Apart from `api.ts`'s object, so the phone's
 * script carries none of the facilitator's calls.
 */
import { HeldFor } from '@vaegavis/shared'
import { request } from '../api.ts'
import type { LabelDraft } from './storage.ts'

/** The board's title for a join code, before joining. */
export const joinInfo = (code: string) => request<{ title: string }>('GET', `/api/join/${encodeURIComponent(code)}`)

const base = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}/labels`

/** Sends a held label; safe to repeat with the same id. Resolves once the server stored it. */
export function postHeldLabel(
  boardId: string,
  token: string,
  label: { id: string; text: string; category: string; x: number; y: number; themeId?: string },
): Promise<{ id: string; status: string }> {
  return request('POST', base(boardId), label, token)
}

/** This participant's labels the server still holds back. */
export function fetchMyHeld(boardId: string, token: string): Promise<(LabelDraft & { hidden?: boolean })[]> {
  return request<{ labels: (LabelDraft & { heldFor: string })[] }>(
    'GET',
    `${base(boardId)}/held/mine`,
    undefined,
    token,
  ).then((r) =>
    r.labels.map(({ id, text, category, createdAt, heldFor, photo }) => ({
      id,
      text,
      category,
      createdAt,
      ...(photo ? { photo } : {}),
      ...(heldFor === HeldFor.Hidden ? { hidden: true } : {}),
    })),
  )
}
