/**
 * Fuzzes the sync core where untrusted bytes enter it: the y-websocket message
 * decoder and, for updates and awareness, a real Room (memory store, built
 * through RoomManager) behind a fake socket that records close codes.
 *
 * Every input must be accepted or close its socket with a defined CloseCode;
 * nothing may throw out of the core, no input may take more than a second, and
 * afterwards the room must still be whole: the accepted state is exactly the
 * durable state, storage decodes into a doc with nothing pending, and a fresh
 * honest phone syncs and gets its label stored.
 *
 *   pnpm --filter @vaegavis/server fuzz --runs 100000 --seed 42
 *
 * The run happens in a worker thread so that an input that hangs Yjs is
 * reported (with its bytes) instead of hanging the script.
 */
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import {
  addLabel,
  addTheme,
  CloseCode,
  editLabel,
  type FieldRule,
  initBoard,
  LabelFieldRules,
  labelsRoot,
  moveLabel,
  Role,
  readLabels,
  setCategory,
  setSetting,
  ThemeFieldRules,
  typeRoots,
} from '@vaegavis/shared'
import fc from 'fast-check'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { createMemoryStore } from '../src/storage/memory.ts'
import { decodeClientMessage, encodeAwareness, encodeSyncStep1, encodeUpdate } from '../src/sync/protocol.ts'
import { RoomManager } from '../src/sync/RoomManager.ts'
import type { Logger } from '../src/sync/types.ts'
import { entityUpdate, entryUpdate, labelDrawArb, settingDrawArb, themeDrawArb } from './records.ts'

/** An input that takes longer than this is reported as slow. */
export const SLOW_MS = 1000
const BOARD = 'fuzz-board'
const PARTICIPANT = 'p-fuzz'
const DEFINED_CODES = new Set<number>(Object.values(CloseCode))

function varUint(n: number): number[] {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, n)
  return [...encoding.toUint8Array(e)]
}

/**
 * Yjs updates known to hang or crash Yjs or lib0, as bytes. The server only
 * decodes v1 updates, so each is sent as what a client would send: the bytes
 * inside a sync message.
 */
export const KNOWN_BAD: readonly { name: string; update: Uint8Array }[] = [
  // yjs#479: `Buffer.from('garbagedoc', 'base64')` made readVarUint loop forever in lib0 < 0.2.5x.
  { name: 'yjs#479 garbagedoc', update: new Uint8Array(Buffer.from('garbagedoc', 'base64')) },
  // yjs#498: a zero-length update looped forever in readVarUint.
  { name: 'yjs#498 empty update', update: new Uint8Array(0) },
  // yjs#687: the declared struct count is not tied to the message size. In the v2 format the
  // run-length decoders return their last value forever, so these 17 bytes make applyUpdateV2
  // allocate and loop 2^32-1 times (it spins for minutes, then runs out of memory).
  {
    name: 'yjs#687 v2 struct-count bomb',
    update: new Uint8Array([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, ...varUint(2 ** 32 - 1), 0]),
  },
  // yjs#687 in v1 terms: one client claiming 2^32-1 structs, nothing behind the claim.
  { name: 'yjs#687 v1 count, no structs', update: new Uint8Array([1, ...varUint(2 ** 32 - 1), 1, 0]) },
  // yjs#687 in v1 terms: a huge claimed count backed by 20,000 zero-length GC structs.
  {
    name: 'yjs#687 v1 count, 20k empty GC structs',
    update: new Uint8Array([1, ...varUint(2 ** 32 - 1), 7, 0, ...new Array<number>(40_000).fill(0), 0]),
  },
  // The densest struct stream v1 allows: 100,000 one-clock GC structs in 200 KB.
  {
    name: '100k one-clock GC structs',
    update: new Uint8Array([1, ...varUint(100_000), 9, 0, ...Array.from({ length: 200_000 }, (_, i) => i % 2), 0]),
  },
  // A count past the largest array length: `new Array(n)` throws RangeError.
  { name: 'struct count 2^53', update: new Uint8Array([1, ...varUint(2 ** 53 - 1), 1, 0]) },
  // One GC struct of length 2^52 under a client id: fills every future clock of that device.
  { name: 'GC of length 2^52', update: new Uint8Array([1, 1, ...varUint(12345), 0, 0, ...varUint(2 ** 52), 0]) },
  // A skip struct of huge length (skips are never integrated, the rest is pending).
  { name: 'skip of length 2^52', update: new Uint8Array([1, 2, ...varUint(777), 0, 10, ...varUint(2 ** 52), 0, 0]) },
  // A varuint longer than 2^53: lib0 must throw, not loop or lose precision.
  { name: 'varuint overflow', update: new Uint8Array([...new Array<number>(12).fill(0xff), 1]) },
  // A delete set claiming 2^32 clients with nothing behind it.
  { name: 'delete set count bomb', update: new Uint8Array([0, ...varUint(2 ** 32 - 1), 0]) },
]

