/**
 * Sending labels from the phone and knowing when they are saved. A label is
 * "saved" only when the server's ack covers the clock of the write; until
 * then it sits in a localStorage outbox and is re-sent after a reload if the
 * server never got it.
 */
import { addLabel, CloseCode, countLabels, newId, readLabel } from '@vaegavis/shared'
import { useCallback, useEffect, useRef, useState } from 'react'
import * as Y from 'yjs'
import type { BoardConnection, ConnectionState } from '../sync/connection.ts'
import { unsortedSlot } from '../sync/placement.ts'
import { type Identity, type KeyValueStore, loadOutbox, type PendingLabel, saveOutbox } from './storage.ts'

export type SaveStatus = 'saving' | 'saved' | 'failed'

export interface Outbox {
  send: (text: string, category: string) => void
  statusOf: (labelId: string) => SaveStatus
}

/** Writes one label and returns what is needed to recognise its ack. */
function write(
  doc: Y.Doc,
  identity: Identity,
  label: Pick<PendingLabel, 'id' | 'text' | 'category' | 'x' | 'y' | 'createdAt'>,
): PendingLabel {
  addLabel(doc, { ...label, author: identity.participantId, nickname: identity.nickname })
  return { ...label, client: doc.clientID, clock: Y.getState(doc.store, doc.clientID) }
}

export function useOutbox(
  conn: BoardConnection,
  state: ConnectionState,
  locked: boolean,
  identity: Identity,
  code: string,
  store: KeyValueStore | null,
): Outbox {
  const [pending, setPending] = useState<readonly PendingLabel[]>(() => loadOutbox(store, code))
  const [failed, setFailed] = useState<ReadonlySet<string>>(() => new Set())
  // The ref is the source of truth; writes to the doc and to storage must not run inside a state updater.
  const pendingRef = useRef(pending)
  const resentFor = useRef<BoardConnection | null>(null)

  const commit = useCallback(
    (next: readonly PendingLabel[]) => {
      pendingRef.current = next
      saveOutbox(store, code, next)
      setPending(next)
    },
    [store, code],
  )

  // Drop what the server has stored durably.
  useEffect(() => {
    const prune = () => {
      const prev = pendingRef.current
      const next = prev.filter((p) => !conn.acks.covers(p.client, p.clock))
      if (next.length !== prev.length) commit(next)
    }
    prune()
    return conn.acks.subscribe(prune)
  }, [conn, commit])

  // After the first sync, re-send labels from an earlier page load that never reached the server.
  useEffect(() => {
    if (!state.loaded || locked || resentFor.current === conn) return
    resentFor.current = conn
    const prev = pendingRef.current
    if (prev.every((p) => readLabel(conn.doc, p.id))) return
    commit(prev.map((p) => (readLabel(conn.doc, p.id) ? p : write(conn.doc, identity, p))))
  }, [state.loaded, locked, conn, identity, commit])

  // The server refused a change: the unacknowledged labels will never be stored. Say so, and do not re-send them.
  useEffect(() => {
    if (state.status !== 'closed' || state.closeCode !== CloseCode.Forbidden) return
    const prev = pendingRef.current
    if (prev.length === 0) return
    setFailed((f) => new Set([...f, ...prev.map((p) => p.id)]))
    commit([])
  }, [state.status, state.closeCode, commit])

  const send = useCallback(
    (text: string, category: string) => {
      const slot = unsortedSlot(countLabels(conn.doc))
      // A little scatter so two phones sending at the same moment do not cover each other exactly.
      const jitter = () => Math.round(Math.random() * 16)
      const entry = write(conn.doc, identity, {
        id: newId(),
        text,
        category,
        x: slot.x + jitter(),
        y: slot.y + jitter(),
        createdAt: Date.now(),
      })
      commit([...pendingRef.current, entry])
    },
    [conn, identity, commit],
  )

  const statusOf = useCallback(
    (labelId: string): SaveStatus => {
      if (failed.has(labelId)) return 'failed'
      return pending.some((p) => p.id === labelId) ? 'saving' : 'saved'
    },
    [pending, failed],
  )

  return { send, statusOf }
}
