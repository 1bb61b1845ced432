/**
 * Participation pulse: how many young people are here and how many have
 * written something — counts only, nobody singled out.
 */
import { FACILITATOR_AUTHOR, type Label, readDoneIds } from '@vaegavis/shared'
import { useMemo, useSyncExternalStore } from 'react'
import type { BoardConnection } from '../sync/connection.ts'
import { useDocValue } from '../sync/useDocValue.ts'

/** Awareness role phones announce (`{ role: 'participant' }`). */
export const PARTICIPANT_ROLE = 'participant'

export interface Pulse {
  connected: number
  posted: number
  /** Said "I'm done" in the current step. */
  done: number
}

/**
 * Of those here, how many are done. Phones announce no id (usePhoneConnection.ts), so a phone
 * that said "done" and left still counts until the next step; never more than are here.
 */
export function countDone(doneIds: ReadonlySet<string>, connected: number): number {
  return Math.min(doneIds.size, connected)
}

/** Distinct participants who wrote a label, on the wall or still held back. */
export function countAuthors(...lists: readonly (readonly Label[])[]): number {
  const authors = new Set<string>()
  for (const list of lists) {
    for (const l of list) if (l.author && l.author !== FACILITATOR_AUTHOR) authors.add(l.author)
  }
  return authors.size
}

/** Awareness states that announce a participant. */
export function countParticipants(states: Iterable<unknown>): number {
  let n = 0
  for (const s of states) {
    if (typeof s === 'object' && s !== null && (s as { role?: unknown }).role === PARTICIPANT_ROLE) n++
  }
  return n
}

function useConnectedParticipants(conn: BoardConnection): number {
  const awareness = conn.provider.awareness
  const subscribe = useMemo(
    () => (fn: () => void) => {
      awareness.on('change', fn)
      return () => awareness.off('change', fn)
    },
    [awareness],
  )
  return useSyncExternalStore(subscribe, () => countParticipants(awareness.getStates().values()))
}

/**
 * Labels written before this were carried over from an earlier meeting (a
 * board continued from last time's snapshot). Phones stamp labels with their
 * own clocks, so a few minutes of leeway keep a phone that runs slow counted.
 */
export const CARRIED_OVER_LEEWAY_MS = 10 * 60_000

/** Only labels written at this meeting: those written before the board existed came from last time. */
export function writtenToday(labels: readonly Label[], boardCreatedAt: number): Label[] {
  const since = boardCreatedAt - CARRIED_OVER_LEEWAY_MS
  return labels.filter((l) => l.createdAt >= since)
}

export function usePulse(
  conn: BoardConnection,
  labels: readonly Label[],
  held: readonly Label[],
  boardCreatedAt: number,
): Pulse {
  const connected = useConnectedParticipants(conn)
  const posted = useMemo(() => countAuthors(writtenToday(labels, boardCreatedAt), held), [labels, held, boardCreatedAt])
  const done = countDone(useDocValue(conn.doc, readDoneIds), connected)
  return { connected, posted, done }
}
