/**
 * What a page fetches when it opens (and again when `key` changes, e.g. the id in its path): the value,
 * or a sentence when it failed. An expired sign-in goes to the login page
 * instead of showing an error. An answer that arrives after the page moved on
 * is dropped, so a slow request never overwrites a newer one.
 */
import { type Dispatch, type SetStateAction, useEffect, useRef, useState } from 'react'
import { errorText, signInIfExpired } from './errors.ts'

export interface PageLoad<T> {
  /** null until it arrived (or when it failed). */
  value: T | null
  setValue: Dispatch<SetStateAction<T | null>>
  error: string | null
  setError: Dispatch<SetStateAction<string | null>>
}

export function usePageLoad<T>(
  load: () => Promise<T>,
  key: string,
  /** The sentence for a failure; the default says what went wrong in general terms. */
  describe: (e: unknown) => string = errorText,
): PageLoad<T> {
  const [value, setValue] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  // The latest functions, so the caller need not memoise them: only `key` starts a new load.
  const latest = useRef({ load, describe })
  latest.current = { load, describe }
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new key is what starts a new load.
  useEffect(() => {
    let cancelled = false
    latest.current.load().then(
      (v) => {
        if (!cancelled) setValue(() => v)
      },
      (e: unknown) => {
        if (cancelled || signInIfExpired(e)) return
        setError(latest.current.describe(e))
      },
    )
    return () => {
      cancelled = true
    }
  }, [key])
  return { value, setValue, error, setError }
}
