/** Test harness: a real server on port 0 with its own data directory, and stock y-websocket clients. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join as joinPath } from 'node:path'
import { CSRF_HEADER } from '@vaegavis/shared'
import type { FastifyInstance } from 'fastify'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { ensureFacilitator } from '../src/services/boards.ts'
import { createStore } from '../src/storage/index.ts'
import type { Store } from '../src/storage/types.ts'

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

export async function startServer(opts: { dataDir?: string; env?: Record<string, string>; port?: number } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir()
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...opts.env })
  const store = await createStore({ databaseUrl: config.databaseUrl, dataDir })
  const app = await buildApp({ config, store, logger: false, rateLimits: { login: 1000, join: 10_000 } })
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
