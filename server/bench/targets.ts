/**
 * What the scenarios run against: a "target" is one or more server processes
 * plus a way to get a room and client credentials on it. For Vægavis that is a
 * real board and one participant token per client, through the REST API; for
 * the reference it is just a room name.
 */
import { FACILITATOR_AUTHOR } from '@vaegavis/shared'
import { httpBoard, httpJoin, httpSignIn } from '../test/helpers.ts'
import {
  type BenchServer,
  type LoopDelay,
  type Memory,
  type Storage,
  startReference,
  startVaegavis,
} from './servers.ts'

/** One client's place: where it connects and who it writes as. */
export interface Seat {
  wsUrl: string
  room: string
  token: string
  /** Author id for its labels (the participant id on Vægavis). */
  author: string
}

export interface Target {
  /** Row label in the tables. */
  readonly label: string
  readonly isReference: boolean
  readonly servers: readonly BenchServer[]
  /** A room with `n` participant seats, spread round-robin over the instances, and a facilitator seat. */
  room(n: number): Promise<{ seats: Seat[]; facilitator: Seat }>
  /** Memory of every server process, summed. */
  memory(): Memory
  /** Starts measuring every server process's event-loop delay afresh. */
  loopReset(): Promise<void>
  /** The worst event-loop delay of any server process since `loopReset`. */
  loopRead(): Promise<LoopDelay>
  stop(): Promise<void>
}

async function worstLoop(servers: readonly BenchServer[]): Promise<LoopDelay> {
  const all = await Promise.all(servers.map((s) => s.loopRead()))
  return {
    p50: Math.max(...all.map((l) => l.p50)),
    p99: Math.max(...all.map((l) => l.p99)),
    max: Math.max(...all.map((l) => l.max)),
  }
}

async function resetLoops(servers: readonly BenchServer[]): Promise<void> {
  await Promise.all(servers.map((s) => s.loopReset()))
}

function summed(servers: readonly BenchServer[]): Memory {
  return servers
    .map((s) => s.memory())
    .reduce((a, b) => ({ rssMb: a.rssMb + b.rssMb, peakMb: a.peakMb + b.peakMb }), { rssMb: 0, peakMb: 0 })
}

let roomCounter = 0
/** Distinct client addresses for joins (the server trusts X-Forwarded-For), as phones on a club's Wi-Fi would be. */
let addressCounter = 0
function nextAddress(): string {
  const n = ++addressCounter
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
}

/** Extra environment for the server processes (e.g. BENCH_GC=1 for scripts/memory.ts). */
export interface TargetOptions {
  env?: Record<string, string>
}

export async function referenceTarget(opts: TargetOptions = {}): Promise<Target> {
  const server = await startReference('reference', opts)
  return {
    label: 'reference @y/websocket-server 0.1.1',
    isReference: true,
    servers: [server],
    async room(n) {
      const room = `bench-${++roomCounter}`
      const seat = (i: number): Seat => ({ wsUrl: server.wsUrl, room, token: 'none', author: `p-${i}` })
      return { seats: Array.from({ length: n }, (_, i) => seat(i)), facilitator: seat(-1) }
    },
    memory: () => summed([server]),
    loopReset: () => resetLoops([server]),
    loopRead: () => worstLoop([server]),
    stop: () => server.stop(),
  }
}

/** Vægavis on `storage`; with several `instances` they share the storage (and Redis, if given). */
export async function vaegavisTarget(
  label: string,
  storage: Storage,
  instances = 1,
  opts: TargetOptions = {},
): Promise<Target> {
  const servers: BenchServer[] = []
  for (let i = 0; i < instances; i++) servers.push(await startVaegavis(`${label} #${i + 1}`, storage, undefined, opts))
  const home = servers[0]!
  const cookie = await httpSignIn(home.url)
  return {
    label,
    isReference: false,
    servers,
    async room(n) {
      const { board, facToken } = await httpBoard(home.url, cookie, `Bench ${++roomCounter}`)
      const seats: Seat[] = []
      // Joins in small parallel groups: fast, without queueing hundreds of requests at once.
      for (let start = 0; start < n; start += 20) {
        const group = Array.from({ length: Math.min(20, n - start) }, (_, k) => start + k)
        const joined = await Promise.all(
          group.map(() => httpJoin(servers[0]!.url, board.joinCode, { forwardedFor: nextAddress() })),
        )
        for (const [k, p] of joined.entries()) {
          const i = group[k]!
          seats.push({
            wsUrl: servers[i % servers.length]!.wsUrl,
            room: board.id,
            token: p.token,
            author: p.participantId,
          })
        }
      }
      return { seats, facilitator: { wsUrl: home.wsUrl, room: board.id, token: facToken, author: FACILITATOR_AUTHOR } }
    },
    memory: () => summed(servers),
    loopReset: () => resetLoops(servers),
    loopRead: () => worstLoop(servers),
    async stop() {
      await Promise.all(servers.map((s) => s.stop()))
    },
  }
}
