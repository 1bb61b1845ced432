import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { docTables } from '../sqliteDocs.ts'
import { inThreadDocs, workerDocs } from '../sqliteWorkerClient.ts'
import type { DocStore, Store } from '../types.ts'
import { sqliteAccounts } from './accounts.ts'
import { sqliteArchive } from './archive.ts'
import { sqliteBoards } from './boards.ts'
import { references } from './checks.ts'
import { migrate } from './migrate.ts'
import { sqliteProjects } from './projects.ts'

/** Where the SQLite database lives: a data directory (file `vaegavis.db` inside) or an explicit file path. */
export type SqliteStoreOptions = { dir: string } | { file: string }

/** File name of the database inside the data directory. */
export const SQLITE_FILE_NAME = 'vaegavis.db'

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

  // The documents live in a worker with a connection of its own (see sqliteWorker.ts); an
  // in-memory database cannot be shared with it, so that one keeps them on this thread.
  const docs: DocStore = file === ':memory:' ? inThreadDocs(docTables(db)) : workerDocs(file)

  const refs = references(db)
  const app = {
    ...sqliteAccounts(db),
    ...sqliteBoards(db, refs),
    ...sqliteProjects(db, refs),
    ...sqliteArchive(db, refs),
  }

  // The worker first: it commits what it was given before it closes its connection.
  async function close(): Promise<void> {
    await docs.close()
    if (db.open) db.close()
  }

  return { docs, app, kind: 'sqlite', close }
}
