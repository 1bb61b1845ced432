/**
 * The Vægavis `Ack` extension (message type 100): the server tells a client,
 * per Yjs client id, the clock up to which changes are durably stored. A
 * change is "saved" once the ack for its client covers its clock.
 */
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'

/** Reads the payload of an Ack message (after its type): one varUint8Array holding an encoded state vector. */
export function readAck(decoder: decoding.Decoder): Map<number, number> {
  return Y.decodeStateVector(decoding.readVarUint8Array(decoder))
}

/** Highest acknowledged clock per client id. Acks only ever move forward. */
export class AckTracker {
  private readonly acked = new Map<number, number>()
  private readonly listeners = new Set<() => void>()

  /** Merges a received ack; notifies listeners if anything advanced. */
  update(ack: Map<number, number>): void {
    let changed = false
    for (const [client, clock] of ack) {
      if (clock > (this.acked.get(client) ?? 0)) {
        this.acked.set(client, clock)
        changed = true
      }
    }
    if (changed) for (const fn of this.listeners) fn()
  }

  /**
   * True when every change of `client` before `clock` is stored; `clock` is
   * `Y.getState(doc.store, client)` taken right after the change.
   */
  covers(client: number, clock: number): boolean {
    return (this.acked.get(client) ?? 0) >= clock
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn)
    return () => {
      this.listeners.delete(fn)
    }
  }
}
