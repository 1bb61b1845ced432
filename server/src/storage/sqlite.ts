import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { StoreError, StoreErrorCode, type StoreErrorField } from './errors.ts'
import { docTables } from './sqliteDocs.ts'
import { inThreadDocs, workerDocs } from './sqliteWorkerClient.ts'
import type {
  AppStore,
  BoardRecord,
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
  TemplateRecord,
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
  {
    version: 2,
    name: 'projects, meetings, snapshots, templates, share links',
    // Boards and snapshots leave a deleted project (SET NULL) rather than vanish with it:
    // the service deletes them first, together with their documents.
    sql: `
      CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE project_members (
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        added_at INTEGER NOT NULL,
        PRIMARY KEY (project_id, user_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX project_members_user_id ON project_members(user_id);
      CREATE TABLE meetings (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        date TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX meetings_project_id ON meetings(project_id, date);
      ALTER TABLE boards ADD COLUMN project_id TEXT REFERENCES projects(id) ON DELETE SET NULL;
      ALTER TABLE boards ADD COLUMN meeting_id TEXT REFERENCES meetings(id) ON DELETE SET NULL;
      CREATE INDEX boards_project_id ON boards(project_id);
      CREATE INDEX boards_meeting_id ON boards(meeting_id);
      CREATE TABLE snapshots (
        id TEXT PRIMARY KEY,
        board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        project_id TEXT REFERENCES projects(id) ON DELETE SET NULL,
        name TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        label_count INTEGER NOT NULL,
        state BLOB NOT NULL,
        thumbnail BLOB
      ) STRICT;
      CREATE INDEX snapshots_board_id ON snapshots(board_id, created_at);
      CREATE INDEX snapshots_project_id ON snapshots(project_id, created_at);
      CREATE TABLE templates (
        id TEXT PRIMARY KEY,
        owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX templates_owner_id ON templates(owner_id, created_at);
      CREATE TABLE share_links (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        project_id TEXT REFERENCES projects(id) ON DELETE CASCADE,
        snapshot_id TEXT REFERENCES snapshots(id) ON DELETE CASCADE,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        revoked_at INTEGER,
        CHECK ((project_id IS NULL) <> (snapshot_id IS NULL))
      ) STRICT;
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
        client INTEGER NOT NULL,
        subject TEXT NOT NULL,
        PRIMARY KEY (doc_name, client)
      ) STRICT, WITHOUT ROWID;
    `,
  },
]

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
  project_id: string | null
  meeting_id: string | null
}
interface ProjectRow {
  id: string
  owner_id: string
  title: string
  created_at: number
}
interface MemberRow {
  project_id: string
  user_id: string
  email: string
  added_at: number
}
interface MeetingRow {
  id: string
  project_id: string
  title: string
  date: string
  created_at: number
}
interface SnapshotSummaryRow {
  id: string
  board_id: string
  project_id: string | null
  name: string
  created_by: string
  created_at: number
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
  created_at: number
}
interface ShareLinkRow {
  id: string
  token_hash: string
  project_id: string | null
  snapshot_id: string | null
  created_by: string
  created_at: number
  expires_at: number | null
  revoked_at: number | null
}

