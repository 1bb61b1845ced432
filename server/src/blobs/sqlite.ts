import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { contentHash } from '../images/validate.ts'
import type { BlobStore } from './types.ts'

/** File of the picture database inside the data directory, beside the board database. */
export const SQLITE_BLOB_FILE_NAME = 'images.db'

/**
 * Migrations, applied in order at open and tracked in `user_version`. Append
 * new ones; never edit one that has shipped. A file of its own, so pictures
 * never bloat or lock the board database.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE image_blobs (
     board_id TEXT NOT NULL,
     hash TEXT NOT NULL,
     mime TEXT NOT NULL,
     data BLOB NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (board_id, hash)
   ) STRICT, WITHOUT ROWID;`,
  // Who sent which picture: a phone may put on a label only a picture it sent itself.
  `CREATE TABLE image_uploads (
     board_id TEXT NOT NULL,
     hash TEXT NOT NULL,
     uploader TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (board_id, hash, uploader)
   ) STRICT, WITHOUT ROWID;`,
]

export type SqliteBlobStoreOptions = { dir: string } | { file: string }

/** Pictures in their own SQLite file (WAL, secure delete), with their own connection. */
export function createSqliteBlobStore(options: SqliteBlobStoreOptions): BlobStore {
  const file = 'file' in options ? options.file : join(options.dir, SQLITE_BLOB_FILE_NAME)
  mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('busy_timeout = 5000')
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  // Freed pages are zeroed, so a deleted young person's handwriting is not left in the file.
  db.pragma('secure_delete = ON')
  const version = db.pragma('user_version', { simple: true }) as number
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string)
      db.pragma(`user_version = ${v + 1}`)
    })()
  }
  const insert = db.prepare(
    'INSERT INTO image_blobs (board_id, hash, mime, data, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  )
  const select = db.prepare<[string, string], { mime: string; data: Buffer }>(
    'SELECT mime, data FROM image_blobs WHERE board_id = ? AND hash = ?',
  )
  const insertUpload = db.prepare(
    'INSERT INTO image_uploads (board_id, hash, uploader, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  )
  const selectUpload = db.prepare<[string, string, string], { one: number }>(
    `SELECT 1 AS one FROM image_uploads u JOIN image_blobs b USING (board_id, hash)
      WHERE u.board_id = ? AND u.hash = ? AND u.uploader = ?`,
  )
  const removeUploads = db.prepare('DELETE FROM image_uploads WHERE board_id = ?')
  const putBoth = db.transaction((boardId: string, hash: string, mime: string, data: Buffer, uploader?: string) => {
    const now = Date.now()
    insert.run(boardId, hash, mime, data, now)
    if (uploader !== undefined) insertUpload.run(boardId, hash, uploader, now)
  })
  const removeBoth = db.transaction((boardId: string) => {
    removeUploads.run(boardId)
    return remove.run(boardId).changes
  })
  const listHashes = db.prepare<[string], { hash: string }>('SELECT hash FROM image_blobs WHERE board_id = ?')
  const remove = db.prepare('DELETE FROM image_blobs WHERE board_id = ?')
  const removeOne = db.prepare('DELETE FROM image_blobs WHERE board_id = ? AND hash = ?')
  // secure_delete zeroes freed pages in the main file; the write-ahead log still holds them until a checkpoint.
  const scrubLog = () => db.pragma('wal_checkpoint(TRUNCATE)')
  let closed = false

  return {
    kind: 'sqlite',
    async put(boardId, data, mime, uploader) {
      const hash = contentHash(data)
      putBoth(boardId, hash, mime, Buffer.from(data.buffer, data.byteOffset, data.byteLength), uploader)
      return hash
    },
    async uploadedBy(boardId, hash, uploader) {
      return selectUpload.get(boardId, hash, uploader) !== undefined
    },
    async get(boardId, hash) {
      const row = select.get(boardId, hash)
      return row ? { hash, mime: row.mime, data: new Uint8Array(row.data) } : undefined
    },
    async list(boardId) {
      return listHashes.all(boardId).map((r) => r.hash)
    },
    async delete(boardId, hash) {
      const { changes } = removeOne.run(boardId, hash)
      if (changes > 0) scrubLog()
      return changes > 0
    },
    async deleteForBoard(boardId) {
      const changes = removeBoth(boardId)
      if (changes > 0) scrubLog()
      return changes
    },
    async close() {
      if (closed) return
      closed = true
      db.close()
    },
  }
}
