import { join as joinPath } from 'node:path'
import {
  addLabel,
  CloseCode,
  deleteLabel,
  editLabel,
  FACILITATOR_AUTHOR,
  moveLabel,
  readLabels,
  readLegend,
  SCHEMA_VERSION,
  setSetting,
} from '@vaegavis/shared'
import Database from 'better-sqlite3'
import * as decoding from 'lib0/decoding'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { SQLITE_FILE_NAME } from '../src/storage/index.ts'
import {
  boardFixture,
  type Client,
  connect,
  join,
  startServer,
  synced,
  type TestServer,
  upgradeStatus,
} from './helpers.ts'

let server: TestServer
const clients: Client[] = []
function track(c: Client): Client {
  clients.push(c)
  return c
}

beforeEach(async () => {
  server = await startServer()
})
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server.destroy()
})

async function loadStoredDoc(name: string): Promise<Y.Doc> {
  const stored = await server.store.docs.load(name)
  const doc = new Y.Doc()
  for (const u of stored.updates) Y.applyUpdate(doc, u)
  return doc
}

const labelTexts = (c: Client) =>
  readLabels(c.doc)
    .map((l) => l.text)
    .sort()

describe('live wall sync', () => {
  it('phones and projectors converge on every label, with the legend from the server', async () => {
    const { board, facToken } = await boardFixture(server)
    const projector = track(connect(server.wsUrl, board.id, facToken))
    const p1 = await join(server.app, board.joinCode, 'Ali')
    const p2 = await join(server.app, board.joinCode)
    const phone1 = track(connect(server.wsUrl, board.id, p1.token))
    const phone2 = track(connect(server.wsUrl, board.id, p2.token))
    await Promise.all([synced(projector), synced(phone1), synced(phone2)])
    expect(readLegend(phone1.doc).map((c) => c.meaning)).toEqual(['Problem', 'Idé', 'Ønske'])

    addLabel(phone1.doc, { text: 'For lidt plads', category: 'problem', x: 10, y: 10, author: p1.participantId })
    addLabel(phone2.doc, { text: 'Flere aftener', category: 'onske', x: 20, y: 10, author: p2.participantId })
    addLabel(projector.doc, { text: 'Fælles regler', category: 'ide', x: 30, y: 10, author: 'facilitator' })

    const all = ['Fælles regler', 'Flere aftener', 'For lidt plads'].sort()
    for (const c of [projector, phone1, phone2]) await vi.waitFor(() => expect(labelTexts(c)).toEqual(all))
  })

  it('a facilitator moving a label is seen by every other view', async () => {
    const { board, facToken } = await boardFixture(server)
    const a = track(connect(server.wsUrl, board.id, facToken))
    const b = track(connect(server.wsUrl, board.id, facToken))
    await Promise.all([synced(a), synced(b)])
    const id = addLabel(a.doc, { text: 'Flyt mig', category: 'ide', x: 0, y: 0, author: 'facilitator' })
    await vi.waitFor(() => expect(readLabels(b.doc)).toHaveLength(1))
    moveLabel(a.doc, id, 400, 250)
    await vi.waitFor(() => expect(readLabels(b.doc)[0]).toMatchObject({ x: 400, y: 250 }))
  })

  it('a restart on the same data directory keeps every label', async () => {
    const { board, facToken } = await boardFixture(server)
    const p = await join(server.app, board.joinCode)
    const phone = track(connect(server.wsUrl, board.id, p.token, { params: { ack: '1' } }))
    await synced(phone)
    for (let i = 0; i < 25; i++) {
      addLabel(phone.doc, { text: `label ${i}`, category: 'ide', x: i, y: i, author: p.participantId })
    }
    const projector = track(connect(server.wsUrl, board.id, facToken))
    await vi.waitFor(() => expect(readLabels(projector.doc)).toHaveLength(25))
    for (const c of clients.splice(0)) c.destroy()
    await server.stop()

    server = await startServer({ dataDir: server.dataDir })
    // Tokens live in the same database, so the old token still opens the board.
    const after = track(connect(server.wsUrl, board.id, facToken))
    await synced(after)
    expect(
      readLabels(after.doc)
        .map((l) => l.text)
        .sort(),
    ).toEqual(Array.from({ length: 25 }, (_, i) => `label ${i}`).sort())
  })

  it('the update log is compacted as it grows, and the board loads back identical', async () => {
    await server.destroy()
    server = await startServer({ limits: { compactAfter: 20 } })
    const { board, facToken } = await boardFixture(server)
    const a = track(connect(server.wsUrl, board.id, facToken))
    await synced(a)
    for (let i = 0; i < 60; i++) {
      const id = addLabel(a.doc, { text: `l${i}`, category: 'ide', x: i, y: 0, author: 'facilitator' })
      moveLabel(a.doc, id, i, 10)
      await new Promise((r) => setImmediate(r))
    }
    await vi.waitFor(async () => {
      const stored = await server.store.docs.load(board.id)
      expect(stored.logLength).toBeLessThan(20)
      const check = new Y.Doc()
      for (const u of stored.updates) Y.applyUpdate(check, u)
      expect(readLabels(check)).toHaveLength(60)
    })
    const b = track(connect(server.wsUrl, board.id, facToken))
    await synced(b)
    expect(readLabels(b.doc).map((l) => [l.text, l.x, l.y])).toEqual(readLabels(a.doc).map((l) => [l.text, l.x, l.y]))
  })

  it('acknowledges a label only once it is stored, for clients that ask', async () => {
    const { board } = await boardFixture(server)
    const p = await join(server.app, board.joinCode)
    const phone = track(connect(server.wsUrl, board.id, p.token, { params: { ack: '1' } }))
    const acks: Map<number, number>[] = []
    phone.provider.messageHandlers[100] = (_enc, dec) => {
      acks.push(Y.decodeStateVector(decoding.readVarUint8Array(dec)))
    }
    await synced(phone)
    addLabel(phone.doc, { text: 'Gem mig', category: 'ide', x: 0, y: 0, author: p.participantId })
    const clock = Y.getState(phone.doc.store, phone.doc.clientID)
    await vi.waitFor(() => expect(acks.some((a) => (a.get(phone.doc.clientID) ?? 0) >= clock)).toBe(true))
    // What was acknowledged is in storage.
    const stored = await server.store.docs.load(board.id)
    const check = new Y.Doc()
    for (const u of stored.updates) Y.applyUpdate(check, u)
    expect(readLabels(check).map((l) => l.text)).toContain('Gem mig')
  })
})

