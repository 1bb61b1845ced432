/**
 * Two Vægavis instances as child processes (`node --import tsx src/main.ts`)
 * sharing one Postgres schema and one Redis, with stock y-websocket clients.
 *
 * Everything between the processes runs through TCP proxies the test controls:
 *  - `frontA` / `frontB` are the load balancer: each forwards to its preferred
 *    instance and falls over to the other when that one refuses connections;
 *  - `pgProxy` and `redisProxy` can be cut and restored, which drops every
 *    connection exactly as a restart of Postgres or Redis would, without
 *    disturbing other test files that share the real services.
 *
 * Needs PostgreSQL (127.0.0.1:5432, or TEST_DATABASE_URL) and Redis
 * (127.0.0.1:6379, or TEST_REDIS_URL); without them every test fails, naming the URL.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join as joinPath } from 'node:path'
import { addLabel, CloseCode, CSRF_HEADER, FACILITATOR_AUTHOR, readLabels, setSetting } from '@vaegavis/shared'
import { Redis } from 'ioredis'
import * as encoding from 'lib0/encoding'
import pg from 'pg'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { boardChannel } from '../src/fanout/message.ts'
import { createPostgresStore } from '../src/storage/index.ts'
import type { Store } from '../src/storage/types.ts'
import { encodeUpdate } from '../src/sync/protocol.ts'
import {
  type Client,
  connect,
  FACILITATOR,
  httpBoard,
  httpJoin,
  httpSignIn,
  openRaw,
  type ServerProcess,
  spawnServer,
  synced,
  type TcpProxy,
  tcpProxy,
  trackAcks,
  upgradeStatus,
} from './helpers.ts'

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const SCHEMA = `vg_cluster_${randomBytes(5).toString('hex')}`
/** Short, so the test can watch a board being unloaded; the outages below last far longer. */
const IDLE_UNLOAD_MS = 400
/** How long Redis and Postgres stay away: "a few seconds". */
const OUTAGE_MS = 3_000
/** Reconnects back off up to 2 s (Redis, storage retries), so allow a few rounds. */
const RECOVER = { timeout: 15_000, interval: 50 }
const CONVERGE = { timeout: 10_000, interval: 50 }
/** A server process starts in 2–3 s on an idle machine; much longer when the machine is busy compiling TypeScript elsewhere. */
const START_MS = 60_000

interface Cluster {
  admin: pg.Client
  redis: Redis
  /** Reads what is in Postgres, bypassing both instances. */
  store: Store
  pgProxy: TcpProxy
  redisProxy: TcpProxy
  a: ServerProcess
  b: ServerProcess
  /** Load balancer entry that prefers A, falling over to B. */
  frontA: TcpProxy
  /** Load balancer entry that prefers B, falling over to A. */
  frontB: TcpProxy
  env: Record<string, string>
  dataDir: string
}

let setup: Promise<Cluster> | null = null

