/**
 * One board in memory: the durable document, the probe that screens incoming
 * updates, the awareness of who is here, and the connections to relay to.
 *
 * Two documents, on purpose:
 *  - `probe` holds everything accepted (durable + waiting to be stored). Every
 *    incoming update is applied here first and its changes are checked
 *    against the sender's rights; a refused update rebuilds the probe. It is
 *    built on first need: a board that is only read (a projector) never pays
 *    for the second copy, and until then nothing waits to be stored, so the
 *    accepted state is `doc` itself.
 *  - `doc` holds only what is durably stored. Clients are answered from it
 *    and it is what gets relayed, so nothing reaches another client (or a
 *    newcomer's sync step 2) before it would survive a crash.
 */
import {
  CloseCode,
  countLabelsInCategory,
  labelsRoot,
  Origin,
  Role,
  readLegend,
  readSchemaVersion,
  readSettings,
  readStep,
  readThemes,
  readVoteRound,
  SCHEMA_VERSION,
  typeRoots,
} from '@vaegavis/shared'
import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { DocStore } from '../storage/types.ts'
import { applyAndCollect, type Change, droppedPhotos } from './changes.ts'
import {
  type ClientMessage,
  decodeClientMessage,
  encodeAck,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  MalformedMessageError,
} from './protocol.ts'
import { checkChanges } from './rights.ts'
import type { Connection, Fanout, Logger, RoomLimits } from './types.ts'

const REMOTE = Symbol('remote instance')
/** Largest update accepted when it changes nothing visible (see receiveUpdate). */
const MAX_INVISIBLE_UPDATE_BYTES = 8 * 1024

interface Queued {
  update: Uint8Array
  from: Connection | null
  subject: string
  /** Yjs client ids this update writes new structs under (claimed for `subject` when stored). */
  clients: number[]
}

/** Owner of the server's own Yjs client ids (initial board, reveal, approve…); no token has it. */
export const SERVER_SUBJECT = '#server'
/**
 * Owner of a client id found in a board stored before owners were recorded: nobody may write
 * there any more (a device still using it is refused once and starts over with a fresh id).
 */
const UNKNOWN_OWNER = '#unknown'

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] }

interface PresenceBatch {
  ids: Set<number>
  /** Of `ids`, those that came from this instance's own sockets (published to the others). */
  local: Set<number>
  origins: Set<unknown>
}

function newPresenceBatch(): PresenceBatch {
  return { ids: new Set(), local: new Set(), origins: new Set() }
}

export class SchemaVersionError extends Error {
  constructor(found: number) {
    super(`board schema version ${found} is newer than this server's ${SCHEMA_VERSION}`)
    this.name = 'SchemaVersionError'
  }
}

export interface RoomDeps {
  store: DocStore
  log: Logger
  limits: RoomLimits
  fanout?: Fanout | undefined
  /** Called when the room has no connections and nothing left to store. */
  onIdle: (room: Room) => void
  /**
   * Picture hashes that labels stopped naming (a label deleted, or its photo replaced), for the
   * picture store to drop those no other label still names. Called after the change is stored.
   */
  onPhotosDropped?: ((hashes: string[]) => void) | undefined
  /** Labels of this board kept in its held document, counted against the same limits (see heldCounts.ts). */
  heldLabels?: ((subject: string) => { total: number; mine: number }) | undefined
}

export class Room {
  readonly conns = new Set<Connection>()
  readonly awareness: awarenessProtocol.Awareness
  /** Null until the first update that needs it (see probeDoc); nothing is queued before then. */
  private probe: Y.Doc | null = null
  /** The sync step 2 answer for a client with an empty document, kept until `doc` changes. */
  private fullSync: Uint8Array | null = null
  /** Label id → author in the probe, and labels per author (see watchProbeLabels). */
  private readonly labelAuthor = new Map<string, string>()
  private readonly labelsBy = new Map<string, number>()
  private queue: Queued[] = []
  private flushing: Promise<void> | null = null
  private logLength: number
  private compacting: Promise<void> | null = null
  /** A label was deleted here: its text is compacted out of storage soon (see schedulePurge). */
  private purgeWanted = false
  private purgeTimer: NodeJS.Timeout | null = null
  private purging: Promise<void> | null = null
  private unsubscribe: (() => void) | null = null
  private destroyed = false
  /** Stored size at load plus every update accepted since: an upper bound on the document's size. */
  private approxBytes = 0
  /**
   * Who owns each Yjs client id, as far as this instance knows: loaded with the room, learnt from
   * every append. An id missing here may still be owned (claimed through another instance since
   * load); the store decides that at commit.
   */
  private readonly owners: Map<number, string>
  /** Updates of each connection accepted but not yet stored: its acknowledgement waits for them. */
  private readonly unstored = new Map<Connection, number>()

