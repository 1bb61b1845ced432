import { useCallback, useRef, useState } from 'react'
import type { KeyValueStore } from './storage.ts'

/** A list kept in React state and, per join code, in localStorage. */
export interface StoredList<T> {
  /** The list as last rendered. */
  list: readonly T[]
  /**
   * The list as last committed. The source of truth between renders: writes to the document
   * and to storage read it, never a state updater (React may run those twice).
   */
  ref: { readonly current: readonly T[] }
  /** Replaces the list: in the ref, in storage, then in state. */
  commit: (next: readonly T[]) => void
}

/** The phone's outbox or held list, loaded once from storage and saved on every commit. */
export function useStoredList<T>(
  store: KeyValueStore | null,
  code: string,
  load: (store: KeyValueStore | null, code: string) => T[],
  save: (store: KeyValueStore | null, code: string, list: readonly T[]) => void,
): StoredList<T> {
  const [list, setList] = useState<readonly T[]>(() => load(store, code))
  const ref = useRef(list)
  const commit = useCallback(
    (next: readonly T[]) => {
      ref.current = next
      save(store, code, next)
      setList(next)
    },
    [store, code, save],
  )
  return { list, ref, commit }
}
