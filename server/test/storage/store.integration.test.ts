import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createMemoryStore,
  createPostgresStore,
  createSqliteStore,
  SQLITE_FILE_NAME,
  type Store,
} from '../../src/storage/index.ts'
import { storeContract } from './contract.ts'

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

storeContract(
  'memory',
  async () => ({
    open: async () => createMemoryStore(),
    dispose: async () => {},
  }),
  { persistent: false },
)

storeContract(
  'SQLite',
  async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vaegavis-store-')), 'nested', 'data')
    return {
      open: async () => createSqliteStore({ dir }),
      dispose: async () => rmSync(join(dir, '..', '..'), { recursive: true, force: true }),
    }
  },
  { persistent: true },
)

storeContract(
  'Postgres',
  async () => {
    const db = await PostgresTestDb.connect()
    return { open: () => db.open(), dispose: () => db.dispose() }
  },
  { persistent: true },
)

describe('SQLite adapter', () => {
  it('creates its data directory and database file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vaegavis-store-'))
    try {
      const dir = join(root, 'a', 'b')
      const store = createSqliteStore({ dir })
      await store.close()
      expect(existsSync(join(dir, SQLITE_FILE_NAME))).toBe(true)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('Postgres adapter', () => {
  let db: PostgresTestDb | undefined
  beforeAll(async () => {
    db = await PostgresTestDb.connect()
  })
  afterAll(async () => {
    await db?.dispose()
  })

  it('starts several instances at once on a fresh schema', async () => {
    const stores = await Promise.all([db!.open(), db!.open(), db!.open()])
    try {
      const seqs = await Promise.all(
        stores.map(
          async (s) =>
            (await s.docs.append('same-doc', [{ update: new Uint8Array([0, 0]), subject: 's', clients: [] }])).lastSeq,
        ),
      )
      expect(new Set(seqs).size).toBe(3)
    } finally {
      await Promise.all(stores.map((s) => s.close()))
    }
  })

  it('keeps working after Postgres drops its connections', async () => {
    const errors: Error[] = []
    const appName = `vg_test_${randomBytes(4).toString('hex')}`
    const store = await db!.open({ applicationName: appName, onError: (e) => errors.push(e) })
    try {
      // Several idle connections in the pool.
      await Promise.all(
        [1, 2, 3].map((i) =>
          store.docs.append(`doc-${i}`, [{ update: new Uint8Array([0, 0]), subject: 's', clients: [] }]),
        ),
      )

      const killed = await db!.admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [appName],
      )
      expect(killed.rowCount).toBeGreaterThan(0)
      await expect.poll(() => errors.length).toBeGreaterThanOrEqual(killed.rowCount ?? 0)

      const { lastSeq } = await store.docs.append('doc-1', [
        { update: new Uint8Array([0, 0]), subject: 's', clients: [] },
      ])
      expect(lastSeq).toBe(2)
      expect((await store.docs.load('doc-1')).updates).toHaveLength(2)
    } finally {
      await store.close()
    }
  })
})

/** A fresh schema per test run, so parallel runs on one database never collide. */
class PostgresTestDb {
  readonly schema = `vg_test_${randomBytes(6).toString('hex')}`

  private constructor(readonly admin: pg.Client) {}

  static async connect(): Promise<PostgresTestDb> {
    const admin = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 5_000 })
    admin.on('error', () => {})
    try {
      await admin.connect()
    } catch (e: unknown) {
      const reason = e instanceof Error ? e.message : String(e)
      throw new Error(
        `Postgres is not reachable at ${redact(DATABASE_URL)} (${reason}). ` +
          'Start it (e.g. docker compose up -d postgres) or point TEST_DATABASE_URL at one.',
      )
    }
    return new PostgresTestDb(admin)
  }

  open(extra: { applicationName?: string; onError?: (e: Error) => void } = {}): Promise<Store> {
    const url = new URL(DATABASE_URL)
    if (extra.applicationName) url.searchParams.set('application_name', extra.applicationName)
    return createPostgresStore(url.toString(), {
      schema: this.schema,
      ...(extra.onError ? { onError: extra.onError } : {}),
    })
  }

  async dispose(): Promise<void> {
    try {
      await this.admin.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`)
    } finally {
      await this.admin.end()
    }
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparseable TEST_DATABASE_URL)'
  }
}
