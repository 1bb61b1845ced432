/**
 * `pnpm memory` — what a connection and a loaded board cost a server process. Starts each server
 * (Vægavis on SQLite, as `pnpm bench` starts it, and the reference), connects `boards × perBoard`
 * stock y-websocket clients, and reads the server's memory after a full garbage collection: idle,
 * connected, and after every client closed (what is left is what the closed sockets kept). Heap
 * figures are the main thread's (`process.memoryUsage()`); RSS is the whole process, worker
 * threads included.
 *
 *   pnpm memory                              100 boards × 20 clients, both servers
 *   pnpm memory -- --boards=10 --per-board=20 --only=vaegavis
 *   pnpm memory -- --heap=/tmp/heap          heap snapshots (idle, connected, closed) for DevTools
 *   BENCH_ENTRY=source pnpm memory           Vægavis under tsx instead of the built dist/
 */
import { mkdirSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { closeClients, openClients, sleep } from '../bench/clients.ts'
import { cleanupAll, type LoopDelay, sqliteDir } from '../bench/servers.ts'
import { fmt, table } from '../bench/stats.ts'
import { referenceTarget, type Target, vaegavisTarget } from '../bench/targets.ts'

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    boards: { type: 'string', default: '100' },
    'per-board': { type: 'string', default: '20' },
    only: { type: 'string', default: 'reference,vaegavis' },
    heap: { type: 'string' },
  },
})
const boards = Number(values.boards)
const perBoard = Number(values['per-board'])
const only = (values.only ?? '').split(',')

interface Reading {
  rss: number
  heapUsed: number
  external: number
  arrayBuffers: number
}

const MiB = 1024 * 1024

async function read(target: Target): Promise<Reading> {
  // The probe collects garbage first (BENCH_GC=1); RSS is read from /proc after it, for the whole process.
  const probe: LoopDelay = await target.servers[0]!.loopRead()
  const m = probe.memory!
  if (probe.heapSnapshot) process.stdout.write(`  heap snapshot: ${probe.heapSnapshot}\n`)
  return { rss: target.memory().rssMb * MiB, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers }
}

async function measure(start: () => Promise<Target>) {
  const target = await start()
  try {
    const seats = []
    for (let b = 0; b < boards; b++) seats.push(...(await target.room(perBoard)).seats)
    await sleep(1_000)
    const idle = await read(target)
    const clients = await openClients(seats, { batch: 100, timeoutMs: 60_000 })
    await sleep(2_000)
    const connected = await read(target)
    closeClients(clients)
    // Long enough for every close to reach the server and the rooms to unload (idleUnloadMs is 30 s by default).
    await sleep(5_000)
    const closed = await read(target)
    return { target: target.label, idle, connected, closed }
  } finally {
    await target.stop()
  }
}

async function main(): Promise<void> {
  const env: Record<string, string> = { BENCH_GC: '1' }
  if (values.heap) {
    mkdirSync(values.heap, { recursive: true })
    env.BENCH_HEAP_DIR = values.heap
  }
  const results = []
  if (only.includes('reference')) results.push(await measure(() => referenceTarget({ env })))
  if (only.includes('vaegavis'))
    results.push(await measure(() => vaegavisTarget('Vægavis · SQLite', sqliteDir(), 1, { env })))
  const n = boards * perBoard
  const mb = (b: number) => fmt(b / MiB)
  const kb = (b: number) => fmt(b / 1024)
  process.stdout.write(
    `${n} connections over ${boards} boards; MiB, per connection KiB (connected − idle) / ${n}\n\n` +
      table(
        [
          'server',
          'RSS idle',
          'RSS connected',
          'RSS closed',
          'heap idle',
          'heap connected',
          'heap closed',
          'external connected',
          'RSS / conn',
          'heap / conn',
          'external / conn',
        ],
        results.map((r) => [
          r.target,
          mb(r.idle.rss),
          mb(r.connected.rss),
          mb(r.closed.rss),
          mb(r.idle.heapUsed),
          mb(r.connected.heapUsed),
          mb(r.closed.heapUsed),
          mb(r.connected.external),
          kb((r.connected.rss - r.idle.rss) / n),
          kb((r.connected.heapUsed - r.idle.heapUsed) / n),
          kb((r.connected.external - r.idle.external) / n),
        ]),
      ) +
      '\n',
  )
}

process.setMaxListeners(0)
main()
  .then(async () => {
    await cleanupAll()
    process.exit(0)
  })
  .catch(async (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e)
    await cleanupAll()
    process.exit(1)
  })
