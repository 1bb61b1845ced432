/**
 * The schema of both SQL adapters: one list of migrations, each written once,
 * with what differs between SQLite and Postgres named in a {@link Dialect}.
 * Each adapter runs the list in its own way (sqlite/migrate.ts,
 * postgres/migrate.ts). Append new migrations; never edit one that has
 * shipped: a database records the versions it applied and never runs them again.
 *
 * Documents: `docs` holds the per-document counter (`last_seq`) and which
 * entry is the snapshot (`snapshot_seq`, 0 = none); `doc_updates` holds the
 * snapshot as the row at `snapshot_seq` followed by the log, so loading in
 * seq order yields snapshot first, then the log.
 */

/** What the two dialects spell differently in the schema. */
export interface Dialect {
  /** An integer column that holds milliseconds since the epoch and sequence numbers. */
  int: string
  bytes: string
  /** After a table's closing parenthesis: SQLite tables are STRICT, so a column holds only its own type. */
  table: string
  /** The same for a table only ever read by its primary key: SQLite keeps its rows in the key's b-tree. */
  keyedTable: string
  /**
   * Names a constraint. Postgres reports the violated constraint by name, which
   * postgres/errors.ts maps to a record field; SQLite reports the column, so it
   * leaves them unnamed.
   */
  named(constraint: string): string
}

export const SQLITE: Dialect = {
  int: 'INTEGER',
  bytes: 'BLOB',
  table: ' STRICT',
  keyedTable: ' STRICT, WITHOUT ROWID',
  named: () => '',
}

export const POSTGRES: Dialect = {
  int: 'BIGINT',
  bytes: 'BYTEA',
  table: '',
  keyedTable: '',
  named: (constraint) => `CONSTRAINT ${constraint} `,
}

export interface Migration {
  version: number
  name: string
  sql: string
}

/** The table that records which migrations a database has applied. */
export function migrationsTable(d: Dialect): string {
  return `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at ${d.int} NOT NULL)`
}

