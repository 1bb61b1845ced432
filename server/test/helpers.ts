/** Test harness: a real server on port 0 with its own data directory, and stock y-websocket clients. */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import {
  type AddressInfo,
  connect as connectTcp,
  createServer as createNetServer,
  type Server as NetServer,
  type Socket,
} from 'node:net'
import { tmpdir } from 'node:os'
import { join as joinPath } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CSRF_HEADER, MessageType } from '@vaegavis/shared'
import type { FastifyInstance } from 'fastify'
import * as decoding from 'lib0/decoding'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { ensureFacilitator } from '../src/services/boards.ts'
import { createStore } from '../src/storage/index.ts'
import type { Store } from '../src/storage/types.ts'
import type { RoomLimits } from '../src/sync/index.ts'

export const FACILITATOR = { email: 'pia@klub.dk', password: 'hemmelig-kode' }

export interface TestServer {
  app: FastifyInstance
  store: Store
  url: string
  wsUrl: string
  dataDir: string
  /** Stops the server and closes storage; keeps the data directory. */
  stop(): Promise<void>
  /** Stops and removes the data directory. */
  destroy(): Promise<void>
}

export function tempDir(): string {
  return mkdtempSync(joinPath(tmpdir(), 'vaegavis-test-'))
}

export async function startServer(
  opts: { dataDir?: string; env?: Record<string, string>; port?: number; limits?: Partial<RoomLimits> } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir()
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...opts.env })
  const store = await createStore({ databaseUrl: config.databaseUrl, dataDir })
  const app = await buildApp({
    config,
    store,
    logger: false,
    rateLimits: { login: 1000, join: 10_000 },
    ...(opts.limits ? { limits: opts.limits } : {}),
  })
  await ensureFacilitator(store, FACILITATOR.email, FACILITATOR.password)
  await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await app.close()
    await store.close()
  }
  return {
    app,
    store,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    dataDir,
    stop,
    destroy: async () => {
      await stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Signs in and returns the session cookie header value. */
export async function signIn(app: FastifyInstance): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { [CSRF_HEADER]: '1' },
    payload: FACILITATOR,
  })
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`)
  const cookie = res.cookies.find((c) => c.name === 'vg_session')
  if (!cookie) throw new Error('no session cookie')
  return `vg_session=${cookie.value}`
}

export async function createBoard(app: FastifyInstance, cookie: string, title = 'Klubaften') {
  const res = await app.inject({
    method: 'POST',
    url: '/api/boards',
    headers: { cookie, [CSRF_HEADER]: '1' },
    payload: { title },
  })
  if (res.statusCode !== 201) throw new Error(`create board failed: ${res.statusCode} ${res.body}`)
  return res.json().board as { id: string; title: string; joinCode: string }
}

export async function facilitatorToken(app: FastifyInstance, cookie: string, boardId: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: `/api/boards/${boardId}/token`,
    headers: { cookie, [CSRF_HEADER]: '1' },
  })
  if (res.statusCode !== 200) throw new Error(`token failed: ${res.statusCode} ${res.body}`)
  return res.json().token as string
}

export async function join(app: FastifyInstance, code: string, nickname?: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/join',
    headers: { [CSRF_HEADER]: '1' },
    payload: nickname === undefined ? { code } : { code, nickname },
  })
  if (res.statusCode !== 200) throw new Error(`join failed: ${res.statusCode} ${res.body}`)
  return res.json() as { boardId: string; token: string; participantId: string; title: string }
}

/** A token a phone makes itself for the one-request join (256 bits, base64url). */
export const phoneToken = () => randomBytes(32).toString('base64url')

/** A board with a signed-in facilitator, ready for clients. */
export async function boardFixture(server: TestServer) {
  const cookie = await signIn(server.app)
  const board = await createBoard(server.app, cookie)
  const facToken = await facilitatorToken(server.app, cookie, board.id)
  return { cookie, board, facToken }
}

export interface Client {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Close codes this client's sockets were closed with, in order. */
  closeCodes: number[]
  destroy(): void
}

/** A stock y-websocket client in Node. */
export function connect(
  wsUrl: string,
  boardId: string,
  token: string,
  opts: { params?: Record<string, string>; connect?: boolean } = {},
): Client {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(wsUrl, boardId, doc, {
    params: { token, ...opts.params },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    connect: opts.connect ?? true,
    disableBc: true,
    maxBackoffTime: 200,
  })
  const closeCodes: number[] = []
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) closeCodes.push(event.code)
  })
  return {
    doc,
    provider,
    closeCodes,
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

export async function synced(client: Client): Promise<void> {
  if (client.provider.synced) return
  await new Promise<void>((resolve) => {
    const on = (s: boolean) => {
      if (s) {
        client.provider.off('sync', on)
        resolve()
      }
    }
    client.provider.on('sync', on)
  })
}

/** Opens a raw websocket (no Yjs) and resolves with the HTTP status of a refused upgrade, or 101. */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      ws.terminate()
    })
    ws.on('open', () => {
      resolve(101)
      ws.close()
    })
    ws.on('error', () => undefined)
  })
}

// ---------------------------------------------------------------------------
// Several instances: servers as child processes, TCP proxies that stand in for
// a load balancer or a restarting service, and the REST calls over real HTTP.
// Shared by test/cluster.integration.test.ts and bench/.

/** The server package directory (where `src/main.ts` lives). */
export const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url))

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/** A Vægavis server running `node --import tsx src/main.ts` in its own process. */
export interface ServerProcess {
  readonly name: string
  readonly port: number
  readonly pid: number
  readonly url: string
  readonly wsUrl: string
  /** True until the process has exited. */
  readonly alive: boolean
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>
  /** The last lines the process wrote to stdout and stderr, for failure messages. */
  output(): string
  /** Sends `signal` and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>
  /** Graceful stop (SIGTERM: stores everything first), SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>
}

/** Node flags and environment of `pnpm start` and the container (server/package.json, Dockerfile): a built server runs with them. */
export const START_FLAGS = ['--max-semi-space-size=4', '--enable-source-maps']
export const START_ENV = { GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=131072' }

/**
 * Starts a server process on `port` (a free one by default) on 127.0.0.1 and
 * resolves once `/healthz` answers. `env` is all the environment it gets
 * besides PATH and HOME, so a developer's own variables never leak in.
 */
export async function spawnServer(opts: {
  name: string
  env: Record<string, string>
  port?: number
  readyTimeoutMs?: number
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[]
  /** `built`: the compiled `dist/main.js`, as `pnpm start` and the container run it (build it first). */
  entry?: 'source' | 'built'
}): Promise<ServerProcess> {
  const port = opts.port ?? (await freePort())
  const entry = opts.entry === 'built' ? [...START_FLAGS, 'dist/main.js'] : ['--import', 'tsx', 'src/main.ts']
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...entry], {
    cwd: SERVER_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...(opts.entry === 'built' ? START_ENV : {}),
      ...opts.env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let tail = ''
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let alive = true
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      alive = false
      resolve(code ?? signal ?? 'unknown')
    })
  })
  const url = `http://127.0.0.1:${port}`
  const proc: ServerProcess = {
    name: opts.name,
    port,
    pid: child.pid ?? -1,
    url,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    get alive() {
      return alive
    },
    exited,
    output: () => tail,
    async kill(signal = 'SIGKILL') {
      if (alive) child.kill(signal)
      await exited
    },
    async stop(timeoutMs = 10_000) {
      if (!alive) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
      await exited
      clearTimeout(timer)
    },
  }
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000)
  while (true) {
    if (!alive) throw new Error(`${opts.name} exited with ${await exited} before it was ready:\n${tail}`)
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return proc
    if (Date.now() > deadline) {
      await proc.kill()
      throw new Error(`${opts.name} did not answer /healthz on port ${port} in time:\n${tail}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** A TCP pass-through on 127.0.0.1 that a test can cut (like a service going away) and restore on the same port. */
export interface TcpProxy {
  readonly port: number
  /**
   * Ports a new connection is forwarded to, in order of preference: the first
   * that accepts wins, like a load balancer skipping a dead backend.
   */
  targets: number[]
  /** Stops accepting and drops every open connection (both directions). */
  cut(): Promise<void>
  /** Accepts again on the same port. */
  restore(): Promise<void>
  /** Cuts for good. */
  close(): Promise<void>
}

export async function tcpProxy(targets: number[]): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  let server: NetServer | null = null
  let closed = false

  const forward = (client: Socket) => {
    sockets.add(client)
    client.pause()
    const drop = () => {
      client.destroy()
      sockets.delete(client)
    }
    client.on('error', drop)
    client.on('close', drop)
    const tryTarget = (i: number) => {
      const port = proxy.targets[i]
      if (port === undefined || client.destroyed) return drop()
      const upstream = connectTcp(port, '127.0.0.1')
      let connected = false
      sockets.add(upstream)
      upstream.once('connect', () => {
        connected = true
        client.pipe(upstream)
        upstream.pipe(client)
        client.resume()
      })
      const end = () => {
        sockets.delete(upstream)
        upstream.destroy()
        // Refused before anything was exchanged: try the next backend.
        if (!connected) tryTarget(i + 1)
        else drop()
      }
      upstream.on('error', end)
      upstream.on('close', end)
      client.once('close', () => upstream.destroy())
    }
    tryTarget(0)
  }

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const s = createNetServer(forward)
      s.once('error', reject)
      s.listen(port, '127.0.0.1', () => resolve((s.address() as AddressInfo).port))
      server = s
    })
  const cut = () =>
    new Promise<void>((resolve) => {
      const s = server
      server = null
      for (const sock of sockets) sock.destroy()
      sockets.clear()
      if (!s) return resolve()
      s.close(() => resolve())
    })

  const port = await listen(0)
  const proxy: TcpProxy = {
    port,
    targets: [...targets],
    cut,
    async restore() {
      if (closed) throw new Error('proxy is closed')
      if (!server) await listen(port)
    },
    async close() {
      closed = true
      await cut()
    },
  }
  return proxy
}

/** Signs in over HTTP and returns the session cookie header value. */
export async function httpSignIn(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
    body: JSON.stringify(FACILITATOR),
  })
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`)
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('vg_session='))
  if (!cookie) throw new Error('no session cookie')
  return cookie.split(';')[0]!
}

