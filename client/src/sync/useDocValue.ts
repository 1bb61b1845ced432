/**
 * The one way the client reads a Yjs document into React. A reader is a
 * module-level function of the document (the schema helpers of
 * `@vaegavis/shared` and what is built from them); `useDocValue` re-renders
 * when the document changes and reads again only then: every component
 * asking for the same reader shares one read per change.
 */
import { useSyncExternalStore } from 'react'
import type * as Y from 'yjs'

interface DocStore {
  /** Counts the document's changes; a read is good while the version it was made at is current. */
  version: number
  subscribe: (fn: () => void) => () => void
  reads: Map<unknown, { version: number; arg: unknown; value: unknown }>
}

const stores = new WeakMap<Y.Doc, DocStore>()

function storeFor(doc: Y.Doc): DocStore {
  const known = stores.get(doc)
  if (known) return known
  const listeners = new Set<() => void>()
  const store: DocStore = {
    version: 0,
    subscribe(fn) {
      listeners.add(fn)
      return () => listeners.delete(fn)
    },
    reads: new Map(),
  }
  // Listened to for as long as the document lives (it drops its listeners when destroyed), so a change made
  // while no component listened still moves the version on. One 'update' a transaction, whichever roots it touched.
  doc.on('update', () => {
    store.version++
    for (const fn of listeners) fn()
  })
  stores.set(doc, store)
  return store
}

/** Calls `fn` after each change of the document; returns the unsubscribe. */
export function subscribeDoc(doc: Y.Doc, fn: () => void): () => void {
  return storeFor(doc).subscribe(fn)
}

/** `read(doc, arg)` as of the document's current version: the same value until the document changes. */
export function readDoc<T>(doc: Y.Doc, read: (doc: Y.Doc) => T): T
export function readDoc<T, A>(doc: Y.Doc, read: (doc: Y.Doc, arg: A) => T, arg: A): T
export function readDoc<T, A>(doc: Y.Doc, read: (doc: Y.Doc, arg?: A) => T, arg?: A): T {
  const store = storeFor(doc)
  const last = store.reads.get(read)
  if (last && last.version === store.version && Object.is(last.arg, arg)) return last.value as T
  const value = read(doc, arg)
  store.reads.set(read, { version: store.version, arg, value })
  return value
}

/**
 * `read(doc)`, or `read(doc, arg)`, read again after each change of the document. `read` must be a stable
 * (module-level) function: it keys the shared read.
 */
export function useDocValue<T>(doc: Y.Doc, read: (doc: Y.Doc) => T): T
export function useDocValue<T, A>(doc: Y.Doc, read: (doc: Y.Doc, arg: A) => T, arg: A): T
export function useDocValue<T, A>(doc: Y.Doc, read: (doc: Y.Doc, arg?: A) => T, arg?: A): T {
  return useSyncExternalStore(storeFor(doc).subscribe, () => readDoc(doc, read, arg))
}
