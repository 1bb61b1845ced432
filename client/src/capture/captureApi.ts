/** The capture endpoints (server/src/plugins/capture.ts). */
import type { CaptureNote, CaptureSession } from '@vaegavis/shared/api'
import { request } from '../api.ts'
import { appPath } from '../base.ts'

export type { CaptureNote, CaptureSession }

const base = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`

export const captureApi = {
  /** The photo goes as its own bytes: no form encoding, the server reads and re-encodes it. */
  upload: (boardId: string, photo: Blob) => request<unknown>('POST', `${base(boardId)}/capture`, photo).then(() => {}),
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
