/**
 * The Redis fan-out against a real Redis (127.0.0.1:6379, or TEST_REDIS_URL).
 * Without a reachable Redis every test that needs one fails, naming the URL.
 */
import { randomBytes } from 'node:crypto'
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net'
import { addLabel, initBoard, Role, readLabels, readLegend } from '@vaegavis/shared'
import { Redis } from 'ioredis'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { createRedisFanout } from '../src/fanout/index.ts'
import { boardChannel } from '../src/fanout/message.ts'
import { createMemoryStore } from '../src/storage/index.ts'
import type { DocStore } from '../src/storage/types.ts'
import { RoomManager } from '../src/sync/index.ts'
import { encodeSyncStep1, encodeUpdate } from '../src/sync/protocol.ts'
import type { Fanout, Logger } from '../src/sync/types.ts'

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
/** Distinguishes this run's boards and connections from any other run against the same Redis. */
const RUN = randomBytes(4).toString('hex')
const RECONNECT = { timeout: 5_000 }

let boardCount = 0
const newBoard = () => `fanout-test-${RUN}-${++boardCount}`

let redisUp: Promise<Redis> | null = null
/** An admin connection, once Redis is known to answer; fails the calling test with a clear message otherwise. */
function admin(): Promise<Redis> {
  redisUp ??= (async () => {
    const probe = new Redis(REDIS_URL, {
      lazyConnect: true,
      retryStrategy: () => null,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
    })
    let cause: unknown
    probe.on('error', (e: unknown) => {
      cause ??= e
    })
    try {
      await probe.connect()
      await probe.ping()
      return probe
    } catch (e: unknown) {
      probe.disconnect()
      // ioredis rejects with 'Connection is closed'; the 'error' event has the real cause.
      const err = cause ?? e
      const reason = err instanceof Error ? err.message : String(err)
      throw new Error(
        `Redis is not reachable at ${REDIS_URL} (${reason}). These tests need a real Redis: start one on 127.0.0.1:6379 or set TEST_REDIS_URL.`,
      )
    }
  })()
  return redisUp
}

afterAll(async () => {
  const conn = await redisUp?.catch(() => null)
  conn?.disconnect()
})

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()))
})

interface Instance {
  fanout: Fanout
  log: RecordingLog
  /** The instance id; its connections show in CLIENT LIST as `vaegavis-pub-<id>` and `vaegavis-sub-<id>`. */
  id: string
}

async function instance(name: string, url = REDIS_URL): Promise<Instance> {
  await admin()
  const log = recordingLog()
  const id = `${name}-${RUN}-${randomBytes(3).toString('hex')}`
  const fanout = await createRedisFanout(url, { log, instanceId: id })
  cleanups.push(() => fanout.close())
  return { fanout, log, id }
}

interface Recorder {
  updates: number[][]
  awareness: number[][]
  resyncs: number
  disconnects: { subject: string; code: number }[]
  handlers: Parameters<Fanout['subscribe']>[1]
}

function recorder(): Recorder {
  const r: Recorder = {
    updates: [],
    awareness: [],
    resyncs: 0,
    disconnects: [],
    handlers: {
      update: (u) => r.updates.push([...u]),
      awareness: (m) => r.awareness.push([...m]),
      resync: () => {
        r.resyncs += 1
      },
      disconnect: (subject, code) => r.disconnects.push({ subject, code }),
    },
  }
  return r
}

interface RecordingLog extends Logger {
  messages(level: 'debug' | 'info' | 'warn' | 'error'): string[]
}

function recordingLog(): RecordingLog {
  const entries: { level: string; msg: string }[] = []
  const at = (level: string) => (_obj: object, msg: string) => {
    entries.push({ level, msg })
  }
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    messages: (level) => entries.filter((e) => e.level === level).map((e) => e.msg),
  }
}

const bytes = (...values: number[]) => new Uint8Array(values)

/** How many connections are subscribed to a board's channel. */
async function subscribers(board: string): Promise<number> {
  const reply = (await (await admin()).call('PUBSUB', 'NUMSUB', boardChannel(board))) as [unknown, unknown]
  return Number(reply[1])
}

/** Ids of the connections whose CLIENT SETNAME is `name`. */
async function clientIds(name: string): Promise<string[]> {
  const list = String(await (await admin()).call('CLIENT', 'LIST'))
  return list
    .split('\n')
    .filter((line) => line.split(' ').includes(`name=${name}`))
    .map((line) => /(?:^| )id=(\d+)/.exec(line)?.[1] ?? '')
}

