/**
 * Scenario 2 — many boards on one instance: `boards × perBoard` connections,
 * writes spread over the boards at a fixed total rate; fan-out latency within
 * each board and the server's resident memory.
 */
import { type BenchClient, closeClients, DeliveryTracker, openClients, paced, sleep } from './clients.ts'
import type { Memory } from './servers.ts'
import { fmt, type LatencySummary, ratio, summarise, table } from './stats.ts'
import type { Seat, Target } from './targets.ts'

export interface ManyBoardsOptions {
  boards: number
  perBoard: number
  /** Writes per second over all boards. */
  rate: number
  /** Seconds of writing. */
  seconds: number
  drainMs: number
}

export interface ManyBoardsResult {
  target: string
  isReference: boolean
  connections: number
  boards: number
  latency: LatencySummary
  expected: number
  lost: number
  /** p99 event-loop delay of the client process while measuring, ms (high = the clients were the bottleneck). */
  harnessLagP99: number
  /** Before any client connected. */
  idle: Memory
  /** All clients connected and synced, before writing. */
  connected: Memory
  /** Highest RSS sampled (every 250 ms) while writing. */
  sampledPeakMb: number
  /** VmHWM at the end: the process's peak since it started. */
  end: Memory
  connectSeconds: number
}

export async function measureManyBoards(target: Target, opts: ManyBoardsOptions): Promise<ManyBoardsResult> {
  const seatsByBoard: Seat[][] = []
  for (let b = 0; b < opts.boards; b++) seatsByBoard.push((await target.room(opts.perBoard)).seats)
  const idle = target.memory()
  const started = performance.now()
  const clients = await openClients(seatsByBoard.flat(), { batch: 100, timeoutMs: 60_000 })
  const connectSeconds = (performance.now() - started) / 1000
  const byBoard: BenchClient[][] = []
  for (let b = 0; b < opts.boards; b++) byBoard.push(clients.slice(b * opts.perBoard, (b + 1) * opts.perBoard))
  let sampledPeakMb = 0
  const sampler = setInterval(() => {
    sampledPeakMb = Math.max(sampledPeakMb, target.memory().rssMb)
  }, 250)
  try {
    const tracker = new DeliveryTracker()
    for (const c of clients) tracker.watch(c)
    await sleep(2_000)
    const connected = target.memory()
    sampledPeakMb = Math.max(sampledPeakMb, connected.rssMb)
    const writes = Math.round(opts.rate * opts.seconds)
    await paced(writes, opts.rate, (i) => {
      const board = byBoard[i % opts.boards]!
      tracker.write(board[Math.floor(i / opts.boards) % opts.perBoard]!, opts.perBoard - 1)
    })
    await tracker.drain(opts.drainMs)
    return {
      target: target.label,
      isReference: target.isReference,
      connections: clients.length,
      boards: opts.boards,
      latency: summarise(tracker.latencies),
      expected: tracker.expected,
      lost: tracker.lost,
      harnessLagP99: tracker.harnessLagP99,
      idle,
      connected,
      sampledPeakMb: Math.max(sampledPeakMb, target.memory().rssMb),
      end: target.memory(),
      connectSeconds,
    }
  } finally {
    clearInterval(sampler)
    closeClients(clients)
  }
}

export function manyBoardsTable(results: readonly ManyBoardsResult[]): string {
  const ref = results.find((r) => r.isReference)
  const r0 = results[0]
  const title = r0
    ? `Many boards: ${r0.connections} connections over ${r0.boards} boards on one instance (latency ms, memory MiB)`
    : 'Many boards'
  return [
    title,
    '',
    table(
      [
        'server',
        'p50',
        'p95',
        'p99',
        'lost / expected',
        'p99 ratio',
        'RSS idle',
        'RSS connected',
        'RSS peak',
        'RSS ratio',
        'connect s',
        'client lag p99',
      ],
      results.map((r) => [
        r.target,
        fmt(r.latency.p50),
        fmt(r.latency.p95),
        fmt(r.latency.p99),
        `${r.lost} / ${r.expected}`,
        r.isReference || !ref ? '' : ratio(r.latency.p99, ref.latency.p99),
        fmt(r.idle.rssMb),
        fmt(r.connected.rssMb),
        fmt(Math.max(r.sampledPeakMb, r.end.peakMb)),
        r.isReference || !ref
          ? ''
          : ratio(Math.max(r.sampledPeakMb, r.end.peakMb), Math.max(ref.sampledPeakMb, ref.end.peakMb)),
        fmt(r.connectSeconds),
        fmt(r.harnessLagP99),
      ]),
    ),
    '',
  ].join('\n')
}