/** One generated input: the bytes of one websocket message and who sends it. */
export interface FuzzInput {
  kind: string
  role: Role
  bytes: Uint8Array
}

export interface FuzzStats {
  tried: number
  accepted: number
  closedByCode: Record<string, number>
  byKind: Record<string, number>
  crashes: number
  crashSamples: string[]
  slow: number
  slowestMs: number
  slowestKind: string
  slowestHex: string
}

const hex = (b: Uint8Array, max = 96) =>
  Buffer.from(b.subarray(0, max)).toString('hex') + (b.length > max ? `…(${b.length} bytes)` : '')

/** Real updates from a board in use: the raw material for mutations. */
export function realUpdates(): Uint8Array[] {
  const out: Uint8Array[] = []
  const doc = new Y.Doc()
  doc.on('update', (u: Uint8Array) => out.push(u))
  initBoard(doc, { title: 'Fuzz' })
  const ids: string[] = []
  for (let i = 0; i < 6; i++) {
    ids.push(addLabel(doc, { text: `label ${i} æøå 🎉`, category: 'ide', x: i * 10, y: i, author: PARTICIPANT }))
  }
  moveLabel(doc, ids[0]!, 100, 200)
  editLabel(doc, ids[1]!, { text: 'rettet' })
  doc.transact(() => labelsRoot(doc).delete(ids[2]!))
  setCategory(doc, { id: 'ny', colour: '#009E73', meaning: 'Ny', icon: 'square', order: 4 })
  out.push(Y.encodeStateAsUpdate(doc))
  // A second device writing concurrently, so updates carry origins and several clients.
  const other = new Y.Doc()
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
  other.on('update', (u: Uint8Array) => out.push(u))
  addLabel(other, { text: 'fra en anden telefon', category: 'problem', x: 1, y: 2, author: 'p-other' })
  out.push(Y.encodeStateAsUpdate(other))
  return out
}

/** A label from a brand-new device: integrates against any board that has the default legend. */
function honestLabelUpdate(text: string, author: string): Uint8Array {
  const doc = new Y.Doc()
  let update: Uint8Array = new Uint8Array()
  doc.on('update', (u: Uint8Array) => {
    update = u
  })
  addLabel(doc, { text, category: 'ide', x: 10, y: 10, author })
  doc.destroy()
  return update
}

function awarenessBytes(clientId: number, clock: number, json: string): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint(e, clientId)
  encoding.writeVarUint(e, clock)
  encoding.writeVarString(e, json)
  return encoding.toUint8Array(e)
}

function frame(type: number, parts: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, type)
  parts(e)
  return encoding.toUint8Array(e)
}

const syncFrame = (step: number, payload: Uint8Array) =>
  frame(0, (e) => {
    encoding.writeVarUint(e, step)
    encoding.writeVarUint8Array(e, payload)
  })

type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'truncate'; at: number }
  | { op: 'splice'; other: number; at: number; otherAt: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'overwrite'; at: number; bytes: Uint8Array }
  | { op: 'bigVarUint'; at: number; value: number }

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

