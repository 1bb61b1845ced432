/**
 * Every promise kept against a participant who attacks (issue #11): each test
 * is one attack, made as a hostile participant would make it — hand-built Yjs
 * records from a stock y-websocket client, HTTP through app.inject — and
 * checks what the other people in the room would notice.
 */

import { rmSync } from 'node:fs'
import {
  addLabel,
  addTheme,
  CloseCode,
  CSRF_HEADER,
  HeldFor,
  heldDocName,
  readHeldLabels,
  readLabels,
  setLabelHidden,
  setLabelTheme,
  setSetting,
} from '@vaegavis/shared'
import type { InjectOptions } from 'fastify'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { buildApp } from '../src/app.ts'
import { ConfigError, loadConfig } from '../src/config.ts'
import { ensureFacilitator } from '../src/services/boards.ts'
import { createStore } from '../src/storage/index.ts'
import { type RoomLimits, SERVER_SUBJECT } from '../src/sync/index.ts'
import {
  boardFixture,
  clientTracker,
  connect,
  FACILITATOR,
  join,
  loadStored,
  startServer,
  synced,
  type TestServer,
  tempDir,
} from './helpers.ts'

const servers: TestServer[] = []
const closers: (() => Promise<void>)[] = []
const { track, destroyAll } = clientTracker()
afterEach(async () => {
  destroyAll()
  for (const s of servers.splice(0)) await s.destroy()
  for (const close of closers.splice(0)) await close()
})
async function serve(limits?: Partial<RoomLimits>): Promise<TestServer> {
  const s = await startServer(limits ? { limits } : {})
  servers.push(s)
  return s
}

const patient = { timeout: 10_000, interval: 20 }
const csrf = { [CSRF_HEADER]: '1' }
const texts = (doc: Y.Doc) => readLabels(doc).map((l) => l.text)
const bytesOf = (doc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(doc))

async function wall(server: TestServer) {
  const fx = await boardFixture(server)
  const projector = track(connect(server.wsUrl, fx.board.id, fx.facToken))
  const p = await join(server.app, fx.board.joinCode, 'Ali')
  const phone = track(connect(server.wsUrl, fx.board.id, p.token))
  await Promise.all([synced(projector), synced(phone)])
  return { ...fx, projector, phone, p }
}

/** A label written field by field, as a modified client would. */
function craftLabel(doc: Y.Doc, fields: Record<string, unknown>): string {
  const id = `crafted-${Math.random().toString(36).slice(2, 10)}`
  doc.transact(() => {
    const m = new Y.Map<unknown>()
    for (const [k, v] of Object.entries(fields)) m.set(k, v)
    doc.getMap('labels').set(id, m)
  })
  return id
}

const honest = (author: string) => ({
  text: 'Ærlig label',
  category: 'ide',
  x: 1,
  y: 1,
  author,
  createdAt: Date.now(),
  kind: 'label',
})

async function stored(server: TestServer, name: string): Promise<number> {
  await (await server.app.rooms.peek(name))?.flushed()
  return (await server.store.docs.load(name)).updates.reduce((n, u) => n + u.byteLength, 0)
}

