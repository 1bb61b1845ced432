import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
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

/** Where the SQLite database lives: a data directory (file `vaegavis.db` inside) or an explicit file path. */
export type SqliteStoreOptions = { dir: string } | { file: string }

/** File name of the database inside the data directory. */
export const SQLITE_FILE_NAME = 'vaegavis.db'

interface Migration {
  version: number
  name: string
  sql: string
}

/**
 * Schema migrations, applied in order at open. Append new ones; never edit
 * one that has shipped.
 *
 * Documents: `docs` holds the per-document counter (`last_seq`) and which
 * entry is the snapshot (`snapshot_seq`, 0 = none); `doc_updates` holds the
 * snapshot as the row at `snapshot_seq` followed by the log, so loading in
 * seq order yields snapshot first, then the log.
 */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE docs (
        name TEXT PRIMARY KEY,
        last_seq INTEGER NOT NULL,
        snapshot_seq INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE TABLE doc_updates (
        doc_name TEXT NOT NULL REFERENCES docs(name) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (doc_name, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sessions_user_id ON sessions(user_id);
      CREATE TABLE boards (
        id TEXT PRIMARY KEY,
        owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        join_code TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX boards_owner_id ON boards(owner_id, created_at);
      CREATE TABLE tokens (
        token_hash TEXT PRIMARY KEY,
        board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('facilitator', 'participant', 'viewer')),
        subject TEXT NOT NULL,
        nickname TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER
      ) STRICT;
      CREATE INDEX tokens_board_id ON tokens(board_id);
    `,
  },
]

interface DocRow {
  last_seq: number
  snapshot_seq: number
  seq: number | null
  data: Buffer | null
}
interface UserRow {
  id: string
  email: string
  password_hash: string
  created_at: number
}
interface SessionRow {
  token_hash: string
  user_id: string
  expires_at: number
}
interface BoardRow {
  id: string
  owner_id: string
  title: string
  join_code: string
  created_at: number
}
interface TokenRow {
  token_hash: string
  board_id: string
  role: TokenRecord['role']
  subject: string
  nickname: string
  created_at: number
  expires_at: number | null
}

/**
 * A {@link Store} on one SQLite file (better-sqlite3, WAL, `synchronous =
 * FULL` so an append is on disk when it resolves). Several processes may open
 * the same file: writes take the write lock up front (`BEGIN IMMEDIATE`) and
 * wait up to the busy timeout for it.
 */
export function createSqliteStore(opts: SqliteStoreOptions): Store {
  const file = 'file' in opts ? opts.file : join(opts.dir, SQLITE_FILE_NAME)
  if (file !== ':memory:') mkdirSync('dir' in opts ? opts.dir : dirname(file), { recursive: true })

  const db = new Database(file)
  try {
    db.pragma('busy_timeout = 5000')
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    // Deleted rows are overwritten, so a deleted board's labels do not linger in free pages.
    db.pragma('secure_delete = ON')
    migrate(db)
  } catch (e: unknown) {
    db.close()
    throw e
  }

  const q = {
    load: db.prepare<[string], DocRow>(
      `SELECT d.last_seq, d.snapshot_seq, u.seq, u.data
         FROM docs d LEFT JOIN doc_updates u ON u.doc_name = d.name
        WHERE d.name = ? ORDER BY u.seq`,
    ),
    bumpSeq: db.prepare<[string, number], { last_seq: number }>(
      `INSERT INTO docs (name, last_seq) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET last_seq = last_seq + excluded.last_seq
       RETURNING last_seq`,
    ),
    insertUpdate: db.prepare<[string, number, Buffer], void>(
      'INSERT INTO doc_updates (doc_name, seq, data) VALUES (?, ?, ?)',
    ),
    docSeqs: db.prepare<[string], { last_seq: number; snapshot_seq: number }>(
      'SELECT last_seq, snapshot_seq FROM docs WHERE name = ?',
    ),
    deleteUpTo: db.prepare<[string, number], void>('DELETE FROM doc_updates WHERE doc_name = ? AND seq <= ?'),
    setSnapshotSeq: db.prepare<[number, string], void>('UPDATE docs SET snapshot_seq = ? WHERE name = ?'),
    deleteDoc: db.prepare<[string], void>('DELETE FROM docs WHERE name = ?'),

    insertUser: db.prepare<[string, string, string, number], void>(
      'INSERT INTO users (id, email, password_hash, created_at) VALUES (?, ?, ?, ?)',
    ),
    userByEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
    userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
    setPassword: db.prepare<[string, string], void>('UPDATE users SET password_hash = ? WHERE id = ?'),

    insertSession: db.prepare<[string, string, number], void>(
      'INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)',
    ),
    session: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?'),
    deleteSession: db.prepare<[string], void>('DELETE FROM sessions WHERE token_hash = ?'),

    insertBoard: db.prepare<[string, string, string, string, number], void>(
      'INSERT INTO boards (id, owner_id, title, join_code, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    board: db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
    boardByJoinCode: db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE join_code = ?'),
    boardsByOwner: db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE owner_id = ? ORDER BY created_at, id'),
    deleteBoard: db.prepare<[string], void>('DELETE FROM boards WHERE id = ?'),

    insertToken: db.prepare<[string, string, string, string, string, number, number | null], void>(
      `INSERT INTO tokens (token_hash, board_id, role, subject, nickname, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    token: db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE token_hash = ?'),
  }

  const appendTx = db.transaction((docName: string, updates: Uint8Array[]): number => {
    const row = q.bumpSeq.get(docName, updates.length)
    if (!row) throw new Error('SQLite returned no row from INSERT … RETURNING')
    const first = row.last_seq - updates.length + 1
    updates.forEach((update, i) => {
      q.insertUpdate.run(docName, first + i, toBuffer(update))
    })
    return row.last_seq
  })

  const compactTx = db.transaction((docName: string, snapshot: Uint8Array, uptoSeq: number): void => {
    const doc = q.docSeqs.get(docName)
    // Stale (another instance compacted further) or out of range: keeping the log is always safe.
    if (!doc || uptoSeq <= doc.snapshot_seq || uptoSeq > doc.last_seq) return
    q.deleteUpTo.run(docName, uptoSeq)
    q.insertUpdate.run(docName, uptoSeq, toBuffer(snapshot))
    q.setSnapshotSeq.run(uptoSeq, docName)
  })

  const docs: DocStore = {
    async load(docName: string): Promise<StoredDoc> {
      const rows = q.load.all(docName)
      const head = rows[0]
      if (!head) return { updates: [], lastSeq: 0, logLength: 0 }
      const updates: Uint8Array[] = []
      let logLength = 0
      for (const row of rows) {
        if (row.seq === null || row.data === null) continue
        updates.push(new Uint8Array(row.data))
        if (row.seq > head.snapshot_seq) logLength += 1
      }
      return { updates, lastSeq: head.last_seq, logLength }
    },

    async append(docName: string, updates: Uint8Array[]): Promise<number> {
      if (updates.length === 0) return q.docSeqs.get(docName)?.last_seq ?? 0
      return appendTx.immediate(docName, updates)
    },

    async compact(docName: string, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
      compactTx.immediate(docName, snapshot, uptoSeq)
    },

    async delete(docName: string): Promise<void> {
      q.deleteDoc.run(docName)
    },

    close,
  }

  const app: AppStore = {
    async createUser(user: UserRecord): Promise<void> {
      guard(
        () => q.insertUser.run(user.id, user.email.toLowerCase(), user.passwordHash, user.createdAt),
        { 'users.id': 'id', 'users.email': 'email' },
        'id',
      )
    },

    async getUserByEmail(email: string): Promise<UserRecord | undefined> {
      return toUser(q.userByEmail.get(email.toLowerCase()))
    },

    async getUserById(id: string): Promise<UserRecord | undefined> {
      return toUser(q.userById.get(id))
    },

    async setPassword(userId: string, passwordHash: string): Promise<void> {
      q.setPassword.run(passwordHash, userId)
    },

    async createSession(session: SessionRecord): Promise<void> {
      guard(
        () => q.insertSession.run(session.tokenHash, session.userId, session.expiresAt),
        { 'sessions.token_hash': 'tokenHash' },
        'userId',
      )
    },

    async getSession(tokenHash: string): Promise<SessionRecord | undefined> {
      const row = q.session.get(tokenHash)
      return row && { tokenHash: row.token_hash, userId: row.user_id, expiresAt: row.expires_at }
    },

    async deleteSession(tokenHash: string): Promise<void> {
      q.deleteSession.run(tokenHash)
    },

    async createBoard(board: BoardRecord): Promise<void> {
      guard(
        () => q.insertBoard.run(board.id, board.ownerId, board.title, board.joinCode, board.createdAt),
        { 'boards.id': 'id', 'boards.join_code': 'joinCode' },
        'ownerId',
      )
    },

    async getBoard(id: string): Promise<BoardRecord | undefined> {
      const row = q.board.get(id)
      return row && boardFromRow(row)
    },

    async getBoardByJoinCode(joinCode: string): Promise<BoardRecord | undefined> {
      const row = q.boardByJoinCode.get(joinCode)
      return row && boardFromRow(row)
    },

    async listBoards(ownerId: string): Promise<BoardRecord[]> {
      return q.boardsByOwner.all(ownerId).map(boardFromRow)
    },

    async deleteBoard(id: string): Promise<void> {
      q.deleteBoard.run(id)
    },

    async createToken(token: TokenRecord): Promise<void> {
      guard(
        () =>
          q.insertToken.run(
            token.tokenHash,
            token.boardId,
            token.role,
            token.subject,
            token.nickname,
            token.createdAt,
            token.expiresAt,
          ),
        { 'tokens.token_hash': 'tokenHash' },
        'boardId',
      )
    },

    async getToken(tokenHash: string): Promise<TokenRecord | undefined> {
      const row = q.token.get(tokenHash)
      return (
        row && {
          tokenHash: row.token_hash,
          boardId: row.board_id,
          role: row.role,
          subject: row.subject,
          nickname: row.nickname,
          createdAt: row.created_at,
          expiresAt: row.expires_at,
        }
      )
    },
  }

  // Shared by `docs.close()` and `close()`: whichever runs first closes the file.
  async function close(): Promise<void> {
    if (db.open) db.close()
  }

  return { docs, app, kind: 'sqlite', close }
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)')
  const applied = db.prepare<[], { version: number }>('SELECT version FROM schema_migrations')
  const record = db.prepare<[number, number], void>('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)')
  // IMMEDIATE: another process opening the same file at the same moment waits instead of migrating twice.
  const run = db.transaction(() => {
    const done = new Set(applied.all().map((r) => r.version))
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue
      db.exec(m.sql)
      record.run(m.version, Date.now())
    }
  })
  run.immediate()
}

/** Runs an insert, turning SQLite constraint errors into {@link StoreError}s. */
function guard(
  insert: () => unknown,
  uniqueFields: Record<string, StoreErrorField>,
  foreignKeyField: StoreErrorField,
): void {
  try {
    insert()
  } catch (e: unknown) {
    if (!(e instanceof Database.SqliteError)) throw e
    if (e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      throw new StoreError(StoreErrorCode.MissingReference, foreignKeyField, { cause: e })
    }
    if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      // The message is "UNIQUE constraint failed: table.column".
      const column = e.message.slice(e.message.lastIndexOf(' ') + 1)
      const field = uniqueFields[column]
      if (field) throw new StoreError(StoreErrorCode.Duplicate, field, { cause: e })
    }
    throw e
  }
}

// better-sqlite3 binds Buffers, not plain Uint8Arrays; this is a view, not a copy.
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

function toUser(row: UserRow | undefined): UserRecord | undefined {
  return row && { id: row.id, email: row.email, passwordHash: row.password_hash, createdAt: row.created_at }
}

function boardFromRow(row: BoardRow): BoardRecord {
  return { id: row.id, ownerId: row.owner_id, title: row.title, joinCode: row.join_code, createdAt: row.created_at }
}
