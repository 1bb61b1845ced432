/**
 * A database created before the adapters shared one migration list must open
 * unchanged: nothing re-runs, every row reads back, writing goes on. And a
 * fresh database gets the very schema the old migrations made. The old
 * databases are the frozen fixtures main-v3.*.sql.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresStore, createSqliteStore, SQLITE_FILE_NAME, type Store } from '../../src/storage/index.ts'

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

function read(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
}

/** main's schema for one dialect, with the shared rows (their blob literals spelled for Postgres there). */
function fixture(dialect: 'sqlite' | 'postgres'): string {
  const rows = read('main-v3.rows.sql')
  const spelled = dialect === 'sqlite' ? rows : rows.replace(/X'([0-9a-f]*)'/g, "'\\x$1'::bytea")
  return `${read(`main-v3.${dialect}.sql`)}\n${spelled}`
}

/** What a user of the old database would find in it: every fixture row, through the store. */
async function expectFixtureRows(store: Store): Promise<void> {
  const { app, docs } = store
  expect(await app.getUserByEmail('ada@example.org')).toEqual({
    id: 'u1',
    email: 'ada@example.org',
    passwordHash: 'hash-1',
    createdAt: 1000,
  })
  expect(await app.getSession('session-hash')).toEqual({
    tokenHash: 'session-hash',
    userId: 'u1',
    expiresAt: 9_000_000_000_000,
  })
  expect(await app.listProjectsForUser('u1')).toEqual([{ id: 'p1', ownerId: 'u1', title: 'Forløb', createdAt: 1100 }])
  expect(await app.listProjectMembers('p1')).toEqual([
    { projectId: 'p1', userId: 'u1', email: 'ada@example.org', addedAt: 1100 },
  ])
  expect(await app.listMeetings('p1')).toEqual([
    { id: 'm1', projectId: 'p1', title: 'Møde 1', date: '2026-03-01', createdAt: 1200 },
  ])
  expect(await app.getBoardByJoinCode('ABC123')).toEqual({
    id: 'b1',
    ownerId: 'u1',
    title: 'Væggen',
    joinCode: 'ABC123',
    createdAt: 1300,
    projectId: 'p1',
    meetingId: 'm1',
  })
  expect(await app.getToken('token-hash')).toEqual({
    tokenHash: 'token-hash',
    boardId: 'b1',
    role: 'participant',
    subject: 'anon-1',
    nickname: 'Kim',
    createdAt: 1400,
    expiresAt: null,
  })
  expect(await app.getSnapshot('s1')).toEqual({
    id: 's1',
    boardId: 'b1',
    projectId: 'p1',
    name: 'Efter mødet',
    createdBy: 'u1',
    createdAt: 1500,
    labelCount: 2,
    state: new Uint8Array([0, 0]),
    thumbnail: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
  })
  expect(await app.listTemplates('u1')).toEqual([
    { id: 't1', ownerId: 'u1', name: 'Skabelon', body: '{"v":1}', createdAt: 1600 },
  ])
  expect(await app.listShareLinks({ projectId: 'p1' })).toEqual([
    {
      id: 'l1',
      tokenHash: 'link-hash',
      projectId: null,
      snapshotId: 's1',
      createdBy: 'u1',
      createdAt: 1700,
      expiresAt: 9_000_000_000_000,
      revokedAt: null,
    },
  ])
  expect(await docs.load('b1')).toEqual({
    updates: [new Uint8Array([1, 2]), new Uint8Array([3, 4])],
    lastSeq: 3,
    logLength: 1,
    owners: new Map([[42, 'anon-1']]),
  })
}

/** The old database takes new writes: the next seq, a claimed client id kept, a new board. */
async function expectWritable(store: Store): Promise<void> {
  const refusedOther = await store.docs.append('b1', [
    { update: new Uint8Array([5]), subject: 'anon-2', clients: [42] },
  ])
  expect(refusedOther).toEqual({ lastSeq: 3, refused: [0] })
  expect(await store.docs.append('b1', [{ update: new Uint8Array([6]), subject: 'anon-1', clients: [42] }])).toEqual({
    lastSeq: 4,
    refused: [],
  })
  await store.app.createBoard({ id: 'b2', ownerId: 'u1', title: 'Ny', joinCode: 'XYZ789', createdAt: 2000 })
  expect((await store.app.listBoards('u1')).map((b) => b.id)).toEqual(['b1', 'b2'])
}

