/**
 * React bindings for a board document. Components read the board through
 * {@link useBoard}, which re-renders on every document change and reads only
 * through the schema helpers of `@vaegavis/shared`.
 */
import {
  type BoardSettings,
  type Category,
  type Label,
  readLabels,
  readLegend,
  readSettings,
  readTitle,
} from '@vaegavis/shared'
import { useEffect, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { BoardConnection, type ConnectionState } from './connection.ts'

export interface BoardSnapshot {
  title: string
  legend: Category[]
  labels: Label[]
  settings: BoardSettings
}

interface SnapshotStore {
  subscribe: (fn: () => void) => () => void
  getSnapshot: () => BoardSnapshot
}

const stores = new WeakMap<Y.Doc, SnapshotStore>()

function read(doc: Y.Doc): BoardSnapshot {
  return { title: readTitle(doc), legend: readLegend(doc), labels: readLabels(doc), settings: readSettings(doc) }
}

function storeFor(doc: Y.Doc): SnapshotStore {
  const existing = stores.get(doc)
  if (existing) return existing
  // Read lazily: a burst of remote updates between two renders costs one read.
  let snapshot: BoardSnapshot | null = null
  const listeners = new Set<() => void>()
  const onUpdate = () => {
    snapshot = null
    for (const fn of listeners) fn()
  }
  const store: SnapshotStore = {
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
      snapshot ??= read(doc)
      return snapshot
    },
  }
  stores.set(doc, store)
  return store
}

/** The board as plain values; re-renders whenever the document changes. */
export function useBoard(doc: Y.Doc): BoardSnapshot {
  const store = storeFor(doc)
  return useSyncExternalStore(store.subscribe, store.getSnapshot)
}

/** Connection status of a board connection. */
export function useConnectionState(conn: BoardConnection): ConnectionState {
  return useSyncExternalStore(conn.subscribe, conn.getState)
}

/** Opens a connection for (boardId, token) while mounted; null until both are known. */
export function useBoardConnection(boardId: string | undefined, token: string | undefined): BoardConnection | null {
  const [conn, setConn] = useState<BoardConnection | null>(null)
  useEffect(() => {
    if (!boardId || !token) return
    const c = new BoardConnection(boardId, token)
    setConn(c)
    return () => {
      setConn(null)
      c.destroy()
    }
  }, [boardId, token])
  return conn
}