describe('acknowledged only once stored, on SQLite', () => {
  it('every acknowledgement a phone receives is already committed: another connection to the file reads each label it covers', async () => {
    const { board } = await boardFixture(server)
    const p = await join(server.app, board.joinCode)
    const phone = track(connect(server.wsUrl, board.id, p.token, { params: { ack: '1' } }))
    await synced(phone)
    // A second, read-only connection sees only committed transactions (WAL), as a restart would.
    const reader = new Database(joinPath(server.dataDir, SQLITE_FILE_NAME), { readonly: true })
    const committed = (): Set<string> => {
      const doc = new Y.Doc()
      const rows = reader
        .prepare<[string], { data: Buffer }>('SELECT data FROM doc_updates WHERE doc_name = ? ORDER BY seq')
        .all(board.id)
      doc.transact(() => {
        for (const r of rows) Y.applyUpdate(doc, r.data)
      })
      const out = new Set(readLabels(doc).map((l) => l.text))
      doc.destroy()
      return out
    }
    const posted: { text: string; clock: number }[] = []
    const checked: { acked: number; missing: string[] }[] = []
    phone.provider.messageHandlers[100] = (_enc, dec) => {
      const clock = Y.decodeStateVector(decoding.readVarUint8Array(dec)).get(phone.doc.clientID) ?? 0
      const acked = posted.filter((l) => l.clock <= clock)
      const inFile = committed()
      checked.push({ acked: acked.length, missing: acked.filter((l) => !inFile.has(l.text)).map((l) => l.text) })
    }
    try {
      // Three rounds, each waiting for its acknowledgement: at least three acks checked.
      for (let round = 0; round < 3; round++) {
        for (let i = round * 10; i < round * 10 + 10; i++) {
          const text = `label ${i}`
          addLabel(phone.doc, { text, category: 'ide', x: i, y: 0, author: p.participantId })
          posted.push({ text, clock: Y.getState(phone.doc.store, phone.doc.clientID) })
          if (i % 3 === 0) await new Promise((r) => setImmediate(r))
        }
        await vi.waitFor(() => expect(checked.at(-1)?.acked).toBe(posted.length), { timeout: 10_000 })
      }
      expect(checked.length).toBeGreaterThanOrEqual(3)
      expect(checked.flatMap((c) => c.missing)).toEqual([])
    } finally {
      reader.close()
    }
  })
})

