import { CSRF_HEADER, ErrorCode, readLabels, readLegend, readThemes } from '@vaegavis/shared'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { renderPhoto } from '../scripts/capture-testset.ts'
import { ensureFacilitator } from '../src/services/boards.ts'
import { createBoard, join, signIn, startServer, type TestServer } from './helpers.ts'

const csrf = { [CSRF_HEADER]: '1' }
let server: TestServer
let cookie: string
let board: { id: string; joinCode: string }
let legend: { id: string; colour: string }[]

beforeAll(async () => {
  server = await startServer()
  cookie = await signIn(server.app)
  board = await createBoard(server.app, cookie, 'Plakat fra sidste gang')
  legend = await server.app.rooms.withRoom(board.id, (room) =>
    room.read((doc) => readLegend(doc).map((c) => ({ id: c.id, colour: c.colour }))),
  )
})
afterAll(async () => {
  await server?.destroy()
})

const upload = (boardId: string, body: Buffer, headers: Record<string, string> = { cookie }) =>
  server.app.inject({
    method: 'POST',
    url: `/api/boards/${boardId}/capture`,
    headers: { ...csrf, 'content-type': 'image/jpeg', ...headers },
    payload: body,
  })

interface SessionBody {
  id: string
  status: 'running' | 'done' | 'failed'
  progress: number
  notes: { id: string; crop: string; text: string; category: string; group: number }[]
  error?: { code: string; message: string }
}

async function finished(boardId: string): Promise<SessionBody> {
  let body: SessionBody | undefined
  await vi.waitFor(
    async () => {
      const res = await server.app.inject({ method: 'GET', url: `/api/boards/${boardId}/capture`, headers: { cookie } })
      expect(res.statusCode).toBe(200)
      body = res.json() as SessionBody
      expect(body.status).not.toBe('running')
    },
    { timeout: 120_000, interval: 200 },
  )
  return body as SessionBody
}

