/**
 * Relays stored updates and awareness between server instances over Redis
 * pub/sub: one channel per board, one publisher and one subscriber connection.
 *
 * Redis is a shortcut, never the record: an update is in storage before it is
 * published. So nothing is queued while Redis is away; instead, whenever a
 * message may have been lost, the rooms concerned are told to `resync` from
 * storage (Yjs drops what they already have, so there is no gap and no double):
 *  - our subscriber reconnects: every board we are subscribed to resyncs;
 *  - our publisher could not publish an update: once it is back, it publishes
 *    a `Resync` message on that board so the other instances reload it;
 *  - a board's channel becomes active: that room resyncs once (see `subscribe`).
 */
import { randomUUID } from 'node:crypto'
import { Redis, type RedisOptions } from 'ioredis'
import type { Fanout, Logger } from '../sync/types.ts'
import {
  boardChannel,
  boardFromChannel,
  decodeDisconnect,
  decodeFanoutMessage,
  encodeDisconnect,
  encodeFanoutMessage,
  encodeInstanceId,
  MalformedFanoutMessageError,
  MessageKind,
} from './message.ts'

export interface RedisFanoutOptions {
  log?: Logger
  /** Tells this instance's own messages apart; 1–255 UTF-8 bytes, a random UUID by default. */
  instanceId?: string
}

/** Milliseconds before reconnect attempt `attempt` (1-based): 100, 200, 400, … capped at 2 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(100 * 2 ** Math.max(0, attempt - 1), 2000)
}

/** Milliseconds between pings on the otherwise silent subscriber connection. */
const HEARTBEAT_MS = 15_000
/** Milliseconds without a byte from Redis, while a reply is owed, before the connection counts as dead. */
const SOCKET_TIMEOUT_MS = 5_000

type Handlers = Parameters<Fanout['subscribe']>[1]

interface BoardSubscription {
  readonly channel: string
  /** One entry per `subscribe` call (a fresh object each time, so equal handlers still count twice). */
  readonly handlers: Set<Handlers>
  /** Settles once the latest SUBSCRIBE covering this channel is answered: true if it took effect. */
  active: Promise<boolean>
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} }

/**
 * Connects to Redis at `url` (`redis:` or `rediss:`). Resolves once both
 * connections are ready or have failed a first time: an unreachable Redis is
 * logged and retried in the background, never fatal.
 */
