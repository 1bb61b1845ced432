/**
 * The two REST calls a phone makes with its board token: post a label the
 * facilitator holds back (private writing or approve-first), and list its
 * own labels that are still held. Failures become {@link ApiError}s.
 */
import { CSRF_HEADER, ErrorCode, HeldFor } from '@vaegavis/shared'
import { ApiError, NETWORK_ERROR } from '../api.ts'
import { appPath } from '../base.ts'
import type { LabelDraft } from './storage.ts'

async function call<T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}` }
  if (body !== undefined) {
    headers[CSRF_HEADER] = '1'
    headers['content-type'] = 'application/json'
  }
  let res: Response
  try {
    res = await fetch(appPath(path), {
      method,
      headers,
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (e: unknown) {
    throw new ApiError(0, NETWORK_ERROR, e instanceof Error ? e.message : 'network error')
  }
  const data: unknown = await res.json().catch(() => undefined)
  if (!res.ok) {
    const code = (data as { code?: unknown } | undefined)?.code
    throw new ApiError(res.status, typeof code === 'string' ? (code as ErrorCode) : ErrorCode.Internal, res.statusText)
  }
  return data as T
}

const base = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}/labels`

/** Sends a held label; safe to repeat with the same id. Resolves once the server stored it. */
export function postHeldLabel(
  boardId: string,
  token: string,
  label: { id: string; text: string; category: string; x: number; y: number; themeId?: string; photo?: string },
): Promise<{ id: string; status: string }> {
  return call(token, 'POST', base(boardId), label)
}

/** This participant's labels the server still holds back. */
export function fetchMyHeld(boardId: string, token: string): Promise<(LabelDraft & { hidden?: boolean })[]> {
  return call<{ labels: (LabelDraft & { heldFor: string })[] }>(token, 'GET', `${base(boardId)}/held/mine`).then((r) =>
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
