/**
 * Pictures from phones (issue #14): only real images are kept, re-encoded
 * without metadata; a participant may put on a label only a picture they
 * sent themselves; pictures wait for approval unless the board says
 * otherwise; and no phone writes a picture over the socket. On SQLite and on
 * PostgreSQL, since the picture store and who sent what live there.
 */
import { randomBytes } from 'node:crypto'
import {
  addLabel,
  CloseCode,
  CSRF_HEADER,
  ErrorCode,
  HeldFor,
  heldDocName,
  readHeldLabels,
  readLabel,
  readLabels,
  readLegend,
  setSetting,
} from '@vaegavis/shared'
import pg from 'pg'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type * as Y from 'yjs'
import { hashToken } from '../src/auth/secrets.ts'
import {
  boardFixture,
  type Client,
  connect,
  join,
  loadStored,
  signIn,
  startServer,
  synced,
  type TestServer,
} from './helpers.ts'

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const csrf = { [CSRF_HEADER]: '1' }

/** A photo as a phone camera writes it: EXIF with a GPS position and the camera's make. */
async function cameraPhoto(seed = 0): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 90 + seed, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Secret Model 12' },
      // sharp writes GPS tags under IFD3
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 40/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '12/1 34/1 0/1' },
    })
    .toBuffer()
}

const BACKENDS: [string, () => Promise<{ env: Record<string, string>; drop: () => Promise<void> }>][] = [
  ['SQLite', async () => ({ env: {}, drop: async () => {} })],
  [
    'PostgreSQL',
    async () => {
      const schema = `vg_images_${randomBytes(6).toString('hex')}`
      const admin = new pg.Client({ connectionString: DATABASE_URL })
      await admin.connect()
      await admin.query(`CREATE SCHEMA ${schema}`)
      await admin.end()
      const url = new URL(DATABASE_URL)
      url.searchParams.set('options', `-c search_path=${schema}`)
      return {
        env: { DATABASE_URL: url.toString() },
        drop: async () => {
          const c = new pg.Client({ connectionString: DATABASE_URL })
          await c.connect()
          await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
          await c.end()
        },
      }
    },
  ],
]

