/**
 * Storage: the {@link DocStore} / {@link AppStore} contracts and their
 * adapters. `createStore` picks the backend from config.
 */
import type { PostgresStoreOptions } from './postgres/index.ts'
import { createSqliteStore } from './sqlite/index.ts'
import type { Store } from './types.ts'

export { isStoreError, StoreError, StoreErrorCode, type StoreErrorField } from './errors.ts'
export { createMemoryStore } from './memory.ts'
export type { PostgresStoreOptions } from './postgres/index.ts'
export { createSqliteStore, SQLITE_FILE_NAME, type SqliteStoreOptions } from './sqlite/index.ts'
export type * from './types.ts'

/** The Postgres adapter, loaded (with `pg`) only by a server that uses it: a SQLite server does not carry it. */
export async function createPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  return (await import('./postgres/index.ts')).createPostgresStore(url, options)
}

/** What {@link createStore} needs from the server config. */
export interface StoreConfig {
  /** `postgres://` or `postgresql://` URL; when absent, SQLite is used. */
  databaseUrl?: string
  /** Directory of the SQLite file (created if missing); unused with Postgres. */
  dataDir: string
  /** Receives Postgres connection errors no caller is waiting for (for logging). */
  onError?: (err: Error) => void
}

/**
 * Opens the configured backend: Postgres when `databaseUrl` is set, else
 * SQLite in `dataDir`. Rejects on a URL of another scheme rather than
 * silently falling back to SQLite.
 */
export async function createStore(config: StoreConfig): Promise<Store> {
  const { databaseUrl, dataDir, onError } = config
  if (databaseUrl === undefined || databaseUrl === '') return createSqliteStore({ dir: dataDir })
  if (!/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    throw new Error('Unsupported database URL: expected postgres:// or postgresql://')
  }
  return createPostgresStore(databaseUrl, onError ? { onError } : {})
}