describe('every field is checked, in one place', () => {
  for (const [field, value] of [
    ['heldFor', 'x'.repeat(100_000)],
    ['themeOrder', 'x'.repeat(100_000)],
    ['createdAt', 1e20],
    ['themeOrder', 1e20],
    ['nickname', 'n'.repeat(10_000)],
  ] as const) {
    it(`a new label whose ${field} is ${typeof value === 'string' ? `${value.length} characters` : value} is refused with 4403 and nothing of it is stored`, async () => {
      const server = await serve()
      const w = await wall(server)
      craftLabel(w.phone.doc, { ...honest(w.p.participantId), [field]: value })
      await vi.waitFor(() => expect(w.phone.closeCodes).toContain(CloseCode.Forbidden), patient)
      expect(await stored(server, w.board.id)).toBeLessThan(5_000)
      expect(readLabels(await loadStored(server, w.board.id))).toEqual([])
      // The board is not full for anyone: the facilitator still writes.
      addLabel(w.projector.doc, {
        text: 'Facilitator skriver stadig',
        category: 'ide',
        x: 0,
        y: 0,
        author: 'facilitator',
      })
      await vi.waitFor(
        async () => expect(texts(await loadStored(server, w.board.id))).toEqual(['Facilitator skriver stadig']),
        patient,
      )
      expect(w.projector.closeCodes).toEqual([])
    })
  }

  it('a facilitator’s label with a creation time of 1e20 is refused too, and an existing label cannot be given one', async () => {
    const server = await serve()
    const w = await wall(server)
    craftLabel(w.projector.doc, { ...honest('facilitator'), createdAt: 1e20 })
    await vi.waitFor(() => expect(w.projector.closeCodes).toContain(CloseCode.Forbidden), patient)

    const id = addLabel(w.phone.doc, { text: 'Min egen', category: 'ide', x: 0, y: 0, author: w.p.participantId })
    await vi.waitFor(async () => expect(texts(await loadStored(server, w.board.id))).toEqual(['Min egen']), patient)
    ;(w.phone.doc.getMap('labels').get(id) as Y.Map<unknown>).set('text', 't'.repeat(50_000))
    await vi.waitFor(() => expect(w.phone.closeCodes).toContain(CloseCode.Forbidden), patient)
    expect(readLabels(await loadStored(server, w.board.id)).map((l) => [l.text, l.createdAt < 1e13])).toEqual([
      ['Min egen', true],
    ])
  })

  it('settings and legend entries cannot smuggle extra data: a vote round or a colour with a 100 KB extra key is refused', async () => {
    const server = await serve()
    const w = await wall(server)
    w.projector.doc
      .getMap('settings')
      .set('voteRound', { id: 'r', target: 'labels', dots: 3, open: true, pad: 'x'.repeat(100_000) })
    await vi.waitFor(() => expect(w.projector.closeCodes).toContain(CloseCode.Forbidden), patient)
    const again = track(connect(server.wsUrl, w.board.id, w.facToken))
    await synced(again)
    again.doc
      .getMap('legend')
      .set('ny', { id: 'ny', colour: '#D55E00', meaning: 'Ny', icon: 'star', order: 5, pad: 'x'.repeat(100_000) })
    await vi.waitFor(() => expect(again.closeCodes).toContain(CloseCode.Forbidden), patient)
    expect(await stored(server, w.board.id)).toBeLessThan(5_000)
  })
})