async function httpPost<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { [CSRF_HEADER]: '1', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  if (res.status !== 200 && res.status !== 201) throw new Error(`POST ${url} failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** A board created over HTTP, with a facilitator token for its websocket. */
export async function httpBoard(baseUrl: string, cookie: string, title = 'Klubaften') {
  const { board } = await httpPost<{ board: { id: string; title: string; joinCode: string } }>(
    `${baseUrl}/api/boards`,
    { title },
    { cookie },
  )
  const { token } = await httpPost<{ token: string }>(`${baseUrl}/api/boards/${board.id}/token`, undefined, { cookie })
  return { board, facToken: token }
}

/**
 * Joins a board over HTTP. `forwardedFor` stands in for the phone's address
 * behind a proxy (the server trusts X-Forwarded-For), so many simulated phones
 * are not rate-limited as one.
 */
export async function httpJoin(baseUrl: string, code: string, opts: { nickname?: string; forwardedFor?: string } = {}) {
  return httpPost<{ boardId: string; token: string; participantId: string; title: string }>(
    `${baseUrl}/api/join`,
    opts.nickname === undefined ? { code } : { code, nickname: opts.nickname },
    opts.forwardedFor === undefined ? {} : { 'x-forwarded-for': opts.forwardedFor },
  )
}

/**
 * Records the storage acknowledgements a client opened with `?ack=1` receives;
 * `stored()` is the latest acknowledged state vector (clock per Yjs client id).
 */
export function trackAcks(client: Client): { stored(): Map<number, number> } {
  let latest = new Map<number, number>()
  client.provider.messageHandlers[MessageType.Ack] = (_encoder, decoder) => {
    latest = Y.decodeStateVector(decoding.readVarUint8Array(decoder))
  }
  return { stored: () => latest }
}

/** A raw websocket (no Yjs): every binary message it receives, and the close code once it closes. */
export interface RawSocket {
  ws: WebSocket
  received: Uint8Array[]
  closed: Promise<number>
}

export function openRaw(url: string): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    const received: Uint8Array[] = []
    ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)))
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)))
    ws.on('open', () => resolve({ ws, received, closed }))
    ws.on('error', reject)
  })
}

/** What storage holds for a document, as a fresh Y.Doc (what a restart would load). */
export async function loadStored(server: TestServer, docName: string): Promise<Y.Doc> {
  const stored = await server.store.docs.load(docName)
  const doc = new Y.Doc()
  doc.transact(() => {
    for (const u of stored.updates) Y.applyUpdate(doc, u)
  })
  return doc
}

/** Clients a test opened, destroyed together after it (before its server stops). */
export function clientTracker() {
  const clients: Client[] = []
  return {
    track(c: Client): Client {
      clients.push(c)
      return c
    },
    destroyAll(): void {
      for (const c of clients.splice(0)) c.destroy()
    },
  }
}
