/** Picture storage: the {@link BlobStore} contract and its adapters; `openBlobStore` picks one from config. */
import { createMemoryBlobStore } from './memory.ts'
import { createPostgresBlobStore } from './postgres.ts'
import { createSqliteBlobStore } from './sqlite.ts'
import type { BlobStore } from './types.ts'

export { createMemoryBlobStore } from './memory.ts'
export { createPostgresBlobStore, type PostgresBlobStoreOptions } from './postgres.ts'
export { createSqliteBlobStore, SQLITE_BLOB_FILE_NAME } from './sqlite.ts'
export { type Blob, type BlobStore, snapshotPictures } from './types.ts'

/**
 * The picture store that goes with the board store: Postgres when
 * `databaseUrl` is set, memory beside a memory store, else SQLite in `dataDir`.
 */
export async function openBlobStore(config: {
  databaseUrl?: string | undefined
  dataDir: string
  memory?: boolean
  onError?: (err: Error) => void
}): Promise<BlobStore> {
  if (config.memory) return createMemoryBlobStore()
  if (config.databaseUrl)
    return createPostgresBlobStore(config.databaseUrl, config.onError ? { onError: config.onError } : {})
  return createSqliteBlobStore({ dir: config.dataDir })
}
