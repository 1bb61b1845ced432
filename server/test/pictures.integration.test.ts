/**
 * Pictures of labels (issue #14): a snapshot keeps its own, share-link
 * viewers see only the ones their snapshot shows, and deleting a label, a
 * snapshot, a board or a project deletes the bytes from the database files
 * (SQLite) and rows (Postgres).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { addLabel, CSRF_HEADER, deleteLabel, ErrorCode, FACILITATOR_AUTHOR, readLabels } from '@vaegavis/shared'
import pg from 'pg'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SQLITE_BLOB_FILE_NAME } from '../src/blobs/index.ts'
import { sweepRetention } from '../src/services/retention.ts'
import { boardFixture, type Client, connect, startServer, synced, type TestServer } from './helpers.ts'

/** Generous: the suite must pass on a busy two-core machine. */
const patient = { timeout: 15_000, interval: 100 }

/** A noise picture: incompressible, so any 64 bytes of it occur nowhere else on disk. */
async function noisePng(seed: number): Promise<{ data: Buffer; needle: Buffer }> {
  const raw = Buffer.alloc(48 * 32 * 3)
  let x = seed * 2654435761
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    raw[i] = x >>> 24
  }
  const data = await sharp(raw, { raw: { width: 48, height: 32, channels: 3 } })
    .png()
    .toBuffer()
  return { data, needle: data.subarray(200, 264) }
}

function pictureFileHolds(dir: string, needle: Buffer): boolean {
  return readdirSync(dir)
    .filter((f) => f.startsWith(SQLITE_BLOB_FILE_NAME))
    .some((f) => existsSync(join(dir, f)) && readFileSync(join(dir, f)).includes(needle))
}

interface Fixture {
  server: TestServer
  board: { id: string; joinCode: string }
  cookie: string
  headers: Record<string, string>
  wall: Client
}

const clients: Client[] = []

async function facilitatorWall(server: TestServer): Promise<Fixture> {
  const fx = await boardFixture(server)
  const wall = connect(server.wsUrl, fx.board.id, fx.facToken)
  clients.push(wall)
  await synced(wall)
  return { server, board: fx.board, cookie: fx.cookie, headers: { cookie: fx.cookie, [CSRF_HEADER]: '1' }, wall }
}

/** Stores a picture for the board and puts a label showing it on the wall, as the capture review does. */
async function pictureLabel(fx: Fixture, seed: number, text = `Note ${seed}`) {
  const png = await noisePng(seed)
  const hash = await fx.server.app.blobs.put(fx.board.id, png.data, 'image/png')
  const id = addLabel(fx.wall.doc, {
    text,
    category: 'ide',
    x: seed * 300,
    y: 0,
    author: FACILITATOR_AUTHOR,
    photo: hash,
  })
  await vi.waitFor(async () => {
    const room = await fx.server.app.rooms.peek(fx.board.id)
    expect(room?.read(readLabels).find((l) => l.id === id)?.photo).toBe(hash)
  }, patient)
  return { ...png, hash, id }
}

const get = (server: TestServer, url: string, cookie?: string) =>
  server.app.inject({ method: 'GET', url, ...(cookie ? { headers: { cookie } } : {}) })

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy()
})

