/**
 * How a picture label leaves the phone: its picture from the shelf in
 * IndexedDB (POST /api/boards/:id/images), then the label naming it by hash
 * (POST /api/boards/:id/labels). The code that does it, phone/pictures.ts, is
 * a chunk of its own.
 */
import { CSRF_HEADER, type ErrorCode } from '@vaegavis/shared'
import { ApiError } from '../api.ts'
import { appPath } from '../base.ts'
import { type Identity, type PendingLabel, pictureKey } from './storage.ts'

/** The picture code, its texts included; the browser keeps the module once loaded. */
export const loadPictures = () => import('./pictures.ts')

/** Sends a picture label; resolves to the server's status (`held` or `posted`) and the picture's hash. */
export async function postPictureLabel(code: string, identity: Identity, p: PendingLabel) {
  const { id, text, category, x, y, themeId } = p
  const r = await (await loadPictures()).sendPictureLabel(
    appPath(`/api/boards/${identity.boardId}`),
    { authorization: `Bearer ${identity.token}`, [CSRF_HEADER]: '1' },
    pictureKey(code, id),
    { id, text, category, x, y, themeId },
  )
  if ('code' in r) throw new ApiError(r.status, r.code as ErrorCode, 'picture')
  return r
}
