/**
 * How a picture label leaves the phone: its picture from the shelf in
 * IndexedDB (POST /api/boards/:id/images), then the label naming it by hash
 * (POST /api/boards/:id/labels). The code that does it, phone/pictures.ts, is
 * a chunk of its own.
 */
import type { ErrorCode } from '@vaegavis/shared'
import { ApiError, request } from '../api.ts'
import { type Identity, type PendingLabel, pictureKey } from './storage.ts'

/** The picture code, its texts included; the browser keeps the module once loaded. */
export const loadPictures = () => import('./pictures.ts')

/** Sends a picture label; resolves to the server's status (`held` or `posted`) and the picture's hash. */
export async function postPictureLabel(code: string, identity: Identity, p: PendingLabel) {
  const { id, text, category, x, y, themeId } = p
  const post = async (path: string, body: Blob | Record<string, unknown>) => {
    try {
      return await request<Record<string, unknown>>('POST', path, body, identity.token)
    } catch (e: unknown) {
      if (e instanceof ApiError) return { status: e.status, code: e.code }
      throw e
    }
  }
  const r = await (await loadPictures()).sendPictureLabel(
    `/api/boards/${encodeURIComponent(identity.boardId)}`,
    post,
    pictureKey(code, id),
    { id, text, category, x, y, themeId },
  )
  if ('code' in r) throw new ApiError(r.status, r.code as ErrorCode, 'picture')
  return r
}