describe('pictures on SQLite', () => {
  let server: TestServer
  beforeEach(async () => {
    server = await startServer()
  })
  afterEach(async () => {
    await server.destroy()
  })

  it('deleting a label deletes its picture from the database files; a picture another label shows stays', async () => {
    const fx = await facilitatorWall(server)
    const gone = await pictureLabel(fx, 1)
    const kept = await pictureLabel(fx, 2)
    // A second label with the same picture (the same note placed twice): deleting one keeps it.
    const twin = addLabel(fx.wall.doc, {
      text: 'Twin',
      category: 'ide',
      x: 0,
      y: 900,
      author: FACILITATOR_AUTHOR,
      photo: kept.hash,
    })
    expect(pictureFileHolds(server.dataDir, gone.needle)).toBe(true)

    deleteLabel(fx.wall.doc, gone.id)
    deleteLabel(fx.wall.doc, twin)
    await vi.waitFor(async () => {
      expect((await get(server, `/api/boards/${fx.board.id}/images/${gone.hash}`, fx.cookie)).statusCode).toBe(404)
    }, patient)
    await server.app.pictures.idle()
    expect(pictureFileHolds(server.dataDir, gone.needle)).toBe(false)
    const still = await get(server, `/api/boards/${fx.board.id}/images/${kept.hash}`, fx.cookie)
    expect(still.statusCode).toBe(200)
    expect(still.rawPayload.equals(kept.data)).toBe(true)
  })

  it('hiding a label keeps its picture (it moves to the held document); showing it brings it back with it', async () => {
    const fx = await facilitatorWall(server)
    const label = await pictureLabel(fx, 3)
    const hide = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${fx.board.id}/labels/hide`,
      headers: fx.headers,
      payload: { labelIds: [label.id] },
    })
    expect(hide.json()).toEqual({ hidden: 1 })
    await server.app.pictures.idle()
    expect((await get(server, `/api/boards/${fx.board.id}/images/${label.hash}`, fx.cookie)).statusCode).toBe(200)
    const show = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${fx.board.id}/labels/show`,
      headers: fx.headers,
      payload: { labelIds: [label.id] },
    })
    expect(show.json()).toEqual({ shown: 1 })
    await server.app.pictures.idle()
    expect((await get(server, `/api/boards/${fx.board.id}/images/${label.hash}`, fx.cookie)).statusCode).toBe(200)
  })

  it('rejecting a hidden label (the held document) deletes its picture from the database files', async () => {
    const fx = await facilitatorWall(server)
    const label = await pictureLabel(fx, 19)
    await server.app.inject({
      method: 'POST',
      url: `/api/boards/${fx.board.id}/labels/hide`,
      headers: fx.headers,
      payload: { labelIds: [label.id] },
    })
    await server.app.pictures.idle()
    expect(pictureFileHolds(server.dataDir, label.needle)).toBe(true)
    const rejected = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${fx.board.id}/held/${label.id}/reject`,
      headers: fx.headers,
    })
    expect(rejected.json()).toEqual({ rejected: 1 })
    await vi.waitFor(async () => {
      expect((await get(server, `/api/boards/${fx.board.id}/images/${label.hash}`, fx.cookie)).statusCode).toBe(404)
    }, patient)
    expect(pictureFileHolds(server.dataDir, label.needle)).toBe(false)
  })

  it('a snapshot keeps showing its pictures after the label is deleted; deleting the snapshot deletes them', async () => {
    const fx = await facilitatorWall(server)
    const label = await pictureLabel(fx, 4)
    const snap = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${fx.board.id}/snapshots`,
      headers: fx.headers,
      payload: { name: 'Med billede' },
    })
    const snapshotId = snap.json().snapshot.id as string
    const later = await pictureLabel(fx, 5)

    deleteLabel(fx.wall.doc, label.id)
    await vi.waitFor(async () => {
      expect((await get(server, `/api/boards/${fx.board.id}/images/${label.hash}`, fx.cookie)).statusCode).toBe(404)
    }, patient)
    const kept = await get(server, `/api/snapshots/${snapshotId}/images/${label.hash}`, fx.cookie)
    expect(kept.statusCode).toBe(200)
    expect(kept.headers['content-type']).toBe('image/png')
    expect(kept.rawPayload.equals(label.data)).toBe(true)
    // A picture added after the snapshot is not the snapshot's, though the board has it.
    expect((await get(server, `/api/snapshots/${snapshotId}/images/${later.hash}`, fx.cookie)).statusCode).toBe(404)
    expect((await get(server, `/api/snapshots/${snapshotId}/images/${label.hash}`)).statusCode).toBe(401)
    // The wall read of the snapshot names it, for the read views.
    const wall = await get(server, `/api/snapshots/${snapshotId}/wall`, fx.cookie)
    expect(wall.json().wall.unsorted).toEqual([expect.objectContaining({ text: 'Note 4', photo: label.hash })])

    const del = await server.app.inject({ method: 'DELETE', url: `/api/snapshots/${snapshotId}`, headers: fx.headers })
    expect(del.statusCode).toBe(204)
    expect(pictureFileHolds(server.dataDir, label.needle)).toBe(false)
    expect(pictureFileHolds(server.dataDir, later.needle)).toBe(true)
  })

  it('a board forked from a snapshot has its pictures, also once the first board is deleted', async () => {
    const fx = await facilitatorWall(server)
    const label = await pictureLabel(fx, 6)
    const snap = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${fx.board.id}/snapshots`,
      headers: fx.headers,
      payload: {},
    })
    const fork = await server.app.inject({
      method: 'POST',
      url: `/api/snapshots/${snap.json().snapshot.id}/fork`,
      headers: fx.headers,
      payload: { title: 'Næste gang' },
    })
    expect(fork.statusCode).toBe(201)
    const forkId = fork.json().board.id as string
    for (const c of clients.splice(0)) c.destroy()
    expect(
      (await server.app.inject({ method: 'DELETE', url: `/api/boards/${fx.board.id}`, headers: fx.headers }))
        .statusCode,
    ).toBe(204)
    const got = await get(server, `/api/boards/${forkId}/images/${label.hash}`, fx.cookie)
    expect(got.statusCode).toBe(200)
    expect(got.rawPayload.equals(label.data)).toBe(true)
  })

  it('a share-link viewer reads only the pictures of labels its snapshot shows', async () => {
    const fx = await facilitatorWall(server)
    const shown = await pictureLabel(fx, 7)
    const hidden = await pictureLabel(fx, 8)
    await server.app.inject({
      method: 'POST',
      url: `/api/boards/${fx.board.id}/labels/hide`,
      headers: fx.headers,
      payload: { labelIds: [hidden.id] },
    })
    const snap = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${fx.board.id}/snapshots`,
      headers: fx.headers,
      payload: {},
    })
    const snapshotId = snap.json().snapshot.id as string
    const afterwards = await pictureLabel(fx, 9)
    const other = await facilitatorWall(server)
    const elsewhere = await pictureLabel(other, 10)
    const share = await server.app.inject({
      method: 'POST',
      url: `/api/snapshots/${snapshotId}/shares`,
      headers: fx.headers,
      payload: {},
    })
    const token = share.json().token as string
    const viewer = (hash: string) => get(server, `/api/share/${token}/snapshots/${snapshotId}/images/${hash}`)

    const ok = await viewer(shown.hash)
    expect(ok.statusCode).toBe(200)
    expect(ok.headers['cache-control']).toBe('no-store')
    expect(ok.rawPayload.equals(shown.data)).toBe(true)
    for (const h of [hidden.hash, afterwards.hash, elsewhere.hash, '0'.repeat(64)]) {
      const res = await viewer(h)
      expect(res.statusCode).toBe(404)
      expect(res.json().code).toBe(ErrorCode.NotFound)
    }
    const wall = await get(server, `/api/share/${token}/snapshots/${snapshotId}`)
    expect(JSON.stringify(wall.json().wall)).toContain(shown.hash)
    expect(JSON.stringify(wall.json().wall)).not.toContain(hidden.hash)

    await server.app.inject({ method: 'DELETE', url: `/api/shares/${share.json().share.id}`, headers: fx.headers })
    expect((await viewer(shown.hash)).statusCode).toBe(401)
  })

  it('the JSON data export carries every picture a label or snapshot names, so another server can show them', async () => {
    const fx = await facilitatorWall(server)
    const inSnapshot = await pictureLabel(fx, 15)
    await server.app.inject({
      method: 'POST',
      url: `/api/boards/${fx.board.id}/snapshots`,
      headers: fx.headers,
      payload: {},
    })
    const onWall = await pictureLabel(fx, 16)
    deleteLabel(fx.wall.doc, inSnapshot.id)
    await vi.waitFor(async () => {
      expect((await get(server, `/api/boards/${fx.board.id}/images/${inSnapshot.hash}`, fx.cookie)).statusCode).toBe(
        404,
      )
    }, patient)
    const res = await get(server, `/api/boards/${fx.board.id}/data.json`, fx.cookie)
    const data = res.json().board
    expect(data.wall.labels).toEqual([expect.objectContaining({ photo: onWall.hash })])
    expect(data.snapshots[0].wall.labels).toEqual([expect.objectContaining({ photo: inSnapshot.hash })])
    const byHash = new Map((data.pictures as { hash: string; mime: string; base64: string }[]).map((p) => [p.hash, p]))
    expect([...byHash.keys()].sort()).toEqual([inSnapshot.hash, onWall.hash].sort())
    for (const p of [inSnapshot, onWall]) {
      expect(byHash.get(p.hash)?.mime).toBe('image/png')
      expect(Buffer.from(byHash.get(p.hash)?.base64 ?? '', 'base64').equals(p.data)).toBe(true)
    }
  })

  it('a board exported as JSON and brought in again keeps its pictures, on the wall and in its snapshot', async () => {
    const fx = await facilitatorWall(server)
    const label = await pictureLabel(fx, 17, 'Med billede')
    await server.app.inject({
      method: 'POST',
      url: `/api/boards/${fx.board.id}/snapshots`,
      headers: fx.headers,
      payload: {},
    })
    const exported = await get(server, `/api/boards/${fx.board.id}/data.json`, fx.cookie)
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/boards/import?format=vaegavis',
      headers: { ...fx.headers, 'content-type': 'application/json' },
      payload: exported.body,
    })
    expect(res.statusCode, res.body).toBe(201)
    const boardId = res.json().board.id as string
    const data = (await get(server, `/api/boards/${boardId}/data.json`, fx.cookie)).json().board
    const photo = data.wall.labels[0].photo as string
    // The picture was checked and re-encoded like an upload, so its hash is its cleaned copy's.
    expect(photo).toMatch(/^[0-9a-f]{64}$/)
    const picture = await get(server, `/api/boards/${boardId}/images/${photo}`, fx.cookie)
    expect(picture.statusCode).toBe(200)
    expect(picture.headers['content-type']).toBe('image/jpeg')
    const size = await sharp(picture.rawPayload).metadata()
    expect([size.width, size.height]).toEqual([48, 32])
    expect(data.snapshots[0].wall.labels[0].photo).toBe(photo)
    const snapshots = (await get(server, `/api/boards/${boardId}/snapshots`, fx.cookie)).json().snapshots
    expect((await get(server, `/api/snapshots/${snapshots[0].id}/images/${photo}`, fx.cookie)).statusCode).toBe(200)
    expect(label.hash).not.toBe(photo)
  })

  it('a JSON file whose picture bytes are not the picture its name says is refused whole', async () => {
    const fx = await facilitatorWall(server)
    await pictureLabel(fx, 18)
    const exported = (await get(server, `/api/boards/${fx.board.id}/data.json`, fx.cookie)).json()
    exported.board.pictures[0].base64 = Buffer.from('something else').toString('base64')
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/boards/import?format=vaegavis',
      headers: { ...fx.headers, 'content-type': 'application/json' },
      payload: JSON.stringify(exported),
    })
    expect(res.statusCode).toBe(422)
    expect(res.json().message).toContain('Picture 1')
  })

  it('deleting a board deletes its pictures and its snapshots’ copies from the database files', async () => {
    const fx = await facilitatorWall(server)
    const label = await pictureLabel(fx, 11)
    await server.app.inject({
      method: 'POST',
      url: `/api/boards/${fx.board.id}/snapshots`,
      headers: fx.headers,
      payload: {},
    })
    const other = await facilitatorWall(server)
    const kept = await pictureLabel(other, 12)
    for (const c of clients.splice(0)) c.destroy()
    expect(pictureFileHolds(server.dataDir, label.needle)).toBe(true)

    const del = await server.app.inject({ method: 'DELETE', url: `/api/boards/${fx.board.id}`, headers: fx.headers })
    expect(del.statusCode).toBe(204)
    expect(pictureFileHolds(server.dataDir, label.needle)).toBe(false)
    expect(pictureFileHolds(server.dataDir, kept.needle)).toBe(true)
  })

  it('deleting a project deletes the pictures of its boards and snapshots from the database files', async () => {
    const fx = await facilitatorWall(server)
    const label = await pictureLabel(fx, 13)
    const project = await server.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: fx.headers,
      payload: { title: 'Forløb' },
    })
    const projectId = project.json().project.id as string
    await server.app.inject({
      method: 'PATCH',
      url: `/api/boards/${fx.board.id}`,
      headers: fx.headers,
      payload: { projectId },
    })
    await server.app.inject({
      method: 'POST',
      url: `/api/boards/${fx.board.id}/snapshots`,
      headers: fx.headers,
      payload: {},
    })
    for (const c of clients.splice(0)) c.destroy()

    const del = await server.app.inject({ method: 'DELETE', url: `/api/projects/${projectId}`, headers: fx.headers })
    expect(del.statusCode).toBe(204)
    expect(pictureFileHolds(server.dataDir, label.needle)).toBe(false)
  })

  it('retention deletes old boards’ and snapshots’ pictures', async () => {
    const fx = await facilitatorWall(server)
    const label = await pictureLabel(fx, 14)
    await server.app.inject({
      method: 'POST',
      url: `/api/boards/${fx.board.id}/snapshots`,
      headers: fx.headers,
      payload: {},
    })
    for (const c of clients.splice(0)) c.destroy()
    const sevenMonthsLater = Date.now() + 7 * 31 * 24 * 3600 * 1000
    expect(await sweepRetention(server.store, server.app.rooms, server.app.blobs, 6, sevenMonthsLater)).toEqual({
      boards: 1,
      snapshots: 1,
    })
    expect(pictureFileHolds(server.dataDir, label.needle)).toBe(false)
  })
})

