/**
 * Moderating people: a facilitator takes a participant off the board (keeping
 * or deleting their labels) and closes the door to new joins. Against a real
 * server on SQLite with stock y-websocket clients; the two-instance case is in
 * cluster.integration.test.ts.
 */
import {
  addLabel,
  CloseCode,
  CSRF_HEADER,
  castVote,
  ErrorCode,
  readLabels,
  readSettings,
  readVotes,
  setSetting,
  startVoteRound,
} from '@vaegavis/shared'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { hashToken } from '../src/auth/secrets.ts'
import {
  boardFixture,
  type Client,
  clientTracker,
  connect,
  join,
  loadStored,
  phoneToken,
  startServer,
  synced,
  type TestServer,
  upgradeStatus,
} from './helpers.ts'

let server: TestServer
const tracked = clientTracker()
beforeEach(async () => {
  server = await startServer()
})
afterEach(async () => {
  tracked.destroyAll()
  await server.destroy()
})

async function phone(boardId: string, token: string): Promise<Client> {
  const c = tracked.track(connect(server.wsUrl, boardId, token))
  await synced(c)
  return c
}

function remove(boardId: string, participantId: string, labels: 'keep' | 'delete', auth: Record<string, string>) {
  return server.app.inject({
    method: 'POST',
    url: `/api/boards/${boardId}/participants/${participantId}/remove`,
    headers: { [CSRF_HEADER]: '1', ...auth },
    payload: { labels },
  })
}

async function storedTexts(boardId: string): Promise<string[]> {
  return readLabels(await loadStored(server, boardId))
    .map((l) => l.text)
    .sort()
}

