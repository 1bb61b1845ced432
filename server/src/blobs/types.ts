/**
 * Images (note crops, photos) live beside the board documents, never inside
 * them: a label holds only the content hash. Blobs are scoped by board, so a
 * hash is only readable through the board it was stored for, and deleting a
 * board deletes its pictures.
 */

/** One stored picture. */
export interface Blob {
  /** SHA-256 of `data`, 64 lower-case hex digits. */
  hash: string
  /** MIME type, e.g. `image/jpeg`. */
  mime: string
  data: Uint8Array
}

/**
 * Content-addressed picture storage, one namespace per board.
 *
 * Invariants every adapter keeps (checked by server/test/blobContract.ts):
 * - `put` is idempotent: the same bytes for the same board store once and
 *   return the same hash;
 * - `get` for another board's hash returns undefined;
 * - `uploadedBy` is true only for a board, hash and uploader that `put` was given together, while
 *   the picture is kept;
 * - after `delete` or `deleteForBoard` the picture(s) cannot be read through
 *   that board, other boards' copies stay, and (SQLite) the bytes are gone
 *   from the database files.
 *
 * A snapshot keeps its own copies under {@link snapshotPictures}, so a
 * snapshot still shows its pictures after the label or board is gone.
 */
export interface BlobStore {
  readonly kind: 'memory' | 'sqlite' | 'postgres'
  /**
   * Stores a picture for a board; resolves to its content hash once it is durable. With `uploader`
   * (a participant id, or a facilitator's user id) it also records that they sent it, so a phone
   * may put on a label only a picture it sent itself.
   */
  put(boardId: string, data: Uint8Array, mime: string, uploader?: string): Promise<string>
  /** Whether `uploader` sent the picture with this hash to this board. */
  uploadedBy(boardId: string, hash: string, uploader: string): Promise<boolean>
  /** A board's picture by hash, or undefined. */
  get(boardId: string, hash: string): Promise<Blob | undefined>
  /** Hashes of a board's pictures, in no particular order. */
  list(boardId: string): Promise<string[]>
  /** Deletes one picture of a board; resolves to whether it was there. */
  delete(boardId: string, hash: string): Promise<boolean>
  /** Deletes every picture of a board; resolves to how many there were. */
  deleteForBoard(boardId: string): Promise<number>
  close(): Promise<void>
}

/**
 * The namespace a snapshot's pictures are kept in. Board ids never hold a
 * colon, so it cannot meet a board's own namespace.
 */
export function snapshotPictures(snapshotId: string): string {
  return `snapshot:${snapshotId}`
}
