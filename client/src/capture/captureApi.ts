/** The capture endpoints (server/src/plugins/capture.ts). */
import { CSRF_HEADER } from '@vaegavis/shared'
import type { CaptureNote, CaptureSession } from '@vaegavis/shared/api'
import { ApiError, NETWORK_ERROR, request } from '../api.ts'
import { appPath } from '../base.ts'

export type { CaptureNote, CaptureSession }

const base = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`

export const captureApi = {
  /** The photo goes as its own bytes: no form encoding, the server reads and re-encodes it. */
  async upload(boardId: string, photo: Blob): Promise<void> {
    let res: Response
    try {
      res = await fetch(appPath(`${base(boardId)}/capture`), {
        method: 'POST',
        headers: { [CSRF_HEADER]: '1', 'content-type': photo.type || 'application/octet-stream' },
        credentials: 'same-origin',
        body: photo,
      })
    } catch (e: unknown) {
      throw new ApiError(0, NETWORK_ERROR, e instanceof Error ? e.message : 'network error')
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string }
      throw new ApiError(res.status, (body.code ?? NETWORK_ERROR) as ApiError['code'], body.message ?? res.statusText)
    }
  },
  session: (boardId: string) => request<CaptureSession>('GET', `${base(boardId)}/capture`),
  discard: (boardId: string) => request<undefined>('DELETE', `${base(boardId)}/capture`),
  place: (
    boardId: string,
    body: {
      sessionId: string
      notes: { id: string; text: string; category: string }[]
      themes: { group: number; name: string }[]
    },
  ) => request<{ labels: number; themes: number }>('POST', `${base(boardId)}/capture/place`, body),
  imageUrl: (boardId: string, hash: string) => appPath(`${base(boardId)}/images/${hash}`),
}
