/**
 * Everything the wall draws, read from the board document through the schema
 * helpers; re-read lazily after each document change (like `useBoard`, plus
 * themes, question, votes, timer and follow).
 */
import {
  type BoardSettings,
  type Category,
  type Label,
  readFollow,
  readLabels,
  readLegend,
  readQuestion,
  readSettings,
  readThemes,
  readTimer,
  readTitle,
  readVoteCounts,
  readVoteRound,
  type Theme,
  type Timer,
  type Viewport,
  type VoteRound,
} from '@vaegavis/shared'
import { useSyncExternalStore } from 'react'
import type * as Y from 'yjs'

export interface WallSnapshot {
  title: string
  question: string
  legend: Category[]
  labels: Label[]
  themes: Theme[]
  settings: BoardSettings
  voteRound: VoteRound | null
  /** Dots per target id in the current (or last) round. */
  voteCounts: Map<string, number>
  timer: Timer | null
  follow: Viewport | null
}

export function readWall(doc: Y.Doc): WallSnapshot {
  return {
    title: readTitle(doc),
    question: readQuestion(doc),
    legend: readLegend(doc),
    labels: readLabels(doc),
    themes: readThemes(doc),
    settings: readSettings(doc),
    voteRound: readVoteRound(doc),
    voteCounts: readVoteCounts(doc),
    timer: readTimer(doc),
    follow: readFollow(doc),
  }
}

interface Store<T> {
  subscribe: (fn: () => void) => () => void
  getSnapshot: () => T
}

const stores = new WeakMap<Y.Doc, Map<unknown, Store<unknown>>>()

/** A lazily re-read view of a document, shared by every component that asks for the same reader. */
function storeFor<T>(doc: Y.Doc, read: (doc: Y.Doc) => T): Store<T> {
  let byReader = stores.get(doc)
  if (!byReader) {
    byReader = new Map()
    stores.set(doc, byReader)
  }
  const existing = byReader.get(read)
  if (existing) return existing as Store<T>
  let snapshot: { value: T } | null = null
  const listeners = new Set<() => void>()
  const onUpdate = () => {
    snapshot = null
    for (const fn of listeners) fn()
  }
  const store: Store<T> = {
    subscribe(fn) {
      if (listeners.size === 0) {
        // Changes made while nobody listened were not seen: read afresh.
        snapshot = null
        doc.on('update', onUpdate)
      }
      listeners.add(fn)
      return () => {
        listeners.delete(fn)
        if (listeners.size === 0) doc.off('update', onUpdate)
      }
    },
    getSnapshot() {
      snapshot ??= { value: read(doc) }
      return snapshot.value
    },
  }
  byReader.set(read, store as Store<unknown>)
  return store
}

/** `read(doc)`, re-read after every change of the document. `read` must be a stable (module-level) function. */
export function useDocValue<T>(doc: Y.Doc, read: (doc: Y.Doc) => T): T {
  const store = storeFor(doc, read)
  return useSyncExternalStore(store.subscribe, store.getSnapshot)
}

/** The whole wall as plain values. */
export function useWallDoc(doc: Y.Doc): WallSnapshot {
  return useDocValue(doc, readWall)
}