function mutate(src: Uint8Array, corpus: readonly Uint8Array[], ms: readonly Mutation[]): Uint8Array {
  let b = src
  for (const m of ms) {
    const at = b.length === 0 ? 0 : m.at % (b.length + 1)
    switch (m.op) {
      case 'flip': {
        if (b.length === 0) break
        const c = b.slice()
        const i = m.at % b.length
        c[i] = c[i]! ^ (1 << m.bit)
        b = c
        break
      }
      case 'truncate':
        b = b.slice(0, at)
        break
      case 'splice': {
        const o = corpus[m.other % corpus.length]!
        b = concat(b.subarray(0, at), o.subarray(o.length === 0 ? 0 : m.otherAt % o.length))
        break
      }
      case 'insert':
        b = concat(b.subarray(0, at), m.bytes, b.subarray(at))
        break
      case 'overwrite': {
        const c = b.slice()
        c.set(m.bytes.subarray(0, Math.max(0, c.length - at)), Math.min(at, c.length))
        b = c
        break
      }
      case 'bigVarUint':
        b = concat(b.subarray(0, at), new Uint8Array(varUint(m.value)), b.subarray(at))
        break
    }
  }
  return b
}

const mutationArb = (): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('splice' as const), other: fc.nat(), at: fc.nat(), otherAt: fc.nat() }),
    fc.record({
      op: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    }),
    fc.record({
      op: fc.constant('overwrite' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }),
    }),
    fc.record({
      op: fc.constant('bigVarUint' as const),
      at: fc.nat(),
      value: fc.oneof(fc.constant(2 ** 32 - 1), fc.constant(2 ** 53 - 1), fc.constant(2 ** 31), fc.nat()),
    }),
  )

const roleArb = fc.constantFrom<Role>(Role.Participant, Role.Participant, Role.Facilitator, Role.Viewer)