describe('cold boards', () => {
  it('a board stored as one snapshot answers its first client from the snapshot, and takes writes after', async () => {
    const { board, facToken } = await boardFixture(server)
    const p = await join(server.app, board.joinCode)
    const phone = track(connect(server.wsUrl, board.id, p.token))
    await synced(phone)
    addLabel(phone.doc, { text: 'fra sidst', category: 'ide', x: 0, y: 0, author: p.participantId })
    await vi.waitFor(async () => expect((await server.store.docs.load(board.id)).updates.length).toBe(2))
    phone.destroy()
    await server.app.rooms.evict(board.id, 1001, 'test')
    await server.store.docs.fold(board.id)
    expect((await server.store.docs.load(board.id)).updates).toHaveLength(1)

    const projector = track(connect(server.wsUrl, board.id, facToken))
    await synced(projector)
    expect(labelTexts(projector)).toEqual(['fra sidst'])
    const again = track(connect(server.wsUrl, board.id, p.token))
    await synced(again)
    addLabel(again.doc, { text: 'i dag', category: 'ide', x: 1, y: 1, author: p.participantId })
    await vi.waitFor(() => expect(labelTexts(projector)).toEqual(['fra sidst', 'i dag']))
  })

  it('a snapshot from a newer server closes every socket with 4409 at the first write, and nothing is written to it', async () => {
    const { board, facToken } = await boardFixture(server)
    const newer = new Y.Doc()
    Y.applyUpdate(newer, Y.encodeStateAsUpdate(await loadStoredDoc(board.id)))
    newer.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1)
    await server.store.docs.append(board.id, [
      { update: Y.encodeStateAsUpdate(newer), subject: '#server', clients: [newer.clientID] },
    ])
    await server.store.docs.fold(board.id)
    const before = await server.store.docs.load(board.id)
    expect(before.updates).toHaveLength(1)

    const projector = track(connect(server.wsUrl, board.id, facToken))
    await synced(projector)
    addLabel(projector.doc, { text: 'må ikke gemmes', category: 'ide', x: 0, y: 0, author: FACILITATOR_AUTHOR })
    await vi.waitFor(() => expect(projector.closeCodes).toContain(CloseCode.VersionMismatch), { timeout: 10_000 })
    const late = track(connect(server.wsUrl, board.id, facToken))
    await vi.waitFor(() => expect(late.closeCodes).toContain(CloseCode.VersionMismatch), { timeout: 10_000 })
    expect((await server.store.docs.load(board.id)).lastSeq).toBe(before.lastSeq)
  })
})

