/**
 * Scenario 3 — cold load of a board with many labels: the board is stored but
 * not in any server's memory, and a projector opens it. Measured two ways:
 *  - end to end: a stock client's `new WebsocketProvider` → `synced`, against
 *    a freshly started server process (upgrade, token check, load, sync);
 *  - in process: `RoomManager.open` on the same storage (load + replay only),
 *    and the server's side of the first sync: a projector's sync step 1 handed
 *    to `RoomManager.connect` → the first byte of its sync step 2 (no socket,
 *    no token check: what the 50 ms target can be held to on this machine).
 * Two stored shapes: one snapshot (how compaction leaves a board) and the
 * worst case of every label as its own log entry (never compacted).
 * The reference keeps nothing, so its row is the same sync from memory.
 */
import { addLabel, countLabels, FACILITATOR_AUTHOR, initBoard, Role } from '@vaegavis/shared'
import * as Y from 'yjs'
import { createPostgresStore, createSqliteStore } from '../src/storage/index.ts'
import type { Store } from '../src/storage/types.ts'
import { RoomManager } from '../src/sync/index.ts'
import { encodeSyncStep1 } from '../src/sync/protocol.ts'
import { httpBoard, httpSignIn } from '../test/helpers.ts'
import { closeClients, labelCount, openClients, untilLabels } from './clients.ts'
import { type BenchServer, type Storage, startReference, startVaegavis } from './servers.ts'
import { fmt, median, table } from './stats.ts'
import type { Seat } from './targets.ts'

export interface ColdLoadOptions {
  labels: number
  /** Boards per stored shape (each is loaded cold once). */
  boards: number
}

export const Shape = { Snapshot: 'one snapshot', Log: `one log entry per label` } as const
export type Shape = (typeof Shape)[keyof typeof Shape]

export interface ColdLoadResult {
  target: string
  shape: Shape | 'in memory'
  /** First sync of a board nobody had loaded, ms, one per board. */
  coldSync: number[]
  /** Sync of a second client once the board is loaded, ms. */
  warmSync: number[]
  /** RoomManager.open in process, ms (Vægavis only). */
  load: number[]
  /** In process: a fresh client's sync step 1 → the first byte of its sync step 2, board not loaded, ms. */
  step2: number[]
  /** The same for a second client once the board is loaded, ms. */
  warmStep2: number[]
}

const silent = { debug() {}, info() {}, warn() {}, error() {} }

/** `count` label updates from one writer, as phones would have sent them (50 participants). */
function labelUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  for (let i = 0; i < count; i++) {
    addLabel(doc, {
      text: `Label nummer ${i}: vi vil have mere tid til fællesskab i klubben`,
      category: ['problem', 'ide', 'onske'][i % 3]!,
      x: (i * 37) % 4000,
      y: (i * 53) % 2400,
      author: `p-${i % 50}`,
      createdAt: 1_760_000_000_000 + i * 1000,
    })
  }
  doc.destroy()
  return updates
}

async function seed(store: Store, board: string, updates: readonly Uint8Array[], shape: Shape): Promise<void> {
  for (let i = 0; i < updates.length; i += 500) {
    const entries = updates.slice(i, i + 500).map((update) => ({ update, subject: 'bench', clients: [] }))
    await store.docs.append(board, entries)
  }
  if (shape === Shape.Snapshot) {
    const stored = await store.docs.load(board)
    const doc = new Y.Doc()
    for (const u of stored.updates) Y.applyUpdate(doc, u)
    await store.docs.compact(board, Y.encodeStateAsUpdate(doc), stored.lastSeq)
    doc.destroy()
  }
}

async function timedSync(seat: Seat, labels: number): Promise<number> {
  const t0 = performance.now()
  const [client] = await openClients([seat], { timeoutMs: 30_000 })
  const ms = performance.now() - t0
  const got = labelCount(client!)
  closeClients([client!])
  if (got !== labels) throw new Error(`expected ${labels} labels after sync, got ${got}`)
  return ms
}

