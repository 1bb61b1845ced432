/**
 * Loads boards on demand, hands connections to them, and unloads a board
 * once it is empty and everything it accepted is stored.
 */
import { CloseCode, heldDocName, parseDocName, Role } from '@vaegavis/shared'
import type { DocStore } from '../storage/types.ts'
import { HeldLabelCounts } from './heldCounts.ts'
import { Room, SchemaVersionError } from './Room.ts'
import { type Connection, DEFAULT_LIMITS, type Fanout, type Logger, type RoomLimits, type SyncSocket } from './types.ts'

export interface RoomManagerOptions {
  store: DocStore
  log: Logger
  limits?: Partial<RoomLimits>
  fanout?: Fanout
}

/** What a transport holds for one open socket. */
export interface ConnectionHandle {
  /** Passes one message on; messages that arrive while the board loads are buffered in order. */
  receive(data: Uint8Array): void
  /** The socket closed. */
  closed(): void
}

export class RoomManager {
  private readonly rooms = new Map<string, Promise<Room>>()
  private readonly idleTimers = new Map<string, NodeJS.Timeout>()
  /** Open sockets per participant and board (`<board> <participant>`), counted before the board loads. */
  private readonly participantSockets = new Map<string, number>()
  readonly limits: RoomLimits
  private closing = false
  private readonly held = new HeldLabelCounts()
  private photosDropped: ((boardId: string, hashes: string[]) => void) | null = null

