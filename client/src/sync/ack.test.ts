import { addLabel } from '@vaegavis/shared'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { AckTracker, readAck } from './ack.ts'

function ackPayload(sv: Uint8Array): decoding.Decoder {
  const e = encoding.createEncoder()
  encoding.writeVarUint8Array(e, sv)
  return decoding.createDecoder(encoding.toUint8Array(e))
}

describe('ack', () => {
  it('reads the state vector the server sends', () => {
    const doc = new Y.Doc()
    addLabel(doc, { text: 'hej', category: 'ide', x: 0, y: 0, author: 'p1' })
    const ack = readAck(ackPayload(Y.encodeStateVector(doc)))
    expect(ack.get(doc.clientID)).toBe(Y.getState(doc.store, doc.clientID))
  })

  it('says a label is saved only once the ack covers the clock recorded after writing it', () => {
    const doc = new Y.Doc()
    const tracker = new AckTracker()
    addLabel(doc, { text: 'første', category: 'ide', x: 0, y: 0, author: 'p1' })
    const before = Y.encodeStateVector(doc)
    addLabel(doc, { text: 'anden', category: 'ide', x: 0, y: 0, author: 'p1' })
    const clock = Y.getState(doc.store, doc.clientID)

    tracker.update(Y.decodeStateVector(before))
    expect(tracker.covers(doc.clientID, clock)).toBe(false)
    tracker.update(Y.decodeStateVector(Y.encodeStateVector(doc)))
    expect(tracker.covers(doc.clientID, clock)).toBe(true)
  })

  it('never moves backwards and only notifies on progress', () => {
    const tracker = new AckTracker()
    const fn = vi.fn()
    tracker.subscribe(fn)
    tracker.update(new Map([[7, 10]]))
    tracker.update(new Map([[7, 4]]))
    tracker.update(new Map([[7, 10]]))
    expect(tracker.covers(7, 10)).toBe(true)
    expect(fn).toHaveBeenCalledTimes(1)
  })
})