describe('limits hold on every route', () => {
  const post = (server: TestServer, boardId: string, token: string, id: string, text = `Privat ${id}`) =>
    server.app.inject({
      method: 'POST',
      url: `/api/boards/${boardId}/labels`,
      headers: { authorization: `Bearer ${token}`, ...csrf },
      payload: { id, text, category: 'ide', x: 0, y: 0 },
    })

  async function privateWriting(server: TestServer, w: Awaited<ReturnType<typeof wall>>) {
    setSetting(w.projector.doc, 'privateWriting', true)
    await vi.waitFor(async () => {
      const r = await server.app.rooms.peek(w.board.id)
      expect(r?.read((d) => d.getMap('settings').get('privateWriting'))).toBe(true)
    }, patient)
  }

  it('held labels count against the per-participant limit together with the labels already on the wall', async () => {
    const server = await serve({ maxLabelsPerParticipant: 5 })
    const w = await wall(server)
    for (let i = 0; i < 3; i++)
      addLabel(w.phone.doc, { text: `På væggen ${i}`, category: 'ide', x: i, y: 0, author: w.p.participantId })
    await vi.waitFor(async () => expect(texts(await loadStored(server, w.board.id))).toHaveLength(3), patient)
    await privateWriting(server, w)
    expect((await post(server, w.board.id, w.p.token, 'held-0001')).statusCode).toBe(201)
    expect((await post(server, w.board.id, w.p.token, 'held-0002')).statusCode).toBe(201)
    const over = await post(server, w.board.id, w.p.token, 'held-0003')
    expect(over.statusCode).toBe(413)
    expect(over.json().code).toBe('VGA_ERR_BOARD_FULL')
    // Another participant is not affected.
    const other = await join(server.app, w.board.joinCode)
    expect((await post(server, w.board.id, other.token, 'held-other1')).statusCode).toBe(201)
  })

  it('a board with held labels refuses more once wall and held labels reach its limit, so a reveal never overfills it', async () => {
    const server = await serve({ maxLabels: 6 })
    const w = await wall(server)
    for (let i = 0; i < 2; i++)
      addLabel(w.projector.doc, { text: `F ${i}`, category: 'ide', x: i, y: 0, author: 'facilitator' })
    await vi.waitFor(async () => expect(texts(await loadStored(server, w.board.id))).toHaveLength(2), patient)
    await privateWriting(server, w)
    const codes: number[] = []
    for (let i = 0; i < 8; i++) {
      const p = await join(server.app, w.board.joinCode)
      codes.push((await post(server, w.board.id, p.token, `held-many-${i}`)).statusCode)
    }
    expect(codes).toEqual([201, 201, 201, 201, 413, 413, 413, 413])
    const reveal = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${w.board.id}/reveal`,
      headers: { cookie: w.cookie, ...csrf },
    })
    expect(reveal.json()).toEqual({ revealed: 4 })
    expect(readLabels(await loadStored(server, w.board.id))).toHaveLength(6)
  })

  it('labels waiting for approval count against the participant’s limit when they then write on the wall over the socket', async () => {
    const server = await serve({ maxLabelsPerParticipant: 5 })
    const w = await wall(server)
    setSetting(w.projector.doc, 'approveFirst', true)
    await vi.waitFor(async () => {
      const r = await server.app.rooms.peek(w.board.id)
      expect(r?.read((d) => d.getMap('settings').get('approveFirst'))).toBe(true)
    }, patient)
    for (let i = 0; i < 3; i++)
      expect((await post(server, w.board.id, w.p.token, `waiting-${i}00`)).statusCode).toBe(201)
    setSetting(w.projector.doc, 'approveFirst', false)
    await vi.waitFor(() => expect(w.phone.doc.getMap('settings').get('approveFirst')).toBe(false), patient)
    for (let i = 0; i < 3; i++)
      addLabel(w.phone.doc, { text: `Direkte ${i}`, category: 'ide', x: i, y: 0, author: w.p.participantId })
    await vi.waitFor(() => expect(w.phone.closeCodes).toContain(CloseCode.BoardFull), patient)
    await stored(server, w.board.id)
    const mine = readLabels(await loadStored(server, w.board.id)).filter((l) => l.author === w.p.participantId)
    expect(mine.length).toBeLessThanOrEqual(2)
  })

  it('one participant posting held labels as fast as they can is cut off with 429 after a minute’s allowance', async () => {
    const server = await serve()
    const w = await wall(server)
    await privateWriting(server, w)
    const codes: number[] = []
    for (let i = 0; i < 70; i++) codes.push((await post(server, w.board.id, w.p.token, `fast-label-${i}`)).statusCode)
    expect(codes.filter((c) => c === 201)).toHaveLength(60)
    expect(codes.slice(60).every((c) => c === 429)).toBe(true)
    const held = await server.app.rooms.withRoom(heldDocName(w.board.id), (r) => r.read(readHeldLabels))
    expect(held).toHaveLength(60)
  })

  it('a POST to /%61pi/boards without the CSRF header is refused like /api/boards', async () => {
    const server = await serve()
    const { cookie } = await boardFixture(server)
    for (const url of ['/api/boards', '/%61pi/boards', '/%61%70%69/boards']) {
      const bare = await server.app.inject({
        method: 'POST',
        url,
        headers: { cookie },
        payload: { title: 'Forfalsket' },
      })
      expect([url, bare.statusCode]).toEqual([url, 403])
    }
    const withHeader = await server.app.inject({
      method: 'POST',
      url: '/%61pi/boards',
      headers: { cookie, ...csrf },
      payload: { title: 'Ægte' },
    })
    expect(withHeader.statusCode).toBe(201)
  })

  it('a member who is not the owner cannot add facilitators to the project; the owner can', async () => {
    const server = await serve()
    const signInAs = async (who: { email: string; password: string }) => {
      await ensureFacilitator(server.store, who.email, who.password)
      const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', headers: csrf, payload: who })
      return `vg_session=${res.cookies.find((c) => c.name === 'vg_session')?.value}`
    }
    const pia = await signInAs(FACILITATOR)
    const ole = await signInAs({ email: 'ole@klub.dk', password: 'ole-har-en-kode' })
    await signInAs({ email: 'fremmed@andet.dk', password: 'en-helt-anden' })
    const api = (cookie: string, url: string, payload: object) =>
      server.app.inject({ method: 'POST', url, headers: { cookie, ...csrf }, payload })
    const project = (await api(pia, '/api/projects', { title: 'Klubrådet' })).json().project as { id: string }
    expect((await api(pia, `/api/projects/${project.id}/members`, { email: 'ole@klub.dk' })).statusCode).toBe(200)
    const byMember = await api(ole, `/api/projects/${project.id}/members`, { email: 'fremmed@andet.dk' })
    expect(byMember.statusCode).toBe(403)
    const seen = await server.app.inject({
      method: 'GET',
      url: `/api/projects/${project.id}`,
      headers: { cookie: pia },
    })
    expect(
      seen
        .json()
        .members.map((m: { email: string }) => m.email)
        .sort(),
    ).toEqual(['ole@klub.dk', 'pia@klub.dk'])
  })
})

describe('which proxies are trusted is configuration', () => {
  async function app(env: Record<string, string>) {
    const dataDir = tempDir()
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env })
    const store = await createStore({ databaseUrl: undefined, dataDir })
    const a = await buildApp({ config, store, logger: false, rateLimits: { login: 5, join: 5 } })
    await ensureFacilitator(store, FACILITATOR.email, FACILITATOR.password)
    closers.push(async () => {
      await a.close()
      await store.close()
      rmSync(dataDir, { recursive: true, force: true })
    })
    return a
  }
  const attempts = async (a: Awaited<ReturnType<typeof app>>, n: number, request: (i: number) => InjectOptions) => {
    const codes: number[] = []
    for (let i = 0; i < n; i++) codes.push((await a.inject(request(i))).statusCode)
    return codes
  }
  const login = (i: number) => ({
    method: 'POST' as const,
    url: '/api/auth/login',
    headers: { ...csrf, 'x-forwarded-for': `203.0.113.${i}` },
    payload: { email: FACILITATOR.email, password: `gæt-${i}` },
  })
  const guess = (i: number) => ({
    method: 'POST' as const,
    url: '/api/join',
    headers: { ...csrf, 'x-forwarded-for': `198.51.100.${i}` },
    payload: { code: `ZZZ${String(i).padStart(3, '0')}` },
  })

  it('by default a rotating X-Forwarded-For does not get past the sign-in and join-code limits', async () => {
    const a = await app({})
    expect((await attempts(a, 8, login)).slice(5)).toEqual([429, 429, 429])
    expect((await attempts(a, 8, guess)).slice(5)).toEqual([429, 429, 429])
  })

  it('with TRUST_PROXY naming the proxy, each forwarded address has its own allowance', async () => {
    const a = await app({ TRUST_PROXY: '127.0.0.1' })
    expect((await attempts(a, 8, login)).every((c) => c === 401)).toBe(true)
    const hops = await app({ TRUST_PROXY: '1' })
    expect((await attempts(hops, 8, guess)).every((c) => c === 404)).toBe(true)
  })

  it('TRUST_PROXY is off, a hop count or a list of addresses; anything else stops the server naming it', () => {
    const of = (v: string) => loadConfig({ TRUST_PROXY: v }).trustProxy
    expect(loadConfig({}).trustProxy).toBe(false)
    expect(of('false')).toBe(false)
    expect(of('2')).toBe(2)
    expect(of('10.0.0.1, 172.16.0.0/12, loopback, ::1')).toEqual(['10.0.0.1', '172.16.0.0/12', 'loopback', '::1'])
    for (const bad of ['true', 'proxy.example.dk', '10.0.0.0/40', '0']) {
      expect(() => of(bad)).toThrow(ConfigError)
      expect(() => of(bad)).toThrow(/TRUST_PROXY/)
    }
  })
})

describe('what the facilitator hides stays hidden', () => {
  const SECRET = 'Navnet på en bestemt person'
  const moderate = (server: TestServer, cookie: string, boardId: string, what: 'hide' | 'show', labelIds: string[]) =>
    server.app.inject({
      method: 'POST',
      url: `/api/boards/${boardId}/labels/${what}`,
      headers: { cookie, ...csrf },
      payload: { labelIds },
    })

  it('a hidden label leaves every participant’s document — online, newcomer, viewer — and comes back whole when shown', async () => {
    const server = await serve()
    const w = await wall(server)
    setSetting(w.projector.doc, 'participantsMayMove', false)
    const theme = addTheme(w.projector.doc, { name: 'Rummet', x: 400, y: 0 })
    const id = addLabel(w.phone.doc, { text: SECRET, category: 'problem', x: 12, y: 34, author: w.p.participantId })
    await vi.waitFor(() => expect(texts(w.projector.doc)).toContain(SECRET), patient)
    setLabelTheme(w.projector.doc, id, theme)
    await vi.waitFor(() => expect(readLabels(w.phone.doc)[0]?.themeId).toBe(theme), patient)
    const before = readLabels(w.projector.doc).find((l) => l.id === id)

    const res = await moderate(server, w.cookie, w.board.id, 'hide', [id])
    expect(res.json()).toEqual({ hidden: 1 })
    // The phone that was online when it was hidden: gone from its document, text and all.
    await vi.waitFor(() => expect(texts(w.phone.doc)).toEqual([]), patient)
    expect(bytesOf(w.phone.doc).includes(Buffer.from(SECRET))).toBe(false)
    // A phone that joins later, and a viewer: never receive it.
    const later = await join(server.app, w.board.joinCode)
    const newcomer = track(connect(server.wsUrl, w.board.id, later.token))
    await synced(newcomer)
    expect(bytesOf(newcomer.doc).includes(Buffer.from(SECRET))).toBe(false)
    expect(bytesOf(await loadStored(server, w.board.id)).includes(Buffer.from(SECRET))).toBe(false)
    // A viewer of a share link sees a snapshot of the wall: taken now, it does not hold the text either.
    const snap = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${w.board.id}/snapshots`,
      headers: { cookie: w.cookie, ...csrf },
      payload: { name: 'Efter skjul' },
    })
    const { snapshot } = snap.json() as { snapshot: { id: string } }
    const share = await server.app.inject({
      method: 'POST',
      url: `/api/snapshots/${snapshot.id}/shares`,
      headers: { cookie: w.cookie, ...csrf },
      payload: { expiresAt: Date.now() + 3_600_000 },
    })
    const state = await server.app.inject({
      method: 'GET',
      url: `/api/share/${share.json().token}/snapshots/${snapshot.id}/state`,
    })
    expect(state.statusCode).toBe(200)
    expect(state.rawPayload.includes(Buffer.from(SECRET))).toBe(false)
    // The facilitator still has it, in the held document, with its author, theme and place.
    const held = await server.app.rooms.withRoom(heldDocName(w.board.id), (r) => r.read(readHeldLabels))
    expect(held).toEqual([
      expect.objectContaining({
        id,
        text: SECRET,
        heldFor: HeldFor.Hidden,
        author: w.p.participantId,
        themeId: theme,
        x: 12,
        y: 34,
      }),
    ])
    // Its author cannot bring it back by writing to the wall: a participant writing `hidden` is refused.
    const phone2 = track(connect(server.wsUrl, w.board.id, w.p.token))
    await synced(phone2)
    craftLabel(phone2.doc, { ...honest(w.p.participantId), hidden: true })
    await vi.waitFor(() => expect(phone2.closeCodes).toContain(CloseCode.Forbidden), patient)

    expect((await moderate(server, w.cookie, w.board.id, 'show', [id])).json()).toEqual({ shown: 1 })
    await vi.waitFor(() => expect(texts(w.phone.doc)).toEqual([SECRET]), patient)
    const after = readLabels(w.phone.doc)[0]
    expect(after).toEqual(before)
    expect(await server.app.rooms.withRoom(heldDocName(w.board.id), (r) => r.read(readHeldLabels))).toEqual([])
  })

  it('a hidden flag written over the socket is refused, even by the facilitator: it would leave the text on every phone', async () => {
    const server = await serve()
    const w = await wall(server)
    const id = addLabel(w.phone.doc, { text: SECRET, category: 'problem', x: 0, y: 0, author: w.p.participantId })
    await vi.waitFor(() => expect(texts(w.projector.doc)).toContain(SECRET), patient)
    setLabelHidden(w.projector.doc, id, true)
    await vi.waitFor(() => expect(w.projector.closeCodes).toContain(CloseCode.Forbidden), patient)
    expect(readLabels(await loadStored(server, w.board.id))[0]?.hidden).toBeUndefined()
  })

  it('a label hidden the old way (a flag on the wall) is moved off the wall before any device is sent the board', async () => {
    const server = await serve()
    const { board, cookie } = await boardFixture(server)
    // As a board stored before this change holds it.
    const old = await loadStored(server, board.id)
    const before = Y.encodeStateVector(old)
    const id = addLabel(old, { text: SECRET, category: 'problem', x: 5, y: 6, author: 'p-tidligere', createdAt: 1e20 })
    setLabelHidden(old, id, true)
    await server.store.docs.append(board.id, [
      { update: Y.encodeStateAsUpdate(old, before), subject: SERVER_SUBJECT, clients: [old.clientID] },
    ])
    await server.app.rooms.evict(board.id, CloseCode.GoingAway, 'reload')

    const p = await join(server.app, board.joinCode)
    const phone = track(connect(server.wsUrl, board.id, p.token))
    await synced(phone)
    expect(bytesOf(phone.doc).includes(Buffer.from(SECRET))).toBe(false)
    const held = await server.app.rooms.withRoom(heldDocName(board.id), (r) => r.read(readHeldLabels))
    expect(held).toEqual([expect.objectContaining({ id, text: SECRET, heldFor: HeldFor.Hidden, x: 5, y: 6 })])
    // Moved within bounds: the creation time stored before there were any is now a real time.
    expect(held[0]?.createdAt).toBeLessThan(Date.now() + 1)
    expect((await moderate(server, cookie, board.id, 'show', [id])).json()).toEqual({ shown: 1 })
    await vi.waitFor(
      () => expect(readLabels(phone.doc).map((l) => [l.text, l.hidden])).toEqual([[SECRET, undefined]]),
      patient,
    )
  })

  it('only a facilitator of the board can hide or show', async () => {
    const server = await serve()
    const w = await wall(server)
    const id = addLabel(w.phone.doc, { text: SECRET, category: 'problem', x: 0, y: 0, author: w.p.participantId })
    await vi.waitFor(() => expect(texts(w.projector.doc)).toContain(SECRET), patient)
    const asPhone = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${w.board.id}/labels/hide`,
      headers: { authorization: `Bearer ${w.p.token}`, ...csrf },
      payload: { labelIds: [id] },
    })
    expect(asPhone.statusCode).toBe(401)
    expect(texts(await loadStored(server, w.board.id))).toEqual([SECRET])
  })
})
