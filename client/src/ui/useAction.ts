/**
 * The one way a screen shows a request's progress: `useAction` for what a
 * button or form sends (busy while it runs, a sentence when it fails),
 * `useLoad` for what a page fetches when it opens (nothing yet, the data,
 * or a sentence). Pages behind the login send a facilitator whose session
 * ran out to sign in instead of showing an error.
 */
import { type Dispatch, type SetStateAction, useCallback, useEffect, useRef, useState } from 'react'
import { errorText, signInIfExpired } from './errors.ts'

export interface FailureOptions {
  /** The sentence for a failure, where the screen knows better than {@link errorText}. */
  explain?: (e: unknown) => string
  /** A 401 sends the facilitator to sign in (pages behind the login). */
  signIn?: boolean
}

export interface Action {
  busy: boolean
  error: string | null
  /** Runs `fn`; resolves true if it succeeded, false once the failure is shown. */
  run: (fn: () => Promise<unknown>) => Promise<boolean>
  /** Says why the form did not send (input it refuses), or clears that with null. */
  setError: (text: string | null) => void
}

/** Shows a failure as a sentence, or sends an expired session to sign in; `options` read at the time. */
function useFailure(options: FailureOptions): (e: unknown, show: (text: string) => void) => void {
  const latest = useRef(options)
  latest.current = options
  return useCallback((e, show) => {
    const { explain = errorText, signIn = false } = latest.current
    if (!(signIn && signInIfExpired(e))) show(explain(e))
  }, [])
}

/** A button's or form's request: busy while it runs, a sentence when it fails. */
export function useAction(options: FailureOptions = {}): Action {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const failure = useFailure(options)
  const run = useCallback(
    async (fn: () => Promise<unknown>) => {
      setBusy(true)
      setError(null)
      try {
        await fn()
        return true
      } catch (e: unknown) {
        failure(e, setError)
        return false
      } finally {
        setBusy(false)
      }
    },
    [failure],
  )
  return { busy, error, run, setError }
}

export interface Load<T> {
  /** Null until the first load succeeds. */
  data: T | null
  error: string | null
  /** Changes the data in place (after an action whose answer says what changed). */
  setData: Dispatch<SetStateAction<T | null>>
  /** Loads again; an older load still on its way is ignored. */
  reload: () => Promise<void>
}

/** What a page fetches when it opens, and again when `key` changes (the id it shows). Signs an expired session in by default. */
export function useLoad<T>(load: () => Promise<T>, key?: string, options: FailureOptions = {}): Load<T> {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  const failure = useFailure({ signIn: true, ...options })
  const latest = useRef(load)
  latest.current = load
  // Counts loads: only the latest one's answer is shown, and none after the page is gone.
  const generation = useRef(0)
  const reload = useCallback(() => {
    const mine = ++generation.current
    setError(null)
    return latest.current().then(
      (value) => {
        if (mine === generation.current) setData(() => value)
      },
      (e: unknown) => {
        if (mine === generation.current) failure(e, setError)
      },
    )
  }, [failure])
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new key is a new page to load.
  useEffect(() => {
    reload()
    return () => {
      generation.current++
    }
  }, [key, reload])
  return { data, error, setData, reload }
}