/** The generated mix: random bytes, well-formed frames with random payloads, mutated real updates, known bad inputs. */
export function inputArb(corpus: readonly Uint8Array[]): fc.Arbitrary<FuzzInput> {
  const corpusPick = fc.nat({ max: corpus.length - 1 }).map((i) => corpus[i]!)
  const knownPick = fc.constantFrom(...KNOWN_BAD.map((k) => k.update))
  const randomBytes = fc.uint8Array({ maxLength: 512 }).map((bytes) => ({ kind: 'random bytes', bytes }))
  const frames = fc
    .tuple(
      fc.oneof(fc.constantFrom(0, 1, 2, 3, 100), fc.nat({ max: 300 })),
      fc.oneof(fc.constantFrom(0, 1, 2), fc.nat()),
      fc.uint8Array({ maxLength: 512 }),
    )
    .map(([type, step, payload]) => ({
      kind: 'framed random payload',
      bytes: frame(type, (e) => {
        if (type === 0) encoding.writeVarUint(e, step)
        if (type === 2) encoding.writeVarUint(e, step)
        encoding.writeVarUint8Array(e, payload)
      }),
    }))
  const mutatedUpdates = fc
    .tuple(
      fc.oneof(corpusPick, knownPick),
      fc.array(mutationArb(), { minLength: 1, maxLength: 4 }),
      fc.constantFrom(1, 2),
    )
    .map(([u, ms, step]) => ({ kind: 'mutated update', bytes: syncFrame(step, mutate(u, corpus, ms)) }))
  const mutatedFrames = fc
    .tuple(corpusPick, fc.array(mutationArb(), { minLength: 1, maxLength: 3 }))
    .map(([u, ms]) => ({ kind: 'mutated frame', bytes: mutate(encodeUpdate(u), corpus, ms) }))
  const known = fc
    .tuple(fc.constantFrom(...KNOWN_BAD), fc.constantFrom(1, 2))
    .map(([k, step]) => ({ kind: `known: ${k.name}`, bytes: syncFrame(step, k.update) }))
  const stateVectors = fc
    .oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }).map((pairs) => {
        const e = encoding.createEncoder()
        encoding.writeVarUint(e, pairs.length)
        for (const [c, k] of pairs) {
          encoding.writeVarUint(e, c)
          encoding.writeVarUint(e, k)
        }
        return encoding.toUint8Array(e)
      }),
    )
    .map((sv) => ({ kind: 'sync step 1', bytes: encodeSyncStep1(sv) }))
  const awareness = fc
    .tuple(
      fc.nat(),
      fc.nat(),
      fc.oneof(
        fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
        fc.string({ maxLength: 64 }),
        fc.integer({ min: 1000, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
      ),
    )
    .map(([id, clock, json]) => ({ kind: 'awareness', bytes: encodeAwareness(awarenessBytes(id, clock, json)) }))
  const mutatedAwareness = fc
    .tuple(fc.nat(), fc.array(mutationArb(), { minLength: 1, maxLength: 3 }))
    .map(([id, ms]) => ({
      kind: 'mutated awareness',
      bytes: encodeAwareness(mutate(awarenessBytes(id, 1, '{"user":{"name":"x","color":"#fff"}}'), corpus, ms)),
    }))
  const honest = fc
    .string({ minLength: 1, maxLength: 40 })
    .filter((s) => s.trim() === s && s.trim() !== '')
    .map((text) => ({ kind: 'honest label', bytes: encodeUpdate(honestLabelUpdate(text, PARTICIPANT)) }))
  // Records built field by field from the schema's table: each field absent, within its bound, or past it.
  let n = 0
  const labelRecords = labelDrawArb(PARTICIPANT).map((d) => ({
    kind: 'field-level label',
    bytes: encodeUpdate(entityUpdate('labels', `fuzz-label-${n++}`, d)),
  }))
  const themeRecords = themeDrawArb().map((d) => ({
    kind: 'field-level theme',
    bytes: encodeUpdate(entityUpdate('themes', `fuzz-theme-${n++}`, d)),
  }))
  const settingRecords = settingDrawArb().map((d) => ({
    kind: 'field-level setting',
    bytes: encodeUpdate(entryUpdate('settings', d.key, d.value)),
  }))
  return fc
    .tuple(
      fc.oneof(
        { weight: 3, arbitrary: labelRecords },
        { weight: 1, arbitrary: themeRecords },
        { weight: 1, arbitrary: settingRecords },
        { weight: 3, arbitrary: randomBytes },
        { weight: 3, arbitrary: frames },
        { weight: 6, arbitrary: mutatedUpdates },
        { weight: 2, arbitrary: mutatedFrames },
        { weight: 1, arbitrary: known },
        { weight: 1, arbitrary: stateVectors },
        { weight: 2, arbitrary: awareness },
        { weight: 1, arbitrary: mutatedAwareness },
        { weight: 1, arbitrary: honest },
      ),
      roleArb,
    )
    .map(([i, role]) => ({ ...i, role }))
}

interface FakeSocket {
  closes: { code: number; reason: string }[]
  sent: Uint8Array[]
}

/** A board on the memory store, loaded in a RoomManager, kept open by one idle honest connection. */
export async function createFuzzTarget() {
  const store = createMemoryStore()
  const init = new Y.Doc()
  initBoard(init, { title: 'Fuzz' })
  // The theme generated records may belong to (see records.ts REFS).
  addTheme(init, { id: 'tema-1', name: 'Fuzz-tema', x: 0, y: 0 })
  await store.docs.append(BOARD, [
    { update: Y.encodeStateAsUpdate(init), subject: '#server', clients: [init.clientID] },
  ])
  init.destroy()
  const errors: string[] = []
  const log: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (obj, msg) => errors.push(`${msg}: ${String((obj as { err?: unknown }).err ?? '')}`),
  }
  // No label limits here: the fuzz is about bytes, and a full board would refuse the honest checks.
  const rooms = new RoomManager({
    store: store.docs,
    log,
    limits: { maxLabels: 1e9, maxLabelsPerParticipant: 1e9, idleUnloadMs: 3_600_000 },
  })
  const anchorSocket: FakeSocket = { closes: [], sent: [] }
  const anchor = rooms.connect(BOARD, fakeSocket(anchorSocket), {
    role: Role.Facilitator,
    subject: 'anchor',
    wantsAck: false,
  })
  const room = await rooms.open(BOARD)
  return { store, rooms, room, errors, anchor, anchorSocket }
}
export type FuzzTarget = Awaited<ReturnType<typeof createFuzzTarget>>

function fakeSocket(s: FakeSocket) {
  return {
    send: (d: Uint8Array) => {
      if (s.sent.length < 8) s.sent.push(d)
    },
    close: (code: number, reason: string) => {
      s.closes.push({ code, reason })
    },
  }
}

