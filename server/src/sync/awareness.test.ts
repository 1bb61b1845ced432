/**
 * Awareness is relayed in batches (issue #15): however many phones of a board announce or renew
 * themselves together, every socket of the board gets one frame carrying all of them, not one frame
 * per phone. Counted on the sockets, never timed.
 */
import { MessageType, Role } from '@vaegavis/shared'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryStore } from '../storage/memory.ts'
import { encodeAwareness } from './protocol.ts'
import { type ConnectionHandle, RoomManager } from './RoomManager.ts'

const silent = { debug() {}, info() {}, warn() {}, error() {} }
const PHONES = 20

/** One client's awareness state; y-protocols ignores a new client's clock 0, so clocks start at 1. */
function awarenessMessage(clientId: number, clock: number, state: object): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint(e, clientId)
  encoding.writeVarUint(e, clock)
  encoding.writeVarString(e, JSON.stringify(state))
  return encodeAwareness(encoding.toUint8Array(e))
}

/** The client ids and clocks of one awareness frame, or null for any other message. */
function awarenessEntries(frame: Uint8Array): { client: number; clock: number }[] | null {
  const d = decoding.createDecoder(frame)
  if (decoding.readVarUint(d) !== MessageType.Awareness) return null
  const u = decoding.createDecoder(decoding.readVarUint8Array(d))
  const entries = []
  for (let n = decoding.readVarUint(u); n > 0; n--) {
    const client = decoding.readVarUint(u)
    const clock = decoding.readVarUint(u)
    decoding.readVarString(u)
    entries.push({ client, clock })
  }
  return entries
}

describe('awareness relay', () => {
  let manager: RoomManager | undefined
  afterEach(async () => {
    await manager?.close()
  })

  async function board() {
    manager = new RoomManager({ store: createMemoryStore().docs, log: silent })
    const room = await manager.open('b1')
    const socket = (frames: Uint8Array[]) => ({ send: (d: Uint8Array) => frames.push(d), close() {} })
    const observed: Uint8Array[] = []
    manager.connect('b1', socket(observed), { role: Role.Participant, subject: 'observer', wantsAck: false })
    const phones: ConnectionHandle[] = []
    for (let i = 0; i < PHONES; i++) {
      phones.push(manager.connect('b1', socket([]), { role: Role.Participant, subject: `p${i}`, wantsAck: false }))
    }
    await vi.waitFor(() => expect(room.conns.size).toBe(PHONES + 1))
    const awarenessFrames = () => observed.map(awarenessEntries).filter((e) => e !== null)
    return { room, phones, awarenessFrames }
  }

  it(`relays ${PHONES} phones announcing themselves in the same tick as one frame`, async () => {
    const { phones, awarenessFrames } = await board()
    for (const [i, p] of phones.entries()) p.receive(awarenessMessage(1000 + i, 1, { role: 'participant', n: i }))
    await vi.waitFor(() => expect(awarenessFrames()).toHaveLength(1))
    const [frame] = awarenessFrames()
    expect(frame!.map((e) => e.client).sort()).toEqual(phones.map((_, i) => 1000 + i).sort())
  })

  it(`relays ${PHONES} renewals (same state, next clock) as one frame`, async () => {
    const { phones, awarenessFrames } = await board()
    for (const [i, p] of phones.entries()) p.receive(awarenessMessage(1000 + i, 1, { role: 'participant' }))
    await vi.waitFor(() => expect(awarenessFrames()).toHaveLength(1))
    // The renewal every stock client sends ~15 s after its last update: it only keeps it from timing out.
    for (const [i, p] of phones.entries()) p.receive(awarenessMessage(1000 + i, 2, { role: 'participant' }))
    await vi.waitFor(() => expect(awarenessFrames()).toHaveLength(2))
    const renewal = awarenessFrames()[1]!
    expect(renewal).toHaveLength(PHONES)
    expect(renewal.every((e) => e.clock === 2)).toBe(true)
  })
})
