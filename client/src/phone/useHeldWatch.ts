/**
 * Keeps the phone's list of held labels (private writing / approve-first)
 * true: a held label that reaches the wall is done, and while something
 * waits to be shown the phone asks the server now and then whether it still
 * does. That is how a rejection, or a label the facilitator hid, shows.
 */
import { readLabel } from '@vaegavis/shared'
import { useEffect, useRef, useState } from 'react'
import type { BoardConnection, ConnectionState } from '../sync/connection.ts'
import type { BoardSnapshot } from '../sync/hooks.ts'
import { reconcileHeld } from './outbox.ts'
import { fetchMyHeld } from './phoneApi.ts'
import type { HeldEntry, Identity } from './storage.ts'
import type { StoredList } from './useStoredList.ts'

/** How often a phone with labels waiting to be shown asks whether they still are (ms). */
const POLL_MS = 10_000
/** A held label just missing from the list is checked again this soon (ms). */
const RECHECK_MS = 3_000

export function useHeldWatch(
  conn: BoardConnection,
  state: ConnectionState,
  board: BoardSnapshot,
  identity: Identity,
  { list: held, ref: heldRef, commit: commitHeld }: StoredList<HeldEntry>,
): void {
  const [pollTick, setPollTick] = useState(0)
  const polledFor = useRef<BoardConnection | null>(null)

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
  }, [board.labels, heldRef, commitHeld])

  // While something waits to be shown, ask now and then whether it still does: that is how a rejection shows.
  const holding = board.settings.privateWriting || board.settings.approveFirst
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
  }, [conn, state.status, held, holding, identity, heldRef, commitHeld, pollTick])
}