async function killClient(name: string): Promise<void> {
  const [id] = await clientIds(name)
  if (!id) throw new Error(`no Redis connection named ${name}`)
  await (await admin()).call('CLIENT', 'KILL', 'ID', id)
}

/** A TCP pass-through to Redis that a test can cut and restore on the same port. */
async function redisProxy(): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void> }> {
  const target = new URL(REDIS_URL)
  const sockets = new Set<Socket>()
  let server: Server | null = null
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(Number(target.port || 6379), target.hostname)
        const end = () => {
          client.destroy()
          upstream.destroy()
          sockets.delete(client)
          sockets.delete(upstream)
        }
        for (const sock of [client, upstream]) {
          sockets.add(sock)
          sock.on('error', end)
          sock.on('close', end)
        }
        client.pipe(upstream)
        upstream.pipe(client)
      })
      s.once('error', reject)
      s.listen(port, '127.0.0.1', () => resolve((s.address() as AddressInfo).port))
      server = s
    })
  const cut = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve()
      server.close(() => resolve())
      server = null
      for (const sock of sockets) sock.destroy()
    })
  const port = await listen(0)
  cleanups.push(cut)
  const url = new URL(REDIS_URL)
  url.hostname = '127.0.0.1'
  url.port = String(port)
  return { url: url.toString(), cut, restore: async () => void (await listen(port)) }
}