/** Vægavis on `storage`: boards are created over REST, seeded directly in storage, then opened cold. */
export async function measureColdLoad(
  label: string,
  storage: Storage,
  openStore: () => Promise<Store>,
  opts: ColdLoadOptions,
): Promise<ColdLoadResult[]> {
  const updates = labelUpdates(opts.labels)
  let server: BenchServer = await startVaegavis(label, storage)
  const cookie = await httpSignIn(server.url)
  // Shapes alternate, after one unmeasured board that warms up the fresh server process (JIT, pools).
  const boards: { shape: Shape; id: string; token: string; measured: boolean }[] = []
  for (let i = 0; i <= opts.boards * 2; i++) {
    const { board, facToken } = await httpBoard(server.url, cookie, `Kold ${i}`)
    boards.push({ shape: i % 2 === 0 ? Shape.Snapshot : Shape.Log, id: board.id, token: facToken, measured: i > 0 })
  }
  // Seeded while no server runs, so nothing is cached anywhere but the OS.
  const port = server.port
  await server.stop()
  const store = await openStore()
  try {
    for (const b of boards) await seed(store, b.id, updates, b.shape)
  } finally {
    await store.close()
  }

  server = await startVaegavis(label, storage, port)
  const results = new Map<Shape, ColdLoadResult>()
  for (const shape of [Shape.Snapshot, Shape.Log]) {
    results.set(shape, { target: label, shape, coldSync: [], warmSync: [], load: [], step2: [], warmStep2: [] })
  }
  try {
    for (const b of boards) {
      const seat: Seat = { wsUrl: server.wsUrl, room: b.id, token: b.token, author: FACILITATOR_AUTHOR }
      const r = results.get(b.shape)!
      // The first client keeps the board loaded while the second one measures the warm sync.
      const t0 = performance.now()
      const [holder] = await openClients([seat], { timeoutMs: 30_000 })
      const cold = performance.now() - t0
      if (labelCount(holder!) !== opts.labels) throw new Error(`board ${b.id}: ${labelCount(holder!)} labels`)
      const warm = await timedSync(seat, opts.labels)
      closeClients([holder!])
      if (!b.measured) continue
      r.coldSync.push(cold)
      r.warmSync.push(warm)
    }
  } finally {
    await server.stop()
  }

  const inProcess = await openStore()
  try {
    for (const b of boards) {
      const rooms = new RoomManager({ store: inProcess.docs, log: silent })
      const t0 = performance.now()
      // Attached before connect's own callback, so `loaded` stops before the room answers anyone.
      let loaded = 0
      const opened = rooms.open(b.id).then((room) => {
        loaded = performance.now() - t0
        return room
      })
      const handles: ReturnType<RoomManager['connect']>[] = []
      const step2 = (since: number) =>
        new Promise<number>((resolve) => {
          const socket = {
            send: (d: Uint8Array) => {
              if (d[0] === 0 && d[1] === 1) resolve(performance.now() - since)
            },
            close() {},
          }
          const handle = rooms.connect(b.id, socket, { role: Role.Facilitator, subject: 'bench', wantsAck: false })
          handles.push(handle)
          // What a stock client with an empty document sends first.
          handle.receive(encodeSyncStep1(new Uint8Array([0])))
        })
      const first = step2(t0)
      const room = await opened
      const answered = await first
      const warm = await step2(performance.now())
      if (b.measured) {
        results.get(b.shape)!.load.push(loaded)
        results.get(b.shape)!.step2.push(answered)
        results.get(b.shape)!.warmStep2.push(warm)
      }
      if (room.read(countLabels) !== opts.labels) throw new Error('in-process load lost labels')
      for (const h of handles) h.closed()
      await rooms.close()
    }
  } finally {
    await inProcess.close()
  }
  return [...results.values()]
}

/** The reference holds boards only in memory: a client pushes the labels, then fresh clients sync them. */
export async function measureReferenceLoad(opts: ColdLoadOptions): Promise<ColdLoadResult> {
  const doc = new Y.Doc()
  initBoard(doc, { title: 'Kold' })
  for (const u of labelUpdates(opts.labels)) Y.applyUpdate(doc, u)
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  const server = await startReference()
  const result: ColdLoadResult = {
    target: 'reference @y/websocket-server 0.1.1',
    shape: 'in memory',
    coldSync: [],
    warmSync: [],
    load: [],
    step2: [],
    warmStep2: [],
  }
  try {
    for (let i = 0; i <= opts.boards; i++) {
      const seat: Seat = { wsUrl: server.wsUrl, room: `kold-${i}`, token: 'none', author: FACILITATOR_AUTHOR }
      const [seeder] = await openClients([seat])
      Y.applyUpdate(seeder!.doc, state)
      const [check] = await openClients([seat])
      await untilLabels(check!, opts.labels, 30_000)
      closeClients([check!])
      const warm = await timedSync(seat, opts.labels)
      // Room 0 only warms up the process, as on the Vægavis side.
      if (i > 0) result.warmSync.push(warm)
      closeClients([seeder!])
    }
  } finally {
    await server.stop()
  }
  return result
}

export function coldLoadTable(labels: number, results: readonly ColdLoadResult[]): string {
  const ref = results.find((r) => r.shape === 'in memory')
  const cell = (v: number[]) => (v.length ? `${fmt(median(v))} (${fmt(Math.min(...v))}–${fmt(Math.max(...v))})` : '–')
  return [
    `Cold load of a board with ${labels} labels (ms, median (min–max) over boards)`,
    '',
    table(
      [
        'server',
        'stored as',
        'first sync, cold',
        'sync, already loaded',
        'load in process',
        'in process: step 1 → step 2',
        'same, loaded',
        'cold / reference',
      ],
      results.map((r) => [
        r.target,
        r.shape,
        cell(r.coldSync),
        cell(r.warmSync),
        cell(r.load),
        cell(r.step2),
        cell(r.warmStep2),
        ref && r !== ref && r.coldSync.length ? `${(median(r.coldSync) / median(ref.warmSync)).toFixed(2)}×` : '',
      ]),
    ),
    '',
  ].join('\n')
}

/** Opens the store the server used, from this process. */
export function storeOpener(storage: Storage): () => Promise<Store> {
  if (storage.kind === 'sqlite') return async () => createSqliteStore({ dir: storage.dataDir })
  return () => createPostgresStore(storage.databaseUrl)
}