describe('capture routes', { timeout: 240_000 }, () => {
  it('reads an uploaded poster and puts the reviewed notes on the wall as themes, each label with its crop', async () => {
    const { jpeg, truth } = await renderPhoto({
      seed: 41,
      width: 1600,
      height: 1200,
      groups: 2,
      difficulty: 0.2,
      style: 'block',
      legend,
    })
    const res = await upload(board.id, jpeg)
    expect(res.statusCode).toBe(202)
    const session = await finished(board.id)
    expect(session.status).toBe('done')
    expect(session.notes).toHaveLength(truth.notes.length)
    expect(session.notes.map((n) => n.category).sort()).toEqual(truth.notes.map((n) => n.category).sort())

    const crop = await server.app.inject({
      method: 'GET',
      url: `/api/boards/${board.id}/images/${session.notes[0]?.crop}`,
      headers: { cookie },
    })
    expect(crop.statusCode).toBe(200)
    expect(crop.headers['content-type']).toBe('image/jpeg')
    expect((await sharp(crop.rawPayload).metadata()).format).toBe('jpeg')

    // The facilitator corrects one note's text and colour and drops another.
    const [first, dropped, ...rest] = session.notes
    if (!first || !dropped) throw new Error('expected at least two notes')
    const other = legend.find((c) => c.id !== first.category)?.id as string
    const kept = [
      { id: first.id, text: 'Rettet tekst', category: other },
      ...rest.map((n) => ({ id: n.id, text: n.text || 'tom', category: n.category })),
    ]
    const groups = [...new Set(session.notes.map((n) => n.group))]
    const placed = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${board.id}/capture/place`,
      headers: { cookie, ...csrf },
      payload: { sessionId: session.id, notes: kept, themes: groups.map((g) => ({ group: g, name: `Tema ${g + 1}` })) },
    })
    expect(placed.statusCode).toBe(200)
    const wall = await server.app.rooms.withRoom(board.id, (room) =>
      room.read((doc) => ({ labels: readLabels(doc), themes: readThemes(doc) })),
    )
    expect(wall.labels).toHaveLength(truth.notes.length - 1)
    expect(wall.labels.some((l) => l.text === dropped.text && dropped.text !== '')).toBe(false)
    const corrected = wall.labels.find((l) => l.text === 'Rettet tekst')
    expect(corrected?.category).toBe(other)
    expect(corrected?.photo).toBe(first.crop)
    for (const l of wall.labels) {
      expect(l.photo).toMatch(/^[0-9a-f]{64}$/)
      expect(wall.themes.map((t) => t.id)).toContain(l.themeId)
    }
    expect(wall.themes.map((t) => t.name).sort()).toEqual(
      [...new Set(kept.map((k) => session.notes.find((n) => n.id === k.id)?.group))]
        .map((g) => `Tema ${(g ?? 0) + 1}`)
        .sort(),
    )
    // The review is over: placing again is refused.
    const again = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${board.id}/capture/place`,
      headers: { cookie, ...csrf },
      payload: { sessionId: session.id, notes: kept, themes: [] },
    })
    expect(again.json().code).toBe(ErrorCode.Conflict)
  })

  it('reads one photo at a time per board', async () => {
    const { jpeg } = await renderPhoto({ seed: 42, width: 1200, height: 900, groups: 2, difficulty: 0.1, legend })
    const [a, b] = await Promise.all([upload(board.id, jpeg), upload(board.id, jpeg)])
    expect([a.statusCode, b.statusCode].sort()).toEqual([202, 409])
    expect([a, b].find((r) => r.statusCode === 409)?.json().code).toBe(ErrorCode.CaptureBusy)
    await finished(board.id)
  })

  it('says clearly when the photo has no notes', async () => {
    const other = await createBoard(server.app, cookie, 'Tom plakat')
    const { jpeg } = await renderPhoto({ seed: 43, width: 1200, height: 900, groups: 0, difficulty: 0.2, empty: true })
    expect((await upload(other.id, jpeg)).statusCode).toBe(202)
    const s = await finished(other.id)
    expect(s.status).toBe('failed')
    expect(s.error?.code).toBe(ErrorCode.NoNotesFound)
    expect(s.error?.message).toMatch(/No notes were found/)
  })

  it('refuses what is not a photo, and a photo that is too big', async () => {
    const text = await upload(board.id, Buffer.from('just some text'), { cookie, 'content-type': 'text/plain' })
    expect(text.statusCode).toBe(415)
    expect(text.json().code).toBe(ErrorCode.ImageInvalid)
    const huge = await upload(board.id, Buffer.alloc(21 * 1024 * 1024, 1))
    expect(huge.statusCode).toBe(413)
    expect(huge.json().code).toBe(ErrorCode.ImageTooBig)
  })

  it("lets only the board's facilitators upload, review and see its pictures", async () => {
    const { jpeg } = await renderPhoto({ seed: 44, width: 800, height: 600, groups: 1, difficulty: 0, legend })
    // Signed out.
    const anon = await upload(board.id, jpeg, {})
    expect(anon.statusCode).toBe(401)
    // A participant of the board, with its token.
    const participant = await join(server.app, board.joinCode)
    const asParticipant = await upload(board.id, jpeg, { authorization: `Bearer ${participant.token}` })
    expect(asParticipant.statusCode).toBe(401)
    // Another facilitator: the board does not exist for them.
    await ensureFacilitator(server.store, 'anden@klub.dk', 'et-andet-kodeord')
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: csrf,
      payload: { email: 'anden@klub.dk', password: 'et-andet-kodeord' },
    })
    const otherCookie = `vg_session=${login.cookies.find((c) => c.name === 'vg_session')?.value}`
    expect((await upload(board.id, jpeg, { cookie: otherCookie })).statusCode).toBe(404)
    const review = await server.app.inject({
      method: 'GET',
      url: `/api/boards/${board.id}/capture`,
      headers: { cookie: otherCookie },
    })
    expect(review.statusCode).toBe(404)
    // Pictures: the board's facilitator and its participants (token) see them; nobody else does.
    const photo = (await server.app.rooms.withRoom(board.id, (room) => room.read(readLabels))).find(
      (l) => l.photo,
    )?.photo
    expect(photo).toBeDefined()
    const url = `/api/boards/${board.id}/images/${photo}`
    expect((await server.app.inject({ method: 'GET', url, headers: { cookie: otherCookie } })).statusCode).toBe(404)
    expect((await server.app.inject({ method: 'GET', url })).statusCode).toBe(401)
    expect((await server.app.inject({ method: 'GET', url: `${url}?token=${participant.token}` })).statusCode).toBe(200)
    const elsewhere = await createBoard(server.app, cookie, 'Andet bræt')
    const wrongBoard = `/api/boards/${elsewhere.id}/images/${photo}`
    expect((await server.app.inject({ method: 'GET', url: wrongBoard, headers: { cookie } })).statusCode).toBe(404)
  })

  it("deletes a board's pictures with deleteForBoard", async () => {
    const before = await server.app.blobs.list(board.id)
    expect(before.length).toBeGreaterThan(0)
    await server.app.blobs.deleteForBoard(board.id)
    expect(await server.app.blobs.list(board.id)).toEqual([])
  })
})