  constructor(private readonly opts: RoomManagerOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits }
  }

  /**
   * Tells `fn` which picture hashes labels of a board (wall or held document) stopped naming, so
   * the picture store can drop the ones nothing names any more. One listener: the picture store's.
   */
  onPhotosDropped(fn: (boardId: string, hashes: string[]) => void): void {
    this.photosDropped = fn
  }

  /** The loaded room for a board, loading it if needed. */
  open(name: string): Promise<Room> {
    const timer = this.idleTimers.get(name)
    if (timer) {
      clearTimeout(timer)
      this.idleTimers.delete(name)
    }
    let room = this.rooms.get(name)
    if (!room) {
      const { boardId, held } = parseDocName(name)
      room = Room.load(name, {
        store: this.opts.store,
        log: this.opts.log,
        limits: this.limits,
        fanout: this.opts.fanout,
        onIdle: (r) => this.scheduleUnload(r),
        heldLabels: held ? undefined : (subject) => this.held.of(boardId, subject),
        onPhotosDropped: (hashes) => this.photosDropped?.(boardId, hashes),
      })
      this.rooms.set(name, room)
      room.then((r) => this.held.track(r)).catch(() => this.rooms.delete(name))
      // A wall counts its held labels too: load them once, as the wall loads, to count them.
      if (!held && !this.held.known(boardId)) void this.withRoom(heldDocName(boardId), () => undefined).catch(() => {})
    }
    return room
  }

  /**
   * Connects a socket to a board. Returns synchronously so the transport can
   * attach its message listener before the first message can arrive.
   */
  connect(name: string, socket: SyncSocket, who: { role: Role; subject: string; wantsAck: boolean }): ConnectionHandle {
    const conn: Connection = {
      role: who.role,
      subject: who.subject,
      wantsAck: who.wantsAck,
      awarenessIds: new Set(),
      ackPending: false,
      send: (d) => socket.send(d),
      close: (code, reason) => {
        // Whatever the socket sent after the message that closed it is not looked at (each refusal rebuilds the probe).
        gone = true
        socket.close(code, reason)
      },
    }
    let room: Room | null = null
    let buffer: Uint8Array[] | null = []
    let gone = false
    const counted = who.role === Role.Participant ? `${name} ${who.subject}` : null
    if (counted !== null) {
      const open = (this.participantSockets.get(counted) ?? 0) + 1
      this.participantSockets.set(counted, open)
      if (open > this.limits.maxSocketsPerParticipant) {
        this.opts.log.warn({ board: name, open }, 'closing a socket beyond the per-participant limit')
        conn.close(CloseCode.Limit, 'too many connections')
      }
    }
    let uncounted = false
    const uncount = () => {
      if (counted === null || uncounted) return
      uncounted = true
      const left = (this.participantSockets.get(counted) ?? 1) - 1
      if (left > 0) this.participantSockets.set(counted, left)
      else this.participantSockets.delete(counted)
    }
    // Token buckets, one for messages and one for bytes: a flood of either closes this socket
    // with 4429 before it can slow the board for everyone.
    const { messagesPerSecond, messageBurst, bytesPerSecond, byteBurst } = this.limits
    let tokens = messageBurst
    let bytes = byteBurst
    let refilledAt = Date.now()
    const allow = (size: number): boolean => {
      const now = Date.now()
      const elapsed = (now - refilledAt) / 1000
      tokens = Math.min(messageBurst, tokens + elapsed * messagesPerSecond)
      bytes = Math.min(byteBurst, bytes + elapsed * bytesPerSecond)
      refilledAt = now
      if (tokens < 1 || bytes < size) return false
      tokens -= 1
      bytes -= size
      return true
    }
    this.open(name).then(
      (r) => {
        if (gone) {
          this.scheduleUnloadIfEmpty(r)
          return
        }
        room = r
        r.join(conn)
        const pending = buffer ?? []
        buffer = null
        for (const m of pending) if (!gone) r.receive(conn, m)
      },
      (e: unknown) => {
        this.opts.log.error({ board: name, err: e }, 'could not load board')
        const code = e instanceof SchemaVersionError ? CloseCode.VersionMismatch : CloseCode.InternalError
        socket.close(code, e instanceof SchemaVersionError ? 'board needs a newer server' : 'could not load board')
      },
    )
    return {
      receive: (data) => {
        if (gone) return
        if (!allow(data.byteLength)) {
          gone = true
          this.opts.log.warn({ board: name, role: who.role }, 'closing a socket that sends too much')
          socket.close(CloseCode.Limit, 'too many messages')
          return
        }
        // An awareness echo (a stock client repeating what it was just sent) costs a quarter message and a
        // quarter of its bytes, so one flooder cannot push every honest client on the board over either limit.
        if (room) {
          if (room.receive(conn, data)) {
            tokens = Math.min(messageBurst, tokens + 0.75)
            bytes = Math.min(byteBurst, bytes + data.byteLength * 0.75)
          }
        } else buffer?.push(data)
      },
      closed: () => {
        gone = true
        buffer = null
        uncount()
        room?.leave(conn)
      },
    }
  }

  private scheduleUnloadIfEmpty(room: Room): void {
    if (room.conns.size === 0 && room.settled) this.scheduleUnload(room)
  }

  private scheduleUnload(room: Room): void {
    if (this.closing || this.idleTimers.has(room.name)) return
    const t = setTimeout(() => {
      this.idleTimers.delete(room.name)
      if (room.conns.size > 0 || !room.settled) return
      this.rooms.delete(room.name)
      room.destroy()
    }, this.limits.idleUnloadMs)
    t.unref()
    this.idleTimers.set(room.name, t)
  }

  /** Runs `fn` on a board's room, loading it if needed and letting it unload afterwards when nobody is connected. */
  async withRoom<T>(name: string, fn: (room: Room) => Promise<T> | T): Promise<T> {
    const room = await this.open(name)
    try {
      return await fn(room)
    } finally {
      this.scheduleUnloadIfEmpty(room)
    }
  }

  /** The room if it is loaded (for tests and exports); does not load it. */
  async peek(name: string): Promise<Room | undefined> {
    const r = this.rooms.get(name)
    return r ? r.catch(() => undefined) : undefined
  }

  get loadedCount(): number {
    return this.rooms.size
  }

  /** Closes a board's connections with `code` (e.g. the board was deleted) and unloads it. */
  async evict(name: string, code: number, reason: string): Promise<void> {
    const r = this.rooms.get(name)
    if (!r) return
    this.rooms.delete(name)
    const room = await r.catch(() => undefined)
    if (!room) return
    await room.flushed()
    room.destroy(code, reason)
  }

  /**
   * Closes the connections of one subject (a facilitator who lost access) in
   * a loaded room with `code`; everyone else stays. On this instance only:
   * a socket on another instance keeps its session, but its next connect is
   * checked again and refused.
   */
  async disconnect(name: string, subject: string, code: number, reason: string): Promise<number> {
    const room = await this.peek(name)
    if (!room) return 0
    let closed = 0
    for (const conn of [...room.conns]) {
      if (conn.subject !== subject) continue
      conn.close(code, reason)
      room.leave(conn)
      closed++
    }
    return closed
  }

  /** Graceful shutdown: stores everything accepted, then closes every socket with 1001. */
  async close(): Promise<void> {
    this.closing = true
    for (const t of this.idleTimers.values()) clearTimeout(t)
    this.idleTimers.clear()
    const rooms = await Promise.all([...this.rooms.values()].map((r) => r.catch(() => undefined)))
    this.rooms.clear()
    for (const room of rooms) {
      if (!room) continue
      await room.flushed()
      await room.purged()
      room.destroy(CloseCode.GoingAway, 'server restarting')
    }
  }
}
