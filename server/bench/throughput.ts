/**
 * Scenario 4 — durable update throughput: how many label updates per second
 * one board takes in, stores and relays. An observer (the projector) counts
 * arrivals; on Vægavis an update is relayed only once it is stored, so an
 * arrival is a durable update. Two load shapes:
 *  - burst: every writer sends all its labels at once;
 *  - one at a time: each writer sends its next label when the observer has
 *    the previous one (phones waiting for "Gemt").
 */
import {
  Arrivals,
  type BenchClient,
  closeClients,
  labelCount,
  openClients,
  untilLabels,
  writeLabel,
} from './clients.ts'
import { fmt, ratio, table } from './stats.ts'
import type { Target } from './targets.ts'

export interface ThroughputOptions {
  writers: number
  /** Labels per writer in the burst (stay under the per-connection burst and per-participant limits). */
  burst: number
  /** Labels per writer, one at a time. */
  sequential: number
  timeoutMs: number
}

export interface ThroughputResult {
  target: string
  isReference: boolean
  mode: 'burst' | 'one at a time'
  updates: number
  seconds: number
  perSecond: number
}

async function withRoom<T>(target: Target, writers: number, fn: (w: BenchClient[], o: BenchClient) => Promise<T>) {
  const { seats, facilitator } = await target.room(writers)
  const clients = await openClients([...seats, facilitator])
  try {
    return await fn(clients.slice(0, writers), clients[writers]!)
  } finally {
    closeClients(clients)
  }
}

export async function measureThroughput(target: Target, opts: ThroughputOptions): Promise<ThroughputResult[]> {
  const results: ThroughputResult[] = []
  const result = (mode: ThroughputResult['mode'], updates: number, ms: number): ThroughputResult => ({
    target: target.label,
    isReference: target.isReference,
    mode,
    updates,
    seconds: ms / 1000,
    perSecond: (updates * 1000) / ms,
  })

  results.push(
    await withRoom(target, opts.writers, async (writers, observer) => {
      const total = opts.writers * opts.burst
      const t0 = performance.now()
      for (const w of writers) for (let i = 0; i < opts.burst; i++) writeLabel(w)
      await untilLabels(observer, total, opts.timeoutMs)
      return result('burst', total, performance.now() - t0)
    }),
  )

  results.push(
    await withRoom(target, opts.writers, async (writers, observer) => {
      const total = opts.writers * opts.sequential
      const arrivals = new Arrivals(observer)
      const t0 = performance.now()
      await Promise.all(
        writers.map(async (w) => {
          for (let i = 0; i < opts.sequential; i++) await arrivals.wait(writeLabel(w), opts.timeoutMs)
        }),
      )
      const ms = performance.now() - t0
      if (labelCount(observer) !== total) throw new Error(`one at a time: ${labelCount(observer)} of ${total} labels`)
      return result('one at a time', total, ms)
    }),
  )
  return results
}

export function throughputTable(results: readonly ThroughputResult[]): string {
  const out: string[] = []
  for (const mode of ['burst', 'one at a time'] as const) {
    const rows = results.filter((r) => r.mode === mode)
    const ref = rows.find((r) => r.isReference)
    out.push(
      table(
        ['server', 'load', 'updates', 'seconds', 'updates/s', 'Vægavis / reference'],
        rows.map((r) => [
          r.target,
          mode,
          String(r.updates),
          fmt(r.seconds),
          fmt(r.perSecond),
          r.isReference || !ref ? '' : ratio(r.perSecond, ref.perSecond),
        ]),
      ),
    )
  }
  return [
    'Durable update throughput on one board (reference: memory only, nothing stored)',
    '',
    out.join('\n\n'),
    '',
  ].join('\n')
}
