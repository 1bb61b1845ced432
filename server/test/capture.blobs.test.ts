import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { createMemoryBlobStore, createPostgresBlobStore, createSqliteBlobStore } from '../src/blobs/index.ts'
import { blobContract } from './blobContract.ts'

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

blobContract('memory', async () => ({ open: async () => createMemoryBlobStore(), dispose: async () => {} }), {
  persistent: false,
})

blobContract(
  'SQLite',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vaegavis-blobs-'))
    return {
      open: async () => createSqliteBlobStore({ dir }),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    }
  },
  { persistent: true },
)

blobContract(
  'Postgres',
  async () => {
    const schema = `vg_blobs_${randomBytes(6).toString('hex')}`
    return {
      open: () => createPostgresBlobStore(DATABASE_URL, { schema }),
      dispose: async () => {
        const admin = new pg.Client({ connectionString: DATABASE_URL })
        await admin.connect()
        try {
          await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
        } finally {
          await admin.end()
        }
      },
    }
  },
  { persistent: true },
)

describe('SQLite picture store', () => {
  it("leaves no trace of a deleted board's picture in its database files", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vaegavis-blobs-'))
    try {
      const store = createSqliteBlobStore({ dir })
      // A recognisable marker stands in for a young person's handwriting.
      const marker = Buffer.from('HANDWRITING-OF-A-YOUNG-PERSON-'.repeat(200))
      await store.put('board-1', marker, 'image/jpeg')
      await store.put('board-2', Buffer.from('another board'), 'image/jpeg')
      const files = () => readdirSync(dir).map((f) => readFileSync(join(dir, f)))
      expect(files().some((f) => f.includes('HANDWRITING-OF-A-YOUNG-PERSON'))).toBe(true)
      await store.deleteForBoard('board-1')
      expect(files().some((f) => f.includes('HANDWRITING-OF-A-YOUNG-PERSON'))).toBe(false)
      await store.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