describe('Redis fan-out', () => {
  it("delivers an update published by instance A to instance B's subscriber, and not back to A's own", async () => {
    const [a, b] = await Promise.all([instance('A'), instance('B')])
    const board = newBoard()
    const atA = recorder()
    const atB = recorder()
    await a.fanout.subscribe(board, atA.handlers)
    await b.fanout.subscribe(board, atB.handlers)

    a.fanout.publishUpdate(board, bytes(1, 2, 3))
    await vi.waitFor(() => expect(atB.updates).toEqual([[1, 2, 3]]))
    // Redis keeps publish order, so A's own message would reach A before B's answer does.
    b.fanout.publishUpdate(board, bytes(9))
    await vi.waitFor(() => expect(atA.updates).toEqual([[9]]))
    expect(atB.updates).toEqual([[1, 2, 3]])
    expect([atA.awareness, atB.awareness]).toEqual([[], []])
  })

  it("delivers awareness published by instance A to instance B's subscriber, and not back to A's own", async () => {
    const [a, b] = await Promise.all([instance('A'), instance('B')])
    const board = newBoard()
    const atA = recorder()
    const atB = recorder()
    await a.fanout.subscribe(board, atA.handlers)
    await b.fanout.subscribe(board, atB.handlers)

    a.fanout.publishAwareness(board, bytes(1, 4, 2))
    await vi.waitFor(() => expect(atB.awareness).toEqual([[1, 4, 2]]))
    b.fanout.publishAwareness(board, bytes(1, 9))
    await vi.waitFor(() => expect(atA.awareness).toEqual([[1, 9]]))
    expect(atB.awareness).toEqual([[1, 4, 2]])
    expect([atA.updates, atB.updates]).toEqual([[], []])
  })

  it('tells a new subscription to resync once its channel is live, so nothing published while the room loaded is lost', async () => {
    const b = await instance('B')
    const board = newBoard()
    const atB = recorder()
    await b.fanout.subscribe(board, atB.handlers)
    expect(atB.resyncs).toBe(1)
    expect(await subscribers(board)).toBe(1)
  })

  it('stops delivering a board once it is unsubscribed, and leaves its Redis channel', async () => {
    const [a, b] = await Promise.all([instance('A'), instance('B')])
    const [board, other] = [newBoard(), newBoard()]
    const left = recorder()
    const stayed = recorder()
    const unsubscribe = await b.fanout.subscribe(board, left.handlers)
    await b.fanout.subscribe(other, stayed.handlers)

    unsubscribe()
    await vi.waitFor(async () => expect(await subscribers(board)).toBe(0))
    a.fanout.publishUpdate(board, bytes(1))
    a.fanout.publishUpdate(other, bytes(2))
    // Both channels share B's connection and A's publish order, so `board`'s message would come first.
    await vi.waitFor(() => expect(stayed.updates).toEqual([[2]]))
    expect(left.updates).toEqual([])
  })

  it('shares one channel subscription between two rooms of one board, and both receive until each leaves', async () => {
    const [a, b] = await Promise.all([instance('A'), instance('B')])
    const board = newBoard()
    const first = recorder()
    const second = recorder()
    const leaveFirst = await b.fanout.subscribe(board, first.handlers)
    const leaveSecond = await b.fanout.subscribe(board, second.handlers)
    expect(await subscribers(board)).toBe(1)

    a.fanout.publishUpdate(board, bytes(5))
    await vi.waitFor(() => expect([first.updates, second.updates]).toEqual([[[5]], [[5]]]))

    leaveFirst()
    leaveFirst()
    a.fanout.publishUpdate(board, bytes(6))
    await vi.waitFor(() => expect(second.updates).toEqual([[5], [6]]))
    expect(first.updates).toEqual([[5]])
    expect(await subscribers(board)).toBe(1)

    leaveSecond()
    await vi.waitFor(async () => expect(await subscribers(board)).toBe(0))
  })

  it('keeps delivering to the other rooms of a board when one room’s handler throws', async () => {
    const [a, b] = await Promise.all([instance('A'), instance('B')])
    const board = newBoard()
    const healthy = recorder()
    await b.fanout.subscribe(board, {
      ...recorder().handlers,
      update: () => {
        throw new Error('room exploded')
      },
    })
    await b.fanout.subscribe(board, healthy.handlers)

    a.fanout.publishUpdate(board, bytes(3))
    await vi.waitFor(() => expect(healthy.updates).toEqual([[3]]))
    expect(b.log.messages('error')).toContain('a fan-out handler threw')
  })

  it('tells every subscribed room to resync after its subscriber connection comes back, and delivers again', async () => {
    const [a, b] = await Promise.all([instance('A'), instance('B')])
    const [board, other] = [newBoard(), newBoard()]
    const atB = recorder()
    const otherAtB = recorder()
    await b.fanout.subscribe(board, atB.handlers)
    await b.fanout.subscribe(other, otherAtB.handlers)
    expect([atB.resyncs, otherAtB.resyncs]).toEqual([1, 1])

    await killClient(`vaegavis-sub-${b.id}`)
    await vi.waitFor(() => expect([atB.resyncs, otherAtB.resyncs]).toEqual([2, 2]), RECONNECT)
    expect(b.log.messages('warn')).toContain('Redis connection lost; retrying')
    expect(b.log.messages('info')).toContain('Redis connection restored')

    a.fanout.publishUpdate(board, bytes(4))
    await vi.waitFor(() => expect(atB.updates).toEqual([[4]]))
  })

  it('asks other instances to resync a board whose update could not be published, once Redis is back, without replaying it', async () => {
    const proxy = await redisProxy()
    const [a, b] = await Promise.all([instance('A', proxy.url), instance('B')])
    const board = newBoard()
    const atB = recorder()
    await b.fanout.subscribe(board, atB.handlers)
    expect(atB.resyncs).toBe(1)

    await proxy.cut()
    await vi.waitFor(() => expect(a.log.messages('warn')).toContain('Redis connection lost; retrying'))
    expect(() => a.fanout.publishUpdate(board, bytes(7))).not.toThrow()
    expect(a.log.messages('warn')).toContain('cannot publish to Redis; other instances will catch up from storage')

    await proxy.restore()
    await vi.waitFor(() => expect(atB.resyncs).toBe(2), RECONNECT)
    // A replayed update would have been published before the resync request.
    expect(atB.updates).toEqual([])
    a.fanout.publishUpdate(board, bytes(8))
    await vi.waitFor(() => expect(atB.updates).toEqual([[8]]))
  })

  it('does not throw when publishing or subscribing while Redis is unreachable', async () => {
    const log = recordingLog()
    const fanout = await createRedisFanout('redis://127.0.0.1:1', { log, instanceId: `down-${RUN}` })
    cleanups.push(() => fanout.close())
    const board = newBoard()
    const r = recorder()

    expect(() => fanout.publishUpdate(board, bytes(1))).not.toThrow()
    expect(() => fanout.publishAwareness(board, bytes(2))).not.toThrow()
    const unsubscribe = await fanout.subscribe(board, r.handlers)
    unsubscribe()
    expect(r.resyncs).toBe(0)
    expect(log.messages('warn')).toContain('Redis connection failed; retrying')
    expect(log.messages('warn')).toContain('cannot publish to Redis; other instances will catch up from storage')
    await fanout.close()
  })

  it('quits both of its Redis connections on close', async () => {
    const a = await instance('A')
    const names = [`vaegavis-pub-${a.id}`, `vaegavis-sub-${a.id}`]
    expect((await Promise.all(names.map(clientIds))).flat()).toHaveLength(2)
    await a.fanout.close()
    await vi.waitFor(async () => expect((await Promise.all(names.map(clientIds))).flat()).toEqual([]))
  })
})

