/**
 * Sending labels from the phone and knowing what became of them. Every new
 * label first goes into a localStorage outbox. While synced it leaves by the
 * path the board allows right then: written into the shared document (saved
 * once the server's ack covers the write), or posted to the held-labels
 * endpoint during private writing / approve-first (then tracked as held
 * until it reaches the wall or is rejected). Offline it waits, survives a
 * reload, and is sent with the same id when the phone is back.
 */
import {
  addLabel,
  CloseCode,
  countLabels,
  deleteLabel,
  editLabel,
  type Label,
  LabelKind,
  newId,
  readLabel,
  readThemes,
} from '@vaegavis/shared'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import * as Y from 'yjs'
import { ApiError } from '../api.ts'
import type { BoardConnection, ConnectionState } from '../sync/connection.ts'
import type { BoardSnapshot } from '../sync/hooks.ts'
import { unsortedSlot } from '../sync/placement.ts'
import { fetchMyHeld, postHeldLabel } from './heldApi.ts'
import {
  afterRefusal,
  isFinalRefusal,
  type MyLabelView,
  myLabelViews,
  planFlush,
  reconcileHeld,
  routeFor,
} from './outbox.ts'
import { loadPictures, postPictureLabel } from './pictureSend.ts'
import type { Picked } from './pictures.ts'
import {
  type HeldEntry,
  type Identity,
  type KeyValueStore,
  type LabelDraft,
  loadHeld,
  loadOutbox,
  type PendingLabel,
  pictureKey,
  saveHeld,
  saveOutbox,
} from './storage.ts'

/** How often a phone with labels waiting to be shown asks whether they still are (ms). */
const POLL_MS = 10_000
/** A held label just missing from the list is checked again this soon (ms). */
const RECHECK_MS = 3_000

export interface Outbox {
  /**
   * Queues a label (an answer when `themeId` is given; a picture label with `picture`, its image kept
   * in IndexedDB until the server has it) and sends it if the phone can.
   */
  send: (text: string, category: string, themeId?: string, picture?: Picture) => void
  /** The phone's own labels, newest first, each with its status. */
  mine: MyLabelView[]
  /** Changes the text and colour of an own label on the wall; it shows as saving until the server acks it. */
  edit: (id: string, text: string, category: string) => void
  /** Deletes an own label from the wall. */
  remove: (id: string) => void
}

/** An edit written into a document, waiting for the server's ack of that document's write. */
interface PendingEdit {
  id: string
  conn: BoardConnection
  client: number
  clock: number
}

/** A photo or drawing the phone made ready to send. */
export type Picture = Picked

const draftOf = ({ id, text, category, createdAt, themeId, photo }: LabelDraft): LabelDraft => ({
  id,
  text,
  category,
  createdAt,
  ...(themeId ? { themeId } : {}),
  ...(photo ? { photo } : {}),
})

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

