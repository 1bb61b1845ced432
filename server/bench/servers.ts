/**
 * The servers under test, each in its own process so its memory (RSS) can be
 * read from /proc: Vægavis on SQLite, Vægavis on Postgres (+ Redis), and the
 * reference `@y/websocket-server` (no persistence, no auth).
 */
import { execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import pg from 'pg'
import { FACILITATOR, freePort, SERVER_DIR, type ServerProcess, spawnServer } from '../test/helpers.ts'

/** Work to undo however the run ends (Ctrl-C included): child processes, temp dirs, schemas. */
const cleanups = new Set<() => Promise<void>>()

export function onCleanup(fn: () => Promise<void>): () => void {
  cleanups.add(fn)
  return () => cleanups.delete(fn)
}

export async function cleanupAll(): Promise<void> {
  for (const fn of [...cleanups].reverse()) {
    cleanups.delete(fn)
    await fn().catch((e: unknown) => console.error('cleanup failed:', e))
  }
}

/** Refuses anything but this machine: the benchmark never loads someone else's server. */
export function assertLocal(url: string, variable: string): void {
  const host = new URL(url).hostname
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`${variable} must point at 127.0.0.1, got ${host}`)
}

export interface Memory {
  /** Resident set size now, MiB. */
  rssMb: number
  /** Peak resident set size since the process started, MiB. */
  peakMb: number
}

/** Reads VmRSS and VmHWM of a process from /proc (Linux). */
export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN)
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
}

/** Event-loop delay of a server process over one measured phase, ms. */
export interface LoopDelay {
  p50: number
  p99: number
  max: number
  /** The main thread's `process.memoryUsage()` when asked (after a full GC with BENCH_GC=1), bytes. */
  memory?: { rss: number; heapUsed: number; external: number; arrayBuffers: number }
  /** Path of the heap snapshot written (BENCH_HEAP_DIR). */
  heapSnapshot?: string
}

export interface BenchServer {
  /** Starts a new measuring phase of the process's event-loop delay (see loopProbe.mjs). */
  loopReset(): Promise<void>
  /** The event-loop delay since the last `loopReset`. */
  loopRead(): Promise<LoopDelay>
  readonly name: string
  readonly pid: number
  readonly port: number
  /** Base for WebsocketProvider's serverUrl (the room name is appended). */
  readonly wsUrl: string
  /** HTTP base, for the REST API (Vægavis only). */
  readonly url: string
  memory(): Memory
  stop(): Promise<void>
}

export type Storage =
  | { kind: 'sqlite'; dataDir: string }
  | { kind: 'postgres'; databaseUrl: string; redisUrl?: string | undefined }

/** A SQLite data directory removed at cleanup. */
export function sqliteDir(): { kind: 'sqlite'; dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'vaegavis-bench-'))
  onCleanup(async () => rmSync(dataDir, { recursive: true, force: true }))
  return { kind: 'sqlite', dataDir }
}

/** A fresh Postgres schema for this run, dropped at cleanup; `url` selects it on every connection. */
export async function postgresSchema(baseUrl: string): Promise<{ url: string; schema: string }> {
  assertLocal(baseUrl, 'BENCH_DATABASE_URL')
  const schema = `vg_bench_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 5_000 })
  admin.on('error', () => {})
  try {
    await admin.connect()
  } catch (e: unknown) {
    throw new Error(`Postgres is not reachable at ${baseUrl} (${e instanceof Error ? e.message : String(e)})`)
  }
  await admin.query(`CREATE SCHEMA ${schema}`)
  onCleanup(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  })
  const url = new URL(baseUrl)
  url.search = `?options=${encodeURIComponent(`-c search_path=${schema}`)}`
  return { url: url.toString(), schema }
}

const PROBE = fileURLToPath(new URL('./loopProbe.mjs', import.meta.url))

/** A file for one process's loop probe, and the node flag that loads the probe. */
function loopProbe(): { file: string; nodeArgs: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'vaegavis-loop-'))
  onCleanup(async () => rmSync(dir, { recursive: true, force: true }))
  return { file: join(dir, 'loop.json'), nodeArgs: ['--import', pathToFileURL(PROBE).href] }
}

/** Asks the probe in `pid` for its figures (and to start over), and waits for them. */
async function askProbe(pid: number, file: string): Promise<LoopDelay> {
  rmSync(file, { force: true })
  process.kill(pid, 'SIGUSR2')
  // A heap snapshot of a server holding 2,000 sockets takes a while.
  const deadline = Date.now() + 120_000
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the loop probe of process ${pid} did not answer`)
    await new Promise((r) => setTimeout(r, 10))
  }
  return JSON.parse(readFileSync(file, 'utf8')) as LoopDelay
}

