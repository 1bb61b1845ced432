import type { PoolClient } from 'pg'
import pg from 'pg'
import { StoreError, StoreErrorCode, type StoreErrorField } from './errors.ts'
import type {
  AppStore,
  BoardRecord,
  DocStore,
  SessionRecord,
  Store,
  StoredDoc,
  TokenRecord,
  UserRecord,
} from './types.ts'

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /**
   * Schema for every table (created if missing), e.g. one per test run.
   * Lower-case letters, digits and `_` only. Default: the server's search_path.
   */
  schema?: string
  /**
   * Called with connection errors that no caller is waiting for (an idle or
   * checked-out connection dropped, e.g. by a Postgres restart). The pool
   * replaces the connection by itself; this is for logging. Default: ignore.
   */
  onError?: (err: Error) => void
  /** Maximum pooled connections. Default 10. */
  max?: number
}

interface Migration {
  version: number
  name: string
  sql: string
}

/**
 * Schema migrations, applied in order at start under an advisory lock. Append
 * new ones; never edit one that has shipped.
 *
 * Documents: `docs` holds the per-document counter (`last_seq`) and which
 * entry is the snapshot (`snapshot_seq`, 0 = none); `doc_updates` holds the
 * snapshot as the row at `snapshot_seq` followed by the log.
 */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE docs (
        name TEXT PRIMARY KEY,
        last_seq BIGINT NOT NULL,
        snapshot_seq BIGINT NOT NULL DEFAULT 0
      );
      CREATE TABLE doc_updates (
        doc_name TEXT NOT NULL REFERENCES docs(name) ON DELETE CASCADE,
        seq BIGINT NOT NULL,
        data BYTEA NOT NULL,
        PRIMARY KEY (doc_name, seq)
      );
      CREATE TABLE users (
        id TEXT CONSTRAINT users_pkey PRIMARY KEY,
        email TEXT NOT NULL CONSTRAINT users_email_key UNIQUE CHECK (email = lower(email)),
        password_hash TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE sessions (
        token_hash TEXT CONSTRAINT sessions_pkey PRIMARY KEY,
        user_id TEXT NOT NULL CONSTRAINT sessions_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX sessions_user_id ON sessions(user_id);
      CREATE TABLE boards (
        id TEXT CONSTRAINT boards_pkey PRIMARY KEY,
        owner_id TEXT NOT NULL CONSTRAINT boards_owner_id_fkey REFERENCES users(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        join_code TEXT NOT NULL CONSTRAINT boards_join_code_key UNIQUE,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX boards_owner_id ON boards(owner_id, created_at);
      CREATE TABLE tokens (
        token_hash TEXT CONSTRAINT tokens_pkey PRIMARY KEY,
        board_id TEXT NOT NULL CONSTRAINT tokens_board_id_fkey REFERENCES boards(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('facilitator', 'participant', 'viewer')),
        subject TEXT NOT NULL,
        nickname TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT
      );
      CREATE INDEX tokens_board_id ON tokens(board_id);
    `,
  },
]

/** Constraint name → what a violation of it means for the caller. */
const CONSTRAINTS: Record<string, [StoreErrorCode, StoreErrorField]> = {
  users_pkey: [StoreErrorCode.Duplicate, 'id'],
  users_email_key: [StoreErrorCode.Duplicate, 'email'],
  sessions_pkey: [StoreErrorCode.Duplicate, 'tokenHash'],
  sessions_user_id_fkey: [StoreErrorCode.MissingReference, 'userId'],
  boards_pkey: [StoreErrorCode.Duplicate, 'id'],
  boards_join_code_key: [StoreErrorCode.Duplicate, 'joinCode'],
  boards_owner_id_fkey: [StoreErrorCode.MissingReference, 'ownerId'],
  tokens_pkey: [StoreErrorCode.Duplicate, 'tokenHash'],
  tokens_board_id_fkey: [StoreErrorCode.MissingReference, 'boardId'],
}

/** Bind parameters per statement stay far below Postgres' limit of 65535. */
const INSERT_CHUNK = 1000

// BIGINT and BYTEA come back as string and Buffer; rows are converted explicitly
// instead of installing global type parsers that would affect other pg users.
interface DocRow {
  last_seq: string
  snapshot_seq: string
  seq: string | null
  data: Buffer | null
}
interface UserRow {
  id: string
  email: string
  password_hash: string
  created_at: string
}
interface SessionRow {
  token_hash: string
  user_id: string
  expires_at: string
}
interface BoardRow {
  id: string
  owner_id: string
  title: string
  join_code: string
  created_at: string
}
interface TokenRow {
  token_hash: string
  board_id: string
  role: TokenRecord['role']
  subject: string
  nickname: string
  created_at: string
  expires_at: string | null
}

/**
 * A {@link Store} on Postgres, safe for several server instances on one
 * database: migrations run under an advisory lock, sequence numbers come from
 * a per-document counter row, and compaction only removes entries up to its
 * own `uptoSeq`. Resolves once the schema is migrated; rejects when the
 * database is unreachable.
 */
export async function createPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const { schema, onError = () => {}, max = 10 } = options
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`Invalid Postgres schema name "${schema}": use lower-case letters, digits and _`)
  }

  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    // A startup parameter, so every pooled connection uses the schema without a race.
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  })
  // Idle connections that die (Postgres restart, network) are reported here and
  // dropped by the pool; without a listener the process would crash.
  pool.on('error', (err) => onError(err))

  let closing: Promise<void> | undefined
  async function close(): Promise<void> {
    closing ??= pool.end()
    await closing
  }

  async function transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect()
    // A checked-out connection has no pool listener: if it dies between two
    // queries, its 'error' event would otherwise be unhandled.
    const onClientError = (err: Error): void => onError(err)
    client.on('error', onClientError)
    let broken = false
    try {
      await client.query('BEGIN')
      const result = await fn(client)
      await client.query('COMMIT')
      return result
    } catch (e: unknown) {
      await client.query('ROLLBACK').catch(() => {
        broken = true
      })
      throw e
    } finally {
      client.off('error', onClientError)
      client.release(broken)
    }
  }

  try {
    await migrate(pool, schema, onError)
  } catch (e: unknown) {
    await close()
    throw e
  }

  const docs: DocStore = {
    async load(docName: string): Promise<StoredDoc> {
      // One statement, so counter and rows come from one consistent snapshot.
      const { rows } = await pool.query<DocRow>(
        `SELECT d.last_seq, d.snapshot_seq, u.seq, u.data
           FROM docs d LEFT JOIN doc_updates u ON u.doc_name = d.name
          WHERE d.name = $1 ORDER BY u.seq`,
        [docName],
      )
      const head = rows[0]
      if (!head) return { updates: [], lastSeq: 0, logLength: 0 }
      const snapshotSeq = Number(head.snapshot_seq)
      const updates: Uint8Array[] = []
      let logLength = 0
      for (const row of rows) {
        if (row.seq === null || row.data === null) continue
        updates.push(new Uint8Array(row.data))
        if (Number(row.seq) > snapshotSeq) logLength += 1
      }
      return { updates, lastSeq: Number(head.last_seq), logLength }
    },

    async append(docName: string, updates: Uint8Array[]): Promise<number> {
      if (updates.length === 0) {
        const { rows } = await pool.query<{ last_seq: string }>('SELECT last_seq FROM docs WHERE name = $1', [docName])
        return rows[0] ? Number(rows[0].last_seq) : 0
      }
      return transaction(async (client) => {
        // The upsert row-locks the counter until COMMIT, so per document seqs are
        // allocated and committed in the same order. A global sequence would let a
        // higher seq commit first; a compaction up to it could then delete the
        // lower one when it commits later.
        const { rows } = await client.query<{ last_seq: string }>(
          `INSERT INTO docs (name, last_seq) VALUES ($1, $2)
           ON CONFLICT (name) DO UPDATE SET last_seq = docs.last_seq + EXCLUDED.last_seq
           RETURNING last_seq`,
          [docName, updates.length],
        )
        const lastSeq = Number(rows[0]?.last_seq)
        const first = lastSeq - updates.length + 1
        for (let start = 0; start < updates.length; start += INSERT_CHUNK) {
          const chunk = updates.slice(start, start + INSERT_CHUNK)
          const params: unknown[] = [docName]
          const values = chunk.map((update, i) => {
            params.push(first + start + i, update)
            return `($1, $${params.length - 1}, $${params.length})`
          })
          await client.query(`INSERT INTO doc_updates (doc_name, seq, data) VALUES ${values.join(', ')}`, params)
        }
        return lastSeq
      })
    },

    async compact(docName: string, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
      await transaction(async (client) => {
        const { rows } = await client.query<{ last_seq: string; snapshot_seq: string }>(
          'SELECT last_seq, snapshot_seq FROM docs WHERE name = $1 FOR UPDATE',
          [docName],
        )
        const doc = rows[0]
        // Stale (another instance compacted further) or out of range: keeping the log is always safe.
        if (!doc || uptoSeq <= Number(doc.snapshot_seq) || uptoSeq > Number(doc.last_seq)) return
        await client.query('DELETE FROM doc_updates WHERE doc_name = $1 AND seq <= $2', [docName, uptoSeq])
        await client.query('INSERT INTO doc_updates (doc_name, seq, data) VALUES ($1, $2, $3)', [
          docName,
          uptoSeq,
          snapshot,
        ])
        await client.query('UPDATE docs SET snapshot_seq = $2 WHERE name = $1', [docName, uptoSeq])
      })
    },

    async delete(docName: string): Promise<void> {
      await pool.query('DELETE FROM docs WHERE name = $1', [docName])
    },

    close,
  }

  const app: AppStore = {
    async createUser(user: UserRecord): Promise<void> {
      await guard(
        pool.query('INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, $3, $4)', [
          user.id,
          user.email.toLowerCase(),
          user.passwordHash,
          user.createdAt,
        ]),
      )
    },

    async getUserByEmail(email: string): Promise<UserRecord | undefined> {
      const { rows } = await pool.query<UserRow>('SELECT * FROM users WHERE email = $1', [email.toLowerCase()])
      return rows[0] && userFromRow(rows[0])
    },

    async getUserById(id: string): Promise<UserRecord | undefined> {
      const { rows } = await pool.query<UserRow>('SELECT * FROM users WHERE id = $1', [id])
      return rows[0] && userFromRow(rows[0])
    },

    async setPassword(userId: string, passwordHash: string): Promise<void> {
      await pool.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash])
    },

    async createSession(session: SessionRecord): Promise<void> {
      await guard(
        pool.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
          session.tokenHash,
          session.userId,
          session.expiresAt,
        ]),
      )
    },

    async getSession(tokenHash: string): Promise<SessionRecord | undefined> {
      const { rows } = await pool.query<SessionRow>('SELECT * FROM sessions WHERE token_hash = $1', [tokenHash])
      const row = rows[0]
      return row && { tokenHash: row.token_hash, userId: row.user_id, expiresAt: Number(row.expires_at) }
    },

    async deleteSession(tokenHash: string): Promise<void> {
      await pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash])
    },

    async createBoard(board: BoardRecord): Promise<void> {
      await guard(
        pool.query('INSERT INTO boards (id, owner_id, title, join_code, created_at) VALUES ($1, $2, $3, $4, $5)', [
          board.id,
          board.ownerId,
          board.title,
          board.joinCode,
          board.createdAt,
        ]),
      )
    },

    async getBoard(id: string): Promise<BoardRecord | undefined> {
      const { rows } = await pool.query<BoardRow>('SELECT * FROM boards WHERE id = $1', [id])
      return rows[0] && boardFromRow(rows[0])
    },

    async getBoardByJoinCode(joinCode: string): Promise<BoardRecord | undefined> {
      const { rows } = await pool.query<BoardRow>('SELECT * FROM boards WHERE join_code = $1', [joinCode])
      return rows[0] && boardFromRow(rows[0])
    },

    async listBoards(ownerId: string): Promise<BoardRecord[]> {
      // COLLATE "C": byte order, the same tie-break as the other adapters.
      const { rows } = await pool.query<BoardRow>(
        'SELECT * FROM boards WHERE owner_id = $1 ORDER BY created_at, id COLLATE "C"',
        [ownerId],
      )
      return rows.map(boardFromRow)
    },

    async deleteBoard(id: string): Promise<void> {
      await pool.query('DELETE FROM boards WHERE id = $1', [id])
    },

    async createToken(token: TokenRecord): Promise<void> {
      await guard(
        pool.query(
          `INSERT INTO tokens (token_hash, board_id, role, subject, nickname, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [token.tokenHash, token.boardId, token.role, token.subject, token.nickname, token.createdAt, token.expiresAt],
        ),
      )
    },

    async getToken(tokenHash: string): Promise<TokenRecord | undefined> {
      const { rows } = await pool.query<TokenRow>('SELECT * FROM tokens WHERE token_hash = $1', [tokenHash])
      const row = rows[0]
      return (
        row && {
          tokenHash: row.token_hash,
          boardId: row.board_id,
          role: row.role,
          subject: row.subject,
          nickname: row.nickname,
          createdAt: Number(row.created_at),
          expiresAt: row.expires_at === null ? null : Number(row.expires_at),
        }
      )
    },
  }

  return { docs, app, kind: 'postgres', close }
}