export function useOutbox(
  conn: BoardConnection,
  state: ConnectionState,
  board: BoardSnapshot,
  identity: Identity,
  code: string,
  store: KeyValueStore | null,
): Outbox {
  const [pending, setPending] = useState<readonly PendingLabel[]>(() => loadOutbox(store, code))
  const [held, setHeld] = useState<readonly HeldEntry[]>(() => loadHeld(store, code))
  const [failed, setFailed] = useState<ReadonlyMap<string, LabelDraft>>(() => new Map())
  const [pollTick, setPollTick] = useState(0)
  const [edits, setEdits] = useState<readonly PendingEdit[]>([])
  // Refs are the source of truth; writes to the doc and to storage must not run inside a state updater.
  const pendingRef = useRef(pending)
  const heldRef = useRef(held)
  const live = useRef({ conn, state, board, identity })
  live.current = { conn, state, board, identity }
  const inFlight = useRef(new Set<string>())
  const retry = useRef<{ timer: ReturnType<typeof setTimeout> | null; attempt: number }>({ timer: null, attempt: 0 })
  const polledFor = useRef<BoardConnection | null>(null)

  const commit = useCallback(
    (next: readonly PendingLabel[]) => {
      pendingRef.current = next
      saveOutbox(store, code, next)
      setPending(next)
    },
    [store, code],
  )
  const commitHeld = useCallback(
    (next: readonly HeldEntry[]) => {
      heldRef.current = next
      saveHeld(store, code, next)
      setHeld(next)
    },
    [store, code],
  )
  const fail = useCallback((labels: readonly LabelDraft[]) => {
    if (labels.length > 0) setFailed((f) => new Map([...f, ...labels.map((l) => [l.id, draftOf(l)] as const)]))
  }, [])

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
  }, [commit, commitHeld, fail, code])
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
      // An edit made through an earlier connection's document is never acked: that document is gone.
      setEdits((list) => {
        const left = list.filter((e) => e.conn === conn && !conn.acks.covers(e.client, e.clock))
        return left.length === list.length ? list : left
      })
    }
    prune()
    return conn.acks.subscribe(prune)
  }, [conn, commit])

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
  }, [state.status, state.closeCode, conn, commit, fail])

  // One of this phone's labels left the wall: hidden by the facilitator (the server still lists it) or deleted.
  const ownOnWall = useRef<ReadonlySet<string>>(new Set())
  const lookAgain = useRef(false)
  useEffect(() => {
    const own = new Set(board.labels.filter((l) => l.author === identity.participantId).map((l) => l.id))
    const left = [...ownOnWall.current].some((id) => !own.has(id))
    ownOnWall.current = own
    if (left) {
      lookAgain.current = true
      setPollTick((n) => n + 1)
    }
  }, [board.labels, identity.participantId])

  // A held label that reached the wall is done.
  useEffect(() => {
    const ids = new Set(board.labels.map((l) => l.id))
    const prev = heldRef.current
    if (prev.some((h) => ids.has(h.id))) commitHeld(prev.filter((h) => !ids.has(h.id)))
  }, [board.labels, commitHeld])

  // While something waits to be shown, ask now and then whether it still does: that is how a rejection shows.
  const holding = privateWriting || approveFirst
  // biome-ignore lint/correctness/useExhaustiveDependencies: pollTick schedules the next poll.
  useEffect(() => {
    if (state.status !== 'online') return
    const discover = (polledFor.current !== conn && (holding || held.length > 0)) || lookAgain.current
    // A hidden label waits for nothing the phone can see change; it comes back through the wall.
    const waiting = held.some((h) => h.state === 'held' && !h.hidden)
    if (!discover && !waiting) return
    const recheck = held.some((h) => h.state === 'held' && (h.misses ?? 0) > 0)
    let cancelled = false
    const timer = setTimeout(
      () => {
        polledFor.current = conn
        lookAgain.current = false
        fetchMyHeld(identity.boardId, identity.token)
          .then(
            (list) => {
              if (!cancelled)
                commitHeld(reconcileHeld(heldRef.current, list, (id) => readLabel(conn.doc, id) !== undefined))
            },
            () => {
              // Offline or server busy: the next poll asks again.
            },
          )
          .finally(() => {
            if (!cancelled) setPollTick((n) => n + 1)
          })
      },
      discover ? 0 : recheck ? RECHECK_MS : POLL_MS,
    )
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [conn, state.status, held, holding, identity, commitHeld, pollTick])

  const send = useCallback(
    (text: string, category: string, themeId?: string, picture?: Picture) => {
      const slot = unsortedSlot(countLabels(live.current.conn.doc))
      // A little scatter so two phones sending at the same moment do not cover each other exactly.
      const jitter = () => Math.round(Math.random() * 16)
      const entry: PendingLabel = {
        id: newId(),
        text,
        category,
        x: slot.x + jitter(),
        y: slot.y + jitter(),
        createdAt: Date.now(),
        ...(themeId ? { themeId } : {}),
        ...(picture ? { picture: picture.kind } : {}),
      }
      if (!picture) {
        commit([...pendingRef.current, entry])
        flush()
        return
      }
      // Listed once its picture is stored: a label that waits must never have lost its image.
      loadPictures()
        .then((m) => m.shelvePicture(pictureKey(code, entry.id), picture.blob))
        .then(
          () => {
            commit([...pendingRef.current, entry])
            flush()
          },
          () => fail([entry]),
        )
    },
    [commit, flush, fail, code],
  )

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

  const wall = useMemo(
    () => board.labels.filter((l: Label) => l.author === identity.participantId),
    [board.labels, identity.participantId],
  )
  const editing = useMemo(() => new Set(edits.filter((e) => e.conn === conn).map((e) => e.id)), [edits, conn])
  const mine = useMemo(
    () => myLabelViews({ wall, pending, held, failed, editing }),
    [wall, pending, held, failed, editing],
  )
  return { send, mine, edit, remove }
}