describe('taking a participant off the board', () => {
  it('closes all their sockets with 4410, ends their token for HTTP and sockets, keeps their labels, and leaves others writing', async () => {
    const { cookie, board, facToken } = await boardFixture(server)
    const ali = await join(server.app, board.joinCode, 'Ali')
    const bo = await join(server.app, board.joinCode)
    const aliPhone = await phone(board.id, ali.token)
    const aliTablet = await phone(board.id, ali.token)
    const boPhone = await phone(board.id, bo.token)
    const wall = await phone(board.id, facToken)
    addLabel(aliPhone.doc, { text: 'Filmaften', category: 'ide', x: 0, y: 0, author: ali.participantId })
    addLabel(boPhone.doc, { text: 'Fodbold', category: 'ide', x: 0, y: 0, author: bo.participantId })
    await vi.waitFor(async () => expect(await storedTexts(board.id)).toEqual(['Filmaften', 'Fodbold']))

    const res = await remove(board.id, ali.participantId, 'keep', { cookie })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ removed: true, deletedLabels: 0 })

    await vi.waitFor(() => {
      expect(aliPhone.closeCodes).toContain(CloseCode.Removed)
      expect(aliTablet.closeCodes).toContain(CloseCode.Removed)
    })
    // Their token opens nothing any more: not the socket, not the REST API, not a join with the same token.
    expect(await upgradeStatus(`${server.wsUrl}/${board.id}?token=${ali.token}`)).toBe(403)
    expect(await upgradeStatus(`${server.wsUrl}/${board.joinCode}?join=1&token=${ali.token}`)).toBe(403)
    const held = await server.app.inject({
      method: 'GET',
      url: `/api/boards/${board.id}/labels/held/mine`,
      headers: { authorization: `Bearer ${ali.token}` },
    })
    expect(held.statusCode).toBe(401)

    // Bo goes on writing, on the same socket as before.
    addLabel(boPhone.doc, { text: 'Bålaften', category: 'ide', x: 0, y: 0, author: bo.participantId })
    await vi.waitFor(async () => expect(await storedTexts(board.id)).toEqual(['Bålaften', 'Filmaften', 'Fodbold']))
    await vi.waitFor(() => expect(readLabels(wall.doc)).toHaveLength(3))
    expect(boPhone.closeCodes).toEqual([])
    expect(wall.closeCodes).toEqual([])
  })

  it('a phone that joined through its own token is told it was removed when it tries to join again with it', async () => {
    const { cookie, board } = await boardFixture(server)
    const token = phoneToken()
    // Joined over the socket with a token the phone made.
    expect(await upgradeStatus(`${server.wsUrl}/${board.joinCode}?join=1&token=${token}`)).toBe(101)
    const record = await vi.waitFor(async () => {
      const stored = await server.store.app.getToken(hashToken(token))
      if (!stored) throw new Error('not joined yet')
      return stored
    })
    expect((await remove(board.id, record.subject, 'keep', { cookie })).statusCode).toBe(200)
    expect(await upgradeStatus(`${server.wsUrl}/${board.joinCode}?join=1&token=${token}`)).toBe(403)
    // The plain GET a phone makes to learn why its socket failed names the reason.
    const why = await fetch(`${server.url}/ws/${board.joinCode}?join=1&token=${token}`)
    expect(why.status).toBe(403)
    expect((await why.json()).code).toBe(ErrorCode.Removed)
  })

  it('with "delete", their labels, held labels and dots go from the stored wall and held document; others stay', async () => {
    const { cookie, board, facToken } = await boardFixture(server)
    const ali = await join(server.app, board.joinCode)
    const bo = await join(server.app, board.joinCode)
    const aliPhone = await phone(board.id, ali.token)
    const boPhone = await phone(board.id, bo.token)
    const wall = await phone(board.id, facToken)
    addLabel(aliPhone.doc, { text: 'Grimt ord', category: 'ide', x: 0, y: 0, author: ali.participantId })
    addLabel(boPhone.doc, { text: 'Fodbold', category: 'ide', x: 0, y: 0, author: bo.participantId })
    await vi.waitFor(() => expect(readLabels(wall.doc)).toHaveLength(2))
    startVoteRound(wall.doc, 'labels', 3)
    await vi.waitFor(() => expect(aliPhone.doc.getMap('settings').get('voteRound')).toBeDefined())
    await vi.waitFor(() => expect(boPhone.doc.getMap('settings').get('voteRound')).toBeDefined())
    const boLabel = readLabels(boPhone.doc).find((l) => l.text === 'Fodbold')?.id ?? ''
    const aliLabel = readLabels(boPhone.doc).find((l) => l.text === 'Grimt ord')?.id ?? ''
    castVote(aliPhone.doc, ali.participantId, boLabel)
    castVote(boPhone.doc, bo.participantId, aliLabel)
    castVote(boPhone.doc, bo.participantId, boLabel)
    await vi.waitFor(async () => expect(Object.keys(readVotes(await loadStored(server, board.id)))).toHaveLength(3))
    // A held label of Ali's: private writing on, sent through REST.
    setSetting(wall.doc, 'privateWriting', true)
    await vi.waitFor(() => expect(readSettings(aliPhone.doc).privateWriting).toBe(true))
    const post = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${board.id}/labels`,
      headers: { [CSRF_HEADER]: '1', authorization: `Bearer ${ali.token}` },
      payload: { id: 'l-held-ali-1', text: 'Hemmeligt', category: 'ide', x: 0, y: 0 },
    })
    expect(post.statusCode).toBe(201)

    const res = await remove(board.id, ali.participantId, 'delete', { cookie })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ removed: true, deletedLabels: 2 })

    const stored = await loadStored(server, board.id)
    expect(readLabels(stored).map((l) => l.text)).toEqual(['Fodbold'])
    // Ali's dot and the dot on Ali's label are gone; Bo's dot on his own label stays.
    expect(Object.values(readVotes(stored))).toEqual([boLabel])
    const heldDoc = await loadStored(server, `${board.id}:held`)
    expect(readLabels(heldDoc).filter((l) => l.author === ali.participantId)).toEqual([])
    await vi.waitFor(() => expect(readLabels(wall.doc).map((l) => l.text)).toEqual(['Fodbold']))
  })

  it('a participant cannot remove anyone: 401 with a board token, and the other stays', async () => {
    const { board } = await boardFixture(server)
    const ali = await join(server.app, board.joinCode)
    const bo = await join(server.app, board.joinCode)
    const res = await remove(board.id, bo.participantId, 'delete', { authorization: `Bearer ${ali.token}` })
    expect(res.statusCode).toBe(401)
    expect(await upgradeStatus(`${server.wsUrl}/${board.id}?token=${bo.token}`)).toBe(101)
  })

  it('refuses to remove a facilitator through this route', async () => {
    const { cookie, board, facToken } = await boardFixture(server)
    const wall = await phone(board.id, facToken)
    const res = await remove(board.id, 'u-someone', 'keep', { cookie })
    expect(res.statusCode).toBe(404)
    expect(wall.closeCodes).toEqual([])
  })
})

describe('closing the door', () => {
  it('refuses new participants (REST and socket) with 423 while closed, lets phones already in stay, and opens again', async () => {
    const { board, facToken } = await boardFixture(server)
    const inside = await join(server.app, board.joinCode)
    const insideToken = phoneToken()
    expect(await upgradeStatus(`${server.wsUrl}/${board.joinCode}?join=1&token=${insideToken}`)).toBe(101)
    const insidePhone = await phone(board.id, inside.token)
    const wall = await phone(board.id, facToken)

    setSetting(wall.doc, 'doorClosed', true)
    await vi.waitFor(() => expect(readSettings(insidePhone.doc).doorClosed).toBe(true))
    await vi.waitFor(async () => expect(readSettings(await loadStored(server, board.id)).doorClosed).toBe(true))

    const refused = await server.app.inject({
      method: 'POST',
      url: '/api/join',
      headers: { [CSRF_HEADER]: '1' },
      payload: { code: board.joinCode },
    })
    expect(refused.statusCode).toBe(423)
    expect(refused.json().code).toBe(ErrorCode.DoorClosed)
    const newcomer = phoneToken()
    expect(await upgradeStatus(`${server.wsUrl}/${board.joinCode}?join=1&token=${newcomer}`)).toBe(423)
    const why = await fetch(`${server.url}/ws/${board.joinCode}?join=1&token=${newcomer}`)
    expect(why.status).toBe(423)
    expect((await why.json()).code).toBe(ErrorCode.DoorClosed)
    // Already in: its socket stays, it reconnects, and its join-with-token still works.
    expect(await upgradeStatus(`${server.wsUrl}/${board.id}?token=${inside.token}`)).toBe(101)
    expect(await upgradeStatus(`${server.wsUrl}/${board.joinCode}?join=1&token=${insideToken}`)).toBe(101)
    addLabel(insidePhone.doc, { text: 'Stadig her', category: 'ide', x: 0, y: 0, author: inside.participantId })
    await vi.waitFor(async () => expect(await storedTexts(board.id)).toEqual(['Stadig her']))
    expect(insidePhone.closeCodes).toEqual([])

    setSetting(wall.doc, 'doorClosed', false)
    await vi.waitFor(async () => expect(readSettings(await loadStored(server, board.id)).doorClosed).toBe(false))
    expect(await upgradeStatus(`${server.wsUrl}/${board.joinCode}?join=1&token=${newcomer}`)).toBe(101)
    expect((await join(server.app, board.joinCode)).participantId).toMatch(/^p-/)
  })

  it('a participant cannot open or close the door: the crafted update is refused with 4403 and nothing is stored', async () => {
    const { board, facToken } = await boardFixture(server)
    const ali = await join(server.app, board.joinCode)
    const wall = await phone(board.id, facToken)
    const crafty = await phone(board.id, ali.token)
    setSetting(crafty.doc, 'doorClosed', true)
    await vi.waitFor(() => expect(crafty.closeCodes).toContain(CloseCode.Forbidden))
    expect(readSettings(await loadStored(server, board.id)).doorClosed).toBe(false)
    expect(readSettings(wall.doc).doorClosed).toBe(false)
    expect((await join(server.app, board.joinCode)).participantId).toMatch(/^p-/)

    // And the other way: with the door closed by the facilitator, a participant cannot open it.
    setSetting(wall.doc, 'doorClosed', true)
    await vi.waitFor(async () => expect(readSettings(await loadStored(server, board.id)).doorClosed).toBe(true))
    const again = await phone(board.id, ali.token)
    setSetting(again.doc, 'doorClosed', false)
    await vi.waitFor(() => expect(again.closeCodes).toContain(CloseCode.Forbidden))
    expect(readSettings(await loadStored(server, board.id)).doorClosed).toBe(true)
  })
})