function wrap(proc: ServerProcess, loopFile: string): BenchServer {
  const remove = onCleanup(() => proc.stop())
  return {
    loopReset: async () => {
      await askProbe(proc.pid, loopFile)
    },
    loopRead: () => askProbe(proc.pid, loopFile),
    name: proc.name,
    pid: proc.pid,
    port: proc.port,
    wsUrl: proc.wsUrl,
    url: proc.url,
    memory: () => memoryOf(proc.pid),
    async stop() {
      remove()
      await proc.stop()
    },
  }
}

/**
 * How the benchmark starts Vægavis: `built` is how it runs in production (`pnpm start` and the
 * container: `node dist/main.js`, compiled by scripts/build.mjs); `source` is `node --import tsx
 * src/main.ts`, as in development and the tests (tsx's loader costs ~40 MiB more RSS in each thread).
 */
export type Entry = 'source' | 'built'

export function benchEntry(): Entry {
  const raw = process.env.BENCH_ENTRY ?? 'built'
  if (raw !== 'source' && raw !== 'built') throw new Error('BENCH_ENTRY must be "built" or "source"')
  return raw
}

let built = false
/** Compiles the server once per run (esbuild, a few seconds), so the benchmark runs what is checked out. */
export function buildServer(): void {
  if (built) return
  execFileSync(process.execPath, [join(SERVER_DIR, 'scripts/build.mjs')], { cwd: SERVER_DIR, stdio: 'ignore' })
  built = true
}

/**
 * Starts Vægavis as it runs in production (see {@link Entry}), with durability, auth and
 * validation on; only the log level is lowered. `env` adds variables (e.g. BENCH_GC for the probe).
 */
export async function startVaegavis(
  name: string,
  storage: Storage,
  port?: number,
  opts: { env?: Record<string, string> } = {},
): Promise<BenchServer> {
  const entry = benchEntry()
  if (entry === 'built') buildServer()
  const env: Record<string, string> = {
    VAEGAVIS_ADMIN_EMAIL: FACILITATOR.email,
    VAEGAVIS_ADMIN_PASSWORD: FACILITATOR.password,
    LOG_LEVEL: 'error',
    // Each simulated phone joins from its own X-Forwarded-For address (targets.ts), as behind a club's proxy.
    TRUST_PROXY: 'loopback',
    ...opts.env,
  }
  // BENCH_PROFILE_DIR=/tmp/prof: every Vægavis process writes a CPU profile there when it stops.
  const profileDir = process.env.BENCH_PROFILE_DIR
  const probe = loopProbe()
  env.BENCH_LOOP_FILE = probe.file
  const nodeArgs = [...probe.nodeArgs, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])]
  if (storage.kind === 'sqlite') env.DATA_DIR = storage.dataDir
  else {
    env.DATABASE_URL = storage.databaseUrl
    env.DATA_DIR = tmpdir()
    if (storage.redisUrl) env.REDIS_URL = storage.redisUrl
  }
  return wrap(await spawnServer({ name, env, nodeArgs, entry, ...(port === undefined ? {} : { port }) }), probe.file)
}

/** Starts the reference server, `@y/websocket-server` 0.1.1, exactly as its `y-websocket-server` bin does. */
export async function startReference(
  name = 'reference',
  opts: { env?: Record<string, string> } = {},
): Promise<BenchServer> {
  const require = createRequire(import.meta.url)
  const bin = join(dirname(require.resolve('@y/websocket-server/package.json')), 'src', 'server.js')
  const port = await freePort()
  const probe = loopProbe()
  const child = spawn(process.execPath, [...probe.nodeArgs, bin], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      BENCH_LOOP_FILE: probe.file,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (b: Buffer) => {
    output = (output + b.toString('utf8')).slice(-4_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let alive = true
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      alive = false
      resolve()
    }),
  )
  const stop = async () => {
    if (alive) child.kill('SIGTERM')
    await exited
  }
  const remove = onCleanup(stop)
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 15_000
  while (
    !(await fetch(url).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (!alive || Date.now() > deadline) {
      await stop()
      throw new Error(`the reference server did not start:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    loopReset: async () => {
      await askProbe(child.pid ?? -1, probe.file)
    },
    loopRead: () => askProbe(child.pid ?? -1, probe.file),
    name,
    pid: child.pid ?? -1,
    port,
    wsUrl: `ws://127.0.0.1:${port}`,
    url,
    memory: () => memoryOf(child.pid ?? -1),
    async stop() {
      remove()
      await stop()
    },
  }
}

/** Fails with a clear message unless Redis answers at `url`. */
export async function assertRedis(url: string): Promise<void> {
  assertLocal(url, 'BENCH_REDIS_URL')
  const { Redis } = await import('ioredis')
  const redis = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
  redis.on('error', () => {})
  try {
    await redis.connect()
    await redis.ping()
  } catch (e: unknown) {
    throw new Error(`Redis is not reachable at ${url} (${e instanceof Error ? e.message : String(e)})`)
  } finally {
    redis.disconnect()
  }
}
