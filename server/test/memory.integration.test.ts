/**
 * What an open board socket keeps alive (issue #15: 2,000 phones on one server). Measured with the
 * garbage collector and heap statistics, never with a clock:
 *  - once a socket is open, its HTTP upgrade (request, response, headers, logger) is garbage;
 *  - once it closed, nothing of it stays reachable;
 *  - a server process's heap grows by a few KiB per open socket, not by what it was before the fix.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import { join as joinPath } from 'node:path'
import { fileURLToPath } from 'node:url'
import v8 from 'node:v8'
import vm from 'node:vm'
import { addLabel, readLabels } from '@vaegavis/shared'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import { encodeSyncStep1 } from '../src/sync/protocol.ts'
import {
  boardFixture,
  clientTracker,
  connect,
  FACILITATOR,
  httpBoard,
  httpSignIn,
  type ServerProcess,
  spawnServer,
  startServer,
  synced,
  type TestServer,
} from './helpers.ts'

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void
/** Full collections until WeakRefs to garbage are cleared (one pass may leave a finaliser's target). */
function collect(): void {
  for (let i = 0; i < 3; i++) gc()
}
/** WeakRefs made in this job stay alive until it ends: look only after a macrotask. */
const nextTask = () => new Promise<void>((r) => setImmediate(r))

describe('what an open socket keeps', () => {
  let server: TestServer
  const clients = clientTracker()

  beforeAll(async () => {
    server = await startServer()
  })
  afterAll(async () => {
    clients.destroyAll()
    await server.destroy()
  })

  it('lets go of its HTTP upgrade once open, and keeps syncing', async () => {
    const { board, facToken } = await boardFixture(server)
    const upgrades: WeakRef<IncomingMessage>[] = []
    const onUpgrade = (req: IncomingMessage) => upgrades.push(new WeakRef(req))
    server.app.server.on('upgrade', onUpgrade)
    const projector = clients.track(connect(server.wsUrl, board.id, facToken))
    const wall = clients.track(connect(server.wsUrl, board.id, facToken))
    await Promise.all([synced(projector), synced(wall)])
    server.app.server.off('upgrade', onUpgrade)
    expect(upgrades).toHaveLength(2)
    await nextTask()
    collect()
    expect(upgrades.map((r) => r.deref() === undefined)).toEqual([true, true])
    // Both sockets still work: a label from one reaches the other.
    addLabel(wall.doc, { id: 'l1', text: 'Stadig forbundet', category: 'ide', x: 1, y: 2, author: 'f' })
    await vi.waitFor(() => expect(readLabels(projector.doc).map((l) => l.text)).toEqual(['Stadig forbundet']))
  })

  it('keeps nothing of a socket once it closed', async () => {
    const { board, facToken } = await boardFixture(server)
    const sockets: WeakRef<WebSocket>[] = []
    const onConnection = (ws: WebSocket) => sockets.push(new WeakRef(ws))
    server.app.websocketServer.on('connection', onConnection)
    const client = connect(server.wsUrl, board.id, facToken)
    await synced(client)
    server.app.websocketServer.off('connection', onConnection)
    expect(sockets).toHaveLength(1)
    client.destroy()
    const room = await server.app.rooms.peek(board.id)
    await vi.waitFor(() => expect(room?.conns.size).toBe(0))
    await vi.waitFor(async () => {
      await nextTask()
      collect()
      expect(sockets[0]!.deref()).toBeUndefined()
    })
  })
})

/** A budget, like the bundle-size check: 11.7 KiB per socket before the upgrade was let go, 6.6 KiB after. */
const HEAP_PER_SOCKET_BUDGET = 8 * 1024
const SOCKETS = 400

describe('heap per open socket, in a server process', () => {
  let proc: ServerProcess
  let dataDir: string
  let loopFile: string
  const open: WebSocket[] = []

  beforeAll(async () => {
    dataDir = mkdtempSync(joinPath(tmpdir(), 'vaegavis-memory-'))
    loopFile = joinPath(dataDir, 'probe.json')
    proc = await spawnServer({
      name: 'memory',
      env: {
        DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
        VAEGAVIS_ADMIN_EMAIL: FACILITATOR.email,
        VAEGAVIS_ADMIN_PASSWORD: FACILITATOR.password,
        BENCH_LOOP_FILE: loopFile,
        BENCH_GC: '1',
      },
      nodeArgs: ['--import', fileURLToPath(new URL('../bench/loopProbe.mjs', import.meta.url))],
    })
  })
  afterAll(async () => {
    for (const ws of open) ws.terminate()
    await proc?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  /** The server's main-thread heap after a full collection (bench/loopProbe.mjs answers SIGUSR2). */
  async function heapUsed(): Promise<number> {
    rmSync(loopFile, { force: true })
    process.kill(proc.pid, 'SIGUSR2')
    await vi.waitFor(() => expect(existsSync(loopFile)).toBe(true))
    return (JSON.parse(readFileSync(loopFile, 'utf8')) as { memory: { heapUsed: number } }).memory.heapUsed
  }

  /** Opens `n` sockets on a board and resolves once each has its sync step 2 (the board). */
  async function openSockets(url: string, n: number): Promise<void> {
    await Promise.all(
      Array.from(
        { length: n },
        () =>
          new Promise<void>((resolve, reject) => {
            const ws = new WebSocket(url)
            open.push(ws)
            ws.on('open', () => ws.send(encodeSyncStep1(Uint8Array.of(0))))
            // [sync, step 2, …]: the server answered this socket's handshake.
            ws.on('message', (data: Buffer) => {
              if (data[0] === 0 && data[1] === 1) resolve()
            })
            ws.on('error', reject)
          }),
      ),
    )
  }

  it(`grows by less than ${HEAP_PER_SOCKET_BUDGET / 1024} KiB of heap per open board socket`, async () => {
    const cookie = await httpSignIn(proc.url)
    const { board, facToken } = await httpBoard(proc.url, cookie)
    const url = `${proc.wsUrl}/${board.id}?token=${facToken}`
    // The board loaded and the code paths warm, so the difference is the sockets alone.
    await openSockets(url, 50)
    const before = await heapUsed()
    await openSockets(url, SOCKETS)
    const after = await heapUsed()
    const perSocket = (after - before) / SOCKETS
    expect(perSocket).toBeGreaterThan(0)
    expect(perSocket).toBeLessThan(HEAP_PER_SOCKET_BUDGET)
  })
})
