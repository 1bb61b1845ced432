import * as Y from 'yjs'
import type { StoredDoc } from './types.ts'

/**
 * One snapshot holding every stored update, or null when there is nothing to fold. Replayed into a
 * garbage-collecting document, so a deleted label's content is not in it.
 */
export function foldStored(stored: StoredDoc, purge: boolean): Uint8Array | null {
  if (stored.lastSeq === 0 || (stored.logLength === 0 && !purge)) return null
  const doc = new Y.Doc()
  doc.transact(() => {
    for (const u of stored.updates) Y.applyUpdate(doc, u)
  })
  const snapshot = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return snapshot
}