describe('a SQLite database created by main', () => {
  let root = ''
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'vaegavis-old-sqlite-'))
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  /** Everything SQLite keeps about the schema: each table's and index's CREATE text, and the applied versions. */
  function schemaOf(file: string): { master: unknown[]; versions: unknown[] } {
    const db = new Database(file, { readonly: true })
    try {
      return {
        master: db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all(),
        versions: db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all(),
      }
    } finally {
      db.close()
    }
  }

  it('opens without migrating again, reads every row and takes new writes', async () => {
    const dir = join(root, 'old')
    const file = join(dir, SQLITE_FILE_NAME)
    const seed = createSqliteFile(file)
    seed.exec(fixture('sqlite'))
    seed.close()
    const before = schemaOf(file)

    const store = createSqliteStore({ dir })
    try {
      await expectFixtureRows(store)
      await expectWritable(store)
    } finally {
      await store.close()
    }
    expect(schemaOf(file)).toEqual(before)
    expect(before.versions).toEqual([
      { version: 1, applied_at: 10 },
      { version: 2, applied_at: 20 },
      { version: 3, applied_at: 30 },
    ])
  })

  it('gives a fresh database the schema main created, to the letter', async () => {
    const oldFile = join(root, 'reference', SQLITE_FILE_NAME)
    const seed = createSqliteFile(oldFile)
    seed.exec(fixture('sqlite'))
    seed.close()
    const fresh = createSqliteStore({ dir: join(root, 'fresh') })
    await fresh.close()
    const made = schemaOf(join(root, 'fresh', SQLITE_FILE_NAME))
    expect(made.master).toEqual(schemaOf(oldFile).master)
    expect(made.versions.map((v) => (v as { version: number }).version)).toEqual([1, 2, 3])
  })
})

describe('a Postgres schema created by main', () => {
  const oldSchema = `vg_test_${randomBytes(6).toString('hex')}`
  const freshSchema = `vg_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 5_000 })
  admin.on('error', () => {})

  beforeAll(async () => {
    await admin.connect()
    await admin.query(`CREATE SCHEMA ${oldSchema}`)
    await admin.query(`SET search_path = ${oldSchema}`)
    await admin.query(fixture('postgres'))
    await admin.query('RESET search_path')
  })
  afterAll(async () => {
    try {
      await admin.query(`DROP SCHEMA IF EXISTS ${oldSchema} CASCADE`)
      await admin.query(`DROP SCHEMA IF EXISTS ${freshSchema} CASCADE`)
    } finally {
      await admin.end()
    }
  })

  /** Columns, constraints (with their names, which the adapter maps to fields) and indexes of one schema. */
  async function schemaOf(schema: string): Promise<unknown> {
    const columns = await admin.query(
      `SELECT table_name, column_name, ordinal_position, data_type, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
      [schema],
    )
    const constraints = await admin.query(
      `SELECT t.relname AS table_name, c.conname, replace(pg_get_constraintdef(c.oid), $1 || '.', '') AS def
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = $1 ORDER BY t.relname, c.conname`,
      [schema],
    )
    const indexes = await admin.query(
      `SELECT tablename, indexname, replace(indexdef, $1 || '.', '') AS def
         FROM pg_indexes WHERE schemaname = $1 ORDER BY tablename, indexname`,
      [schema],
    )
    return { columns: columns.rows, constraints: constraints.rows, indexes: indexes.rows }
  }

  async function versions(schema: string): Promise<unknown[]> {
    const { rows } = await admin.query(`SELECT version, applied_at FROM ${schema}.schema_migrations ORDER BY version`)
    return rows
  }

  it('opens without migrating again, reads every row and takes new writes', async () => {
    const before = await schemaOf(oldSchema)
    const store = await createPostgresStore(DATABASE_URL, { schema: oldSchema })
    try {
      await expectFixtureRows(store)
      await expectWritable(store)
    } finally {
      await store.close()
    }
    expect(await schemaOf(oldSchema)).toEqual(before)
    expect(await versions(oldSchema)).toEqual([
      { version: 1, applied_at: '10' },
      { version: 2, applied_at: '20' },
      { version: 3, applied_at: '30' },
    ])
  })

  it('gives a fresh schema the tables, constraints and indexes main created', async () => {
    const store = await createPostgresStore(DATABASE_URL, { schema: freshSchema })
    await store.close()
    const made = await schemaOf(freshSchema)
    expect((made as { columns: unknown[] }).columns.length).toBeGreaterThan(50)
    expect(made).toEqual(await schemaOf(oldSchema))
    expect((await versions(freshSchema)).map((v) => (v as { version: number }).version)).toEqual([1, 2, 3])
  })
})

function createSqliteFile(file: string): Database.Database {
  mkdirSync(dirname(file), { recursive: true })
  return new Database(file)
}