/** Every migration in order, spelled for one dialect. */
export function migrations(d: Dialect): readonly Migration[] {
  const c = d.named
  return [
    {
      version: 1,
      name: 'initial',
      sql: `
      CREATE TABLE docs (
        name TEXT PRIMARY KEY,
        last_seq ${d.int} NOT NULL,
        snapshot_seq ${d.int} NOT NULL DEFAULT 0
      )${d.table};
      CREATE TABLE doc_updates (
        doc_name TEXT NOT NULL REFERENCES docs(name) ON DELETE CASCADE,
        seq ${d.int} NOT NULL,
        data ${d.bytes} NOT NULL,
        PRIMARY KEY (doc_name, seq)
      )${d.keyedTable};
      CREATE TABLE users (
        id TEXT ${c('users_pkey')}PRIMARY KEY,
        email TEXT NOT NULL ${c('users_email_key')}UNIQUE CHECK (email = lower(email)),
        password_hash TEXT NOT NULL,
        created_at ${d.int} NOT NULL
      )${d.table};
      CREATE TABLE sessions (
        token_hash TEXT ${c('sessions_pkey')}PRIMARY KEY,
        user_id TEXT NOT NULL ${c('sessions_user_id_fkey')}REFERENCES users(id) ON DELETE CASCADE,
        expires_at ${d.int} NOT NULL
      )${d.table};
      CREATE INDEX sessions_user_id ON sessions(user_id);
      CREATE TABLE boards (
        id TEXT ${c('boards_pkey')}PRIMARY KEY,
        owner_id TEXT NOT NULL ${c('boards_owner_id_fkey')}REFERENCES users(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        join_code TEXT NOT NULL ${c('boards_join_code_key')}UNIQUE,
        created_at ${d.int} NOT NULL
      )${d.table};
      CREATE INDEX boards_owner_id ON boards(owner_id, created_at);
      CREATE TABLE tokens (
        token_hash TEXT ${c('tokens_pkey')}PRIMARY KEY,
        board_id TEXT NOT NULL ${c('tokens_board_id_fkey')}REFERENCES boards(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('facilitator', 'participant', 'viewer')),
        subject TEXT NOT NULL,
        nickname TEXT NOT NULL,
        created_at ${d.int} NOT NULL,
        expires_at ${d.int}
      )${d.table};
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
        id TEXT ${c('projects_pkey')}PRIMARY KEY,
        owner_id TEXT NOT NULL ${c('projects_owner_id_fkey')}REFERENCES users(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        created_at ${d.int} NOT NULL
      )${d.table};
      CREATE TABLE project_members (
        project_id TEXT NOT NULL ${c('project_members_project_id_fkey')}REFERENCES projects(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL ${c('project_members_user_id_fkey')}REFERENCES users(id) ON DELETE CASCADE,
        added_at ${d.int} NOT NULL,
        PRIMARY KEY (project_id, user_id)
      )${d.keyedTable};
      CREATE INDEX project_members_user_id ON project_members(user_id);
      CREATE TABLE meetings (
        id TEXT ${c('meetings_pkey')}PRIMARY KEY,
        project_id TEXT NOT NULL ${c('meetings_project_id_fkey')}REFERENCES projects(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        date TEXT NOT NULL,
        created_at ${d.int} NOT NULL
      )${d.table};
      CREATE INDEX meetings_project_id ON meetings(project_id, date);
      ALTER TABLE boards ADD COLUMN project_id TEXT ${c('boards_project_id_fkey')}REFERENCES projects(id) ON DELETE SET NULL;
      ALTER TABLE boards ADD COLUMN meeting_id TEXT ${c('boards_meeting_id_fkey')}REFERENCES meetings(id) ON DELETE SET NULL;
      CREATE INDEX boards_project_id ON boards(project_id);
      CREATE INDEX boards_meeting_id ON boards(meeting_id);
      CREATE TABLE snapshots (
        id TEXT ${c('snapshots_pkey')}PRIMARY KEY,
        board_id TEXT NOT NULL ${c('snapshots_board_id_fkey')}REFERENCES boards(id) ON DELETE CASCADE,
        project_id TEXT ${c('snapshots_project_id_fkey')}REFERENCES projects(id) ON DELETE SET NULL,
        name TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at ${d.int} NOT NULL,
        label_count INTEGER NOT NULL,
        state ${d.bytes} NOT NULL,
        thumbnail ${d.bytes}
      )${d.table};
      CREATE INDEX snapshots_board_id ON snapshots(board_id, created_at);
      CREATE INDEX snapshots_project_id ON snapshots(project_id, created_at);
      CREATE TABLE templates (
        id TEXT ${c('templates_pkey')}PRIMARY KEY,
        owner_id TEXT NOT NULL ${c('templates_owner_id_fkey')}REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at ${d.int} NOT NULL
      )${d.table};
      CREATE INDEX templates_owner_id ON templates(owner_id, created_at);
      CREATE TABLE share_links (
        id TEXT ${c('share_links_pkey')}PRIMARY KEY,
        token_hash TEXT NOT NULL ${c('share_links_token_hash_key')}UNIQUE,
        project_id TEXT ${c('share_links_project_id_fkey')}REFERENCES projects(id) ON DELETE CASCADE,
        snapshot_id TEXT ${c('share_links_snapshot_id_fkey')}REFERENCES snapshots(id) ON DELETE CASCADE,
        created_by TEXT NOT NULL,
        created_at ${d.int} NOT NULL,
        expires_at ${d.int},
        revoked_at ${d.int},
        ${c('share_links_one_target')}CHECK ((project_id IS NULL) <> (snapshot_id IS NULL))
      )${d.table};
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
        client ${d.int} NOT NULL,
        subject TEXT NOT NULL,
        PRIMARY KEY (doc_name, client)
      )${d.keyedTable};
    `,
    },
  ]
}