const SNAPSHOT_SUMMARY_COLUMNS = 'id, board_id, project_id, name, created_by, created_at, label_count'
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

    insertBoard: db.prepare<[string, string, string, string, number, string | null, string | null], void>(
      `INSERT INTO boards (id, owner_id, title, join_code, created_at, project_id, meeting_id)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    boardsByProject: db.prepare<[string], BoardRow>(
      'SELECT * FROM boards WHERE project_id = ? ORDER BY created_at, id',
    ),
    placeBoard: db.prepare<[string | null, string | null, string], void>(
      'UPDATE boards SET project_id = ?, meeting_id = ? WHERE id = ?',
    ),
    placeSnapshots: db.prepare<[string | null, string], void>('UPDATE snapshots SET project_id = ? WHERE board_id = ?'),
    projectExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM projects WHERE id = ?'),
    meetingExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM meetings WHERE id = ?'),
    boardExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM boards WHERE id = ?'),
    userExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM users WHERE id = ?'),
    snapshotExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM snapshots WHERE id = ?'),

    insertProject: db.prepare<[string, string, string, number], void>(
      'INSERT INTO projects (id, owner_id, title, created_at) VALUES (?, ?, ?, ?)',
    ),
    project: db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE id = ?'),
    projectsForUser: db.prepare<[string], ProjectRow>(
      `SELECT p.* FROM projects p JOIN project_members m ON m.project_id = p.id
        WHERE m.user_id = ? ORDER BY p.created_at, p.id`,
    ),
    renameProject: db.prepare<[string, string], void>('UPDATE projects SET title = ? WHERE id = ?'),
    deleteProject: db.prepare<[string], void>('DELETE FROM projects WHERE id = ?'),
    insertMember: db.prepare<[string, string, number], void>(
      'INSERT INTO project_members (project_id, user_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    deleteMember: db.prepare<[string, string], void>(
      'DELETE FROM project_members WHERE project_id = ? AND user_id = ?',
    ),
    members: db.prepare<[string], MemberRow>(
      `SELECT m.project_id, m.user_id, u.email, m.added_at FROM project_members m JOIN users u ON u.id = m.user_id
        WHERE m.project_id = ? ORDER BY m.added_at, m.user_id`,
    ),
    isMember: db.prepare<[string, string], { one: number }>(
      'SELECT 1 AS one FROM project_members WHERE project_id = ? AND user_id = ?',
    ),

    insertMeeting: db.prepare<[string, string, string, string, number], void>(
      'INSERT INTO meetings (id, project_id, title, date, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    meeting: db.prepare<[string], MeetingRow>('SELECT * FROM meetings WHERE id = ?'),
    meetings: db.prepare<[string], MeetingRow>(
      'SELECT * FROM meetings WHERE project_id = ? ORDER BY date, created_at, id',
    ),
    updateMeeting: db.prepare<[string | null, string | null, string], void>(
      'UPDATE meetings SET title = coalesce(?, title), date = coalesce(?, date) WHERE id = ?',
    ),
    deleteMeeting: db.prepare<[string], void>('DELETE FROM meetings WHERE id = ?'),

    insertSnapshot: db.prepare<
      [string, string, string | null, string, string, number, number, Buffer, Buffer | null],
      void
    >(
      `INSERT INTO snapshots (id, board_id, project_id, name, created_by, created_at, label_count, state, thumbnail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    snapshot: db.prepare<[string], SnapshotRow>('SELECT * FROM snapshots WHERE id = ?'),
    snapshotsByBoard: db.prepare<[string], SnapshotSummaryRow>(
      `SELECT ${SNAPSHOT_SUMMARY_COLUMNS} FROM snapshots WHERE board_id = ? ORDER BY created_at, id`,
    ),
    snapshotsByProject: db.prepare<[string], SnapshotSummaryRow>(
      `SELECT ${SNAPSHOT_SUMMARY_COLUMNS} FROM snapshots WHERE project_id = ? ORDER BY created_at, id`,
    ),
    deleteSnapshot: db.prepare<[string], void>('DELETE FROM snapshots WHERE id = ?'),

    insertTemplate: db.prepare<[string, string, string, string, number], void>(
      'INSERT INTO templates (id, owner_id, name, body, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    template: db.prepare<[string], TemplateRow>('SELECT * FROM templates WHERE id = ?'),
    templatesByOwner: db.prepare<[string], TemplateRow>(
      'SELECT * FROM templates WHERE owner_id = ? ORDER BY created_at, id',
    ),
    deleteTemplate: db.prepare<[string], void>('DELETE FROM templates WHERE id = ?'),

    insertShareLink: db.prepare<
      [string, string, string | null, string | null, string, number, number | null, number | null],
      void
    >(
      `INSERT INTO share_links (id, token_hash, project_id, snapshot_id, created_by, created_at, expires_at, revoked_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    shareLink: db.prepare<[string], ShareLinkRow>('SELECT * FROM share_links WHERE id = ?'),
    shareLinkByToken: db.prepare<[string], ShareLinkRow>('SELECT * FROM share_links WHERE token_hash = ?'),
    shareLinksBySnapshot: db.prepare<[string], ShareLinkRow>(
      'SELECT * FROM share_links WHERE snapshot_id = ? ORDER BY created_at, id',
    ),
    shareLinksByProject: db.prepare<[string, string], ShareLinkRow>(
      `SELECT * FROM share_links
        WHERE project_id = ? OR snapshot_id IN (SELECT id FROM snapshots WHERE project_id = ?)
        ORDER BY created_at, id`,
    ),
    revokeShareLink: db.prepare<[number, string], void>(
      'UPDATE share_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
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

  /** SQLite does not say which foreign key failed, so references are checked first, inside the transaction. */
  function requirePlacement(projectId: string | null, meetingId: string | null): void {
    if (projectId !== null && !q.projectExists.get(projectId))
      throw new StoreError(StoreErrorCode.MissingReference, 'projectId')
    if (meetingId !== null && !q.meetingExists.get(meetingId))
      throw new StoreError(StoreErrorCode.MissingReference, 'meetingId')
  }

  const createBoardTx = db.transaction((b: BoardRecord): void => {
    requirePlacement(b.projectId, b.meetingId)
    guard(
      () => q.insertBoard.run(b.id, b.ownerId, b.title, b.joinCode, b.createdAt, b.projectId, b.meetingId),
      { 'boards.id': 'id', 'boards.join_code': 'joinCode' },
      'ownerId',
    )
  })

  const placeBoardTx = db.transaction((id: string, projectId: string | null, meetingId: string | null): void => {
    if (!q.boardExists.get(id)) return
    requirePlacement(projectId, meetingId)
    q.placeBoard.run(projectId, meetingId, id)
    q.placeSnapshots.run(projectId, id)
  })

  const createProjectTx = db.transaction((p: ProjectRecord): void => {
    guard(() => q.insertProject.run(p.id, p.ownerId, p.title, p.createdAt), { 'projects.id': 'id' }, 'ownerId')
    q.insertMember.run(p.id, p.ownerId, p.createdAt)
  })

  const addMemberTx = db.transaction((projectId: string, userId: string, addedAt: number): void => {
    if (!q.projectExists.get(projectId)) throw new StoreError(StoreErrorCode.MissingReference, 'projectId')
    if (!q.userExists.get(userId)) throw new StoreError(StoreErrorCode.MissingReference, 'userId')
    q.insertMember.run(projectId, userId, addedAt)
  })

  const createSnapshotTx = db.transaction((s: SnapshotRecord): void => {
    if (!q.boardExists.get(s.boardId)) throw new StoreError(StoreErrorCode.MissingReference, 'boardId')
    requirePlacement(s.projectId, null)
    guard(
      () =>
        q.insertSnapshot.run(
          s.id,
          s.boardId,
          s.projectId,
          s.name,
          s.createdBy,
          s.createdAt,
          s.labelCount,
          toBuffer(s.state),
          s.thumbnail ? toBuffer(s.thumbnail) : null,
        ),
      { 'snapshots.id': 'id' },
      'boardId',
    )
  })

  const createShareLinkTx = db.transaction((l: ShareLinkRecord): void => {
    if ((l.projectId === null) === (l.snapshotId === null)) {
      throw new Error('A share link is for exactly one project or one snapshot')
    }
    requirePlacement(l.projectId, null)
    if (l.snapshotId !== null && !q.snapshotExists.get(l.snapshotId))
      throw new StoreError(StoreErrorCode.MissingReference, 'snapshotId')
    guard(
      () =>
        q.insertShareLink.run(
          l.id,
          l.tokenHash,
          l.projectId,
          l.snapshotId,
          l.createdBy,
          l.createdAt,
          l.expiresAt,
          l.revokedAt,
        ),
      { 'share_links.id': 'id', 'share_links.token_hash': 'tokenHash' },
      'projectId',
    )
  })

  // The documents live in a worker with a connection of its own (see sqliteWorker.ts); an
  // in-memory database cannot be shared with it, so that one keeps them on this thread.
  const docs: DocStore = file === ':memory:' ? inThreadDocs(docTables(db)) : workerDocs(file)

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

    async createBoard(board: NewBoardRecord): Promise<void> {
      createBoardTx.immediate({ ...board, projectId: board.projectId ?? null, meetingId: board.meetingId ?? null })
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
      // secure_delete zeroes the freed pages, but the write-ahead log still holds
      // their old images until a checkpoint: fold and truncate it so the text is gone from disk.
      db.pragma('wal_checkpoint(TRUNCATE)')
    },

    async listProjectBoards(projectId: string): Promise<BoardRecord[]> {
      return q.boardsByProject.all(projectId).map(boardFromRow)
    },

    async setBoardPlacement(id: string, projectId: string | null, meetingId: string | null): Promise<void> {
      placeBoardTx.immediate(id, projectId, meetingId)
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

    async createProject(project: ProjectRecord): Promise<void> {
      createProjectTx.immediate(project)
    },

    async getProject(id: string): Promise<ProjectRecord | undefined> {
      const row = q.project.get(id)
      return row && projectFromRow(row)
    },

    async listProjectsForUser(userId: string): Promise<ProjectRecord[]> {
      return q.projectsForUser.all(userId).map(projectFromRow)
    },

    async renameProject(id: string, title: string): Promise<void> {
      q.renameProject.run(title, id)
    },

    async deleteProject(id: string): Promise<void> {
      q.deleteProject.run(id)
    },

    async addProjectMember(projectId: string, userId: string, addedAt: number): Promise<void> {
      addMemberTx.immediate(projectId, userId, addedAt)
    },

    async removeProjectMember(projectId: string, userId: string): Promise<void> {
      q.deleteMember.run(projectId, userId)
    },

    async listProjectMembers(projectId: string): Promise<ProjectMemberRecord[]> {
      return q.members.all(projectId).map((r) => ({
        projectId: r.project_id,
        userId: r.user_id,
        email: r.email,
        addedAt: r.added_at,
      }))
    },

    async isProjectMember(projectId: string, userId: string): Promise<boolean> {
      return q.isMember.get(projectId, userId) !== undefined
    },

    async createMeeting(m: MeetingRecord): Promise<void> {
      guard(
        () => q.insertMeeting.run(m.id, m.projectId, m.title, m.date, m.createdAt),
        { 'meetings.id': 'id' },
        'projectId',
      )
    },

    async getMeeting(id: string): Promise<MeetingRecord | undefined> {
      const row = q.meeting.get(id)
      return row && meetingFromRow(row)
    },

    async listMeetings(projectId: string): Promise<MeetingRecord[]> {
      return q.meetings.all(projectId).map(meetingFromRow)
    },

    async updateMeeting(id: string, patch: { title?: string; date?: string }): Promise<void> {
      q.updateMeeting.run(patch.title ?? null, patch.date ?? null, id)
    },

    async deleteMeeting(id: string): Promise<void> {
      q.deleteMeeting.run(id)
    },

    async createSnapshot(snapshot: SnapshotRecord): Promise<void> {
      createSnapshotTx.immediate(snapshot)
    },

    async getSnapshot(id: string): Promise<SnapshotRecord | undefined> {
      const row = q.snapshot.get(id)
      return (
        row && {
          ...snapshotSummaryFromRow(row),
          state: new Uint8Array(row.state),
          thumbnail: row.thumbnail ? new Uint8Array(row.thumbnail) : null,
        }
      )
    },

    async listSnapshots(scope: { boardId: string } | { projectId: string }): Promise<SnapshotSummary[]> {
      const rows =
        'boardId' in scope ? q.snapshotsByBoard.all(scope.boardId) : q.snapshotsByProject.all(scope.projectId)
      return rows.map(snapshotSummaryFromRow)
    },

    async deleteSnapshot(id: string): Promise<void> {
      q.deleteSnapshot.run(id)
    },

    async listBoardsCreatedBefore(before: number): Promise<BoardRecord[]> {
      return db
        .prepare<[number], BoardRow>('SELECT * FROM boards WHERE created_at < ? ORDER BY created_at, id')
        .all(before)
        .map(boardFromRow)
    },

    async listSnapshotIdsCreatedBefore(before: number): Promise<string[]> {
      return db
        .prepare<[number], { id: string }>('SELECT id FROM snapshots WHERE created_at < ? ORDER BY created_at, id')
        .all(before)
        .map((r) => r.id)
    },

    async createTemplate(t: TemplateRecord): Promise<void> {
      guard(
        () => q.insertTemplate.run(t.id, t.ownerId, t.name, t.body, t.createdAt),
        { 'templates.id': 'id' },
        'ownerId',
      )
    },

    async getTemplate(id: string): Promise<TemplateRecord | undefined> {
      const row = q.template.get(id)
      return row && templateFromRow(row)
    },

    async listTemplates(ownerId: string): Promise<TemplateRecord[]> {
      return q.templatesByOwner.all(ownerId).map(templateFromRow)
    },

    async deleteTemplate(id: string): Promise<void> {
      q.deleteTemplate.run(id)
    },

    async createShareLink(link: ShareLinkRecord): Promise<void> {
      createShareLinkTx.immediate(link)
    },

    async getShareLink(id: string): Promise<ShareLinkRecord | undefined> {
      const row = q.shareLink.get(id)
      return row && shareLinkFromRow(row)
    },

    async getShareLinkByTokenHash(tokenHash: string): Promise<ShareLinkRecord | undefined> {
      const row = q.shareLinkByToken.get(tokenHash)
      return row && shareLinkFromRow(row)
    },

    async listShareLinks(scope: { snapshotId: string } | { projectId: string }): Promise<ShareLinkRecord[]> {
      const rows =
        'snapshotId' in scope
          ? q.shareLinksBySnapshot.all(scope.snapshotId)
          : q.shareLinksByProject.all(scope.projectId, scope.projectId)
      return rows.map(shareLinkFromRow)
    },

    async revokeShareLink(id: string, at: number): Promise<void> {
      q.revokeShareLink.run(at, id)
    },
  }

  // The worker first: it commits what it was given before it closes its connection.
  async function close(): Promise<void> {
    await docs.close()
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
  return {
    id: row.id,
    ownerId: row.owner_id,
    title: row.title,
    joinCode: row.join_code,
    createdAt: row.created_at,
    projectId: row.project_id,
    meetingId: row.meeting_id,
  }
}

function projectFromRow(row: ProjectRow): ProjectRecord {
  return { id: row.id, ownerId: row.owner_id, title: row.title, createdAt: row.created_at }
}

function meetingFromRow(row: MeetingRow): MeetingRecord {
  return { id: row.id, projectId: row.project_id, title: row.title, date: row.date, createdAt: row.created_at }
}

function snapshotSummaryFromRow(row: SnapshotSummaryRow): SnapshotSummary {
  return {
    id: row.id,
    boardId: row.board_id,
    projectId: row.project_id,
    name: row.name,
    createdBy: row.created_by,
    createdAt: row.created_at,
    labelCount: row.label_count,
  }
}

function templateFromRow(row: TemplateRow): TemplateRecord {
  return { id: row.id, ownerId: row.owner_id, name: row.name, body: row.body, createdAt: row.created_at }
}

function shareLinkFromRow(row: ShareLinkRow): ShareLinkRecord {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    projectId: row.project_id,
    snapshotId: row.snapshot_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  }
}
