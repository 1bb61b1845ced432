import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeClientMessage, encodeSyncStep1, encodeUpdate, MalformedMessageError } from './protocol.ts'

describe('y-websocket message decoding', () => {
  it('reads sync step 1 and updates as the stock client encodes them', () => {
    const doc = new Y.Doc()
    doc.getMap('m').set('k', 1)
    const sv = Y.encodeStateVector(doc)
    expect(decodeClientMessage(encodeSyncStep1(sv))).toEqual({ type: 'sync-step-1', stateVector: sv })
    const u = Y.encodeStateAsUpdate(doc)
    expect(decodeClientMessage(encodeUpdate(u))).toEqual({ type: 'update', update: u, step2: false })
  })

  it('refuses truncated messages, unknown types, unknown sync steps and trailing bytes', () => {
    const bad = [
      new Uint8Array([]),
      new Uint8Array([0]),
      new Uint8Array([0, 2, 10, 1]),
      new Uint8Array([9]),
      new Uint8Array([0, 7, 0]),
      new Uint8Array([3, 3]),
    ]
    for (const b of bad) expect(() => decodeClientMessage(b)).toThrow(MalformedMessageError)
  })

  it('reads awareness and query-awareness', () => {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint8Array(e, new Uint8Array([1, 2]))
    expect(decodeClientMessage(encoding.toUint8Array(e))).toEqual({ type: 'awareness', update: new Uint8Array([1, 2]) })
    expect(decodeClientMessage(new Uint8Array([3]))).toEqual({ type: 'query-awareness' })
  })
})
