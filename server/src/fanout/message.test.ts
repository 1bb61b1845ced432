import { describe, expect, it } from 'vitest'
import {
  boardChannel,
  boardFromChannel,
  decodeDisconnect,
  decodeFanoutMessage,
  encodeDisconnect,
  encodeFanoutMessage,
  encodeInstanceId,
  FANOUT_FORMAT_VERSION,
  MalformedFanoutMessageError,
  MessageKind,
} from './message.ts'
import { reconnectDelay } from './redis.ts'

describe('fan-out messages', () => {
  it('carry a disconnect (close code and subject) through a round trip, and refuse one without a subject', () => {
    const bytes = encodeFanoutMessage(MessageKind.Disconnect, encodeInstanceId('a'), encodeDisconnect('p-ø1', 4410))
    const msg = decodeFanoutMessage(bytes)
    expect(msg.kind).toBe(MessageKind.Disconnect)
    expect(decodeDisconnect(msg.payload)).toEqual({ subject: 'p-ø1', code: 4410 })
    expect(() => decodeDisconnect(Uint8Array.of(0x11, 0x3a))).toThrow(MalformedFanoutMessageError)
  })

  it('carry kind, publishing instance and payload through a round trip', () => {
    const payload = new Uint8Array([0, 1, 2, 255])
    const bytes = encodeFanoutMessage(MessageKind.Update, encodeInstanceId('instans-ø'), payload)
    expect(decodeFanoutMessage(bytes)).toEqual({ kind: MessageKind.Update, instanceId: 'instans-ø', payload })
  })

  it('hand out a payload that later changes to the received buffer cannot alter', () => {
    const bytes = encodeFanoutMessage(MessageKind.Awareness, encodeInstanceId('a'), new Uint8Array([7, 8]))
    const { payload } = decodeFanoutMessage(bytes)
    bytes.fill(0)
    expect([...payload]).toEqual([7, 8])
  })

  it('may carry no payload (a resync request)', () => {
    const bytes = encodeFanoutMessage(MessageKind.Resync, encodeInstanceId('a'), new Uint8Array(0))
    expect(decodeFanoutMessage(bytes)).toEqual({
      kind: MessageKind.Resync,
      instanceId: 'a',
      payload: new Uint8Array(0),
    })
  })

  it.each([
    ['shorter than the header', [FANOUT_FORMAT_VERSION, 0]],
    ['from an unknown format version', [FANOUT_FORMAT_VERSION + 1, 0, 1, 97]],
    ['of an unknown kind', [FANOUT_FORMAT_VERSION, 9, 1, 97]],
    ['with an empty instance id', [FANOUT_FORMAT_VERSION, 0, 0, 1]],
    ['cut off inside the instance id', [FANOUT_FORMAT_VERSION, 0, 5, 97]],
  ])('are rejected as malformed when %s', (_, bytes) => {
    expect(() => decodeFanoutMessage(new Uint8Array(bytes))).toThrow(MalformedFanoutMessageError)
  })

  it('refuse an instance id that does not fit its one-byte length', () => {
    expect(() => encodeInstanceId('')).toThrow(RangeError)
    expect(() => encodeInstanceId('x'.repeat(256))).toThrow(RangeError)
    expect(encodeInstanceId('x'.repeat(255)).byteLength).toBe(255)
  })
})

describe('board channels', () => {
  it('map a board id to its channel and back, and ignore other channels', () => {
    expect(boardFromChannel(boardChannel('b:1/ø'))).toBe('b:1/ø')
    expect(boardFromChannel('something:else')).toBeNull()
  })
})

describe('reconnecting', () => {
  it('waits 100 ms at first, doubling up to at most 2 s', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(reconnectDelay)).toEqual([100, 200, 400, 800, 1600, 2000, 2000])
  })
})
