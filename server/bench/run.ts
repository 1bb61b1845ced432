/**
 * `pnpm bench` — Vægavis against the reference y-websocket server, side by
 * side in one run. Not part of the tests. Servers run in their own processes
 * (so their memory is measurable); the stock y-websocket clients run here.
 *
 *   pnpm bench                       full run (the sizes the targets are set for)
 *   pnpm bench -- --quick            small sizes, a minute or so
 *   pnpm bench -- --only=fanout,cold scenarios: fanout, boards, cold, throughput, renewals
 *   pnpm bench -- --clients=50,200 --writes=200 --rate=20 --boards=100 --per-board=20 --labels=5000
 *   pnpm bench -- --json=out.json    also write the figures as JSON
 *   BENCH_PROFILE_DIR=/tmp/prof pnpm bench …  CPU profiles of the Vægavis processes
 *
 * Every option can also be given as BENCH_<NAME> (e.g. BENCH_CLIENTS=50,200).
 * Postgres and Redis: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test)
 * and BENCH_REDIS_URL (redis://127.0.0.1:6379), 127.0.0.1 only.
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { type ColdLoadResult, coldLoadTable, measureColdLoad, measureReferenceLoad, storeOpener } from './coldLoad.ts'
import { type FanoutResult, fanoutTable, measureFanout } from './fanout.ts'
import { machineLines } from './machine.ts'
import { type ManyBoardsResult, manyBoardsTable, measureManyBoards } from './manyBoards.ts'
import { measureRenewals, type RenewalsResult, renewalsTable } from './renewals.ts'
import { assertLocal, assertRedis, cleanupAll, postgresSchema, type Storage, sqliteDir } from './servers.ts'
import { median } from './stats.ts'
import { referenceTarget, type Target, vaegavisTarget } from './targets.ts'
import { measureThroughput, type ThroughputResult, throughputTable } from './throughput.ts'

const SCENARIOS = ['fanout', 'boards', 'cold', 'throughput', 'renewals'] as const
type Scenario = (typeof SCENARIOS)[number]

const OPTIONS = {
  quick: { type: 'boolean' },
  only: { type: 'string' },
  clients: { type: 'string' },
  writes: { type: 'string' },
  rate: { type: 'string' },
  boards: { type: 'string' },
  'per-board': { type: 'string' },
  'board-rate': { type: 'string' },
  'board-seconds': { type: 'string' },
  labels: { type: 'string' },
  'cold-boards': { type: 'string' },
  writers: { type: 'string' },
  'renewal-clients': { type: 'string' },
  'renewal-seconds': { type: 'string' },
  json: { type: 'string' },
} as const

function settings() {
  // pnpm may pass the `--` separator through.
  const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== '--'), options: OPTIONS })
  const get = (name: keyof typeof OPTIONS): string | undefined => {
    const v = values[name]
    if (typeof v === 'string') return v
    return process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`]
  }
  const quick = values.quick === true || process.env.BENCH_QUICK === '1'
  const int = (name: keyof typeof OPTIONS, full: number, small: number, max: number): number => {
    const raw = get(name)
    const n = raw === undefined ? (quick ? small : full) : Number(raw)
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max}`)
    return n
  }
  const only = (get('only') ?? SCENARIOS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const s of only)
    if (!SCENARIOS.includes(s as Scenario)) throw new Error(`unknown scenario "${s}" (${SCENARIOS.join(', ')})`)
  const clients = (get('clients') ?? (quick ? '10,20' : '50,200')).split(',').map(Number)
  if (clients.some((n) => !Number.isInteger(n) || n < 2 || n > 1000))
    throw new Error('--clients: whole numbers from 2 to 1000')
  return {
    quick,
    only: only as Scenario[],
    json: get('json'),
    databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    fanout: {
      clients,
      writes: int('writes', 200, 40, 5_000),
      rate: int('rate', 20, 20, 1_000),
      warmup: 10,
      drainMs: 10_000,
    },
    boards: {
      boards: int('boards', 100, 10, 500),
      perBoard: int('per-board', 20, 10, 100),
      rate: int('board-rate', 50, 20, 1_000),
      seconds: int('board-seconds', 20, 5, 300),
      drainMs: 10_000,
    },
    cold: { labels: int('labels', 5_000, 1_000, 10_000), boards: int('cold-boards', 5, 2, 50) },
    throughput: { writers: int('writers', 20, 5, 200), burst: 250, sequential: 50, timeoutMs: 120_000 },
    renewals: { clients: int('renewal-clients', 50, 20, 500), seconds: int('renewal-seconds', 45, 35, 600) },
  }
}

type Settings = ReturnType<typeof settings>

function machine(): string {
  const args = process.argv.slice(2).filter((a) => a !== '--')
  return [...machineLines(), `command: pnpm bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`].join('\n')
}

/** Runs `fn` on a freshly started target and always stops it. */
async function on<T>(start: () => Promise<Target>, fn: (t: Target) => Promise<T>): Promise<T> {
  const target = await start()
  try {
    return await fn(target)
  } finally {
    await target.stop()
  }
}

const sqlite = () => vaegavisTarget('Vægavis · SQLite', sqliteDir())

async function postgresStorage(s: Settings, redis: boolean): Promise<Storage> {
  const { url } = await postgresSchema(s.databaseUrl)
  return { kind: 'postgres', databaseUrl: url, ...(redis ? { redisUrl: s.redisUrl } : {}) }
}

