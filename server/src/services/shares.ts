/**
 * Read-only share links to one snapshot or to a project's archive. The token
 * is shown once; only its SHA-256 is stored. A link stops working when it
 * expires or is revoked, and never opens a live board.
 */
import { ErrorCode } from '@vaegavis/shared'
import { hashToken, newRandomId, newToken } from '../auth/secrets.ts'
import { AppError } from '../errors.ts'
import type { ShareLinkRecord, SnapshotRecord, Store } from '../storage/types.ts'

/** Path of the viewer page for a token (the client serves it). */
export const SHARE_PAGE_PATH = '/s/'

export const ShareStatus = { Active: 'active', Expired: 'expired', Revoked: 'revoked' } as const
export type ShareStatus = (typeof ShareStatus)[keyof typeof ShareStatus]

export function shareStatus(link: ShareLinkRecord, now = Date.now()): ShareStatus {
  if (link.revokedAt !== null) return ShareStatus.Revoked
  if (link.expiresAt !== null && link.expiresAt <= now) return ShareStatus.Expired
  return ShareStatus.Active
}

export async function createShareLink(
  store: Store,
  createdBy: string,
  target: { projectId: string } | { snapshotId: string },
  expiresAt: number | null,
): Promise<{ link: ShareLinkRecord; token: string }> {
  const token = newToken()
  const link: ShareLinkRecord = {
    id: newRandomId(),
    tokenHash: hashToken(token),
    projectId: 'projectId' in target ? target.projectId : null,
    snapshotId: 'snapshotId' in target ? target.snapshotId : null,
    createdBy,
    createdAt: Date.now(),
    expiresAt,
    revokedAt: null,
  }
  await store.app.createShareLink(link)
  return { link, token }
}

/** The link a token opens: 404 when unknown, 401 when revoked or expired. */
export async function openShareLink(store: Store, token: string): Promise<ShareLinkRecord> {
  const link = await store.app.getShareLinkByTokenHash(hashToken(token))
  if (!link) throw new AppError(ErrorCode.NotFound, 'This link does not exist.')
  const status = shareStatus(link)
  if (status === ShareStatus.Revoked) throw new AppError(ErrorCode.ShareLinkRevoked, 'This link has been withdrawn.')
  if (status === ShareStatus.Expired) throw new AppError(ErrorCode.ShareLinkExpired, 'This link has expired.')
  return link
}

/** A snapshot the link covers (itself, or one in the shared project's archive); else 404. */
export async function sharedSnapshot(store: Store, link: ShareLinkRecord, snapshotId: string): Promise<SnapshotRecord> {
  const snapshot = await store.app.getSnapshot(snapshotId)
  const covered =
    snapshot !== undefined &&
    (link.snapshotId !== null ? snapshot.id === link.snapshotId : snapshot.projectId === link.projectId)
  if (!snapshot || !covered) throw new AppError(ErrorCode.NotFound, 'No such snapshot.')
  return snapshot
}