/** Sends one message on a fresh connection; resolves with the close code (or null: accepted) and the time taken. */
export async function runInput(
  target: FuzzTarget,
  input: FuzzInput,
): Promise<{ code: number | null; ms: number; reason: string }> {
  const sock: FakeSocket = { closes: [], sent: [] }
  const subject = input.role === Role.Participant ? PARTICIPANT : `${input.role}-fuzz`
  const t0 = performance.now()
  // The pure decoder first: it must throw nothing but MalformedMessageError.
  try {
    decodeClientMessage(input.bytes)
  } catch (e: unknown) {
    if (!(e instanceof Error) || e.name !== 'MalformedMessageError') throw e
  }
  const handle = target.rooms.connect(BOARD, fakeSocket(sock), { role: input.role, subject, wantsAck: true })
  handle.receive(input.bytes)
  // Resolves after RoomManager's own continuation on the same promise has joined and delivered the message.
  await target.rooms.open(BOARD)
  const ms = performance.now() - t0
  handle.closed()
  await target.room.flushed()
  const close = sock.closes[0]
  return { code: close ? close.code : null, ms, reason: close?.reason ?? '' }
}

/** Throws unless the room is whole: accepted = durable, storage decodes, an honest phone still posts. */
export async function assertRoomHealthy(target: FuzzTarget): Promise<void> {
  await target.room.flushed()
  const accepted = target.room.read((d) => Y.encodeStateVector(d))
  const durable = Y.encodeStateVector(target.room.durableDoc)
  if (Buffer.compare(Buffer.from(accepted), Buffer.from(durable)) !== 0) {
    throw new Error('accepted state ran ahead of what is stored')
  }
  const stored = await target.store.docs.load(BOARD)
  const fromDisk = new Y.Doc()
  fromDisk.transact(() => {
    for (const u of stored.updates) Y.applyUpdate(fromDisk, u)
  })
  if (fromDisk.store.pendingStructs !== null || fromDisk.store.pendingDs !== null) {
    throw new Error('storage holds updates that cannot integrate')
  }
  const outOfBounds = fieldsOutOfBounds(fromDisk)
  if (outOfBounds.length > 0) throw new Error(`storage holds fields past their bounds: ${outOfBounds.join(', ')}`)
  // Generated settings may have locked the board or turned on private writing, as a facilitator may:
  // the facilitator opens it again, then a phone's label must get through.
  await target.room.applyServerChange((d) => {
    for (const key of ['locked', 'privateWriting', 'approveFirst'] as const) setSetting(d, key, false)
  })
  // A phone that has never been here: syncs from step 2 and posts one label that gets stored.
  const phone = new Y.Doc()
  const sock: FakeSocket = { closes: [], sent: [] }
  const subject = `honest-${Math.random().toString(36).slice(2)}`
  const h = target.rooms.connect(BOARD, fakeSocket(sock), { role: Role.Participant, subject, wantsAck: true })
  h.receive(encodeSyncStep1(Y.encodeStateVector(phone)))
  await target.rooms.open(BOARD)
  const step2 = sock.sent.find((m) => m[0] === 0 && m[1] === 1)
  if (!step2) throw new Error('no sync step 2 for an honest phone')
  const msg = decodeClientMessage(step2)
  if (msg.type !== 'update') throw new Error('sync step 2 did not decode')
  Y.applyUpdate(phone, msg.update)
  const text = `sund ${subject}`
  let update: Uint8Array = new Uint8Array()
  phone.on('update', (u: Uint8Array) => {
    update = u
  })
  addLabel(phone, { text, category: 'ide', x: 1, y: 1, author: subject })
  h.receive(encodeUpdate(update))
  await target.room.flushed()
  h.closed()
  if (sock.closes.length > 0) throw new Error(`honest phone was closed: ${JSON.stringify(sock.closes)}`)
  const after = await target.store.docs.load(BOARD)
  const check = new Y.Doc()
  for (const u of after.updates) Y.applyUpdate(check, u)
  if (!readLabels(check).some((l) => l.text === text)) throw new Error("an honest phone's label was not stored")
  if (target.anchorSocket.closes.length > 0) throw new Error('the idle honest connection was closed')
  if (target.errors.length > 0) throw new Error(`the core logged errors: ${target.errors.slice(0, 3).join('; ')}`)
  phone.destroy()
  fromDisk.destroy()
  check.destroy()
}

