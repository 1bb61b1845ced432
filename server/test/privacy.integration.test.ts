import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { addLabel, CSRF_HEADER, readLabels } from '@vaegavis/shared'
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
