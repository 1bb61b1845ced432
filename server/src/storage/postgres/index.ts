import pg from 'pg'
import type { Store } from '../types.ts'
import { postgresAccounts } from './accounts.ts'
import { postgresArchive } from './archive.ts'
import { postgresBoards } from './boards.ts'
import { type Pg, transactions } from './db.ts'
import { postgresDocs } from './documents.ts'
import { migrate } from './migrate.ts'
import { postgresProjects } from './projects.ts'

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

  try {
    await migrate(pool, schema, onError)
  } catch (e: unknown) {
    await close()
    throw e
  }

  const db: Pg = { pool, transaction: transactions(pool, onError) }
  const app = { ...postgresAccounts(db), ...postgresBoards(db), ...postgresProjects(db), ...postgresArchive(db) }
  return { docs: postgresDocs(db, close), app, kind: 'postgres', close }
}