describe('who may open a board', () => {
  it('refuses the upgrade with 401 without a token or with a wrong one', async () => {
    const { board } = await boardFixture(server)
    expect(await upgradeStatus(`${server.wsUrl}/${board.id}`)).toBe(401)
    expect(await upgradeStatus(`${server.wsUrl}/${board.id}?token=nonsense`)).toBe(401)
  })

  it('answers 404 for a board that does not exist', async () => {
    expect(await upgradeStatus(`${server.wsUrl}/no-such-board?token=nonsense`)).toBe(404)
  })

  it('a participant token for board A cannot open board B', async () => {
    const a = await boardFixture(server)
    const p = await join(server.app, a.board.joinCode)
    const { board: b } = await boardFixture(server)
    expect(await upgradeStatus(`${server.wsUrl}/${a.board.id}?token=${p.token}`)).toBe(101)
    expect(await upgradeStatus(`${server.wsUrl}/${b.id}?token=${p.token}`)).toBe(401)
  })

  it('refuses a websocket opened from another site', async () => {
    const { board, facToken } = await boardFixture(server)
    expect(
      await upgradeStatus(`${server.wsUrl}/${board.id}?token=${facToken}`, { origin: 'https://evil.example' }),
    ).toBe(403)
  })
})

function rawSocket(url: string): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)))
    ws.on('open', () => resolve({ ws, closed }))
    ws.on('error', reject)
  })
}

describe('bad input closes one socket, never the server', () => {
  it('a truncated message closes that socket with 4400 while others carry on', async () => {
    const { board, facToken } = await boardFixture(server)
    const projector = track(connect(server.wsUrl, board.id, facToken))
    await synced(projector)
    const { ws, closed } = await rawSocket(`${server.wsUrl}/${board.id}?token=${facToken}`)
    ws.send(Buffer.from([0, 2, 200]))
    expect(await closed).toBe(CloseCode.MalformedMessage)

    const p = await join(server.app, board.joinCode)
    const phone = track(connect(server.wsUrl, board.id, p.token))
    await synced(phone)
    addLabel(phone.doc, { text: 'Stadig her', category: 'ide', x: 0, y: 0, author: p.participantId })
    await vi.waitFor(() => expect(labelTexts(projector)).toEqual(['Stadig her']))
  })

  it('an invalid Yjs update and an unknown message type close with 4400', async () => {
    const { board, facToken } = await boardFixture(server)
    const a = await rawSocket(`${server.wsUrl}/${board.id}?token=${facToken}`)
    // sync/update with a payload that is not a Yjs update
    a.ws.send(Buffer.from([0, 2, 5, 255, 255, 255, 255, 15]))
    expect(await a.closed).toBe(CloseCode.MalformedMessage)
    const b = await rawSocket(`${server.wsUrl}/${board.id}?token=${facToken}`)
    b.ws.send(Buffer.from([77]))
    expect(await b.closed).toBe(CloseCode.MalformedMessage)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })

  it('a message over the size limit closes with 1009', async () => {
    await server.destroy()
    server = await startServer({ env: { MAX_MESSAGE_BYTES: '4096' } })
    const { board, facToken } = await boardFixture(server)
    const { ws, closed } = await rawSocket(`${server.wsUrl}/${board.id}?token=${facToken}`)
    ws.send(Buffer.alloc(10_000, 1))
    expect(await closed).toBe(1009)
  })
})

