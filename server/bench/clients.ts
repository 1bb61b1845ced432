/**
 * Stock y-websocket clients in this process, and the delivery tracker that
 * turns their label writes into latencies. Each write's send time is kept here
 * (keyed by the label id it creates), and every other client of the room notes
 * when the label arrives: latency = arrival − send, on one clock.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { addLabel, newId, observedRoots, ROOT_NAMES, Root } from '@vaegavis/shared'
import type * as Y from 'yjs'
import { type Client, connect, synced } from '../test/helpers.ts'
import type { Seat } from './targets.ts'

export interface BenchClient extends Client {
  readonly seat: Seat
}

const LABELS = ROOT_NAMES.indexOf(Root.Labels)
const labelsRoot = (doc: Y.Doc) => observedRoots(doc)[LABELS]!

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Resolves `p`, or rejects after `ms` with `what` in the message. */
export async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}

/** Connects one client per seat, `batch` at a time, each batch fully synced before the next starts. */
export async function openClients(seats: readonly Seat[], opts: { batch?: number; timeoutMs?: number } = {}) {
  const batch = opts.batch ?? 50
  const clients: BenchClient[] = []
  try {
    for (let start = 0; start < seats.length; start += batch) {
      const group = seats
        .slice(start, start + batch)
        .map((seat) => ({ ...connect(seat.wsUrl, seat.room, seat.token), seat }))
      clients.push(...group)
      await within(
        Promise.all(group.map(synced)),
        opts.timeoutMs ?? 30_000,
        `clients ${start + 1}–${start + group.length} of ${seats.length} to sync`,
      )
    }
  } catch (e: unknown) {
    closeClients(clients)
    throw e
  }
  return clients
}

export function closeClients(clients: readonly BenchClient[]): void {
  for (const c of clients) c.destroy()
}

const TEXTS = [
  'Mere tid til fællesskab',
  'Bedre musik i caféen',
  'For lidt plads til at spille',
  'Flere ture ud af huset',
]
let written = 0

/** Adds one label as `client` (its own participant id as author) and returns the label's id. */
export function writeLabel(client: BenchClient): string {
  const id = newId()
  const n = written++
  addLabel(client.doc, {
    id,
    text: `${TEXTS[n % TEXTS.length]} (${n})`,
    category: ['problem', 'ide', 'onske'][n % 3]!,
    x: (n * 37) % 2000,
    y: (n * 53) % 1200,
    author: client.seat.author,
  })
  return id
}

interface Sent {
  at: number
  from: BenchClient
  measured: boolean
}

/** Measures, for every write, how long each other client of the room takes to receive it. */
export class DeliveryTracker {
  private readonly sent = new Map<string, Sent>()
  private closed = false
  /** This process's event-loop delay while measuring: if it is high, the clients (not the server) were the bottleneck. */
  private readonly lag = monitorEventLoopDelay({ resolution: 5 })
  readonly latencies: number[] = []
  /** Deliveries owed to measured writes (writes × other clients in the room). */
  expected = 0
  delivered = 0

  /** Starts observing a client (after it has synced). */
  watch(client: BenchClient): void {
    labelsRoot(client.doc).observe((event) => {
      const now = performance.now()
      if (this.closed) return
      for (const [key, change] of event.changes.keys) {
        if (change.action !== 'add') continue
        const s = this.sent.get(key)
        if (!s || s.from === client || !s.measured) continue
        this.latencies.push(now - s.at)
        this.delivered += 1
      }
    })
  }

  /** Writes one label as `from`; `receivers` other clients are expected to get it. */
  write(from: BenchClient, receivers: number, measured = true): void {
    if (measured) this.lag.enable()
    // Taken first: the provider sends the update inside addLabel.
    const at = performance.now()
    const id = writeLabel(from)
    this.sent.set(id, { at, from, measured })
    if (measured) this.expected += receivers
  }

  /** Waits until every measured delivery arrived or `timeoutMs` passed; later arrivals count as lost. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs
    while (this.delivered < this.expected && performance.now() < deadline) await sleep(20)
    this.closed = true
    this.lag.disable()
  }

  /** p99 of the harness's own event-loop delay during the measured writes, ms. */
  get harnessLagP99(): number {
    return this.lag.count > 0 ? this.lag.percentile(99) / 1e6 : Number.NaN
  }

  get lost(): number {
    return this.expected - this.delivered
  }
}

/** Calls `fn(i)` for i < count at `perSecond`, on schedule (no drift). */
export async function paced(count: number, perSecond: number, fn: (i: number) => void): Promise<void> {
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    const wait = start + (i * 1000) / perSecond - performance.now()
    if (wait > 1) await sleep(wait)
    fn(i)
  }
}

export function labelCount(client: BenchClient): number {
  return labelsRoot(client.doc).size
}

/** Resolves once `client` has `count` labels, or rejects after `timeoutMs`. */
export async function untilLabels(client: BenchClient, count: number, timeoutMs: number): Promise<void> {
  if (labelCount(client) >= count) return
  const root = labelsRoot(client.doc)
  let on: (() => void) | undefined
  try {
    await within(
      new Promise<void>((resolve) => {
        on = () => {
          if (root.size >= count) resolve()
        }
        root.observe(on)
      }),
      timeoutMs,
      `${count} labels (have ${root.size})`,
    )
  } finally {
    if (on) root.unobserve(on)
  }
}

/** Lets a writer wait until one particular label has reached an observing client. */
export class Arrivals {
  private readonly seen = new Set<string>()
  private readonly waiting = new Map<string, () => void>()

  constructor(observer: BenchClient) {
    labelsRoot(observer.doc).observe((event) => {
      for (const [key, change] of event.changes.keys) {
        if (change.action !== 'add') continue
        this.seen.add(key)
        this.waiting.get(key)?.()
      }
    })
  }

  async wait(id: string, timeoutMs: number): Promise<void> {
    if (this.seen.has(id)) return
    try {
      await within(new Promise<void>((resolve) => this.waiting.set(id, resolve)), timeoutMs, `label ${id} to arrive`)
    } finally {
      this.waiting.delete(id)
    }
  }
}