/** Starts the cluster once per file; fails (never skips) every test, naming the URL, if a service is missing. */
function cluster(): Promise<Cluster> {
  setup ??= (async () => {
    // Whatever a failed start leaves behind (schema, proxies, a process that did start) is undone.
    const undo: (() => Promise<unknown>)[] = []
    try {
      const admin = await reachPostgres()
      undo.push(() => admin.end())
      const redis = await reachRedis()
      undo.push(async () => redis.disconnect())
      await admin.query(`CREATE SCHEMA ${SCHEMA}`)
      undo.push(() => admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`))
      const pgProxy = await tcpProxy([portOf(DATABASE_URL, 5432)])
      undo.push(() => pgProxy.close())
      const redisProxy = await tcpProxy([portOf(REDIS_URL, 6379)])
      undo.push(() => redisProxy.close())
      const dbUrl = new URL(DATABASE_URL)
      dbUrl.hostname = '127.0.0.1'
      dbUrl.port = String(pgProxy.port)
      // A startup option, so every pooled connection of both instances lands in this file's schema.
      dbUrl.search = `?options=${encodeURIComponent(`-c search_path=${SCHEMA}`)}`
      const redisUrl = new URL(REDIS_URL)
      redisUrl.hostname = '127.0.0.1'
      redisUrl.port = String(redisProxy.port)
      const dataDir = mkdtempSync(joinPath(tmpdir(), 'vaegavis-cluster-'))
      undo.push(async () => rmSync(dataDir, { recursive: true, force: true }))
      const env = {
        DATABASE_URL: dbUrl.toString(),
        REDIS_URL: redisUrl.toString(),
        VAEGAVIS_ADMIN_EMAIL: FACILITATOR.email,
        VAEGAVIS_ADMIN_PASSWORD: FACILITATOR.password,
        LOG_LEVEL: 'warn',
        IDLE_UNLOAD_MS: String(IDLE_UNLOAD_MS),
        DATA_DIR: dataDir,
      }
      // Started together, as docker compose does: migrations and the admin account must not race.
      const started = await Promise.allSettled([
        spawnServer({ name: 'A', env, readyTimeoutMs: START_MS }),
        spawnServer({ name: 'B', env, readyTimeoutMs: START_MS }),
      ])
      for (const r of started) if (r.status === 'fulfilled') undo.push(() => r.value.kill())
      const [a, b] = started.map((r) => {
        if (r.status === 'rejected') throw r.reason
        return r.value
      }) as [ServerProcess, ServerProcess]
      const store = await createPostgresStore(DATABASE_URL, { schema: SCHEMA })
      undo.push(() => store.close())
      const frontA = await tcpProxy([a.port, b.port])
      undo.push(() => frontA.close())
      const frontB = await tcpProxy([b.port, a.port])
      return { admin, redis, store, pgProxy, redisProxy, a, b, frontA, frontB, env, dataDir }
    } catch (e: unknown) {
      for (const fn of undo.reverse()) await fn().catch(() => undefined)
      throw e
    }
  })()
  return setup
}

async function reachPostgres(): Promise<pg.Client> {
  const admin = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 5_000 })
  admin.on('error', () => {})
  try {
    await admin.connect()
    return admin
  } catch (e: unknown) {
    throw new Error(
      `Postgres is not reachable at ${redact(DATABASE_URL)} (${message(e)}). The cluster tests need a real ` +
        'PostgreSQL: start one on 127.0.0.1:5432 (user postgres, database test) or set TEST_DATABASE_URL.',
    )
  }
}

async function reachRedis(): Promise<Redis> {
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
  })
  let cause: unknown
  redis.on('error', (e: unknown) => {
    cause ??= e
  })
  try {
    await redis.connect()
    await redis.ping()
    return redis
  } catch (e: unknown) {
    redis.disconnect()
    throw new Error(
      `Redis is not reachable at ${REDIS_URL} (${message(cause ?? e)}). The cluster tests need a real Redis: ` +
        'start one on 127.0.0.1:6379 or set TEST_REDIS_URL.',
    )
  }
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))
const portOf = (url: string, fallback: number) => Number(new URL(url).port || fallback)

function redact(url: string): string {
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.toString()
}

const clients: Client[] = []
function track(c: Client): Client {
  clients.push(c)
  return c
}

beforeEach(async () => {
  const c = await cluster()
  // A test may have killed an instance or cut a service: every test starts with the whole cluster up.
  await Promise.all([c.pgProxy.restore(), c.redisProxy.restore()])
  if (!c.a.alive) c.a = await spawnServer({ name: 'A', env: c.env, port: c.a.port, readyTimeoutMs: START_MS })
  if (!c.b.alive) c.b = await spawnServer({ name: 'B', env: c.env, port: c.b.port, readyTimeoutMs: START_MS })
  c.frontA.targets = [c.a.port, c.b.port]
  c.frontB.targets = [c.b.port, c.a.port]
}, 2 * START_MS)

afterEach(async (ctx) => {
  for (const c of clients.splice(0)) c.destroy()
  const c = await setup?.catch(() => null)
  if (c && ctx.task.result?.state === 'fail') {
    console.error(
      `--- instance A (pid ${c.a.pid}) said:\n${c.a.output()}\n--- instance B (pid ${c.b.pid}) said:\n${c.b.output()}`,
    )
  }
})

afterAll(async () => {
  const c = await setup?.catch(() => null)
  if (!c) return
  await Promise.all([c.a.stop(), c.b.stop()])
  await Promise.all([c.frontA, c.frontB, c.pgProxy, c.redisProxy].map((p) => p.close()))
  await c.store.close()
  await c.admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`)
  await c.admin.end()
  c.redis.disconnect()
  rmSync(c.dataDir, { recursive: true, force: true })
})

const wsVia = (front: TcpProxy) => `ws://127.0.0.1:${front.port}/ws`
const texts = (c: Client) =>
  readLabels(c.doc)
    .map((l) => l.text)
    .sort()
const ids = (doc: Y.Doc) => readLabels(doc).map((l) => l.id)

/** A fresh board created on A, with a signed-in facilitator. */
async function board(c: Cluster) {
  const cookie = await httpSignIn(c.a.url)
  return httpBoard(c.a.url, cookie)
}

/** A participant phone connected through a load balancer entry. */
async function phone(c: Cluster, front: TcpProxy, joinCode: string, opts: { ack?: boolean } = {}) {
  const p = await httpJoin(c.a.url, joinCode)
  const client = track(connect(wsVia(front), p.boardId, p.token, opts.ack ? { params: { ack: '1' } } : {}))
  return { client, author: p.participantId }
}

/** Labels as they are in Postgres right now, read without either instance. */
async function storedLabelTexts(c: Cluster, boardId: string): Promise<string[]> {
  const stored = await c.store.docs.load(boardId)
  const doc = new Y.Doc()
  for (const u of stored.updates) Y.applyUpdate(doc, u)
  const out = readLabels(doc)
    .map((l) => l.text)
    .sort()
  doc.destroy()
  return out
}

async function loadStoredDoc(c: Cluster, boardId: string): Promise<Y.Doc> {
  const stored = await c.store.docs.load(boardId)
  const doc = new Y.Doc()
  for (const u of stored.updates) Y.applyUpdate(doc, u)
  return doc
}

/** One GC struct under `client` from `clock` on, covering every later clock: a squatter's whole update. */
function squat(client: number, clock: number): Uint8Array {
  const e = encoding.createEncoder()
  for (const n of [1, 1, client, clock, 0, 2 ** 40, 0]) encoding.writeVarUint(e, n)
  return encoding.toUint8Array(e)
}

/** Instances subscribed to a board's Redis channel: one per instance that has the board loaded. */
async function instancesHolding(c: Cluster, boardId: string): Promise<number> {
  const reply = (await c.redis.call('PUBSUB', 'NUMSUB', boardChannel(boardId))) as [unknown, unknown]
  return Number(reply[1])
}

/** Per client: labels held, close codes seen, connected now — for a failure message. */
function stateOf(clients: readonly Client[]): string {
  return clients
    .map(
      (x, i) =>
        `client ${i}: ${readLabels(x.doc).length} labels, closes [${x.closeCodes}], ${x.provider.wsconnected ? 'connected' : 'disconnected'}`,
    )
    .join('; ')
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('two instances behind a load balancer', () => {
  it('phones on instance A and the projector on instance B see the same wall, labels and presence, live', async () => {
    const c = await cluster()
    const { board: b, facToken } = await board(c)
    const projector = track(connect(wsVia(c.frontB), b.id, facToken))
    const onA = [await phone(c, c.frontA, b.joinCode), await phone(c, c.frontA, b.joinCode)]
    const onB = [await phone(c, c.frontB, b.joinCode)]
    const everyone = [projector, ...onA.map((p) => p.client), ...onB.map((p) => p.client)]
    await Promise.all(everyone.map(synced))

    const expected: string[] = []
    for (const [i, p] of [...onA, ...onB].entries()) {
      for (const n of [1, 2]) {
        const text = `phone ${i} label ${n}`
        addLabel(p.client.doc, { text, category: 'ide', x: i * 10, y: n * 10, author: p.author })
        expected.push(text)
      }
    }
    addLabel(projector.doc, { text: 'Fælles regler', category: 'problem', x: 0, y: 0, author: FACILITATOR_AUTHOR })
    expected.push('Fælles regler')
    expected.sort()
    for (const client of everyone) await vi.waitFor(() => expect(texts(client)).toEqual(expected), CONVERGE)

    // Presence crosses instances too: the projector sees who is typing on a phone of A.
    const phoneOnA = onA[0]!.client
    phoneOnA.provider.awareness.setLocalStateField('typing', true)
    await vi.waitFor(
      () => expect(projector.provider.awareness.getStates().get(phoneOnA.doc.clientID)).toMatchObject({ typing: true }),
      CONVERGE,
    )
    expect(await storedLabelTexts(c, b.id)).toEqual(expected)

    // B answers newcomers from a cached copy of the whole wall: a label that reached B only through
    // Redis must reach the next newcomer on B too.
    await synced(track(connect(wsVia(c.frontB), b.id, facToken)))
    addLabel(onA[1]!.client.doc, { text: 'via Redis', category: 'ide', x: 5, y: 5, author: onA[1]!.author })
    await vi.waitFor(() => expect(texts(projector)).toContain('via Redis'), CONVERGE)
    const late = track(connect(wsVia(c.frontB), b.id, facToken))
    await synced(late)
    expect(texts(late)).toEqual([...expected, 'via Redis'].sort())
  })

  it('when instance A dies mid-session its phones carry on through B, and no acknowledged label is lost', async () => {
    const c = await cluster()
    const { board: b, facToken } = await board(c)
    const projector = track(connect(wsVia(c.frontB), b.id, facToken))
    const phones = [
      await phone(c, c.frontA, b.joinCode, { ack: true }),
      await phone(c, c.frontA, b.joinCode, { ack: true }),
    ]
    await Promise.all([projector, ...phones.map((p) => p.client)].map(synced))
    const acks = phones.map((p) => trackAcks(p.client))

    // Each phone keeps posting; per label we note the clock that must be acknowledged for it to count as saved.
    const written: { text: string; phone: number; clock: number }[] = []
    let writing = true
    const writers = phones.map(
      (p, i) =>
        new Promise<void>((resolve) => {
          let n = 0
          const timer = setInterval(() => {
            if (!writing || n >= 400) {
              clearInterval(timer)
              resolve()
              return
            }
            const text = `phone ${i} label ${n++}`
            addLabel(p.client.doc, { text, category: 'ide', x: n, y: i, author: p.author })
            written.push({ text, phone: i, clock: Y.getState(p.client.doc.store, p.client.doc.clientID) })
          }, 15)
        }),
    )
    const acknowledged = () =>
      written.filter((w) => {
        const p = phones[w.phone]!.client
        return (acks[w.phone]!.stored().get(p.doc.clientID) ?? 0) >= w.clock
      })
    await vi.waitFor(() => expect(acknowledged().length).toBeGreaterThanOrEqual(20), CONVERGE)

    // The load balancer holds A's phones off until we have looked at storage, then sends them to B.
    c.frontA.targets = []
    await c.a.kill('SIGKILL')
    const saved = acknowledged().map((w) => w.text)
    writing = false
    await Promise.all(writers)
    expect(saved.length).toBeGreaterThanOrEqual(20)
    const stored = await storedLabelTexts(c, b.id)
    expect(stored).toEqual(expect.arrayContaining(saved))

    c.frontA.targets = [c.a.port, c.b.port]
    const all = written.map((w) => w.text).sort()
    const late = track(connect(wsVia(c.frontB), b.id, facToken))
    const everyone = [...phones.map((p) => p.client), projector, late]
    for (const client of everyone) {
      await vi.waitFor(() => expect(texts(client), stateOf(everyone)).toEqual(all), RECOVER)
    }
    await vi.waitFor(async () => expect(await storedLabelTexts(c, b.id)).toEqual(all), CONVERGE)
  })

  it('while Redis is away each instance keeps serving its own phones, and afterwards all converge with no gap and no duplicate', async () => {
    const c = await cluster()
    const { board: b } = await board(c)
    const [a1, a2] = [await phone(c, c.frontA, b.joinCode), await phone(c, c.frontA, b.joinCode)]
    const [b1, b2] = [await phone(c, c.frontB, b.joinCode), await phone(c, c.frontB, b.joinCode)]
    const everyone = [a1, a2, b1, b2].map((p) => p.client)
    await Promise.all(everyone.map(synced))
    addLabel(a1.client.doc, { text: 'before', category: 'ide', x: 0, y: 0, author: a1.author })
    await vi.waitFor(() => expect(texts(b2.client)).toEqual(['before']), CONVERGE)

    const cutAt = Date.now()
    await c.redisProxy.cut()
    for (let i = 0; i < 5; i++) {
      addLabel(a1.client.doc, { text: `A ${i}`, category: 'ide', x: i, y: 1, author: a1.author })
      addLabel(b1.client.doc, { text: `B ${i}`, category: 'onske', x: i, y: 2, author: b1.author })
    }
    const onA = ['A 0', 'A 1', 'A 2', 'A 3', 'A 4', 'before']
    const onB = ['B 0', 'B 1', 'B 2', 'B 3', 'B 4', 'before']
    await vi.waitFor(() => expect(texts(a2.client)).toEqual(onA), CONVERGE)
    await vi.waitFor(() => expect(texts(b2.client)).toEqual(onB), CONVERGE)
    // Proof that the cut is real: nothing crossed over.
    expect(texts(b1.client)).toEqual(onB)
    expect(texts(a1.client)).toEqual(onA)

    await sleep(OUTAGE_MS - (Date.now() - cutAt))
    await c.redisProxy.restore()
    const all = [...new Set([...onA, ...onB])].sort()
    for (const client of everyone) await vi.waitFor(() => expect(texts(client)).toEqual(all), RECOVER)
    for (const client of everyone) expect(new Set(ids(client.doc)).size).toBe(all.length)
    expect(await storedLabelTexts(c, b.id)).toEqual(all)

    // And live fan-out works again in both directions.
    addLabel(b2.client.doc, { text: 'after', category: 'ide', x: 9, y: 9, author: b2.author })
    await vi.waitFor(() => expect(texts(a2.client)).toContain('after'), RECOVER)
  })

  it('while Postgres restarts nothing unstored is relayed or acknowledged, and everything arrives once it is back', async () => {
    const c = await cluster()
    const { board: b } = await board(c)
    const writer = await phone(c, c.frontA, b.joinCode, { ack: true })
    const sameInstance = await phone(c, c.frontA, b.joinCode)
    const otherInstance = await phone(c, c.frontB, b.joinCode)
    await Promise.all([writer, sameInstance, otherInstance].map((p) => synced(p.client)))
    const acks = trackAcks(writer.client)

    const cutAt = Date.now()
    await c.pgProxy.cut()
    addLabel(writer.client.doc, { text: 'skrevet under genstart', category: 'ide', x: 1, y: 1, author: writer.author })
    const clock = Y.getState(writer.client.doc.store, writer.client.doc.clientID)
    await sleep(OUTAGE_MS - (Date.now() - cutAt))
    // Not durable, so not relayed and not acknowledged — by either instance.
    expect(texts(sameInstance.client)).toEqual([])
    expect(texts(otherInstance.client)).toEqual([])
    expect(acks.stored().get(writer.client.doc.clientID) ?? 0).toBeLessThan(clock)

    await c.pgProxy.restore()
    await vi.waitFor(
      () => expect(acks.stored().get(writer.client.doc.clientID) ?? 0).toBeGreaterThanOrEqual(clock),
      RECOVER,
    )
    for (const p of [sameInstance, otherInstance]) {
      await vi.waitFor(() => expect(texts(p.client)).toEqual(['skrevet under genstart']), RECOVER)
    }
    expect(await storedLabelTexts(c, b.id)).toEqual(['skrevet under genstart'])

    // Both instances store again without a restart of their own.
    addLabel(otherInstance.client.doc, { text: 'efter', category: 'ide', x: 2, y: 2, author: otherInstance.author })
    await vi.waitFor(() => expect(texts(writer.client)).toEqual(['efter', 'skrevet under genstart']), RECOVER)
  })

  it('keeps an idle board in memory until its last update is stored, then unloads it', async () => {
    const c = await cluster()
    const { board: b, facToken } = await board(c)
    const only = await phone(c, c.frontA, b.joinCode)
    await synced(only.client)
    await vi.waitFor(async () => expect(await instancesHolding(c, b.id)).toBe(1), CONVERGE)

    const cutAt = Date.now()
    await c.pgProxy.cut()
    addLabel(only.client.doc, { text: 'sidste ord', category: 'onske', x: 3, y: 3, author: only.author })
    // The phone leaves while its label cannot be stored; the close frame follows the update on the same socket.
    only.client.destroy()
    await sleep(OUTAGE_MS - (Date.now() - cutAt))
    // Many idle periods later the board is still held, with the label waiting for storage.
    expect(await instancesHolding(c, b.id)).toBe(1)

    await c.pgProxy.restore()
    await vi.waitFor(async () => expect(await instancesHolding(c, b.id)).toBe(0), RECOVER)
    expect(await storedLabelTexts(c, b.id)).toEqual(['sidste ord'])
    const projector = track(connect(wsVia(c.frontB), b.id, facToken))
    await vi.waitFor(() => expect(texts(projector)).toEqual(['sidste ord']), CONVERGE)
  })

  it('a participant on B cannot fill the next clocks of a phone on A, before or after B restarts: the database refuses it and every acknowledged label stays', async () => {
    const c = await cluster()
    const { board: b, facToken } = await board(c)
    // B loads the board before the phone first writes, so B learns of the phone's id only through Redis.
    const projector = track(connect(wsVia(c.frontB), b.id, facToken))
    await synced(projector)
    const victim = await phone(c, c.frontA, b.joinCode, { ack: true })
    await synced(victim.client)
    const acks = trackAcks(victim.client)
    const id = victim.client.doc.clientID
    const posted: string[] = []
    const post = () => {
      const text = `label ${posted.length}`
      addLabel(victim.client.doc, { text, category: 'ide', x: posted.length, y: 0, author: victim.author })
      posted.push(text)
    }
    const allAcked = () =>
      vi.waitFor(
        () => expect(acks.stored().get(id) ?? 0).toBeGreaterThanOrEqual(Y.getState(victim.client.doc.store, id)),
        CONVERGE,
      )
    post()
    await allAcked()
    await vi.waitFor(() => expect(texts(projector)).toEqual(['label 0']), CONVERGE)

    const attacker = await httpJoin(c.a.url, b.joinCode)
    const squatVia = async (instance: ServerProcess) => {
      const r = await openRaw(`${instance.wsUrl}/${b.id}?token=${attacker.token}`)
      r.ws.send(encodeUpdate(squat(id, Y.getState(victim.client.doc.store, id))))
      return r.closed
    }
    expect(await squatVia(c.b)).toBe(CloseCode.Forbidden)
    for (let i = 0; i < 4; i++) post()
    await allAcked()

    await c.b.kill('SIGKILL')
    c.b = await spawnServer({ name: 'B', env: c.env, port: c.b.port, readyTimeoutMs: START_MS })
    expect(await squatVia(c.b)).toBe(CloseCode.Forbidden)
    for (let i = 0; i < 5; i++) post()
    await allAcked()

    const all = [...posted].sort()
    await vi.waitFor(() => expect(texts(projector)).toEqual(all), RECOVER)
    expect(await storedLabelTexts(c, b.id)).toEqual(all)
    // Nothing of the squatter's was stored or relayed: the id's clock is the phone's own.
    expect(Y.getState(projector.doc.store, id)).toBe(Y.getState(victim.client.doc.store, id))
    expect(Y.getState((await loadStoredDoc(c, b.id)).store, id)).toBe(Y.getState(victim.client.doc.store, id))
    expect((await c.store.docs.load(b.id)).owners.get(id)).toBe(victim.author)
  })

  it('a participant removed on A is closed with 4410 on A and B at once, refused on both afterwards; the others write on', async () => {
    const c = await cluster()
    const cookie = await httpSignIn(c.a.url)
    const { board: b, facToken } = await httpBoard(c.a.url, cookie)
    const projector = track(connect(wsVia(c.frontB), b.id, facToken))
    const ali = await httpJoin(c.a.url, b.joinCode)
    const aliOnA = track(connect(wsVia(c.frontA), b.id, ali.token))
    const aliOnB = track(connect(wsVia(c.frontB), b.id, ali.token))
    const bo = await phone(c, c.frontB, b.joinCode)
    await Promise.all([projector, aliOnA, aliOnB, bo.client].map(synced))
    addLabel(aliOnA.doc, { text: 'Filmaften', category: 'ide', x: 0, y: 0, author: ali.participantId })
    await vi.waitFor(() => expect(texts(projector)).toEqual(['Filmaften']), CONVERGE)

    const res = await fetch(`${c.a.url}/api/boards/${b.id}/participants/${ali.participantId}/remove`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body: JSON.stringify({ labels: 'keep' }),
    })
    expect(res.status).toBe(200)
    await vi.waitFor(() => {
      expect(aliOnA.closeCodes).toContain(CloseCode.Removed)
      expect(aliOnB.closeCodes).toContain(CloseCode.Removed)
    }, CONVERGE)
    // The token is ended in the shared database: neither instance lets it back in.
    expect(await upgradeStatus(`ws://127.0.0.1:${c.a.port}/ws/${b.id}?token=${ali.token}`)).toBe(403)
    expect(await upgradeStatus(`ws://127.0.0.1:${c.b.port}/ws/${b.id}?token=${ali.token}`)).toBe(403)
    // Kept labels stay; Bo, on B, goes on writing and the projector sees it.
    addLabel(bo.client.doc, { text: 'Fodbold', category: 'ide', x: 0, y: 0, author: bo.author })
    await vi.waitFor(() => expect(texts(projector)).toEqual(['Filmaften', 'Fodbold']), CONVERGE)
    await vi.waitFor(async () => expect(await storedLabelTexts(c, b.id)).toEqual(['Filmaften', 'Fodbold']), CONVERGE)
    expect(bo.client.closeCodes).toEqual([])
    expect(projector.closeCodes).toEqual([])

    // The door, closed on B's wall, is shut on A too.
    setSetting(projector.doc, 'doorClosed', true)
    await vi.waitFor(async () => {
      const join = await fetch(`${c.a.url}/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
        body: JSON.stringify({ code: b.joinCode }),
      })
      expect(join.status).toBe(423)
    }, CONVERGE)
    setSetting(projector.doc, 'doorClosed', false)
    await vi.waitFor(async () => expect((await httpJoin(c.a.url, b.joinCode)).participantId).toMatch(/^p-/), CONVERGE)
  })

  it('keeps every label when both instances compact the same board', async () => {
    const c = await cluster()
    const { board: b, facToken } = await board(c)
    // Two projectors per instance: each socket stays well inside the per-connection message burst.
    const views = [c.frontA, c.frontA, c.frontB, c.frontB].map((front) => track(connect(wsVia(front), b.id, facToken)))
    await Promise.all(views.map(synced))

    // More than the 500 log entries after which each instance compacts, written on both at once.
    const perView = 260
    for (let i = 0; i < perView; i++) {
      for (const [v, view] of views.entries()) {
        addLabel(view.doc, { text: `${v}:${i}`, category: 'ide', x: i, y: v, author: FACILITATOR_AUTHOR })
      }
    }
    const total = views.length * perView
    for (const view of views) await vi.waitFor(() => expect(readLabels(view.doc)).toHaveLength(total), RECOVER)
    await vi.waitFor(async () => expect((await c.store.docs.load(b.id)).logLength).toBeLessThan(total), CONVERGE)
    expect(await storedLabelTexts(c, b.id)).toHaveLength(total)
    const late = track(connect(wsVia(c.frontA), b.id, facToken))
    await vi.waitFor(() => expect(readLabels(late.doc)).toHaveLength(total), CONVERGE)
  })
})