describe('rights are enforced by the server on crafted updates', () => {
  async function setup() {
    const { board, facToken } = await boardFixture(server)
    const projector = track(connect(server.wsUrl, board.id, facToken))
    const pa = await join(server.app, board.joinCode)
    const pb = await join(server.app, board.joinCode)
    const alice = track(connect(server.wsUrl, board.id, pa.token))
    const bob = track(connect(server.wsUrl, board.id, pb.token))
    await Promise.all([synced(projector), synced(alice), synced(bob)])
    const aliceLabel = addLabel(alice.doc, {
      text: 'Alices label',
      category: 'ide',
      x: 0,
      y: 0,
      author: pa.participantId,
    })
    await vi.waitFor(() => expect(readLabels(bob.doc)).toHaveLength(1))
    return { board, projector, alice, bob, pa, pb, aliceLabel }
  }

  async function expectRefused(c: Client, projector: Client, boardId: string, check: (doc: Y.Doc) => void) {
    await vi.waitFor(() => expect(c.closeCodes).toContain(CloseCode.Forbidden))
    check(projector.doc)
    const stored = await server.store.docs.load(boardId)
    const fromDisk = new Y.Doc()
    for (const u of stored.updates) Y.applyUpdate(fromDisk, u)
    check(fromDisk)
  }

  it("a participant cannot edit another participant's label", async () => {
    const { board, projector, bob, aliceLabel } = await setup()
    editLabel(bob.doc, aliceLabel, { text: 'hacket' })
    await expectRefused(bob, projector, board.id, (d) => expect(readLabels(d)[0]?.text).toBe('Alices label'))
  })

  it("a participant cannot delete another participant's label, but can delete their own", async () => {
    const { board, projector, alice, bob, aliceLabel } = await setup()
    deleteLabel(bob.doc, aliceLabel)
    await expectRefused(bob, projector, board.id, (d) => expect(readLabels(d)).toHaveLength(1))
    deleteLabel(alice.doc, aliceLabel)
    await vi.waitFor(() => expect(readLabels(projector.doc)).toHaveLength(0))
  })

  it('a participant cannot post a label in someone else’s name', async () => {
    const { board, projector, bob, pa } = await setup()
    addLabel(bob.doc, { text: 'forklædt', category: 'ide', x: 0, y: 0, author: pa.participantId })
    await expectRefused(bob, projector, board.id, (d) =>
      expect(readLabels(d).map((l) => l.text)).not.toContain('forklædt'),
    )
  })

  it('a participant cannot change the legend, the settings or move labels by default', async () => {
    const { board, projector, bob, aliceLabel } = await setup()
    bob.doc.getMap('legend').set('evil', { id: 'evil', colour: '#D55E00', meaning: 'Evil', icon: 'star', order: 9 })
    await expectRefused(bob, projector, board.id, (d) => expect(readLegend(d)).toHaveLength(3))

    const bob2 = track(connect(server.wsUrl, board.id, (await join(server.app, board.joinCode)).token))
    await synced(bob2)
    setSetting(bob2.doc, 'locked', true)
    await vi.waitFor(() => expect(bob2.closeCodes).toContain(CloseCode.Forbidden))

    const bob3 = track(connect(server.wsUrl, board.id, (await join(server.app, board.joinCode)).token))
    await synced(bob3)
    moveLabel(bob3.doc, aliceLabel, 999, 999)
    await expectRefused(bob3, projector, board.id, (d) => expect(readLabels(d)[0]).toMatchObject({ x: 0, y: 0 }))
  })

  it('a participant cannot write outside the board schema', async () => {
    const { board, projector, bob } = await setup()
    bob.doc.getMap('somethingElse').set('x', 1)
    await expectRefused(bob, projector, board.id, (d) =>
      expect(d.share.has('somethingElse') ? d.getMap('somethingElse').size : 0).toBe(0),
    )
  })

  it('a label over 280 characters is refused, not cut', async () => {
    const { board, projector, bob, pb } = await setup()
    addLabel(bob.doc, { text: 'x'.repeat(281), category: 'ide', x: 0, y: 0, author: pb.participantId })
    await expectRefused(bob, projector, board.id, (d) => expect(readLabels(d)).toHaveLength(1))
  })

  it('nobody can post while the board is locked, and the facilitator can unlock', async () => {
    const { projector, alice, pa } = await setup()
    setSetting(projector.doc, 'locked', true)
    await vi.waitFor(() => expect(alice.doc.getMap('settings').get('locked')).toBe(true))
    addLabel(alice.doc, { text: 'for sent', category: 'ide', x: 0, y: 0, author: pa.participantId })
    await vi.waitFor(() => expect(alice.closeCodes).toContain(CloseCode.Forbidden))
    expect(readLabels(projector.doc)).toHaveLength(1)
  })
})
