/** Interfaces the sync core depends on; transports and fan-out implement them. */
import type { Role } from '@vaegavis/shared'

/** The minimal socket the sync core needs: no `ws`, no Fastify. */
export interface SyncSocket {
  send(data: Uint8Array): void
  close(code: number, reason: string): void
}

/** A client connected to one board. */
export interface Connection extends SyncSocket {
  readonly role: Role
  /** Participant id, facilitator user id or share-link id. */
  readonly subject: string
  /** The client asked for durable-storage acknowledgements (`?ack=1`). */
  readonly wantsAck: boolean
  /** Awareness client ids this connection introduced, removed when it leaves. */
  readonly awarenessIds: Set<number>
  /** An acknowledgement is owed once the current batch is stored. */
  ackPending: boolean
}

/** Pino-compatible logger subset. */
export interface Logger {
  debug(obj: object, msg: string): void
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
  error(obj: object, msg: string): void
}

export interface RoomLimits {
  /** Labels a board may hold. */
  maxLabels: number
  /** Bytes of one awareness update. */
  maxAwarenessBytes: number
  /** Log entries after which a board's updates are compacted into one snapshot. */
  compactAfter: number
  /** Milliseconds after a label is deleted before its text is compacted out of storage. */
  purgeAfterMs: number
  /** Milliseconds an empty board stays in memory before it is unloaded. */
  idleUnloadMs: number
  /** Labels one participant may have on a board at once. */
  maxLabelsPerParticipant: number
  /** Approximate bytes of a board's document (stored state plus accepted updates since load). */
  maxDocBytes: number
  /** Messages per second a connection may send on average, and in one burst. */
  messagesPerSecond: number
  messageBurst: number
  /**
   * Bytes per second a connection may send on average, and in one burst. The
   * burst must hold the largest message the socket accepts, or an honest
   * client with a long offline backlog could never deliver it.
   */
  bytesPerSecond: number
  byteBurst: number
  /**
   * Sockets one participant may hold open on a board at once. Each socket
   * has its own buckets above, so without this a script with one join could
   * multiply its allowance; a phone needs one, a few tabs or a reconnect
   * overlapping its old socket a couple more.
   */
  maxSocketsPerParticipant: number
}

export const DEFAULT_LIMITS: RoomLimits = {
  maxLabels: 10_000,
  maxAwarenessBytes: 32 * 1024,
  compactAfter: 500,
  purgeAfterMs: 1000,
  idleUnloadMs: 30_000,
  maxLabelsPerParticipant: 300,
  maxDocBytes: 32 * 1024 * 1024,
  messagesPerSecond: 100,
  messageBurst: 400,
  // A phone sends well under a kilobyte per label or dot; a facilitator's drag a few hundred bytes a frame.
  bytesPerSecond: 512 * 1024,
  byteBurst: 4 * 1024 * 1024,
  maxSocketsPerParticipant: 8,
}

/** Relays stored updates and awareness between server instances (Redis in production). */
export interface Fanout {
  /** Publishes an update this instance has durably stored. */
  publishUpdate(board: string, update: Uint8Array): void
  /** Publishes an encoded awareness message. */
  publishAwareness(board: string, message: Uint8Array): void
  /**
   * Asks the other instances to close `subject`'s sockets on a board with `code` (a removed participant).
   * Not retried: a socket missed while Redis is away is refused at its next connect, its token being ended.
   */
  publishDisconnect(board: string, subject: string, code: number): void
  /** Receives other instances' messages for a board; resolves to an unsubscribe function. */
  subscribe(
    board: string,
    handlers: {
      update: (u: Uint8Array) => void
      awareness: (m: Uint8Array) => void
      /** Messages may have been missed (e.g. Redis was down): catch up from storage. */
      resync: () => void
      /** Close this subject's sockets on the board with `code`. */
      disconnect: (subject: string, code: number) => void
    },
  ): Promise<() => void>
  close(): Promise<void>
}