/** Every label and theme field in a stored board that its rule in the schema's table refuses. */
function fieldsOutOfBounds(doc: Y.Doc): string[] {
  typeRoots(doc)
  const bad: string[] = []
  const scan = (root: string, rules: Record<string, FieldRule>) => {
    for (const [id, m] of doc.getMap(root).entries()) {
      if (!(m instanceof Y.Map)) {
        bad.push(`${root}/${id} is not a map`)
        continue
      }
      for (const [k, v] of m.entries()) if (!rules[k]?.valid(v)) bad.push(`${root}/${id}.${k}`)
    }
  }
  scan('labels', LabelFieldRules)
  scan('themes', ThemeFieldRules)
  return bad.slice(0, 5)
}

function emptyStats(): FuzzStats {
  return {
    tried: 0,
    accepted: 0,
    closedByCode: {},
    byKind: {},
    crashes: 0,
    crashSamples: [],
    slow: 0,
    slowestMs: 0,
    slowestKind: '',
    slowestHex: '',
  }
}

/**
 * Runs the known bad inputs in every role, then `runs` generated inputs, checking room health
 * every `checkEvery` inputs and at the end. `onInput` sees each input before it runs (the
 * watchdog uses it to know what is running).
 */
export async function fuzz(opts: {
  runs: number
  seed: number
  checkEvery?: number
  /** Inputs after which the board is checked and replaced by a fresh one. */
  resetEvery?: number
  /** An input taking longer than this counts as slow (default {@link SLOW_MS}). */
  slowMs?: number
  onInput?: (input: FuzzInput, index: number) => void
}): Promise<FuzzStats> {
  const target = await createFuzzTarget()
  const corpus = [...realUpdates(), ...KNOWN_BAD.map((k) => k.update)]
  const stats = emptyStats()
  const unexpected: unknown[] = []
  const onUnexpected = (e: unknown) => unexpected.push(e)
  process.on('unhandledRejection', onUnexpected)
  process.on('uncaughtException', onUnexpected)
  const checkEvery = opts.checkEvery ?? 1000
  const resetEvery = opts.resetEvery ?? 5000
  const one = async (input: FuzzInput) => {
    opts.onInput?.(input, stats.tried)
    stats.tried++
    stats.byKind[input.kind] = (stats.byKind[input.kind] ?? 0) + 1
    try {
      const { code, ms, reason } = await runInput(target, input)
      if (ms > stats.slowestMs) {
        stats.slowestMs = ms
        stats.slowestKind = input.kind
        stats.slowestHex = hex(input.bytes)
      }
      if (ms > (opts.slowMs ?? SLOW_MS)) stats.slow++
      if (code === null) stats.accepted++
      else stats.closedByCode[code] = (stats.closedByCode[code] ?? 0) + 1
      if (code !== null && !DEFINED_CODES.has(code)) throw new Error(`closed with undefined code ${code} (${reason})`)
      if (unexpected.length > 0) throw unexpected.splice(0)[0]
      if (stats.tried % checkEvery === 0) await assertRoomHealthy(target)
      // Every refusal rebuilds the probe from the whole doc: a fresh board now and then keeps the run linear.
      if (stats.tried % resetEvery === 0) {
        await assertRoomHealthy(target)
        await target.rooms.close()
        Object.assign(target, await createFuzzTarget())
      }
    } catch (e: unknown) {
      stats.crashes++
      if (stats.crashSamples.length < 10) {
        stats.crashSamples.push(
          `${input.kind} as ${input.role}: ${e instanceof Error ? e.message : String(e)} — ${hex(input.bytes)}`,
        )
      }
      // Start over on a clean room, so one failure does not turn every later input into one.
      Object.assign(target, await createFuzzTarget())
    }
  }
  try {
    for (const k of KNOWN_BAD) {
      for (const role of [Role.Participant, Role.Facilitator, Role.Viewer]) {
        for (const step of [1, 2]) await one({ kind: `known: ${k.name}`, role, bytes: syncFrame(step, k.update) })
      }
    }
    const inputs = inputArb(corpus)
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        await one(input)
      }),
      { numRuns: opts.runs, seed: opts.seed, endOnFailure: true },
    )
    try {
      await assertRoomHealthy(target)
    } catch (e: unknown) {
      stats.crashes++
      stats.crashSamples.push(`final health check: ${e instanceof Error ? e.message : String(e)}`)
    }
  } finally {
    process.off('unhandledRejection', onUnexpected)
    process.off('uncaughtException', onUnexpected)
    await target.rooms.close()
  }
  return stats
}

