/**
 * Errors every storage adapter throws for constraint violations, so callers
 * can map them to an HTTP status without knowing the backend.
 */
import type { ShareLinkRecord } from './types.ts'

/** Error codes of {@link StoreError}. */
export const StoreErrorCode = {
  /** A unique value (id, email, join code, token hash) is already taken. */
  Duplicate: 'VGA_ERR_STORE_DUPLICATE',
  /** A referenced row (user, board) does not exist. */
  MissingReference: 'VGA_ERR_STORE_MISSING_REFERENCE',
} as const
export type StoreErrorCode = (typeof StoreErrorCode)[keyof typeof StoreErrorCode]

/** The record field a {@link StoreError} is about, named as in the record types. */
export type StoreErrorField =
  | 'id'
  | 'email'
  | 'joinCode'
  | 'tokenHash'
  | 'userId'
  | 'ownerId'
  | 'boardId'
  | 'projectId'
  | 'meetingId'
  | 'snapshotId'

/** A constraint violation, with the offending field. The original driver error is the `cause`. */
export class StoreError extends Error {
  override readonly name = 'StoreError'
  readonly code: StoreErrorCode
  readonly field: StoreErrorField

  constructor(code: StoreErrorCode, field: StoreErrorField, options?: { cause?: unknown }) {
    super(
      code === StoreErrorCode.Duplicate ? `${field} is already taken` : `${field} refers to a missing record`,
      options,
    )
    this.code = code
    this.field = field
  }
}

/** True when `e` is a {@link StoreError} with the given code (and field, if given). */
export function isStoreError(e: unknown, code: StoreErrorCode, field?: StoreErrorField): e is StoreError {
  return e instanceof StoreError && e.code === code && (field === undefined || e.field === field)
}

/**
 * A share link is for exactly one project or one snapshot. Checked before the insert, so every
 * adapter (memory too) refuses it the same way rather than with its driver's CHECK error.
 */
export function checkShareLinkTarget(link: ShareLinkRecord): void {
  if ((link.projectId === null) === (link.snapshotId === null)) {
    throw new Error('A share link is for exactly one project or one snapshot')
  }
}
