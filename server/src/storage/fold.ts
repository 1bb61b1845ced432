import * as Y from 'yjs'
import type { DocStore, StoredDoc } from './types.ts'

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

/**
 * {@link DocStore.fold} where the store runs on this thread: load, fold, and compact up to what
 * was loaded, so an append that lands in between stays in the log.
 */
export async function foldLoaded(
  docs: Pick<DocStore, 'load' | 'compact'>,
  docName: string,
  opts?: { purge?: boolean },
): Promise<number> {
  const stored = await docs.load(docName)
  const snapshot = foldStored(stored, opts?.purge === true)
  if (!snapshot) return 0
  await docs.compact(docName, snapshot, stored.lastSeq, opts)
  return stored.logLength
}