export function formatStats(s: FuzzStats, seconds: number): string {
  const codes = Object.entries(s.closedByCode)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([c, n]) => `${c}: ${n}`)
    .join(', ')
  const kinds = Object.entries(s.byKind)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `  ${k}: ${n}`)
    .join('\n')
  return [
    `inputs tried:   ${s.tried} in ${seconds.toFixed(1)} s`,
    `accepted:       ${s.accepted}`,
    `closed by code: ${codes || 'none'}`,
    `crashes:        ${s.crashes}`,
    ...s.crashSamples.map((c) => `  ${c}`),
    `slow (>${SLOW_MS} ms): ${s.slow}`,
    `slowest input:  ${s.slowestMs.toFixed(1)} ms (${s.slowestKind}) ${s.slowestHex}`,
    'inputs by kind:',
    kinds,
  ].join('\n')
}

function parseArgs(argv: string[]): { runs: number; seed: number } {
  const get = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`)
    if (i < 0) return fallback
    const n = Number(argv[i + 1])
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} needs a whole number`)
    return n
  }
  return { runs: get('runs', 100_000), seed: get('seed', Date.now() % 2 ** 31) }
}

/** Bytes of the input under way, for the watchdog: [length, ...bytes], and when it started. */
const WATCH_BYTES = 1 << 20

async function workerMain(): Promise<void> {
  const { runs, seed, shared } = workerData as { runs: number; seed: number; shared: SharedArrayBuffer }
  const started = new Float64Array(shared, 0, 1)
  const len = new Int32Array(shared, 8, 1)
  const done = new Int32Array(shared, 12, 1)
  const bytes = new Uint8Array(shared, 16, WATCH_BYTES)
  const t0 = performance.now()
  const stats = await fuzz({
    runs,
    seed,
    onInput: (input, index) => {
      const n = Math.min(input.bytes.length, WATCH_BYTES)
      bytes.set(input.bytes.subarray(0, n))
      len[0] = n
      done[0] = index
      started[0] = Date.now()
    },
  })
  started[0] = 0
  parentPort?.postMessage({ stats, seconds: (performance.now() - t0) / 1000 })
}

async function main(): Promise<void> {
  const { runs, seed } = parseArgs(process.argv.slice(2))
  process.stdout.write(`fuzzing the sync core: ${runs} generated inputs plus the known bad ones, seed ${seed}\n`)
  const shared = new SharedArrayBuffer(16 + WATCH_BYTES)
  const started = new Float64Array(shared, 0, 1)
  const len = new Int32Array(shared, 8, 1)
  const done = new Int32Array(shared, 12, 1)
  // Loader hooks are per thread: the worker registers tsx itself before loading this file.
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(import.meta.url)}) })`
  const worker = new Worker(boot, { eval: true, workerData: { runs, seed, shared } })
  const HANG_MS = 10_000
  const t0 = Date.now()
  let reported = Date.now()
  const watchdog = setInterval(() => {
    if (Date.now() - reported > 30_000) {
      reported = Date.now()
      process.stderr.write(`  … ${done[0]} inputs after ${((Date.now() - t0) / 1000).toFixed(0)} s\n`)
    }
    const t = started[0]!
    if (t > 0 && Date.now() - t > HANG_MS) {
      const input = new Uint8Array(shared, 16, len[0]!).slice()
      process.stdout.write(`HANG: one input ran for more than ${HANG_MS / 1000} s: ${hex(input, 4096)}\n`)
      void worker.terminate()
      process.exitCode = 1
    }
  }, 500)
  const result = await new Promise<{ stats: FuzzStats; seconds: number } | null>((resolve) => {
    worker.on('message', (m: { stats: FuzzStats; seconds: number }) => resolve(m))
    worker.on('error', (e) => {
      process.stdout.write(`the fuzz worker died: ${e.stack ?? e.message}\n`)
      resolve(null)
    })
    worker.on('exit', () => resolve(null))
  })
  clearInterval(watchdog)
  if (!result) {
    process.exitCode = 1
    return
  }
  process.stdout.write(`${formatStats(result.stats, result.seconds)}\n`)
  if (result.stats.crashes > 0 || result.stats.slow > 0) process.exitCode = 1
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (!isMainThread && (workerData as { shared?: unknown } | null)?.shared) void workerMain()
else if (invokedDirectly) void main()
