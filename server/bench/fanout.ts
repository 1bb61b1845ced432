/**
 * Scenario 1 — fan-out latency on one board: `n` stock y-websocket clients,
 * writes spread round-robin over them at a fixed rate, every other client
 * timing each label's arrival. Lost = deliveries that did not arrive before
 * the drain timeout.
 */
import os from 'node:os'
import { closeClients, DeliveryTracker, openClients, paced, sleep } from './clients.ts'
import { fmt, type LatencySummary, ratio, summarise, table } from './stats.ts'
import type { Target } from './targets.ts'

export interface FanoutOptions {
  /** Client counts to measure, e.g. [50, 200]. */
  clients: number[]
  /** Measured writes per run. */
  writes: number
  /** Writes per second, over the whole board. */
  rate: number
  /** Unmeasured writes first, so neither server is measured cold. */
  warmup: number
  /** How long to wait for late deliveries before counting them lost, ms. */
  drainMs: number
}

export interface FanoutResult {
  target: string
  isReference: boolean
  clients: number
  latency: LatencySummary
  expected: number
  lost: number
  /** p99 event-loop delay of the client process while measuring, ms (high = the clients were the bottleneck). */
  harnessLagP99: number
  /** p99 event-loop delay of the server (the worst instance) over the measured writes, ms. */
  serverLagP99: number
  /** 1-minute load average of the machine at the end of the measured writes. */
  load: number
}

export async function measureFanout(target: Target, n: number, opts: FanoutOptions): Promise<FanoutResult> {
  const { seats } = await target.room(n)
  const clients = await openClients(seats)
  try {
    const tracker = new DeliveryTracker()
    for (const c of clients) tracker.watch(c)
    // Let the burst of awareness handshakes pass (n joins = n² awareness deliveries).
    await sleep(1_000)
    await paced(opts.warmup, opts.rate, (i) => tracker.write(clients[i % n]!, n - 1, false))
    await sleep(1_000)
    await target.loopReset()
    await paced(opts.writes, opts.rate, (i) => tracker.write(clients[i % n]!, n - 1))
    await tracker.drain(opts.drainMs)
    const loop = await target.loopRead()
    return {
      target: target.label,
      isReference: target.isReference,
      clients: n,
      latency: summarise(tracker.latencies),
      expected: tracker.expected,
      lost: tracker.lost,
      harnessLagP99: tracker.harnessLagP99,
      serverLagP99: loop.p99,
      load: os.loadavg()[0] ?? Number.NaN,
    }
  } finally {
    closeClients(clients)
  }
}

/** One table per client count: each Vægavis row with its ratio to the reference row. */
export function fanoutTable(results: readonly FanoutResult[]): string {
  const out: string[] = []
  for (const n of [...new Set(results.map((r) => r.clients))]) {
    const rows = results.filter((r) => r.clients === n)
    const ref = rows.find((r) => r.isReference)
    out.push(
      `Fan-out latency, ${n} clients on one board (ms; ratio = Vægavis / reference; server loop delay = the server process's own event-loop delay over the measured writes, worst instance; client lag = event-loop delay of the process running the clients; load avg = 1-minute load average at the end)`,
      '',
      table(
        [
          'server',
          'p50',
          'p95',
          'p99',
          'max',
          'lost / expected',
          'p50 ratio',
          'p95 ratio',
          'p99 ratio',
          'server loop delay p99',
          'client lag p99',
          'load avg',
        ],
        rows.map((r) => [
          r.target,
          fmt(r.latency.p50),
          fmt(r.latency.p95),
          fmt(r.latency.p99),
          fmt(r.latency.max),
          `${r.lost} / ${r.expected}`,
          r.isReference || !ref ? '' : ratio(r.latency.p50, ref.latency.p50),
          r.isReference || !ref ? '' : ratio(r.latency.p95, ref.latency.p95),
          r.isReference || !ref ? '' : ratio(r.latency.p99, ref.latency.p99),
          fmt(r.serverLagP99),
          fmt(r.harnessLagP99),
          r.load.toFixed(2),
        ]),
      ),
      '',
    )
  }
  return out.join('\n')
}