async function migrate(pool: pg.Pool, schema: string | undefined, onError: (err: Error) => void): Promise<void> {
  const client = await pool.connect()
  const onClientError = (err: Error): void => onError(err)
  client.on('error', onClientError)
  // Advisory locks are per database; keying by schema lets test runs in their own schemas proceed in parallel.
  const lockKey = `vaegavis:migrate:${schema ?? ''}`
  let broken = false
  try {
    // Session-level lock: several instances starting at once migrate one after another.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey])
    try {
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)',
      )
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations')
      const done = new Set(rows.map((r) => r.version))
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue
        await client.query('BEGIN')
        try {
          await client.query(m.sql)
          await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
            m.version,
            Date.now(),
          ])
          await client.query('COMMIT')
        } catch (e: unknown) {
          await client.query('ROLLBACK').catch(() => {
            broken = true
          })
          throw new Error(`Postgres migration ${m.version} (${m.name}) failed`, { cause: e })
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => {
        // Destroying the connection releases the lock too.
        broken = true
      })
    }
  } finally {
    client.off('error', onClientError)
    client.release(broken)
  }
}

/** Awaits an insert, turning constraint violations into {@link StoreError}s. */
async function guard(insert: Promise<unknown>): Promise<void> {
  try {
    await insert
  } catch (e: unknown) {
    if (e instanceof pg.DatabaseError && (e.code === '23505' || e.code === '23503') && e.constraint) {
      const meaning = CONSTRAINTS[e.constraint]
      if (meaning) throw new StoreError(meaning[0], meaning[1], { cause: e })
    }
    throw e
  }
}

function userFromRow(row: UserRow): UserRecord {
  return { id: row.id, email: row.email, passwordHash: row.password_hash, createdAt: Number(row.created_at) }
}

function boardFromRow(row: BoardRow): BoardRecord {
  return {
    id: row.id,
    ownerId: row.owner_id,
    title: row.title,
    joinCode: row.join_code,
    createdAt: Number(row.created_at),
  }
}
