/**
 * The outbox's sending loop. While synced, each waiting label leaves by the
 * path the board allows right then ({@link planFlush}): written into the
 * shared document (dropped from the outbox once the server's ack covers the
 * write) or posted to the held-labels endpoint (then tracked as held). A
 * failed post is tried again with backoff; a change the server refused (4403)
 * re-queues what it did not ack.
 */
import { addLabel, CloseCode, LabelKind, readLabel, readThemes } from '@vaegavis/shared'
import { useCallback, useEffect, useRef } from 'react'
import * as Y from 'yjs'
import { ApiError } from '../api.ts'
import type { BoardConnection, ConnectionState } from '../sync/connection.ts'
import type { BoardSnapshot } from '../sync/hooks.ts'
import { afterRefusal, draftOf, isFinalRefusal, planFlush, routeFor } from './outbox.ts'
import { postHeldLabel } from './phoneApi.ts'
import { postPictureLabel } from './pictureSend.ts'
import type { HeldEntry, Identity, LabelDraft, PendingLabel } from './storage.ts'
import type { StoredList } from './useStoredList.ts'

function write(doc: Y.Doc, identity: Identity, p: PendingLabel): PendingLabel {
  addLabel(doc, {
    id: p.id,
    text: p.text,
    category: p.category,
    x: p.x,
    y: p.y,
    createdAt: p.createdAt,
    author: identity.participantId,
    nickname: identity.nickname,
    ...(p.themeId ? { kind: LabelKind.Answer, themeId: p.themeId } : {}),
  })
  return { ...p, client: doc.clientID, clock: Y.getState(doc.store, doc.clientID) }
}

/** Returns `flush`: send what waits, if the phone can right now. */
export function useSendLoop(
  conn: BoardConnection,
  state: ConnectionState,
  board: BoardSnapshot,
  identity: Identity,
  /** The join code: a waiting picture is kept under it (storage.ts `pictureKey`). */
  code: string,
  pending: StoredList<PendingLabel>,
  held: StoredList<HeldEntry>,
  fail: (labels: readonly LabelDraft[]) => void,
): () => void {
  const live = useRef({ conn, state, board, identity })
  live.current = { conn, state, board, identity }
  const inFlight = useRef(new Set<string>())
  const retry = useRef<{ timer: ReturnType<typeof setTimeout> | null; attempt: number }>({ timer: null, attempt: 0 })
  const { ref: pendingRef, commit } = pending
  const { ref: heldRef, commit: commitHeld } = held

  const flush = useCallback(() => {
    const { conn, state, board, identity } = live.current
    // Only while synced: then the doc's settings and labels are the server's.
    if (state.status !== 'online') return
    const doc = conn.doc
    const plan = planFlush(pendingRef.current, {
      clientID: doc.clientID,
      route: routeFor(board.settings),
      onWall: (id) => readLabel(doc, id) !== undefined,
      categoryExists: (id) => board.legend.some((c) => c.id === id),
      themeExists: (id) => readThemes(doc).some((th) => th.id === id),
    })
    if (plan.landed.length + plan.fail.length + plan.write.length > 0) {
      const gone = new Set([...plan.landed, ...plan.fail])
      const written = new Map(plan.write.map((p) => [p.id, write(doc, identity, p)]))
      const before = pendingRef.current
      commit(before.filter((p) => !gone.has(p.id)).map((p) => written.get(p.id) ?? p))
      fail(before.filter((p) => plan.fail.includes(p.id)))
    }
    for (const p of plan.post) {
      if (inFlight.current.has(p.id)) continue
      inFlight.current.add(p.id)
      const { id, text, category, x, y, themeId } = p
      ;(p.picture
        ? postPictureLabel(code, identity, p)
        : postHeldLabel(identity.boardId, identity.token, { id, text, category, x, y, ...(themeId ? { themeId } : {}) })
      )
        .then(
          (r: { status: string; photo?: string }) => {
            retry.current.attempt = 0
            commit(pendingRef.current.filter((q) => q.id !== id))
            // A picture the board lets through is on the wall already; the socket brings it.
            if (r.status === 'posted') return
            const draft = { ...draftOf(p), ...(r.photo ? { photo: r.photo } : {}) }
            commitHeld([...heldRef.current.filter((h) => h.id !== id), { ...draft, state: 'held', misses: 0 }])
          },
          (e: unknown) => {
            if (e instanceof ApiError && isFinalRefusal(e.status)) {
              commit(pendingRef.current.filter((q) => q.id !== id))
              fail([p])
              return
            }
            // Offline, server busy, locked or the mode just changed: try again later, by whichever path fits then.
            const r = retry.current
            if (r.timer !== null) return
            r.timer = setTimeout(
              () => {
                r.timer = null
                flushRef.current()
              },
              Math.min(30_000, 2_000 * 2 ** r.attempt++),
            )
          },
        )
        .finally(() => inFlight.current.delete(id))
    }
  }, [pendingRef, heldRef, commit, commitHeld, fail, code])
  const flushRef = useRef(flush)
  flushRef.current = flush

  useEffect(() => {
    const r = retry.current
    return () => {
      if (r.timer !== null) clearTimeout(r.timer)
      r.timer = null
    }
  }, [])

  // Drop what the server has stored durably.
  useEffect(() => {
    const prune = () => {
      const prev = pendingRef.current
      const next = prev.filter(
        (p) => p.client === undefined || p.clock === undefined || !conn.acks.covers(p.client, p.clock),
      )
      if (next.length !== prev.length) commit(next)
    }
    prune()
    return conn.acks.subscribe(prune)
  }, [conn, pendingRef, commit])

  // Send what waits whenever the phone is synced again or the facilitator changes how labels arrive.
  const { locked, privateWriting, approveFirst } = board.settings
  // biome-ignore lint/correctness/useExhaustiveDependencies: the settings are read through `live`; listed to re-run on change.
  useEffect(() => {
    flush()
  }, [flush, conn, state.status, locked, privateWriting, approveFirst])

  // The server refused a change and closed the socket: retry unacked labels once on the next connection.
  useEffect(() => {
    if (state.status !== 'closed' || state.closeCode !== CloseCode.Forbidden) return
    const { keep, failed: refused } = afterRefusal(
      pendingRef.current,
      conn.doc.clientID,
      conn.acks.covers.bind(conn.acks),
    )
    if (refused.length > 0 || keep.some((p, i) => p !== pendingRef.current[i])) commit(keep)
    fail(refused)
  }, [state.status, state.closeCode, conn, pendingRef, commit, fail])

  return flush
}
