/**
 * Editing and deleting the phone's own labels on the wall. An edit shows as
 * saving until the server's ack covers the write that made it.
 */
import { deleteLabel, editLabel, readLabel } from '@vaegavis/shared'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import * as Y from 'yjs'
import type { BoardConnection, ConnectionState } from '../sync/connection.ts'

/** An edit written into a document, waiting for the server's ack of that document's write. */
interface PendingEdit {
  id: string
  conn: BoardConnection
  client: number
  clock: number
}

export interface OwnEdits {
  edit: (id: string, text: string, category: string) => void
  remove: (id: string) => void
  /** Ids of labels with an edit the server has not acknowledged yet. */
  editing: ReadonlySet<string>
}

export function useOwnEdits(conn: BoardConnection, state: ConnectionState): OwnEdits {
  const [edits, setEdits] = useState<readonly PendingEdit[]>([])
  const live = useRef({ conn, state })
  live.current = { conn, state }

  useEffect(() => {
    const prune = () =>
      // An edit made through an earlier connection's document is never acked: that document is gone.
      setEdits((list) => {
        const left = list.filter((e) => e.conn === conn && !conn.acks.covers(e.client, e.clock))
        return left.length === list.length ? list : left
      })
    prune()
    return conn.acks.subscribe(prune)
  }, [conn])

  const edit = useCallback((id: string, text: string, category: string) => {
    const { conn, state } = live.current
    if (state.status !== 'online' || readLabel(conn.doc, id) === undefined) return
    const doc = conn.doc
    editLabel(doc, id, { text, category })
    const entry = { id, conn, client: doc.clientID, clock: Y.getState(doc.store, doc.clientID) }
    setEdits((list) => [...list.filter((e) => e.id !== id), entry])
  }, [])

  const remove = useCallback((id: string) => {
    const { conn, state } = live.current
    if (state.status !== 'online') return
    deleteLabel(conn.doc, id)
  }, [])

  const editing = useMemo(() => new Set(edits.filter((e) => e.conn === conn).map((e) => e.id)), [edits, conn])
  return { edit, remove, editing }
}