/** A stock-protocol client of one instance's board, answering sync messages like y-websocket does. */
function boardClient(manager: RoomManager, board: string): Y.Doc {
  const doc = new Y.Doc()
  const fromServer = Symbol('server')
  const handle = manager.connect(
    board,
    {
      send: (data) => {
        const decoder = decoding.createDecoder(data)
        if (decoding.readVarUint(decoder) !== 0) return
        const reply = encoding.createEncoder()
        encoding.writeVarUint(reply, 0)
        syncProtocol.readSyncMessage(decoder, reply, doc, fromServer)
        if (encoding.length(reply) > 1) handle.receive(encoding.toUint8Array(reply))
      },
      close: () => undefined,
    },
    { role: Role.Facilitator, subject: 'facilitator', wantsAck: false },
  )
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== fromServer) handle.receive(encodeUpdate(update))
  })
  handle.receive(encodeSyncStep1(Y.encodeStateVector(doc)))
  cleanups.push(async () => handle.closed())
  return doc
}

/** Two server instances sharing one document store (as they would share Postgres), each with its own fan-out. */
async function twoInstances(secondUrl = REDIS_URL): Promise<{ store: DocStore; one: RoomManager; two: RoomManager }> {
  const store = createMemoryStore().docs
  const [a, b] = await Promise.all([instance('one'), instance('two', secondUrl)])
  const managers = [a, b].map((i) => new RoomManager({ store, log: i.log, fanout: i.fanout }))
  cleanups.unshift(async () => Promise.all(managers.map((m) => m.close())))
  return { store, one: managers[0]!, two: managers[1]! }
}

async function seedBoard(store: DocStore): Promise<string> {
  const board = newBoard()
  const doc = new Y.Doc()
  initBoard(doc, { title: 'Fritid' })
  await store.append(board, [{ update: Y.encodeStateAsUpdate(doc), subject: 'test', clients: [doc.clientID] }])
  return board
}

const texts = (doc: Y.Doc) => readLabels(doc).map((l) => l.text)

describe('rooms on two instances', () => {
  it('show a label added through one instance to a client of the other', async () => {
    const { store, one, two } = await twoInstances()
    const board = await seedBoard(store)
    const atOne = boardClient(one, board)
    const atTwo = boardClient(two, board)
    await vi.waitFor(() => expect(readLegend(atOne)).not.toEqual([]))
    await vi.waitFor(() => expect(readLegend(atTwo)).not.toEqual([]))

    addLabel(atOne, { text: 'Mere musik', category: readLegend(atOne)[0]!.id, x: 10, y: 20, author: 'facilitator' })
    await vi.waitFor(() => expect(texts(atTwo)).toEqual(['Mere musik']))
  })

  it('catch up from storage on labels added while one instance was cut off from Redis', async () => {
    const proxy = await redisProxy()
    const { store, one, two } = await twoInstances(proxy.url)
    const board = await seedBoard(store)
    const atOne = boardClient(one, board)
    const atTwo = boardClient(two, board)
    await vi.waitFor(() => expect(readLegend(atTwo)).not.toEqual([]))
    await vi.waitFor(() => expect(readLegend(atOne)).not.toEqual([]))

    await proxy.cut()
    addLabel(atOne, { text: 'Længere åbent', category: readLegend(atOne)[0]!.id, x: 1, y: 2, author: 'facilitator' })
    await (await one.peek(board))?.flushed()
    expect((await store.load(board)).logLength).toBe(2)
    expect(texts(atTwo)).toEqual([])

    await proxy.restore()
    await vi.waitFor(() => expect(texts(atTwo)).toEqual(['Længere åbent']), RECONNECT)
  })
})
