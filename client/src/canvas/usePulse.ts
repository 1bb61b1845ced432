/**
 * Participation pulse: how many young people are here and how many have
 * written something — counts only, nobody singled out.
 */
import { FACILITATOR_AUTHOR, type Label } from '@vaegavis/shared'
import { useMemo, useSyncExternalStore } from 'react'
import type { BoardConnection } from '../sync/connection.ts'

/** Awareness role phones announce (`{ role: 'participant' }`). */
export const PARTICIPANT_ROLE = 'participant'

export interface Pulse {
  connected: number
  posted: number
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

export function usePulse(conn: BoardConnection, labels: readonly Label[], held: readonly Label[]): Pulse {
  const connected = useConnectedParticipants(conn)
  const posted = useMemo(() => countAuthors(labels, held), [labels, held])
  return { connected, posted }
}
