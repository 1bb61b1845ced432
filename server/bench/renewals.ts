/**
 * Scenario 5 — awareness renewals of one board: `clients` phones join within a second or two (as
 * after the join code goes up on the projector) and keep their presence alive. Stock y-protocols
 * renews each state 15 s after its last change, so they renew together, round after round; our
 * client spreads its renewals (shared/src/renewals.ts). Counted per second of the observed window:
 * the renewals the clients sent, and the awareness frames (and renewals inside them) a projector's
 * socket received from the server.
 */
import { spreadRenewals } from '@vaegavis/shared'
import * as decoding from 'lib0/decoding'
import { WebSocket } from 'ws'
import { closeClients, openClients, sleep } from './clients.ts'
import { fmt, table } from './stats.ts'
import type { Target } from './targets.ts'

export interface RenewalsOptions {
  clients: number
  /** Seconds observed after every client synced. */
  seconds: number
}

export interface RenewalsResult {
  target: string
  clients: number
  spread: boolean
  /** Renewals the clients sent, per second of the observed window. */
  sentPerSecond: number[]
  /** Awareness frames the projector's socket received, per second. */
  framesPerSecond: number[]
  /** Renewed states inside those frames, per second. */
  relayedPerSecond: number[]
}

/** Awareness entries of a frame (`[1, update]`), or null for any other message. */
function awarenessEntries(frame: Uint8Array): { client: number; clock: number; state: string }[] | null {
  const d = decoding.createDecoder(frame)
  if (decoding.readVarUint(d) !== 1) return null
  const u = decoding.createDecoder(decoding.readVarUint8Array(d))
  const entries = []
  for (let n = decoding.readVarUint(u); n > 0; n--) {
    entries.push({ client: decoding.readVarUint(u), clock: decoding.readVarUint(u), state: decoding.readVarString(u) })
  }
  return entries
}

export async function measureRenewals(target: Target, spread: boolean, opts: RenewalsOptions): Promise<RenewalsResult> {
  const { seats, facilitator } = await target.room(opts.clients)
  const sentPerSecond = new Array<number>(opts.seconds).fill(0)
  const framesPerSecond = new Array<number>(opts.seconds).fill(0)
  const relayedPerSecond = new Array<number>(opts.seconds).fill(0)
  let started = Number.POSITIVE_INFINITY
  const second = () => Math.floor((performance.now() - started) / 1000)
  const count = (bins: number[], n = 1) => {
    const s = second()
    if (s >= 0 && s < bins.length) bins[s]! += n
  }

  const projector = new WebSocket(`${facilitator.wsUrl}/${facilitator.room}?token=${facilitator.token}`)
  const known = new Map<number, { clock: number; state: string }>()
  projector.on('message', (data: Buffer) => {
    const entries = awarenessEntries(new Uint8Array(data))
    if (!entries) return
    count(framesPerSecond)
    let renewed = 0
    for (const e of entries) {
      const before = known.get(e.client)
      if (before && e.clock > before.clock && e.state === before.state) renewed++
      known.set(e.client, { clock: e.clock, state: e.state })
    }
    count(relayedPerSecond, renewed)
  })
  await new Promise<void>((resolve, reject) => {
    projector.once('open', () => resolve())
    projector.once('error', reject)
  })

  const clients = await openClients(seats, { batch: opts.clients, timeoutMs: 60_000 })
  try {
    for (const c of clients) {
      const awareness = c.provider.awareness
      if (spread) spreadRenewals(awareness)
      awareness.on('update', ({ updated }: { updated: number[] }, origin: unknown) => {
        if (origin === 'local' && updated.includes(awareness.clientID)) count(sentPerSecond)
      })
    }
    started = performance.now()
    await sleep(opts.seconds * 1000 + 200)
    return { target: target.label, clients: opts.clients, spread, sentPerSecond, framesPerSecond, relayedPerSecond }
  } finally {
    closeClients(clients)
    projector.terminate()
  }
}

function describe(bins: readonly number[], clients: number): string[] {
  const max = Math.max(...bins)
  const busy = bins.filter((n) => n >= clients / 2).length
  return [fmt(max), fmt(bins.reduce((a, b) => a + b, 0) / bins.length), String(busy)]
}

export function renewalsTable(results: readonly RenewalsResult[]): string {
  const r0 = results[0]
  const rows = results.map((r) => [
    `${r.target} · ${r.spread ? 'spread (our client)' : 'stock y-protocols'}`,
    ...describe(r.sentPerSecond, r.clients),
    fmt(Math.max(...r.framesPerSecond)),
    ...describe(r.relayedPerSecond, r.clients).slice(0, 1),
  ])
  const histograms = results.map(
    (r) =>
      `- ${r.spread ? 'spread' : 'stock '} renewals sent, per second: ${r.sentPerSecond.join(' ')}\n` +
      `  ${r.spread ? 'spread' : 'stock '} projector frames, per second: ${r.framesPerSecond.join(' ')}`,
  )
  return [
    r0
      ? `Awareness renewals: ${r0.clients} clients joined together on one board, ${r0.sentPerSecond.length} s observed`
      : 'Awareness renewals',
    '',
    table(
      [
        'clients',
        'renewals sent / s: max',
        'mean',
        `seconds with ≥ half the board`,
        'projector: frames / s max',
        'renewals relayed / s max',
      ],
      rows,
    ),
    '',
    ...histograms,
    '',
  ].join('\n')
}
