import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { addLabel, CSRF_HEADER, deleteLabel, readLabels } from '@vaegavis/shared'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { sweepRetention } from '../src/services/retention.ts'
import {
  boardFixture,
  type Client,
  connect,
  join as joinBoard,
  startServer,
  synced,
  type TestServer,
} from './helpers.ts'

let server: TestServer
const clients: Client[] = []
beforeEach(async () => {
  server = await startServer()
})
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server.destroy()
})

const SECRET = 'Hemmeligt-ord-7Q4X'
/** Generous: the suite must pass on a busy two-core machine. */
const patient = { timeout: 15_000, interval: 100 }

async function boardWithSecret() {
  const fx = await boardFixture(server)
  const p = await joinBoard(server.app, fx.board.joinCode, 'Nova')
  const phone = connect(server.wsUrl, fx.board.id, p.token)
  clients.push(phone)
  await synced(phone)
  addLabel(phone.doc, { text: SECRET, category: 'problem', x: 0, y: 0, author: p.participantId, nickname: 'Nova' })
  await vi.waitFor(async () => {
    const room = await server.app.rooms.peek(fx.board.id)
    expect(room?.read(readLabels).map((l) => l.text)).toContain(SECRET)
  })
  await vi.waitFor(async () => expect((await server.store.docs.load(fx.board.id)).updates.length).toBeGreaterThan(1))
  return fx
}

function diskContains(dir: string, text: string): boolean {
  const needle = Buffer.from(text)
  return readdirSync(dir).some((f) => {
    const path = join(dir, f)
    return existsSync(path) && readFileSync(path).includes(needle)
  })
}

describe('deleting and keeping data', () => {
  it('deleting a board removes its labels from the database, the update log, snapshots and exports', async () => {
    const { board, cookie } = await boardWithSecret()
    const headers = { cookie, [CSRF_HEADER]: '1' }
    const snap = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${board.id}/snapshots`,
      headers,
      payload: {},
    })
    expect(snap.statusCode).toBe(201)
    const snapshotId = snap.json().snapshot.id as string
    const md = await server.app.inject({ method: 'GET', url: `/api/boards/${board.id}/export.md`, headers: { cookie } })
    expect(md.body).toContain(SECRET)
    for (const c of clients.splice(0)) c.destroy()
    // The check below can see the text on disk while it is there.
    expect(diskContains(server.dataDir, SECRET)).toBe(true)

    const del = await server.app.inject({ method: 'DELETE', url: `/api/boards/${board.id}`, headers })
    expect(del.statusCode).toBe(204)

    expect((await server.store.docs.load(board.id)).updates).toEqual([])
    expect(await server.store.app.getSnapshot(snapshotId)).toBeUndefined()
    expect(
      (await server.app.inject({ method: 'GET', url: `/api/boards/${board.id}/export.md`, headers: { cookie } }))
        .statusCode,
    ).toBe(404)
    expect(
      (await server.app.inject({ method: 'GET', url: `/api/snapshots/${snapshotId}/export.md`, headers: { cookie } }))
        .statusCode,
    ).toBe(404)
    // Not even in the database files' free pages or write-ahead log.
    expect(diskContains(server.dataDir, SECRET)).toBe(false)
  })

  it('deleting one label removes its text from the database files, write-ahead log included, and keeps the rest', async () => {
    const { board } = await boardWithSecret()
    const phone = clients[0]!
    const p = await joinBoard(server.app, board.joinCode, 'Ida')
    const other = connect(server.wsUrl, board.id, p.token)
    clients.push(other)
    await synced(other)
    addLabel(other.doc, { text: 'Bliver-staaende-3K', category: 'ide', x: 1, y: 1, author: p.participantId })
    await vi.waitFor(() => expect(diskContains(server.dataDir, 'Bliver-staaende-3K')).toBe(true), patient)
    expect(diskContains(server.dataDir, SECRET)).toBe(true)

    const id = readLabels(phone.doc).find((l) => l.text === SECRET)!.id
    deleteLabel(phone.doc, id)

    await vi.waitFor(() => expect(diskContains(server.dataDir, SECRET)).toBe(false), patient)
    expect(diskContains(server.dataDir, 'Bliver-staaende-3K')).toBe(true)
    const after = connect(server.wsUrl, board.id, p.token)
    clients.push(after)
    await synced(after)
    expect(readLabels(after.doc).map((l) => l.text)).toEqual(['Bliver-staaende-3K'])
  })

  it('the retention setting deletes boards and snapshots older than N months, and keeps newer ones', async () => {
    const { board, cookie } = await boardWithSecret()
    const headers = { cookie, [CSRF_HEADER]: '1' }
    await server.app.inject({ method: 'POST', url: `/api/boards/${board.id}/snapshots`, headers, payload: {} })
    for (const c of clients.splice(0)) c.destroy()

    expect(await sweepRetention(server.store, server.app.rooms, server.app.blobs, 6)).toEqual({
      boards: 0,
      snapshots: 0,
    })
    const sevenMonthsLater = Date.now() + 7 * 31 * 24 * 3600 * 1000
    expect(await sweepRetention(server.store, server.app.rooms, server.app.blobs, 6, sevenMonthsLater)).toEqual({
      boards: 1,
      snapshots: 1,
    })
    expect(await server.store.app.getBoard(board.id)).toBeUndefined()
    expect((await server.store.docs.load(board.id)).updates).toEqual([])
  })

  it("a facilitator exports all of a board's and a project's data as JSON", async () => {
    const { board, cookie } = await boardWithSecret()
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/boards/${board.id}/data.json`,
      headers: { cookie },
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-disposition']).toContain('attachment')
    const data = res.json()
    expect(data.board.wall.labels).toEqual([expect.objectContaining({ text: SECRET, nickname: 'Nova' })])
    expect(data.board.wall.legend.map((c: { meaning: string }) => c.meaning)).toEqual(['Problem', 'Idé', 'Ønske'])

    const headers = { cookie, [CSRF_HEADER]: '1' }
    const project = await server.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers,
      payload: { title: 'Forløb' },
    })
    const projectId = project.json().project.id as string
    await server.app.inject({ method: 'PATCH', url: `/api/boards/${board.id}`, headers, payload: { projectId } })
    const all = await server.app.inject({
      method: 'GET',
      url: `/api/projects/${projectId}/data.json`,
      headers: { cookie },
    })
    expect(all.statusCode).toBe(200)
    expect(JSON.stringify(all.json().boards)).toContain(SECRET)
  })

  it('data exports need the signed-in facilitator', async () => {
    const { board } = await boardWithSecret()
    expect((await server.app.inject({ method: 'GET', url: `/api/boards/${board.id}/data.json` })).statusCode).toBe(401)
  })
})

