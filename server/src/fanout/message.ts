/**
 * The bytes one instance publishes to the others: pure, no I/O.
 *
 * Layout: `[format version][kind][id length n][n bytes instance id, UTF-8][payload]`.
 * The instance id lets a subscriber drop its own messages, which Redis
 * echoes back to every subscriber of the channel, the publisher included.
 */

/** Bumped on any layout change; a subscriber ignores versions it does not know. */
export const FANOUT_FORMAT_VERSION = 1

/** What a fan-out message carries. */
export const MessageKind = {
  /** A Yjs update the publisher has durably stored. */
  Update: 0,
  /** An encoded y-websocket awareness message. */
  Awareness: 1,
  /** No payload: the publisher could not relay some updates, so reload the board from storage. */
  Resync: 2,
  /** Payload `[close code, 2 bytes big-endian][subject, UTF-8]`: close that subject's sockets on the board. */
  Disconnect: 3,
} as const
export type MessageKind = (typeof MessageKind)[keyof typeof MessageKind]

/** Longest instance id in bytes (its length is one header byte). */
export const MAX_INSTANCE_ID_BYTES = 255

const CHANNEL_PREFIX = 'vaegavis:board:'

export interface FanoutMessage {
  kind: MessageKind
  instanceId: string
  payload: Uint8Array
}

export class MalformedFanoutMessageError extends Error {
  readonly code = 'VGA_ERR_MALFORMED_FANOUT_MESSAGE'
  constructor(reason: string) {
    super(`malformed fan-out message: ${reason}`)
    this.name = 'MalformedFanoutMessageError'
  }
}

/** The Redis channel that carries one board's messages. */
export function boardChannel(board: string): string {
  return CHANNEL_PREFIX + board
}

/** The board a channel belongs to, or `null` for a channel that is not a board's. */
export function boardFromChannel(channel: string): string | null {
  return channel.startsWith(CHANNEL_PREFIX) ? channel.slice(CHANNEL_PREFIX.length) : null
}

/** The instance id as header bytes; throws a RangeError if it is empty or too long. */
export function encodeInstanceId(instanceId: string): Buffer {
  const bytes = Buffer.from(instanceId, 'utf8')
  if (bytes.byteLength === 0 || bytes.byteLength > MAX_INSTANCE_ID_BYTES) {
    throw new RangeError(`instance id must be 1–${MAX_INSTANCE_ID_BYTES} UTF-8 bytes, got ${bytes.byteLength}`)
  }
  return bytes
}

/** Frames a payload; `instanceId` comes from {@link encodeInstanceId}. */
export function encodeFanoutMessage(kind: MessageKind, instanceId: Buffer, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(3 + instanceId.byteLength + payload.byteLength)
  out[0] = FANOUT_FORMAT_VERSION
  out[1] = kind
  out[2] = instanceId.byteLength
  instanceId.copy(out, 3)
  out.set(payload, 3 + instanceId.byteLength)
  return out
}

/** Unframes a message; the payload is a copy, safe to keep. Throws {@link MalformedFanoutMessageError}. */
export function decodeFanoutMessage(data: Uint8Array): FanoutMessage {
  if (data.byteLength < 3) throw new MalformedFanoutMessageError(`${data.byteLength} bytes is shorter than the header`)
  const version = data[0]!
  if (version !== FANOUT_FORMAT_VERSION) throw new MalformedFanoutMessageError(`unknown format version ${version}`)
  const kind = data[1]!
  if (!isKind(kind)) throw new MalformedFanoutMessageError(`unknown kind ${kind}`)
  const idLength = data[2]!
  if (idLength === 0 || data.byteLength < 3 + idLength) throw new MalformedFanoutMessageError('bad instance id length')
  const instanceId = Buffer.from(data.buffer, data.byteOffset + 3, idLength).toString('utf8')
  return { kind, instanceId, payload: new Uint8Array(data.subarray(3 + idLength)) }
}

function isKind(n: number): n is MessageKind {
  return (
    n === MessageKind.Update || n === MessageKind.Awareness || n === MessageKind.Resync || n === MessageKind.Disconnect
  )
}

/** The payload of a {@link MessageKind.Disconnect} message. */
export function encodeDisconnect(subject: string, code: number): Uint8Array {
  const subjectBytes = Buffer.from(subject, 'utf8')
  const out = Buffer.allocUnsafe(2 + subjectBytes.byteLength)
  out.writeUInt16BE(code, 0)
  subjectBytes.copy(out, 2)
  return out
}

/** Reads a {@link MessageKind.Disconnect} payload; throws {@link MalformedFanoutMessageError}. */
export function decodeDisconnect(payload: Uint8Array): { subject: string; code: number } {
  if (payload.byteLength < 3) throw new MalformedFanoutMessageError('a disconnect needs a code and a subject')
  const buf = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
  return { code: buf.readUInt16BE(0), subject: buf.subarray(2).toString('utf8') }
}
