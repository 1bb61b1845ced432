import { addLabel, MessageType, readLabels, readLegend } from '@vaegavis/shared'
import * as decoding from 'lib0/decoding'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { hashToken } from '../src/auth/secrets.ts'
import {
  boardFixture,
  clientTracker,
  connect,
  openRaw,
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

/** The `Joined` frame's fields, or null if the message is another type. */
function readJoined(data: Uint8Array): { boardId: string; participantId: string; title: string } | null {
  const d = decoding.createDecoder(data)
  if (decoding.readVarUint(d) !== MessageType.Joined) return null
  return {
    boardId: decoding.readVarString(d),
    participantId: decoding.readVarString(d),
    title: decoding.readVarString(d),
  }
}

describe('joining and opening the board in one step', () => {
  it('a phone joins with the code over the socket, learns who it is first, and then writes labels as itself', async () => {
    const { board } = await boardFixture(server)
    const token = phoneToken()
    const raw = await openRaw(`${server.wsUrl}/${board.joinCode}?join=1&token=${token}&nickname=Ali`)
    await vi.waitFor(() => expect(raw.received.length).toBeGreaterThan(0))
    const joined = readJoined(raw.received[0] as Uint8Array)
    expect(joined).toMatchObject({ boardId: board.id, title: board.title })
    expect(joined?.participantId).toMatch(/^p-/)
    raw.ws.close()

    // The same token now opens the board the ordinary way, as the same participant.
    const phone = tracked.track(connect(server.wsUrl, board.id, token))
    await synced(phone)
    expect(readLegend(phone.doc).length).toBeGreaterThan(0)
    addLabel(phone.doc, { text: 'Filmaften', category: 'ide', x: 0, y: 0, author: joined?.participantId ?? '' })
    const stored = await server.store.app.getToken(hashToken(token))
    expect(stored).toMatchObject({
      boardId: board.id,
      role: 'participant',
      subject: joined?.participantId,
      nickname: 'Ali',
    })
    await vi.waitFor(async () => {
      const projector = tracked.track(connect(server.wsUrl, board.id, token))
      await synced(projector)
      expect(readLabels(projector.doc).map((l) => l.text)).toEqual(['Filmaften'])
    })
  })

  it('a joining phone gets the board right behind Joined, before it asks, and only once when it asks', async () => {
    const { board } = await boardFixture(server)
    const raw = await openRaw(`${server.wsUrl}/${board.joinCode}?join=1&token=${phoneToken()}`)
    const stepTwos = () =>
      raw.received.filter((m) => {
        const d = decoding.createDecoder(m as Uint8Array)
        return decoding.readVarUint(d) === MessageType.Sync && decoding.readVarUint(d) === 1
      }) as Uint8Array[]
    // The phone has sent nothing yet.
    await vi.waitFor(() => expect(stepTwos()).toHaveLength(1))
    expect(readJoined(raw.received[0] as Uint8Array)).not.toBeNull()
    const doc = new Y.Doc()
    const d = decoding.createDecoder(stepTwos()[0] as Uint8Array)
    decoding.readVarUint(d)
    decoding.readVarUint(d)
    Y.applyUpdate(doc, decoding.readVarUint8Array(d))
    expect(readLegend(doc).length).toBeGreaterThan(0)

    // Its own (empty) sync step 1 is already answered; the awareness query after it shows the server got past it.
    raw.ws.send(Uint8Array.of(MessageType.Sync, 0, 1, 0))
    raw.ws.send(Uint8Array.of(MessageType.QueryAwareness))
    await vi.waitFor(() =>
      expect(
        raw.received.some(
          (m) => decoding.readVarUint(decoding.createDecoder(m as Uint8Array)) === MessageType.Awareness,
        ),
      ).toBe(true),
    )
    expect(stepTwos()).toHaveLength(1)
    raw.ws.close()
  })

  it('joining again with the same token (an answer lost on the way) is the same participant, not a new one', async () => {
    const { board } = await boardFixture(server)
    const token = phoneToken()
    const ids: string[] = []
    for (let i = 0; i < 2; i++) {
      const raw = await openRaw(`${server.wsUrl}/${board.joinCode}?join=1&token=${token}`)
      await vi.waitFor(() => expect(raw.received.length).toBeGreaterThan(0))
      ids.push(readJoined(raw.received[0] as Uint8Array)?.participantId ?? '')
      raw.ws.close()
    }
    expect(ids[0]).toMatch(/^p-/)
    expect(ids[1]).toBe(ids[0])
  })

  it('refuses before the upgrade: an unknown code, a weak or foreign token, a too long nickname', async () => {
    const { board, facToken } = await boardFixture(server)
    expect(await upgradeStatus(`${server.wsUrl}/ZZZZZZ?join=1&token=${phoneToken()}`)).toBe(404)
    expect(await upgradeStatus(`${server.wsUrl}/${board.joinCode}?join=1&token=short`)).toBe(400)
    expect(await upgradeStatus(`${server.wsUrl}/${board.joinCode}?join=1`)).toBe(400)
    expect(
      await upgradeStatus(`${server.wsUrl}/${board.joinCode}?join=1&token=${phoneToken()}&nickname=${'x'.repeat(31)}`),
    ).toBe(400)
    // The facilitator's token cannot be turned into a participant's.
    expect(await upgradeStatus(`${server.wsUrl}/${board.joinCode}?join=1&token=${facToken}`)).toBe(401)
    // A plain GET (the phone asking why its socket failed) joins nothing.
    const token = phoneToken()
    const res = await fetch(`${server.wsUrl.replace(/^ws/, 'http')}/${board.joinCode}?join=1&token=${token}`)
    expect(res.status).toBe(426)
    expect(await server.store.app.getToken(hashToken(token))).toBeUndefined()
  })
})