describe('deleting one label on Postgres', () => {
  const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const schema = `vg_privacy_${randomBytes(5).toString('hex')}`
  let admin: pg.Client
  let pgServer: TestServer
  beforeEach(async () => {
    admin = new pg.Client({ connectionString: DATABASE_URL })
    await admin.connect()
    await admin.query(`CREATE SCHEMA ${schema}`)
    const url = new URL(DATABASE_URL)
    url.search = `?options=${encodeURIComponent(`-c search_path=${schema}`)}`
    pgServer = await startServer({ env: { DATABASE_URL: url.toString() } })
  })
  afterEach(async () => {
    await pgServer.destroy()
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  })

  it('leaves its text in no row of the update log or snapshot, and keeps the rest', async () => {
    const rowsContain = async (text: string) => {
      const { rows } = await admin.query<{ data: Buffer }>(`SELECT data FROM ${schema}.doc_updates`)
      return rows.some((r) => r.data.includes(Buffer.from(text)))
    }
    const fx = await boardFixture(pgServer)
    const p = await joinBoard(pgServer.app, fx.board.joinCode, 'Nova')
    const phone = connect(pgServer.wsUrl, fx.board.id, p.token)
    clients.push(phone)
    await synced(phone)
    addLabel(phone.doc, { text: SECRET, category: 'problem', x: 0, y: 0, author: p.participantId })
    addLabel(phone.doc, { text: 'Bliver-staaende-3K', category: 'ide', x: 1, y: 1, author: p.participantId })
    await vi.waitFor(async () => expect(await rowsContain(SECRET)).toBe(true), patient)

    deleteLabel(phone.doc, readLabels(phone.doc).find((l) => l.text === SECRET)!.id)

    await vi.waitFor(async () => expect(await rowsContain(SECRET)).toBe(false), patient)
    expect(await rowsContain('Bliver-staaende-3K')).toBe(true)
  })
})