describe('pictures on Postgres', () => {
  const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const schema = `vg_pictures_${randomBytes(5).toString('hex')}`
  let admin: pg.Client
  let server: TestServer
  beforeEach(async () => {
    admin = new pg.Client({ connectionString: DATABASE_URL })
    await admin.connect()
    await admin.query(`CREATE SCHEMA ${schema}`)
    const url = new URL(DATABASE_URL)
    url.search = `?options=${encodeURIComponent(`-c search_path=${schema}`)}`
    server = await startServer({ env: { DATABASE_URL: url.toString() } })
  })
  afterEach(async () => {
    await server.destroy()
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  })

  const rows = async (hash: string) =>
    (
      await admin.query<{ board_id: string }>(`SELECT board_id FROM ${schema}.image_blobs WHERE hash = $1`, [hash])
    ).rows.map((r) => r.board_id)

  it('deleting a label, then the board, leaves no row with their pictures', async () => {
    const fx = await facilitatorWall(server)
    const gone = await pictureLabel(fx, 21)
    const inSnapshot = await pictureLabel(fx, 22)
    const snap = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${fx.board.id}/snapshots`,
      headers: fx.headers,
      payload: {},
    })
    expect(snap.statusCode).toBe(201)
    expect(await rows(inSnapshot.hash)).toHaveLength(2)

    deleteLabel(fx.wall.doc, gone.id)
    await vi.waitFor(
      async () => expect(await rows(gone.hash)).toEqual([`snapshot:${snap.json().snapshot.id}`]),
      patient,
    )
    for (const c of clients.splice(0)) c.destroy()
    const del = await server.app.inject({ method: 'DELETE', url: `/api/boards/${fx.board.id}`, headers: fx.headers })
    expect(del.statusCode).toBe(204)
    expect(await rows(gone.hash)).toEqual([])
    expect(await rows(inSnapshot.hash)).toEqual([])
  })
})