interface Report {
  fanout: FanoutResult[]
  boards: ManyBoardsResult[]
  cold: ColdLoadResult[]
  throughput: ThroughputResult[]
  renewals: RenewalsResult[]
}

function verdicts(s: Settings, r: Report): string {
  const lines: string[] = []
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT YET')
  for (const n of [...new Set(r.fanout.map((f) => f.clients))]) {
    const ref = r.fanout.find((f) => f.clients === n && f.isReference)
    for (const f of r.fanout.filter((x) => x.clients === n && !x.isReference)) {
      if (!ref) continue
      const q = f.latency.p99 / ref.latency.p99
      lines.push(
        `- fan-out p99 ≤ reference at ${n} clients, ${f.target}: ${q.toFixed(2)}× → ${mark(q <= 1 && f.lost === 0)}`,
      )
      lines.push(
        `- server event-loop delay p99 ≤ 5 ms at ${n} clients, ${f.target}: ${f.serverLagP99.toFixed(1)} ms → ${mark(f.serverLagP99 <= 5)}`,
      )
    }
  }
  const refBoards = r.boards.find((x) => x.isReference)
  for (const b of r.boards.filter((x) => !x.isReference)) {
    const peak = Math.max(b.sampledPeakMb, b.end.peakMb)
    const refPeak = refBoards ? Math.max(refBoards.sampledPeakMb, refBoards.end.peakMb) : Number.NaN
    lines.push(
      `- ${b.connections} connections / ${b.boards} boards: p99 ${b.latency.p99.toFixed(1)} ms < 100 → ${mark(b.latency.p99 < 100 && b.lost === 0)}; ` +
        `peak RSS ${peak.toFixed(0)} MiB < 400 → ${mark(peak < 400)}; ` +
        `≤ 1.5× the reference's ${refPeak.toFixed(0)} MiB: ${(peak / refPeak).toFixed(2)}× → ${mark(peak <= 1.5 * refPeak)}`,
    )
  }
  for (const c of r.cold.filter((x) => x.coldSync.length > 0)) {
    const m = median(c.coldSync)
    lines.push(
      `- cold load of ${s.cold.labels} labels < 50 ms, ${c.target}, ${c.shape}: median first sync ${m.toFixed(1)} ms → ${mark(m < 50)}`,
    )
  }
  const sizes =
    s.fanout.clients.join(',') === '50,200' && s.boards.boards * s.boards.perBoard === 2000 && s.cold.labels === 5000
  return [
    `Targets${sizes ? '' : ' (this run used other sizes than the targets name; verdicts are indicative only)'}:`,
    ...lines,
    '',
  ].join('\n')
}

async function main(): Promise<void> {
  const s = settings()
  assertLocal(s.databaseUrl, 'BENCH_DATABASE_URL')
  assertLocal(s.redisUrl, 'BENCH_REDIS_URL')
  if (s.only.includes('fanout')) await assertRedis(s.redisUrl)
  const report: Report = { fanout: [], boards: [], cold: [], throughput: [], renewals: [] }
  const print = (text: string) => process.stdout.write(`${text}\n`)
  print(`${machine()}\n`)

  if (s.only.includes('fanout')) {
    for (const n of s.fanout.clients) {
      const starts: (() => Promise<Target>)[] = [
        referenceTarget,
        sqlite,
        async () => vaegavisTarget('Vægavis · Postgres + Redis, 2 instances', await postgresStorage(s, true), 2),
      ]
      for (const start of starts) report.fanout.push(await on(start, (t) => measureFanout(t, n, s.fanout)))
      print(fanoutTable(report.fanout.filter((f) => f.clients === n)))
    }
  }

  if (s.only.includes('boards')) {
    for (const start of [referenceTarget, sqlite])
      report.boards.push(await on(start, (t) => measureManyBoards(t, s.boards)))
    print(manyBoardsTable(report.boards))
  }

  if (s.only.includes('cold')) {
    const lite = sqliteDir()
    report.cold.push(...(await measureColdLoad('Vægavis · SQLite', lite, storeOpener(lite), s.cold)))
    const pgStorage = await postgresStorage(s, false)
    report.cold.push(...(await measureColdLoad('Vægavis · Postgres', pgStorage, storeOpener(pgStorage), s.cold)))
    report.cold.push(await measureReferenceLoad(s.cold))
    print(coldLoadTable(s.cold.labels, report.cold))
  }

  if (s.only.includes('throughput')) {
    const starts: (() => Promise<Target>)[] = [
      referenceTarget,
      sqlite,
      async () => vaegavisTarget('Vægavis · Postgres', await postgresStorage(s, false)),
    ]
    for (const start of starts) report.throughput.push(...(await on(start, (t) => measureThroughput(t, s.throughput))))
    print(throughputTable(report.throughput))
  }

  if (s.only.includes('renewals')) {
    for (const spread of [false, true])
      report.renewals.push(await on(sqlite, (t) => measureRenewals(t, spread, s.renewals)))
    print(renewalsTable(report.renewals))
  }

  print(verdicts(s, report))
  if (s.json) writeFileSync(s.json, `${JSON.stringify({ machine: machine(), settings: s, ...report }, null, 2)}\n`)
}

// Every y-websocket provider adds a process 'exit' listener; thousands of them are expected here.
process.setMaxListeners(0)

let interrupted = false
process.on('SIGINT', () => {
  if (interrupted) process.exit(130)
  interrupted = true
  process.stderr.write('\ninterrupted: stopping servers and dropping bench schemas…\n')
  void cleanupAll().finally(() => process.exit(130))
})

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