export async function createRedisFanout(url: string, opts: RedisFanoutOptions = {}): Promise<Fanout> {
  const log = opts.log ?? silent
  const instanceId = opts.instanceId ?? randomUUID()
  const idBytes = encodeInstanceId(instanceId)
  const clientName = instanceId.replace(/[^\w.:-]/g, '_')
  const common: RedisOptions = {
    retryStrategy: reconnectDelay,
    // Publishing while disconnected fails at once rather than piling up in
    // memory; the resync messages below make up for what was not sent.
    enableOfflineQueue: false,
    // Fail commands caught in flight by a disconnect instead of resending them
    // later (rejected publishes are resynced; SUBSCRIBEs are redone on 'ready').
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // Resubscribed by hand: ioredis emits 'ready' before its own resubscription
    // is answered, and a resync started then could finish before the channel
    // is live, leaving a gap. We resync only after our SUBSCRIBE is answered.
    autoResubscribe: false,
    connectTimeout: SOCKET_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  }
  const pub = new Redis(url, { ...common, connectionName: `vaegavis-pub-${clientName}` })
  const sub = new Redis(url, { ...common, connectionName: `vaegavis-sub-${clientName}` })

  const boards = new Map<string, BoardSubscription>()
  /** Boards with an update we could not publish: the others must reload them from storage. */
  const unrelayed = new Set<string>()
  let droppedSinceReady = 0
  let closed = false

  const firstContact = Promise.all([pub, sub].map(settledOnce))
  watch(pub, 'publisher', () => {
    if (droppedSinceReady > 0) {
      log.info(
        { dropped: droppedSinceReady, boards: unrelayed.size },
        'Redis is back: asking other instances to resync',
      )
    }
    droppedSinceReady = 0
    const missed = [...unrelayed]
    unrelayed.clear()
    for (const board of missed) publish(board, MessageKind.Resync, new Uint8Array(0))
  })
  watch(sub, 'subscriber', () => void resubscribeAll())

  sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
    // ioredis rethrows listener errors as uncaught exceptions: nothing may escape.
    try {
      deliver(channel.toString('utf8'), message)
    } catch (e: unknown) {
      log.error({ err: e }, 'failed to deliver a fan-out message')
    }
  })

  // A half-open TCP connection never errors on its own; a ping owes a reply,
  // so `socketTimeout` notices the silence and ioredis reconnects.
  const heartbeat = setInterval(() => {
    if (sub.status === 'ready') sub.ping().catch(() => undefined)
  }, HEARTBEAT_MS)
  heartbeat.unref()

  await firstContact

  return {
    publishUpdate: (board, update) => publish(board, MessageKind.Update, update),
    publishAwareness: (board, message) => publish(board, MessageKind.Awareness, message),
    publishDisconnect: (board, subject, code) =>
      publish(board, MessageKind.Disconnect, encodeDisconnect(subject, code)),

    async subscribe(board, handlers) {
      if (closed) throw new Error('the Redis fan-out is closed')
      let entry = boards.get(board)
      if (!entry) {
        entry = { channel: boardChannel(board), handlers: new Set(), active: Promise.resolve(false) }
        boards.set(board, entry)
        // While disconnected the subscriber's 'ready' handler subscribes and resyncs later.
        if (sub.status === 'ready') entry.active = subscribeChannels([entry.channel])
      }
      const mine: Handlers = { ...handlers }
      entry.handlers.add(mine)
      const current = entry
      const unsubscribe = () => {
        if (!current.handlers.delete(mine)) return
        if (current.handlers.size > 0 || boards.get(board) !== current) return
        boards.delete(board)
        if (!closed && sub.status === 'ready') {
          sub.unsubscribe(current.channel).catch((e: unknown) => log.debug({ board, err: e }, 'UNSUBSCRIBE failed'))
        }
      }
      // The room loaded the board from storage before calling us, so an update
      // published between that load and the channel going live reached it by
      // neither path. One reload once the channel is live closes the gap.
      if ((await current.active) && current.handlers.has(mine) && !closed) call(board, () => mine.resync())
      return unsubscribe
    },

    async close() {
      if (closed) return
      closed = true
      clearInterval(heartbeat)
      boards.clear()
      unrelayed.clear()
      await Promise.all([quit(pub), quit(sub)])
    },
  }

  function publish(board: string, kind: MessageKind, payload: Uint8Array): void {
    if (closed) return
    if (pub.status !== 'ready') {
      dropped(board, kind, new Error(`Redis publisher is ${pub.status}`))
      return
    }
    try {
      pub.publish(boardChannel(board), encodeFanoutMessage(kind, idBytes, payload)).catch((e: unknown) => {
        dropped(board, kind, e)
      })
    } catch (e: unknown) {
      dropped(board, kind, e)
    }
  }

  function dropped(board: string, kind: MessageKind, err: unknown): void {
    if (closed) return
    // Awareness is not stored and clients renew it every few seconds anyway.
    if (kind !== MessageKind.Awareness) unrelayed.add(board)
    droppedSinceReady += 1
    if (droppedSinceReady === 1) {
      log.warn({ board, err }, 'cannot publish to Redis; other instances will catch up from storage')
    }
  }

  function subscribeChannels(channels: string[]): Promise<boolean> {
    if (sub.status !== 'ready') return Promise.resolve(false)
    return sub.subscribe(...channels).then(
      () => true,
      (e: unknown) => {
        if (!closed) log.warn({ channels: channels.length, err: e }, 'SUBSCRIBE failed; retrying after reconnect')
        return false
      },
    )
  }

  /** After a (re)connect: the new connection has no subscriptions and may have missed messages. */
  async function resubscribeAll(): Promise<void> {
    const entries = [...boards]
    if (entries.length === 0) return
    const active = subscribeChannels(entries.map(([, e]) => e.channel))
    for (const [, e] of entries) e.active = active
    if (!(await active) || closed) return
    for (const [board, e] of entries) {
      if (boards.get(board) !== e) continue
      for (const h of [...e.handlers]) call(board, () => h.resync())
    }
  }

  function deliver(channel: string, data: Buffer): void {
    const board = boardFromChannel(channel)
    const entry = board === null ? undefined : boards.get(board)
    if (board === null || !entry) return
    let msg: ReturnType<typeof decodeFanoutMessage>
    try {
      msg = decodeFanoutMessage(data)
    } catch (e: unknown) {
      if (!(e instanceof MalformedFanoutMessageError)) throw e
      log.warn({ board, err: e }, 'ignoring a malformed fan-out message')
      return
    }
    if (msg.instanceId === instanceId) return
    for (const h of [...entry.handlers]) {
      switch (msg.kind) {
        case MessageKind.Update:
          call(board, () => h.update(msg.payload))
          break
        case MessageKind.Awareness:
          call(board, () => h.awareness(msg.payload))
          break
        case MessageKind.Resync:
          call(board, () => h.resync())
          break
        case MessageKind.Disconnect: {
          const { subject, code } = decodeDisconnect(msg.payload)
          call(board, () => h.disconnect(subject, code))
          break
        }
      }
    }
  }

  /** Runs a room's handler; one room's failure must not stop delivery to the others. */
  function call(board: string, fn: () => void): void {
    try {
      fn()
    } catch (e: unknown) {
      log.error({ board, err: e }, 'a fan-out handler threw')
    }
  }

  /** Logs an outage once (then quietly while it lasts) and runs `onReady` on every (re)connect. */
  function watch(conn: Redis, role: 'publisher' | 'subscriber', onReady: () => void): void {
    let down = false
    conn.on('error', (e: unknown) => {
      if (closed) return
      if (down) {
        log.debug({ role, err: e }, 'Redis still unreachable')
        return
      }
      down = true
      log.warn({ role, err: e }, 'Redis connection failed; retrying')
    })
    conn.on('close', () => {
      if (closed || down) return
      down = true
      log.warn({ role }, 'Redis connection lost; retrying')
    })
    conn.on('ready', () => {
      if (closed) return
      if (down) log.info({ role }, 'Redis connection restored')
      down = false
      onReady()
    })
  }
}

/** Resolves on a connection's first 'ready' or first 'error', whichever comes first. */
function settledOnce(conn: Redis): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      conn.off('ready', done)
      conn.off('error', done)
      resolve()
    }
    conn.once('ready', done)
    conn.once('error', done)
  })
}

async function quit(conn: Redis): Promise<void> {
  if (conn.status === 'ready') {
    const ok = await conn.quit().then(
      () => true,
      () => false,
    )
    if (ok) return
  }
  conn.disconnect()
}