  /**
   * The durable document; null while the board is still only its stored snapshot (see `doc`).
   * Projectors opening a cold board are answered from the snapshot's bytes: the replay waits for
   * the first thing that needs the document (a write, a reconnecting client's diff, an export),
   * and so does the check that the board is not from a newer server (before any write).
   */
  private built: Y.Doc | null = null
  private snapshot: Uint8Array | null
  /** Set when the board turned out to be from a newer server: every socket is closed with 4426. */
  private tooNew: SchemaVersionError | null = null
  /** Only for the awareness' own client id: the server never has an awareness state itself. */
  private readonly awarenessDoc = new Y.Doc()

  private constructor(
    readonly name: string,
    source: { doc: Y.Doc } | { snapshot: Uint8Array },
    logLength: number,
    owners: Map<number, string>,
    private readonly deps: RoomDeps,
  ) {
    this.logLength = logLength
    this.owners = owners
    this.snapshot = 'snapshot' in source ? source.snapshot : null
    if ('doc' in source) this.wire(source.doc)
    this.awareness = new awarenessProtocol.Awareness(this.awarenessDoc)
    this.awareness.setLocalState(null)
    // States whose content changed in the current awareness event (y-protocols emits 'change' first).
    const contentChanged = new Set<number>()
    this.awareness.on('change', ({ added, updated, removed }: AwarenessChange) => {
      for (const id of [...added, ...updated, ...removed]) contentChanged.add(id)
    })
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      if (origin instanceof Object && this.conns.has(origin as Connection)) {
        const conn = origin as Connection
        for (const id of added) conn.awarenessIds.add(id)
        for (const id of removed) conn.awarenessIds.delete(id)
      }
      const local = origin !== REMOTE
      for (const id of [...added, ...updated, ...removed]) {
        // A renewal (same state, next clock) only keeps a client from timing out: it can wait a second.
        const batch = contentChanged.has(id) ? this.presence.now : this.presence.renewals
        if (batch === this.presence.now) this.presence.renewals.ids.delete(id)
        else if (this.presence.now.ids.has(id)) continue
        batch.ids.add(id)
        if (local) batch.local.add(id)
        batch.origins.add(origin)
      }
      contentChanged.clear()
      this.schedulePresence()
    })
  }

  /** The durable document, replayed from the stored snapshot the first time something needs it. */
  private get doc(): Y.Doc {
    if (this.built) return this.built
    const doc = boardDoc()
    Y.applyUpdate(doc, this.snapshot!)
    this.snapshot = null
    this.snapshotSV = null
    this.wire(doc)
    const version = readSchemaVersion(doc)
    if (version !== undefined && version > SCHEMA_VERSION) this.refuseVersion(new SchemaVersionError(version))
    return doc
  }

  private snapshotSV: Uint8Array | null = null

  /** The durable document's state vector, without a replay while it is only a snapshot. */
  private stateVector(): Uint8Array {
    if (this.built || !this.snapshot) return Y.encodeStateVector(this.doc)
    this.snapshotSV ??= Y.encodeStateVectorFromUpdate(this.snapshot)
    return this.snapshotSV
  }

  private wire(doc: Y.Doc): void {
    this.built = doc
    labelsRoot(doc).observe((e, tr) => {
      // The instance that stored a deletion purges it; the others only relay it.
      if (tr.origin === REMOTE) return
      for (const change of e.changes.keys.values()) {
        if (change.action === 'delete') {
          this.schedulePurge()
          return
        }
      }
    })
    if (this.deps.onPhotosDropped) {
      const report = this.deps.onPhotosDropped
      labelsRoot(doc).observeDeep((events, tr) => {
        // Like the purge: the instance that stored the change looks after the pictures.
        if (tr.origin === REMOTE) return
        const dropped = droppedPhotos(events)
        if (dropped.length > 0) report(dropped)
      })
    }
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.fullSync = null
      const msg = encodeUpdate(update)
      for (const c of this.conns) if (c !== origin) c.send(msg)
    })
  }

  private refuseVersion(e: SchemaVersionError): void {
    this.tooNew = e
    this.deps.log.error({ board: this.name, err: e }, 'board needs a newer server')
    for (const c of this.conns) c.close(CloseCode.VersionMismatch, 'board needs a newer server')
    this.conns.clear()
  }

  /**
   * Awareness waiting to be relayed: changed states go out once per tick, renewals once a second,
   * each as one message carrying every client's state (not one message per client per receiver).
   */
  private readonly presence = { now: newPresenceBatch(), renewals: newPresenceBatch() }
  private presenceTick: NodeJS.Immediate | null = null
  private renewalTimer: NodeJS.Timeout | null = null

  private schedulePresence(): void {
    if (this.presence.now.ids.size > 0 && !this.presenceTick) {
      this.presenceTick = setImmediate(() => {
        this.presenceTick = null
        this.relayPresence(this.presence.now)
      })
    }
    if (this.presence.renewals.ids.size > 0 && !this.renewalTimer) {
      this.renewalTimer = setTimeout(() => {
        this.renewalTimer = null
        this.relayPresence(this.presence.renewals)
      }, 1000)
      this.renewalTimer.unref()
    }
  }

  private relayPresence(batch: PresenceBatch): void {
    if (this.destroyed || batch.ids.size === 0) return
    const ids = [...batch.ids]
    const local = [...batch.local]
    // One sender only: it has its own state already (as the unbatched relay did, it is skipped).
    const skip = batch.origins.size === 1 ? [...batch.origins][0] : undefined
    batch.ids.clear()
    batch.local.clear()
    batch.origins.clear()
    const msg = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids))
    for (const c of this.conns) if (c !== skip && c.role !== Role.Viewer) c.send(msg)
    if (local.length === 0 || !this.deps.fanout) return
    this.deps.fanout.publishAwareness(
      this.name,
      local.length === ids.length
        ? msg
        : encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, local)),
    )
  }

  /** Loads a board fully from storage; no client is answered before this resolves. */
  static async load(name: string, deps: RoomDeps): Promise<Room> {
    const stored = await deps.store.load(name)
    const owners = stored.owners
    let room: Room
    const snapshot = stored.updates.length === 1 ? stored.updates[0]! : null
    if (snapshot) {
      // A compacted board is one snapshot: already the whole board. The first newcomer is answered
      // with its bytes and the replay waits until something needs the document (right after that).
      const sv = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(snapshot))
      for (const client of sv.keys()) if (!owners.has(client)) owners.set(client, UNKNOWN_OWNER)
      room = new Room(name, { snapshot }, stored.logLength, owners, deps)
      room.fullSync = encodeSyncStep2(snapshot)
    } else {
      const doc = boardDoc()
      doc.transact(() => {
        for (const u of stored.updates) Y.applyUpdate(doc, u)
      })
      const version = readSchemaVersion(doc)
      if (version !== undefined && version > SCHEMA_VERSION) throw new SchemaVersionError(version)
      for (const client of doc.store.clients.keys()) if (!owners.has(client)) owners.set(client, UNKNOWN_OWNER)
      room = new Room(name, { doc }, stored.logLength, owners, deps)
    }
    room.approxBytes = stored.updates.reduce((n, u) => n + u.byteLength, 0)
    if (deps.fanout) {
      room.unsubscribe = await deps.fanout.subscribe(name, {
        update: (u) => room.applyRemote(u),
        awareness: (m) => room.applyRemoteAwareness(m),
        resync: () => void room.resync(),
        disconnect: (subject, code) => void room.closeSubject(subject, code, 'closed by another instance'),
      })
    }
    return room
  }

  /** Closes every connection of `subject` with `code`; returns how many it closed. */
  closeSubject(subject: string, code: number, reason: string): number {
    let closed = 0
    for (const conn of [...this.conns]) {
      if (conn.subject !== subject) continue
      conn.close(code, reason)
      this.leave(conn)
      closed++
    }
    return closed
  }

  /** Registers a connection and starts the sync handshake. */
  join(conn: Connection): void {
    if (this.tooNew) {
      conn.close(CloseCode.VersionMismatch, 'board needs a newer server')
      return
    }
    this.conns.add(conn)
    conn.send(encodeSyncStep1(this.stateVector()))
    const states = [...this.awareness.getStates().keys()]
    if (states.length > 0 && conn.role !== Role.Viewer) {
      conn.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)))
    }
  }

  leave(conn: Connection): void {
    if (!this.conns.delete(conn)) return
    if (conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null)
    }
    this.maybeIdle()
  }

  /**
   * Handles one message from a connection; closes that connection (only) on bad input. Returns true
   * for an awareness message that changed nothing: stock y-websocket clients echo every awareness
   * update they are sent, so these are cheap for the sender's throttle (see RoomManager).
   */
  receive(conn: Connection, data: Uint8Array): boolean {
    if (this.tooNew) {
      conn.close(CloseCode.VersionMismatch, 'board needs a newer server')
      return false
    }
    let msg: ClientMessage
    try {
      msg = decodeClientMessage(data)
    } catch (e: unknown) {
      this.reject(conn, CloseCode.MalformedMessage, e)
      return false
    }
    switch (msg.type) {
      case 'sync-step-1': {
        // Every newcomer (an empty state vector) gets the same whole board: ~1.2 MB for 5,000 labels.
        if (isEmptyStateVector(msg.stateVector)) {
          this.fullSync ??= encodeSyncStep2(Y.encodeStateAsUpdate(this.doc))
          conn.send(this.fullSync)
          return false
        }
        let diff: Uint8Array
        try {
          diff = Y.encodeStateAsUpdate(this.doc, msg.stateVector)
        } catch (e: unknown) {
          this.reject(conn, CloseCode.MalformedMessage, e)
          return false
        }
        conn.send(encodeSyncStep2(diff))
        return false
      }
      case 'update':
        this.receiveUpdate(conn, msg.update)
        return false
      case 'awareness':
        if (conn.role === Role.Viewer) return false
        if (msg.update.byteLength > this.deps.limits.maxAwarenessBytes) {
          this.reject(conn, CloseCode.Limit, new Error('awareness state too large'))
          return false
        }
        try {
          assertAwarenessEncodable(msg.update)
          let changed = false
          const onUpdate = (_: unknown, origin: unknown) => {
            if (origin === conn) changed = true
          }
          this.awareness.on('update', onUpdate)
          try {
            awarenessProtocol.applyAwarenessUpdate(this.awareness, msg.update, conn)
          } finally {
            this.awareness.off('update', onUpdate)
          }
          return !changed
        } catch (e: unknown) {
          this.reject(conn, CloseCode.MalformedMessage, e)
        }
        return false
      case 'query-awareness':
        conn.send(
          encodeAwareness(
            awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]),
          ),
        )
        return false
      case 'auth':
        return false
    }
  }

  private receiveUpdate(conn: Connection, update: Uint8Array): void {
    let changes: Change[]
    // Yjs client ids whose clock this update advances: structs written "as" those devices.
    const advanced: number[] = []
    let meta: { from: Map<number, number> }
    const onAfter = (tr: Y.Transaction) => {
      for (const [client, clock] of tr.afterState) if (clock > (tr.beforeState.get(client) ?? 0)) advanced.push(client)
    }
    try {
      // Yjs preallocates the struct count an update declares: 7 bytes claiming ~30M structs cost
      // seconds and hundreds of MB (yjs#687). A lazy pass first proves every declared struct is
      // there; and garbage refused here leaves the probe untouched, so it needs no rebuild.
      meta = Y.parseUpdateMeta(update)
    } catch (e: unknown) {
      this.reject(conn, CloseCode.MalformedMessage, e)
      return
    }
    // Anyone can name any client id in an update. Structs under an id someone else owns are refused
    // even where they add nothing: else a participant who claimed a phone's id first (seen in its
    // awareness) would have that phone's labels skipped as already there, yet acknowledged.
    if ([...meta.from.keys()].some((c) => !this.mayWrite(conn, c))) {
      this.reject(conn, CloseCode.Forbidden, new Error("cannot write in another device's name"))
      return
    }
    // A stock client's sync step 2 when it has nothing we lack: changes nothing, needs no probe.
    if (isEmptyUpdate(update)) {
      this.ackIfAsked(conn)
      return
    }
    const probe = this.probeDoc()
    // The replay that built the probe found a board from a newer server: everyone is closed already.
    if (this.tooNew) return
    probe.on('afterTransaction', onAfter)
    try {
      changes = applyAndCollect(probe, update, conn)
    } catch (e: unknown) {
      probe.off('afterTransaction', onAfter)
      this.rebuildProbe()
      this.reject(conn, CloseCode.MalformedMessage, e)
      return
    }
    probe.off('afterTransaction', onAfter)
    // Filling another phone's next clocks (e.g. one tiny GC struct) would make Yjs skip that phone's labels.
    const spoofed = advanced.find((c) => !this.mayWrite(conn, c))
    if (spoofed !== undefined || (advanced.length > 0 && conn.role === Role.Viewer)) {
      this.rebuildProbe()
      const reason = spoofed !== undefined ? "cannot write in another device's name" : 'viewers cannot write'
      this.reject(conn, CloseCode.Forbidden, new Error(reason))
      return
    }
    const store = probe.store
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      // The update refers to content nobody sent us: it can never integrate.
      this.rebuildProbe()
      this.reject(conn, CloseCode.MalformedMessage, new Error('update depends on unknown content'))
      return
    }
    // Structs that change nothing visible (an edit inside a label deleted meanwhile, garbage-collected
    // ranges) are stored too, so the probe never runs ahead of durable doc + queue: later updates
    // build on those clocks. Big ones are junk, not a race, and would only fill the board.
    if (changes.length === 0 && advanced.length > 0 && update.byteLength > MAX_INVISIBLE_UPDATE_BYTES) {
      this.rebuildProbe()
      this.reject(conn, CloseCode.MalformedMessage, new Error('update changes nothing on the board'))
      return
    }
    if (changes.length > 0 || advanced.length > 0) {
      const refusal = checkChanges(changes, {
        role: conn.role,
        subject: conn.subject,
        settings: readSettings(probe),
        categoryIds: new Set(readLegend(probe).map((c) => c.id)),
        themeIds: new Set(readThemes(probe).map((t) => t.id)),
        step: readStep(probe),
        voteRound: readVoteRound(probe),
        labelExists: (id) => labelsRoot(probe).has(id),
        categoryInUse: (id) => countLabelsInCategory(probe, id) > 0,
      })
      const limit = refusal ? null : this.checkLimits(conn, changes, update.byteLength)
      if (refusal || limit) {
        this.rebuildProbe()
        if (refusal) this.reject(conn, CloseCode.Forbidden, new Error(refusal.reason))
        else this.reject(conn, CloseCode.BoardFull, new Error(limit ?? 'limit'))
        return
      }
      this.approxBytes += update.byteLength
      // Provisional until stored (the store may know an owner we do not): undone if refused.
      for (const c of advanced) if (!this.owners.has(c)) this.owners.set(c, conn.subject)
      this.queue.push({ update, from: conn, subject: conn.subject, clients: advanced })
      this.unstored.set(conn, (this.unstored.get(conn) ?? 0) + 1)
      this.scheduleFlush()
    }
    this.ackIfAsked(conn)
  }

  /**
   * Whether `conn` may write under Yjs client id `client`: it owns it, or nobody we know of does and
   * no other subject connected here announced it in awareness (a device that has not written yet).
   * The store has the last word at commit.
   */
  private mayWrite(conn: Connection, client: number): boolean {
    const owner = this.owners.get(client)
    if (owner !== undefined) return owner === conn.subject
    for (const c of this.conns) if (c.subject !== conn.subject && c.awarenessIds.has(client)) return false
    return true
  }

  private ackIfAsked(conn: Connection): void {
    if (!conn.wantsAck) return
    conn.ackPending = true
    if (!this.unstored.has(conn)) this.sendAcks()
  }

  private checkLimits(conn: Connection, changes: readonly Change[], updateBytes: number): string | null {
    const { limits } = this.deps
    if (this.approxBytes + updateBytes > limits.maxDocBytes) return 'the board is full'
    const adds = changes.filter((c) => c.kind === 'entry' && c.root === 'labels' && c.action === 'add').length
    if (adds === 0) return null
    const held = this.deps.heldLabels?.(conn.subject) ?? { total: 0, mine: 0 }
    if (this.labelAuthor.size + held.total > limits.maxLabels) return `a board holds at most ${limits.maxLabels} labels`
    const mine = (this.labelsBy.get(conn.subject) ?? 0) + held.mine
    if (conn.role === Role.Participant && mine > limits.maxLabelsPerParticipant) {
      return `at most ${limits.maxLabelsPerParticipant} labels each`
    }
    return null
  }

  /**
   * Keeps label counts (in all and per author) of the probe up to date from
   * its own events, so the limits cost nothing per update on a 5,000-label board.
   */
  private watchProbeLabels(probe: Y.Doc): void {
    this.labelAuthor.clear()
    this.labelsBy.clear()
    const labels = labelsRoot(probe)
    const count = (author: string, delta: number) => this.labelsBy.set(author, (this.labelsBy.get(author) ?? 0) + delta)
    const track = (id: string) => {
      const before = this.labelAuthor.get(id)
      if (before !== undefined) count(before, -1)
      const m = labels.get(id)
      if (m instanceof Y.Map) {
        const author = String(m.get('author') ?? '')
        this.labelAuthor.set(id, author)
        count(author, 1)
      } else this.labelAuthor.delete(id)
    }
    for (const id of labels.keys()) track(id)
    labels.observe((e) => {
      for (const id of e.keysChanged) track(id)
    })
  }

  private reject(conn: Connection, code: number, e: unknown): void {
    const reason = e instanceof Error ? e.message : String(e)
    this.deps.log.warn({ board: this.name, role: conn.role, code, reason }, 'closing socket after bad message')
    // Close reasons are limited to 123 bytes by the websocket protocol.
    conn.close(code, (e instanceof MalformedMessageError ? 'malformed message' : reason).slice(0, 120))
  }

  /** The probe, built (with its label counts) the first time an update needs it. */
  private probeDoc(): Y.Doc {
    return this.probe ?? this.rebuildProbe()
  }

  /** Rebuilds the probe as durable state plus whatever is still waiting to be stored. */
  private rebuildProbe(): Y.Doc {
    this.probe?.destroy()
    const probe = cloneDoc(this.doc)
    this.watchProbeLabels(probe)
    for (const q of this.queue) Y.applyUpdate(probe, q.update)
    this.probe = probe
    return probe
  }

  private scheduleFlush(): void {
    if (this.flushing) return
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null
      this.maybeIdle()
    })
  }

  /**
   * Stores queued updates in batches (one transaction per batch, so fsync is
   * shared), then applies them to the durable doc, which relays them. If the
   * store is down, keeps retrying with backoff: nothing accepted is dropped.
   */
  private async flushLoop(): Promise<void> {
    // Let the current tick's messages join this batch.
    await new Promise<void>((r) => setImmediate(r))
    let delay = 50
    while (this.queue.length > 0 && !this.destroyed) {
      const batch = this.queue.slice()
      let refused: number[]
      try {
        ;({ refused } = await this.deps.store.append(
          this.name,
          batch.map((q) => ({ update: q.update, subject: q.subject, clients: q.clients })),
        ))
      } catch (e: unknown) {
        this.deps.log.error({ board: this.name, err: e }, 'storing updates failed; retrying')
        await new Promise((r) => setTimeout(r, delay))
        delay = Math.min(delay * 2, 2000)
        continue
      }
      delay = 50
      this.queue.splice(0, batch.length)
      const stored = refused.length === 0 ? batch : batch.filter((_, i) => !refused.includes(i))
      for (const q of batch) if (q.from) this.settle(q.from)
      for (const q of stored) {
        for (const c of q.clients) this.owners.set(c, q.subject)
        Y.applyUpdate(this.doc, q.update, q.from)
      }
      if (stored.length > 0) {
        this.deps.fanout?.publishUpdate(
          this.name,
          stored.length === 1 ? stored[0]!.update : Y.mergeUpdates(stored.map((q) => q.update)),
        )
      }
      if (refused.length > 0) this.refuseStored(refused.map((i) => batch[i]!))
      this.logLength += stored.length
      this.sendAcks()
      if (this.logLength >= this.deps.limits.compactAfter) void this.compact()
    }
  }

  private settle(conn: Connection): void {
    const left = (this.unstored.get(conn) ?? 1) - 1
    if (left > 0) this.unstored.set(conn, left)
    else this.unstored.delete(conn)
  }

  /**
   * The store refused these updates: they write under a client id another subject owns (claimed
   * through another instance since we looked). Nothing of them was stored or relayed; their
   * senders are closed like any forged update, and what they queued since is dropped with them.
   */
  private refuseStored(refused: readonly Queued[]): void {
    const subjects = new Set(refused.map((q) => q.subject))
    for (const q of refused) {
      for (const c of q.clients) if (this.owners.get(c) === q.subject) this.owners.delete(c)
    }
    const dropped = this.queue.filter((q) => subjects.has(q.subject))
    if (dropped.length > 0) this.queue = this.queue.filter((q) => !subjects.has(q.subject))
    const senders = new Set<Connection>()
    for (const q of [...refused, ...dropped]) {
      if (q.from) senders.add(q.from)
      else this.deps.log.error({ board: this.name }, "the store refused the server's own change")
    }
    for (const q of dropped) if (q.from) this.settle(q.from)
    this.rebuildProbe()
    for (const conn of senders) {
      this.reject(conn, CloseCode.Forbidden, new Error("cannot write in another device's name"))
    }
    // Learn the owners we lacked (and whatever else the other instance stored).
    void this.resync()
  }

  /**
   * Acknowledges to each connection that asked, once nothing it sent is waiting to be stored, the
   * stored clocks of every client id not owned by someone else: an ack never vouches for structs
   * another subject wrote under a device's id.
   */
  private sendAcks(): void {
    let clocks: Map<number, number> | null = null
    for (const c of this.conns) {
      if (!c.ackPending || this.unstored.has(c)) continue
      c.ackPending = false
      clocks ??= Y.decodeStateVector(Y.encodeStateVector(this.doc))
      const own = new Map<number, number>()
      for (const [client, clock] of clocks) {
        const owner = this.owners.get(client)
        if (owner === undefined || owner === c.subject) own.set(client, clock)
      }
      c.send(encodeAck(Y.encodeStateVector(own)))
    }
  }

  /**
   * Folds the log into one snapshot. Rebuilt from storage (not from memory)
   * so updates another instance stored, but we have not yet seen, are kept.
   */
  async compact(opts: { purge?: boolean } = {}): Promise<void> {
    // A routine compaction already running is enough; a purge must fold in everything stored before it.
    if (this.compacting && !opts.purge) return
    while (this.compacting) await this.compacting
    this.compacting = this.compactNow(opts.purge === true).finally(() => {
      this.compacting = null
    })
    await this.compacting
  }

  private async compactNow(purge: boolean): Promise<void> {
    try {
      // The store replays its own log (the SQLite worker does it off this thread), so updates another
      // instance stored, but we have not seen yet, are kept; garbage-collected, so a deleted label's
      // content is not in the snapshot.
      const folded = await this.deps.store.fold(this.name, { purge })
      this.logLength = Math.max(0, this.logLength - folded)
    } catch (e: unknown) {
      this.deps.log.error({ board: this.name, err: e }, 'compaction failed; will retry later')
      if (purge) this.purgeWanted = true
    }
  }

  /**
   * A deleted label's text still sits in the update log and the last snapshot. Shortly after a
   * deletion (so a few deletions share one pass) the board is compacted and the store makes sure
   * the old bytes are gone from its files. The room stays loaded until that is done.
   */
  private schedulePurge(): void {
    this.purgeWanted = true
    if (this.purgeTimer || this.destroyed) return
    this.purgeTimer = setTimeout(() => {
      this.purgeTimer = null
      void this.runPurge()
    }, this.deps.limits.purgeAfterMs)
    this.purgeTimer.unref()
  }

  private runPurge(): Promise<void> {
    this.purging ??= (async () => {
      let failures = 0
      while (this.purgeWanted && !this.destroyed && failures < 5) {
        // The deletion itself must be stored first.
        await this.flushed()
        this.purgeWanted = false
        await this.compact({ purge: true })
        if (this.purgeWanted) {
          failures++
          await new Promise((r) => setTimeout(r, 200 * failures))
        }
      }
    })().finally(() => {
      this.purging = null
      this.maybeIdle()
    })
    return this.purging
  }

  /** Resolves once every deletion accepted so far is purged from storage (graceful shutdown). */
  async purged(): Promise<void> {
    if (this.purgeTimer) {
      clearTimeout(this.purgeTimer)
      this.purgeTimer = null
      void this.runPurge()
    }
    while (this.purging) await this.purging
  }

  /** An update another instance stored and published: already durable, so relay it directly. */
  private applyRemote(update: Uint8Array): void {
    try {
      if (this.probe) Y.applyUpdate(this.probe, update, REMOTE)
      Y.applyUpdate(this.doc, update, REMOTE)
    } catch (e: unknown) {
      this.deps.log.error({ board: this.name, err: e }, 'ignoring an undecodable update from another instance')
    }
  }

  /**
   * Catches up with updates other instances stored while their messages could
   * not reach us. Yjs ignores what we already have, so nothing is doubled and
   * only what was missing is relayed to our clients.
   */
  async resync(): Promise<void> {
    try {
      const stored = await this.deps.store.load(this.name)
      if (this.destroyed) return
      for (const [client, owner] of stored.owners) this.owners.set(client, owner)
      this.applyRemote(stored.updates.length === 1 ? stored.updates[0]! : Y.mergeUpdates(stored.updates))
    } catch (e: unknown) {
      this.deps.log.error({ board: this.name, err: e }, 'catching up from storage failed')
    }
  }

  private applyRemoteAwareness(message: Uint8Array): void {
    try {
      const msg = decodeClientMessage(message)
      if (msg.type === 'awareness') awarenessProtocol.applyAwarenessUpdate(this.awareness, msg.update, REMOTE)
    } catch (e: unknown) {
      this.deps.log.warn({ board: this.name, err: e }, 'ignoring bad awareness from another instance')
    }
  }

  /**
   * Makes a change on the server's own authority (reveal, approve, fork…) and
   * resolves once it is stored and relayed. `fn` sees the accepted state.
   */
  async applyServerChange<T>(fn: (doc: Y.Doc) => T): Promise<T> {
    const updates: Uint8Array[] = []
    const collect = (u: Uint8Array) => updates.push(u)
    if (this.tooNew) throw this.tooNew
    const probe = this.probeDoc()
    if (this.tooNew) throw this.tooNew
    if (!this.owners.has(probe.clientID)) this.owners.set(probe.clientID, SERVER_SUBJECT)
    probe.on('update', collect)
    let result: T
    try {
      result = probe.transact(() => fn(probe), Origin.Server)
    } finally {
      probe.off('update', collect)
    }
    if (updates.length > 0) {
      const clients = [probe.clientID]
      for (const update of updates) this.queue.push({ update, from: null, subject: SERVER_SUBJECT, clients })
      this.scheduleFlush()
      await this.flushed()
    }
    return result
  }

  /** Reads the accepted state (durable plus what is being stored). Never write to it. */
  read<T>(fn: (doc: Y.Doc) => T): T {
    return fn(this.probe ?? this.doc)
  }

  /** True when nothing accepted is still waiting to be stored. */
  get settled(): boolean {
    return this.queue.length === 0 && this.flushing === null && this.purgeTimer === null && this.purging === null
  }

  /** Resolves once everything accepted so far is stored. */
  async flushed(): Promise<void> {
    while (this.flushing) await this.flushing
  }

  private maybeIdle(): void {
    if (this.conns.size === 0 && this.settled && !this.destroyed) this.deps.onIdle(this)
  }

  /** Closes every connection with `code` and frees memory; call after {@link flushed}. */
  destroy(code: number = CloseCode.GoingAway, reason = 'server closing'): void {
    if (this.destroyed) return
    this.destroyed = true
    if (this.purgeTimer) clearTimeout(this.purgeTimer)
    if (this.presenceTick) clearImmediate(this.presenceTick)
    if (this.renewalTimer) clearTimeout(this.renewalTimer)
    for (const c of this.conns) c.close(code, reason)
    this.conns.clear()
    this.unsubscribe?.()
    this.awareness.destroy()
    this.awarenessDoc.destroy()
    this.probe?.destroy()
    this.built?.destroy()
  }

  /** Read-only view of the durable document (for exports and tests). Never write to it. */
  get durableDoc(): Y.Doc {
    return this.doc
  }
}

/**
 * Throws unless every state in an awareness update can be encoded again: a state nested too deep
 * for JSON.stringify would otherwise be kept and make every later join or query throw.
 */
function assertAwarenessEncodable(update: Uint8Array): void {
  const d = decoding.createDecoder(update)
  const n = decoding.readVarUint(d)
  for (let i = 0; i < n; i++) {
    decoding.readVarUint(d)
    decoding.readVarUint(d)
    JSON.stringify(JSON.parse(decoding.readVarString(d)))
  }
}

/** A state vector naming no client: the sender has nothing yet. */
function isEmptyStateVector(sv: Uint8Array): boolean {
  return sv.byteLength === 1 && sv[0] === 0
}

/** An update with no structs and no deletions, as Yjs encodes it: zero clients, then an empty delete set. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.byteLength === 2 && update[0] === 0 && update[1] === 0
}

function cloneDoc(doc: Y.Doc): Y.Doc {
  const copy = boardDoc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

/** A document with the schema's roots typed as maps before any update arrives (else Yjs makes untyped roots). */
function boardDoc(): Y.Doc {
  const doc = new Y.Doc()
  typeRoots(doc)
  return doc
}
