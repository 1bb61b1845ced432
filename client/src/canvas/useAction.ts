import { useCallback, useState } from 'react'
import { errorText } from '../ui/errors.ts'

export interface Action {
  busy: boolean
  error: string | null
  run: (fn: () => Promise<unknown>) => void
}

/** A button's request: busy while it runs, a sentence when it fails. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = useCallback((fn: () => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    fn().then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false)
        setError(errorText(e))
      },
    )
  }, [])
  return { busy, error, run }
}