describe.each(BACKENDS)('pictures from phones on %s', (name, backend) => {
  let server: TestServer
  let drop: () => Promise<void>
  const clients: Client[] = []
  beforeAll(async () => {
    const b = await backend()
    drop = b.drop
    server = await startServer({ env: b.env })
  })
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await server?.destroy()
    await drop?.()
  })

  async function fixture() {
    const { board, cookie, facToken } = await boardFixture(server)
    const alice = await join(server.app, board.joinCode, 'Alice')
    const bob = await join(server.app, board.joinCode, 'Bob')
    const category = await server.app.rooms.withRoom(board.id, (r) => r.read((d) => readLegend(d)[0]?.id ?? ''))
    return { board, cookie, facToken, alice, bob, category }
  }

  const upload = (boardId: string, body: Buffer, auth: Record<string, string>, type = 'image/jpeg') =>
    server.app.inject({
      method: 'POST',
      url: `/api/boards/${boardId}/images`,
      headers: { ...csrf, 'content-type': type, ...auth },
      payload: body,
    })
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
  const postLabel = (boardId: string, token: string, body: Record<string, unknown>) =>
    server.app.inject({
      method: 'POST',
      url: `/api/boards/${boardId}/labels`,
      headers: { ...csrf, ...bearer(token) },
      payload: { x: 10, y: 20, ...body },
    })
  const held = (boardId: string) => server.app.rooms.withRoom(heldDocName(boardId), (r) => r.read(readHeldLabels))
  const wall = (boardId: string) => server.app.rooms.withRoom(boardId, (r) => r.read(readLabels))

  it('keeps a phone photo re-encoded, without EXIF or GPS, readable with the board token', async () => {
    expect(server.app.blobs.kind).toBe(name === 'SQLite' ? 'sqlite' : 'postgres')
    const { board, alice } = await fixture()
    const photo = await cameraPhoto()
    expect((await sharp(photo).metadata()).exif).toBeDefined()
    const res = await upload(board.id, photo, bearer(alice.token))
    expect(res.statusCode).toBe(201)
    const out = res.json() as { hash: string; width: number; height: number; mime: string; bytes: number }
    expect(out).toMatchObject({ mime: 'image/jpeg', width: 640, height: 480 })
    const served = await server.app.inject({
      method: 'GET',
      url: `/api/boards/${board.id}/images/${out.hash}?token=${encodeURIComponent(alice.token)}`,
    })
    expect(served.statusCode).toBe(200)
    expect(served.headers['content-type']).toBe('image/jpeg')
    expect(served.rawPayload.byteLength).toBe(out.bytes)
    const meta = await sharp(served.rawPayload).metadata()
    expect(meta.exif).toBeUndefined()
    expect(meta.xmp).toBeUndefined()
    expect(served.rawPayload.includes(Buffer.from('PhoneMaker'))).toBe(false)
    expect(served.rawPayload.includes(Buffer.from('Exif'))).toBe(false)
  })

  it('refuses what is not a picture, too many bytes, a viewer and no token, each with its code', async () => {
    const { board, alice } = await fixture()
    const text = await upload(board.id, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), bearer(alice.token))
    expect(text.statusCode).toBe(415)
    expect(text.json().code).toBe(ErrorCode.ImageInvalid)
    const json = await upload(board.id, Buffer.from('{}'), bearer(alice.token), 'application/json')
    expect([400, 415]).toContain(json.statusCode)
    const huge = await upload(board.id, Buffer.alloc(6 * 1024 * 1024, 1), bearer(alice.token))
    expect(huge.statusCode).toBe(413)
    expect(huge.json().code).toBe(ErrorCode.ImageTooBig)
    const nobody = await upload(board.id, await cameraPhoto(), {})
    expect(nobody.statusCode).toBe(401)
    // A share link's viewer may only look.
    const viewerToken = randomBytes(24).toString('base64url')
    await server.store.app.createToken({
      tokenHash: hashToken(viewerToken),
      boardId: board.id,
      role: 'viewer',
      subject: 'share-1',
      nickname: '',
      createdAt: Date.now(),
      expiresAt: null,
    })
    const viewer = await upload(board.id, await cameraPhoto(), bearer(viewerToken))
    expect(viewer.statusCode).toBe(403)
    expect(viewer.json().code).toBe(ErrorCode.Forbidden)
    expect(await server.app.blobs.list(board.id)).toEqual([])
  })

  it('holds a picture label for approval by default; approving puts it on the wall with its picture, once', async () => {
    const { board, cookie, alice, category } = await fixture()
    const { hash } = (await upload(board.id, await cameraPhoto(1), bearer(alice.token))).json() as { hash: string }
    const body = { id: 'photo-label-1', text: 'Vores bane', category, photo: hash }
    const first = await postLabel(board.id, alice.token, body)
    expect(first.statusCode).toBe(201)
    expect(first.json().status).toBe('held')
    // The phone sends again after a lost answer: still one label.
    expect((await postLabel(board.id, alice.token, body)).statusCode).toBe(200)
    const waiting = await held(board.id)
    expect(waiting.map((l) => [l.id, l.photo, l.heldFor, l.author])).toEqual([
      ['photo-label-1', hash, HeldFor.Approval, alice.participantId],
    ])
    expect(await wall(board.id)).toEqual([])
    const mine = await server.app.inject({
      method: 'GET',
      url: `/api/boards/${board.id}/labels/held/mine`,
      headers: bearer(alice.token),
    })
    expect(mine.json().labels[0].photo).toBe(hash)
    const approved = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${board.id}/held/photo-label-1/approve`,
      headers: { ...csrf, cookie },
    })
    expect(approved.statusCode).toBe(200)
    const onWall = await wall(board.id)
    expect(onWall.map((l) => [l.id, l.photo, l.author])).toEqual([['photo-label-1', hash, alice.participantId]])
    expect(await held(board.id)).toEqual([])
    // Stored, not just in memory: the board's document on disk has it with its picture.
    const stored = await loadStored(server, board.id)
    expect(readLabel(stored, 'photo-label-1')?.photo).toBe(hash)
  })

  it('puts a picture label straight onto the wall when the board lets pictures through', async () => {
    const { board, alice, category } = await fixture()
    await server.app.rooms.withRoom(board.id, (r) =>
      r.applyServerChange((d) => setSetting(d, 'picturesNeedApproval', false)),
    )
    const { hash } = (await upload(board.id, await cameraPhoto(2), bearer(alice.token))).json() as { hash: string }
    const body = { id: 'photo-live-1', text: 'Tegning', category, photo: hash }
    const res = await postLabel(board.id, alice.token, body)
    expect(res.statusCode).toBe(201)
    expect(res.json().status).toBe('posted')
    expect((await postLabel(board.id, alice.token, body)).statusCode).toBe(200)
    const onWall = await wall(board.id)
    expect(onWall.map((l) => [l.id, l.photo, l.author, l.nickname])).toEqual([
      ['photo-live-1', hash, alice.participantId, 'Alice'],
    ])
    expect(await held(board.id)).toEqual([])
    // A label without a picture still goes over the socket while nothing is held back.
    const plain = await postLabel(board.id, alice.token, { id: 'plain-label-1', text: 'Hej', category })
    expect(plain.statusCode).toBe(409)
  })

  it("refuses another participant's picture, the facilitator's and one never sent; nothing is stored", async () => {
    const { board, cookie, alice, bob, category } = await fixture()
    const bobs = (await upload(board.id, await cameraPhoto(3), bearer(bob.token))).json() as { hash: string }
    const facilitators = await upload(board.id, await cameraPhoto(4), { cookie })
    expect(facilitators.statusCode).toBe(201)
    const facHash = (facilitators.json() as { hash: string }).hash
    const never = 'ab'.repeat(32)
    for (const [i, photo] of [bobs.hash, facHash, never].entries()) {
      const res = await postLabel(board.id, alice.token, { id: `not-mine-${i}`, text: 'Min?', category, photo })
      expect(res.statusCode).toBe(403)
      expect(res.json().code).toBe(ErrorCode.ImageNotYours)
    }
    const malformed = await postLabel(board.id, alice.token, { id: 'not-mine-9', text: 'x', category, photo: 'abc' })
    expect(malformed.statusCode).toBe(400)
    // Another board's participant cannot use Alice's picture either: a hash is scoped to its board.
    const other = await fixture()
    const alices = (await upload(board.id, await cameraPhoto(5), bearer(alice.token))).json() as { hash: string }
    const elsewhere = await postLabel(other.board.id, other.alice.token, {
      id: 'not-mine-elsewhere',
      text: 'Lånt',
      category: other.category,
      photo: alices.hash,
    })
    expect(elsewhere.statusCode).toBe(403)
    expect(await held(board.id)).toEqual([])
    expect(await wall(board.id)).toEqual([])
  })

  it('closes a socket that writes a picture label, even with its own picture, and stores nothing', async () => {
    const { board, alice, category } = await fixture()
    await server.app.rooms.withRoom(board.id, (r) =>
      r.applyServerChange((d) => setSetting(d, 'picturesNeedApproval', false)),
    )
    const { hash } = (await upload(board.id, await cameraPhoto(6), bearer(alice.token))).json() as { hash: string }
    for (const photo of [hash, 'cd'.repeat(32)]) {
      const phone = connect(server.wsUrl, board.id, alice.token)
      clients.push(phone)
      await synced(phone)
      addLabel(phone.doc, { text: 'Smuglet', category, x: 0, y: 0, author: alice.participantId, photo })
      await vi.waitFor(() => expect(phone.closeCodes).toContain(CloseCode.Forbidden))
      phone.provider.disconnect()
    }
    const stored = await loadStored(server, board.id)
    expect(readLabels(stored)).toEqual([])
    // Setting the picture of an own label already on the wall is refused the same way.
    const phone = connect(server.wsUrl, board.id, alice.token)
    clients.push(phone)
    await synced(phone)
    const id = addLabel(phone.doc, { text: 'Uden billede', category, x: 0, y: 0, author: alice.participantId })
    await vi.waitFor(async () => expect(readLabel(await loadStored(server, board.id), id)).toBeDefined())
    phone.doc.transact(() => (phone.doc.getMap('labels').get(id) as Y.Map<unknown>).set('photo', hash))
    await vi.waitFor(() => expect(phone.closeCodes).toContain(CloseCode.Forbidden))
    expect(readLabel(await loadStored(server, board.id), id)?.photo).toBeUndefined()
  })

  it('lets the facilitator switch picture approval, and no participant', async () => {
    const { board, facToken, alice } = await fixture()
    const cookie = await signIn(server.app)
    expect(cookie).toBeTruthy()
    const fac = connect(server.wsUrl, board.id, facToken)
    clients.push(fac)
    await synced(fac)
    setSetting(fac.doc, 'picturesNeedApproval', false)
    await vi.waitFor(async () => {
      const s = await server.app.rooms.withRoom(board.id, (r) => r.read((d) => d.getMap('settings').toJSON()))
      expect(s.picturesNeedApproval).toBe(false)
    })
    const phone = connect(server.wsUrl, board.id, alice.token)
    clients.push(phone)
    await synced(phone)
    setSetting(phone.doc, 'picturesNeedApproval', true)
    await vi.waitFor(() => expect(phone.closeCodes).toContain(CloseCode.Forbidden))
    const stored = await loadStored(server, board.id)
    expect(stored.getMap('settings').get('picturesNeedApproval')).toBe(false)
  })
})
