import type { PoolClient } from 'pg'
import pg from 'pg'
import { decideClaims } from './claims.ts'
import { StoreError, StoreErrorCode, type StoreErrorField } from './errors.ts'
import { foldStored } from './fold.ts'
import type {
  AppendResult,
  AppStore,
  BoardRecord,
  DocAppend,
  DocStore,
  MeetingRecord,
  NewBoardRecord,
  ProjectMemberRecord,
  ProjectRecord,
  SessionRecord,
  ShareLinkRecord,
  SnapshotRecord,
  SnapshotSummary,
  Store,
  StoredDoc,
  TemplateRecord,
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
  {
    version: 2,
    name: 'projects, meetings, snapshots, templates, share links',
    // Boards and snapshots leave a deleted project (SET NULL) rather than vanish with it:
    // the service deletes them first, together with their documents.
    sql: `
      CREATE TABLE projects (
        id TEXT CONSTRAINT projects_pkey PRIMARY KEY,
        owner_id TEXT NOT NULL CONSTRAINT projects_owner_id_fkey REFERENCES users(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE project_members (
        project_id TEXT NOT NULL CONSTRAINT project_members_project_id_fkey REFERENCES projects(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL CONSTRAINT project_members_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
        added_at BIGINT NOT NULL,
        PRIMARY KEY (project_id, user_id)
      );
      CREATE INDEX project_members_user_id ON project_members(user_id);
      CREATE TABLE meetings (
        id TEXT CONSTRAINT meetings_pkey PRIMARY KEY,
        project_id TEXT NOT NULL CONSTRAINT meetings_project_id_fkey REFERENCES projects(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        date TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX meetings_project_id ON meetings(project_id, date);
      ALTER TABLE boards
        ADD COLUMN project_id TEXT CONSTRAINT boards_project_id_fkey REFERENCES projects(id) ON DELETE SET NULL,
        ADD COLUMN meeting_id TEXT CONSTRAINT boards_meeting_id_fkey REFERENCES meetings(id) ON DELETE SET NULL;
      CREATE INDEX boards_project_id ON boards(project_id);
      CREATE INDEX boards_meeting_id ON boards(meeting_id);
      CREATE TABLE snapshots (
        id TEXT CONSTRAINT snapshots_pkey PRIMARY KEY,
        board_id TEXT NOT NULL CONSTRAINT snapshots_board_id_fkey REFERENCES boards(id) ON DELETE CASCADE,
        project_id TEXT CONSTRAINT snapshots_project_id_fkey REFERENCES projects(id) ON DELETE SET NULL,
        name TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        label_count INTEGER NOT NULL,
        state BYTEA NOT NULL,
        thumbnail BYTEA
      );
      CREATE INDEX snapshots_board_id ON snapshots(board_id, created_at);
      CREATE INDEX snapshots_project_id ON snapshots(project_id, created_at);
      CREATE TABLE templates (
        id TEXT CONSTRAINT templates_pkey PRIMARY KEY,
        owner_id TEXT NOT NULL CONSTRAINT templates_owner_id_fkey REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX templates_owner_id ON templates(owner_id, created_at);
      CREATE TABLE share_links (
        id TEXT CONSTRAINT share_links_pkey PRIMARY KEY,
        token_hash TEXT NOT NULL CONSTRAINT share_links_token_hash_key UNIQUE,
        project_id TEXT CONSTRAINT share_links_project_id_fkey REFERENCES projects(id) ON DELETE CASCADE,
        snapshot_id TEXT CONSTRAINT share_links_snapshot_id_fkey REFERENCES snapshots(id) ON DELETE CASCADE,
        created_by TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT,
        revoked_at BIGINT,
        CONSTRAINT share_links_one_target CHECK ((project_id IS NULL) <> (snapshot_id IS NULL))
      );
      CREATE INDEX share_links_project_id ON share_links(project_id);
      CREATE INDEX share_links_snapshot_id ON share_links(snapshot_id);
    `,
  },
  {
    version: 3,
    name: 'owners of Yjs client ids',
    // Which subject wrote first under each Yjs client id of a document: nobody else may write there.
    sql: `
      CREATE TABLE doc_clients (
        doc_name TEXT NOT NULL REFERENCES docs(name) ON DELETE CASCADE,
        client BIGINT NOT NULL,
        subject TEXT NOT NULL,
        PRIMARY KEY (doc_name, client)
      );
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
  boards_project_id_fkey: [StoreErrorCode.MissingReference, 'projectId'],
  boards_meeting_id_fkey: [StoreErrorCode.MissingReference, 'meetingId'],
  projects_pkey: [StoreErrorCode.Duplicate, 'id'],
  projects_owner_id_fkey: [StoreErrorCode.MissingReference, 'ownerId'],
  project_members_project_id_fkey: [StoreErrorCode.MissingReference, 'projectId'],
  project_members_user_id_fkey: [StoreErrorCode.MissingReference, 'userId'],
  meetings_pkey: [StoreErrorCode.Duplicate, 'id'],
  meetings_project_id_fkey: [StoreErrorCode.MissingReference, 'projectId'],
  snapshots_pkey: [StoreErrorCode.Duplicate, 'id'],
  snapshots_board_id_fkey: [StoreErrorCode.MissingReference, 'boardId'],
  snapshots_project_id_fkey: [StoreErrorCode.MissingReference, 'projectId'],
  templates_pkey: [StoreErrorCode.Duplicate, 'id'],
  templates_owner_id_fkey: [StoreErrorCode.MissingReference, 'ownerId'],
  share_links_pkey: [StoreErrorCode.Duplicate, 'id'],
  share_links_token_hash_key: [StoreErrorCode.Duplicate, 'tokenHash'],
  share_links_project_id_fkey: [StoreErrorCode.MissingReference, 'projectId'],
  share_links_snapshot_id_fkey: [StoreErrorCode.MissingReference, 'snapshotId'],
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
  project_id: string | null
  meeting_id: string | null
}
interface ProjectRow {
  id: string
  owner_id: string
  title: string
  created_at: string
}
interface MemberRow {
  project_id: string
  user_id: string
  email: string
  added_at: string
}
interface MeetingRow {
  id: string
  project_id: string
  title: string
  date: string
  created_at: string
}
interface SnapshotSummaryRow {
  id: string
  board_id: string
  project_id: string | null
  name: string
  created_by: string
  created_at: string
  label_count: number
}
interface SnapshotRow extends SnapshotSummaryRow {
  state: Buffer
  thumbnail: Buffer | null
}
interface TemplateRow {
  id: string
  owner_id: string
  name: string
  body: string
  created_at: string
}
interface ShareLinkRow {
  id: string
  token_hash: string
  project_id: string | null
  snapshot_id: string | null
  created_by: string
  created_at: string
  expires_at: string | null
  revoked_at: string | null
}

const SNAPSHOT_SUMMARY_COLUMNS = 'id, board_id, project_id, name, created_by, created_at, label_count'
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

  /**
   * Group commit: appends from every room that arrive while one transaction is in flight go into
   * the next one, a fixed handful of statements however many boards it covers, so boards share
   * round trips and fsyncs instead of queueing for pool connections.
   */
  interface WaitingAppend {
    docName: string
    entries: DocAppend[]
    resolve: (r: AppendResult) => void
    reject: (e: unknown) => void
  }
  let waiting: WaitingAppend[] = []
  let committing = false

  async function commitWaiting(): Promise<void> {
    committing = true
    while (waiting.length > 0) {
      const batch = waiting
      waiting = []
      try {
        const results = await transaction((client) => appendAll(client, batch))
        batch.forEach((w, i) => {
          w.resolve(results[i]!)
        })
      } catch (e: unknown) {
        for (const w of batch) w.reject(e)
      }
    }
    committing = false
  }

  async function appendAll(client: PoolClient, batch: readonly WaitingAppend[]): Promise<AppendResult[]> {
    // Row-locks every counter until COMMIT, in name order so two instances never deadlock: appends
    // to one document run one at a time, seqs commit in order (a global sequence would let a higher
    // seq commit first, and a compaction up to it could then delete the lower one), and the owners
    // read next are final when two instances race for the same client id.
    const names = [...new Set(batch.map((w) => w.docName))].sort()
    const locked = await client.query<{ name: string; last_seq: string }>(
      `INSERT INTO docs (name, last_seq) SELECT n, 0 FROM unnest($1::text[]) AS n ORDER BY n
       ON CONFLICT (name) DO UPDATE SET last_seq = docs.last_seq
       RETURNING name, last_seq`,
      [names],
    )
    const lastSeq = new Map(locked.rows.map((r) => [r.name, Number(r.last_seq)]))
    const askDocs: string[] = []
    const askClients: number[] = []
    for (const w of batch) {
      for (const c of new Set(w.entries.flatMap((e) => e.clients))) {
        askDocs.push(w.docName)
        askClients.push(c)
      }
    }
    const owners = new Map<string, Map<number, string>>(names.map((n) => [n, new Map()]))
    if (askDocs.length > 0) {
      const found = await client.query<{ doc_name: string; client: string; subject: string }>(
        `SELECT c.doc_name, c.client, c.subject FROM doc_clients c
           JOIN unnest($1::text[], $2::bigint[]) AS a(doc_name, client) USING (doc_name, client)`,
        [askDocs, askClients],
      )
      for (const r of found.rows) owners.get(r.doc_name)?.set(Number(r.client), r.subject)
    }
    const claims = { docs: [] as string[], clients: [] as number[], subjects: [] as string[] }
    const rows = { docs: [] as string[], seqs: [] as number[], data: [] as Uint8Array[] }
    const results = batch.map((w): AppendResult => {
      const known = owners.get(w.docName)!
      const refused = decideClaims(
        w.entries,
        (c) => known.get(c),
        (c, subject) => {
          known.set(c, subject)
          claims.docs.push(w.docName)
          claims.clients.push(c)
          claims.subjects.push(subject)
        },
      )
      let seq = lastSeq.get(w.docName)!
      w.entries.forEach((e, i) => {
        if (refused.includes(i)) return
        seq += 1
        rows.docs.push(w.docName)
        rows.seqs.push(seq)
        rows.data.push(e.update)
      })
      lastSeq.set(w.docName, seq)
      return { lastSeq: seq, refused }
    })
    if (claims.docs.length > 0) {
      await client.query(
        'INSERT INTO doc_clients (doc_name, client, subject) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])',
        [claims.docs, claims.clients, claims.subjects],
      )
    }
    for (let start = 0; start < rows.docs.length; start += INSERT_CHUNK) {
      const end = start + INSERT_CHUNK
      await client.query(
        'INSERT INTO doc_updates (doc_name, seq, data) SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[])',
        [rows.docs.slice(start, end), rows.seqs.slice(start, end), rows.data.slice(start, end).map(toBuffer)],
      )
    }
    if (rows.docs.length > 0) {
      await client.query(
        `UPDATE docs SET last_seq = v.seq FROM unnest($1::text[], $2::bigint[]) AS v(name, seq)
          WHERE docs.name = v.name`,
        [names, names.map((n) => lastSeq.get(n)!)],
      )
    }
    return results
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
      if (!head) return { updates: [], lastSeq: 0, logLength: 0, owners: new Map() }
      const snapshotSeq = Number(head.snapshot_seq)
      const updates: Uint8Array[] = []
      let logLength = 0
      for (const row of rows) {
        if (row.seq === null || row.data === null) continue
        updates.push(new Uint8Array(row.data))
        if (Number(row.seq) > snapshotSeq) logLength += 1
      }
      // Read after the updates: a claim commits with the update that makes it, so every client id
      // in those updates has its owner here (claims of later updates are real ones too).
      const claims = await pool.query<{ client: string; subject: string }>(
        'SELECT client, subject FROM doc_clients WHERE doc_name = $1',
        [docName],
      )
      const owners = new Map(claims.rows.map((r) => [Number(r.client), r.subject] as const))
      return { updates, lastSeq: Number(head.last_seq), logLength, owners }
    },

    async append(docName: string, entries: DocAppend[]): Promise<AppendResult> {
      if (entries.length === 0) {
        const { rows } = await pool.query<{ last_seq: string }>('SELECT last_seq FROM docs WHERE name = $1', [docName])
        return { lastSeq: rows[0] ? Number(rows[0].last_seq) : 0, refused: [] }
      }
      return new Promise<AppendResult>((resolve, reject) => {
        waiting.push({ docName, entries, resolve, reject })
        if (!committing) void commitWaiting()
      })
    },

    async compact(docName: string, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
      // Deleted rows are gone from every query at COMMIT; the heap pages are reused by later writes.
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

    async fold(docName: string, opts?: { purge?: boolean }): Promise<number> {
      const stored = await this.load(docName)
      const snapshot = foldStored(stored, opts?.purge === true)
      if (!snapshot) return 0
      await this.compact(docName, snapshot, stored.lastSeq, opts)
      return stored.logLength
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

    async createBoard(board: NewBoardRecord): Promise<void> {
      await guard(
        pool.query(
          `INSERT INTO boards (id, owner_id, title, join_code, created_at, project_id, meeting_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            board.id,
            board.ownerId,
            board.title,
            board.joinCode,
            board.createdAt,
            board.projectId ?? null,
            board.meetingId ?? null,
          ],
        ),
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

    async listProjectBoards(projectId: string): Promise<BoardRecord[]> {
      const { rows } = await pool.query<BoardRow>(
        'SELECT * FROM boards WHERE project_id = $1 ORDER BY created_at, id COLLATE "C"',
        [projectId],
      )
      return rows.map(boardFromRow)
    },

    async setBoardPlacement(id: string, projectId: string | null, meetingId: string | null): Promise<void> {
      await guard(
        transaction(async (client) => {
          const { rowCount } = await client.query('UPDATE boards SET project_id = $2, meeting_id = $3 WHERE id = $1', [
            id,
            projectId,
            meetingId,
          ])
          if (rowCount) await client.query('UPDATE snapshots SET project_id = $2 WHERE board_id = $1', [id, projectId])
        }),
      )
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

    async createProject(project: ProjectRecord): Promise<void> {
      await guard(
        transaction(async (client) => {
          await client.query('INSERT INTO projects (id, owner_id, title, created_at) VALUES ($1, $2, $3, $4)', [
            project.id,
            project.ownerId,
            project.title,
            project.createdAt,
          ])
          await client.query('INSERT INTO project_members (project_id, user_id, added_at) VALUES ($1, $2, $3)', [
            project.id,
            project.ownerId,
            project.createdAt,
          ])
        }),
      )
    },

    async getProject(id: string): Promise<ProjectRecord | undefined> {
      const { rows } = await pool.query<ProjectRow>('SELECT * FROM projects WHERE id = $1', [id])
      return rows[0] && projectFromRow(rows[0])
    },

    async listProjectsForUser(userId: string): Promise<ProjectRecord[]> {
      const { rows } = await pool.query<ProjectRow>(
        `SELECT p.* FROM projects p JOIN project_members m ON m.project_id = p.id
          WHERE m.user_id = $1 ORDER BY p.created_at, p.id COLLATE "C"`,
        [userId],
      )
      return rows.map(projectFromRow)
    },

    async renameProject(id: string, title: string): Promise<void> {
      await pool.query('UPDATE projects SET title = $2 WHERE id = $1', [id, title])
    },

    async deleteProject(id: string): Promise<void> {
      await pool.query('DELETE FROM projects WHERE id = $1', [id])
    },

    async addProjectMember(projectId: string, userId: string, addedAt: number): Promise<void> {
      await guard(
        pool.query(
          'INSERT INTO project_members (project_id, user_id, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [projectId, userId, addedAt],
        ),
      )
    },

    async removeProjectMember(projectId: string, userId: string): Promise<void> {
      await pool.query('DELETE FROM project_members WHERE project_id = $1 AND user_id = $2', [projectId, userId])
    },

    async listProjectMembers(projectId: string): Promise<ProjectMemberRecord[]> {
      const { rows } = await pool.query<MemberRow>(
        `SELECT m.project_id, m.user_id, u.email, m.added_at FROM project_members m JOIN users u ON u.id = m.user_id
          WHERE m.project_id = $1 ORDER BY m.added_at, m.user_id COLLATE "C"`,
        [projectId],
      )
      return rows.map((r) => ({
        projectId: r.project_id,
        userId: r.user_id,
        email: r.email,
        addedAt: Number(r.added_at),
      }))
    },

    async isProjectMember(projectId: string, userId: string): Promise<boolean> {
      const { rowCount } = await pool.query('SELECT 1 FROM project_members WHERE project_id = $1 AND user_id = $2', [
        projectId,
        userId,
      ])
      return (rowCount ?? 0) > 0
    },

    async createMeeting(m: MeetingRecord): Promise<void> {
      await guard(
        pool.query('INSERT INTO meetings (id, project_id, title, date, created_at) VALUES ($1, $2, $3, $4, $5)', [
          m.id,
          m.projectId,
          m.title,
          m.date,
          m.createdAt,
        ]),
      )
    },

    async getMeeting(id: string): Promise<MeetingRecord | undefined> {
      const { rows } = await pool.query<MeetingRow>('SELECT * FROM meetings WHERE id = $1', [id])
      return rows[0] && meetingFromRow(rows[0])
    },

    async listMeetings(projectId: string): Promise<MeetingRecord[]> {
      const { rows } = await pool.query<MeetingRow>(
        'SELECT * FROM meetings WHERE project_id = $1 ORDER BY date COLLATE "C", created_at, id COLLATE "C"',
        [projectId],
      )
      return rows.map(meetingFromRow)
    },

    async updateMeeting(id: string, patch: { title?: string; date?: string }): Promise<void> {
      await pool.query('UPDATE meetings SET title = coalesce($2, title), date = coalesce($3, date) WHERE id = $1', [
        id,
        patch.title ?? null,
        patch.date ?? null,
      ])
    },

    async deleteMeeting(id: string): Promise<void> {
      await pool.query('DELETE FROM meetings WHERE id = $1', [id])
    },

    async createSnapshot(s: SnapshotRecord): Promise<void> {
      await guard(
        pool.query(
          `INSERT INTO snapshots (id, board_id, project_id, name, created_by, created_at, label_count, state, thumbnail)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [s.id, s.boardId, s.projectId, s.name, s.createdBy, s.createdAt, s.labelCount, s.state, s.thumbnail],
        ),
      )
    },

    async getSnapshot(id: string): Promise<SnapshotRecord | undefined> {
      const { rows } = await pool.query<SnapshotRow>('SELECT * FROM snapshots WHERE id = $1', [id])
      const row = rows[0]
      return (
        row && {
          ...snapshotSummaryFromRow(row),
          state: new Uint8Array(row.state),
          thumbnail: row.thumbnail ? new Uint8Array(row.thumbnail) : null,
        }
      )
    },

    async listSnapshots(scope: { boardId: string } | { projectId: string }): Promise<SnapshotSummary[]> {
      const [column, value] = 'boardId' in scope ? ['board_id', scope.boardId] : ['project_id', scope.projectId]
      const { rows } = await pool.query<SnapshotSummaryRow>(
        `SELECT ${SNAPSHOT_SUMMARY_COLUMNS} FROM snapshots WHERE ${column} = $1 ORDER BY created_at, id COLLATE "C"`,
        [value],
      )
      return rows.map(snapshotSummaryFromRow)
    },

    async listBoardsCreatedBefore(before: number): Promise<BoardRecord[]> {
      const { rows } = await pool.query<BoardRow>(
        'SELECT * FROM boards WHERE created_at < $1 ORDER BY created_at, id COLLATE "C"',
        [before],
      )
      return rows.map(boardFromRow)
    },

    async listSnapshotIdsCreatedBefore(before: number): Promise<string[]> {
      const { rows } = await pool.query<{ id: string }>(
        'SELECT id FROM snapshots WHERE created_at < $1 ORDER BY created_at, id COLLATE "C"',
        [before],
      )
      return rows.map((r) => r.id)
    },

    async deleteSnapshot(id: string): Promise<void> {
      await pool.query('DELETE FROM snapshots WHERE id = $1', [id])
    },

    async createTemplate(t: TemplateRecord): Promise<void> {
      await guard(
        pool.query('INSERT INTO templates (id, owner_id, name, body, created_at) VALUES ($1, $2, $3, $4, $5)', [
          t.id,
          t.ownerId,
          t.name,
          t.body,
          t.createdAt,
        ]),
      )
    },

    async getTemplate(id: string): Promise<TemplateRecord | undefined> {
      const { rows } = await pool.query<TemplateRow>('SELECT * FROM templates WHERE id = $1', [id])
      return rows[0] && templateFromRow(rows[0])
    },

    async listTemplates(ownerId: string): Promise<TemplateRecord[]> {
      const { rows } = await pool.query<TemplateRow>(
        'SELECT * FROM templates WHERE owner_id = $1 ORDER BY created_at, id COLLATE "C"',
        [ownerId],
      )
      return rows.map(templateFromRow)
    },

    async deleteTemplate(id: string): Promise<void> {
      await pool.query('DELETE FROM templates WHERE id = $1', [id])
    },

    async createShareLink(l: ShareLinkRecord): Promise<void> {
      if ((l.projectId === null) === (l.snapshotId === null)) {
        throw new Error('A share link is for exactly one project or one snapshot')
      }
      await guard(
        pool.query(
          `INSERT INTO share_links (id, token_hash, project_id, snapshot_id, created_by, created_at, expires_at, revoked_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [l.id, l.tokenHash, l.projectId, l.snapshotId, l.createdBy, l.createdAt, l.expiresAt, l.revokedAt],
        ),
      )
    },

    async getShareLink(id: string): Promise<ShareLinkRecord | undefined> {
      const { rows } = await pool.query<ShareLinkRow>('SELECT * FROM share_links WHERE id = $1', [id])
      return rows[0] && shareLinkFromRow(rows[0])
    },

    async getShareLinkByTokenHash(tokenHash: string): Promise<ShareLinkRecord | undefined> {
      const { rows } = await pool.query<ShareLinkRow>('SELECT * FROM share_links WHERE token_hash = $1', [tokenHash])
      return rows[0] && shareLinkFromRow(rows[0])
    },

    async listShareLinks(scope: { snapshotId: string } | { projectId: string }): Promise<ShareLinkRecord[]> {
      const { rows } =
        'snapshotId' in scope
          ? await pool.query<ShareLinkRow>(
              'SELECT * FROM share_links WHERE snapshot_id = $1 ORDER BY created_at, id COLLATE "C"',
              [scope.snapshotId],
            )
          : await pool.query<ShareLinkRow>(
              `SELECT * FROM share_links
                WHERE project_id = $1 OR snapshot_id IN (SELECT id FROM snapshots WHERE project_id = $1)
                ORDER BY created_at, id COLLATE "C"`,
              [scope.projectId],
            )
      return rows.map(shareLinkFromRow)
    },

    async revokeShareLink(id: string, at: number): Promise<void> {
      await pool.query('UPDATE share_links SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, at])
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
    projectId: row.project_id,
    meetingId: row.meeting_id,
  }
}

function projectFromRow(row: ProjectRow): ProjectRecord {
  return { id: row.id, ownerId: row.owner_id, title: row.title, createdAt: Number(row.created_at) }
}

function meetingFromRow(row: MeetingRow): MeetingRecord {
  return { id: row.id, projectId: row.project_id, title: row.title, date: row.date, createdAt: Number(row.created_at) }
}

function snapshotSummaryFromRow(row: SnapshotSummaryRow): SnapshotSummary {
  return {
    id: row.id,
    boardId: row.board_id,
    projectId: row.project_id,
    name: row.name,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    labelCount: Number(row.label_count),
  }
}

function templateFromRow(row: TemplateRow): TemplateRecord {
  return { id: row.id, ownerId: row.owner_id, name: row.name, body: row.body, createdAt: Number(row.created_at) }
}

function shareLinkFromRow(row: ShareLinkRow): ShareLinkRecord {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    projectId: row.project_id,
    snapshotId: row.snapshot_id,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
