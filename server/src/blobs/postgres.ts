import type PgModule from 'pg'
import { contentHash } from '../images/validate.ts'
import { lazyRequire } from '../lazy.ts'
import type { BlobStore } from './types.ts'

const loadPg = lazyRequire<typeof PgModule>('pg')

export interface PostgresBlobStoreOptions {
  /** Schema to use (lower-case letters, digits and `_`); default: the server's search_path. */
  schema?: string
  /** Receives errors of idle connections no caller is waiting for. */
  onError?: (err: Error) => void
  /** Pool size; pictures are few and large, so a small pool is enough. */
  max?: number
}

/**
 * Migrations, applied in order under an advisory lock, tracked in their own
 * table so they never collide with the board store's. Append; never edit.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE image_blobs (
     board_id TEXT NOT NULL,
     hash TEXT NOT NULL,
     mime TEXT NOT NULL,
     data BYTEA NOT NULL,
     created_at BIGINT NOT NULL,
     PRIMARY KEY (board_id, hash)
   )`,
  // Who sent which picture: a phone may put on a label only a picture it sent itself.
  `CREATE TABLE image_uploads (
     board_id TEXT NOT NULL,
     hash TEXT NOT NULL,
     uploader TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     PRIMARY KEY (board_id, hash, uploader)
   )`,
]

/** Pictures in PostgreSQL with a connection pool of their own. */
export async function createPostgresBlobStore(url: string, options: PostgresBlobStoreOptions = {}): Promise<BlobStore> {
  const { schema, onError = () => {}, max = 4 } = options
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`Invalid Postgres schema name "${schema}": use lower-case letters, digits and _`)
  }
  const pool = new (loadPg().Pool)({
    connectionString: url,
    max,
    connectionTimeoutMillis: 10_000,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  })
  pool.on('error', (err) => onError(err))
  let closing: Promise<void> | undefined
  const close = async () => {
    closing ??= pool.end()
    await closing
  }
  try {
    const client = await pool.connect()
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [`vaegavis:blobs:${schema ?? ''}`])
      try {
        if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
        await client.query('CREATE TABLE IF NOT EXISTS image_blob_migrations (version INTEGER PRIMARY KEY)')
        const { rows } = await client.query<{ version: number }>('SELECT version FROM image_blob_migrations')
        const done = new Set(rows.map((r) => r.version))
        for (const [i, sql] of MIGRATIONS.entries()) {
          if (done.has(i + 1)) continue
          await client.query('BEGIN')
          try {
            await client.query(sql)
            await client.query('INSERT INTO image_blob_migrations (version) VALUES ($1)', [i + 1])
            await client.query('COMMIT')
          } catch (e: unknown) {
            await client.query('ROLLBACK')
            throw new Error(`Postgres picture migration ${i + 1} failed`, { cause: e })
          }
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`vaegavis:blobs:${schema ?? ''}`])
      }
    } finally {
      client.release()
    }
  } catch (e: unknown) {
    await close()
    throw e
  }

  return {
    kind: 'postgres',
    async put(boardId, data, mime, uploader) {
      const hash = contentHash(data)
      const now = Date.now()
      const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      if (uploader === undefined) {
        await pool.query(
          'INSERT INTO image_blobs (board_id, hash, mime, data, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
          [boardId, hash, mime, bytes, now],
        )
        return hash
      }
      // One statement, so the picture and who sent it are stored together or not at all.
      await pool.query(
        `WITH b AS (
           INSERT INTO image_blobs (board_id, hash, mime, data, created_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT DO NOTHING
         )
         INSERT INTO image_uploads (board_id, hash, uploader, created_at) VALUES ($1, $2, $6, $5) ON CONFLICT DO NOTHING`,
        [boardId, hash, mime, bytes, now, uploader],
      )
      return hash
    },
    async uploadedBy(boardId, hash, uploader) {
      const { rows } = await pool.query(
        `SELECT 1 FROM image_uploads u JOIN image_blobs b USING (board_id, hash)
          WHERE u.board_id = $1 AND u.hash = $2 AND u.uploader = $3`,
        [boardId, hash, uploader],
      )
      return rows.length > 0
    },
    async get(boardId, hash) {
      const { rows } = await pool.query<{ mime: string; data: Buffer }>(
        'SELECT mime, data FROM image_blobs WHERE board_id = $1 AND hash = $2',
        [boardId, hash],
      )
      const row = rows[0]
      return row ? { hash, mime: row.mime, data: new Uint8Array(row.data) } : undefined
    },
    async list(boardId) {
      const { rows } = await pool.query<{ hash: string }>('SELECT hash FROM image_blobs WHERE board_id = $1', [boardId])
      return rows.map((r) => r.hash)
    },
    async delete(boardId, hash) {
      const { rowCount } = await pool.query('DELETE FROM image_blobs WHERE board_id = $1 AND hash = $2', [
        boardId,
        hash,
      ])
      return (rowCount ?? 0) > 0
    },
    async deleteForBoard(boardId) {
      const { rows } = await pool.query<{ n: string }>(
        `WITH u AS (DELETE FROM image_uploads WHERE board_id = $1), b AS (DELETE FROM image_blobs WHERE board_id = $1 RETURNING 1)
         SELECT count(*) AS n FROM b`,
        [boardId],
      )
      return Number(rows[0]?.n ?? 0)
    },
    close,
  }
}
