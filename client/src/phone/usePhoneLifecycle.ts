/**
 * What the phone page does by itself as its connection changes: start over
 * after a refused change, report an unknown join code, prefetch what the
 * meeting needs later, and keep the browser tab's title.
 */
import { CloseCode } from '@vaegavis/shared'
import { useEffect, useRef } from 'react'
import { t } from '../i18n.ts'
import type { ConnectionState } from '../sync/connection.ts'
import { prefetchLater } from './later.ts'

/** `joining`: the phone joins with a code and does not know its board yet. */
export function usePhoneLifecycle(
  state: ConnectionState,
  joining: boolean,
  title: string,
  renew: () => void,
  onUnknownCode: (() => void) | undefined,
): void {
  const recoveries = useRef<number[]>([])
  // A refused change closes the socket (4403), most often a dot placed just as the round closed.
  // Start over with a fresh document (useOutbox has already re-queued what was not saved), unless it keeps happening.
  useEffect(() => {
    if (state.status !== 'closed' || state.closeCode !== CloseCode.Forbidden) return
    const now = Date.now()
    recoveries.current = recoveries.current.filter((at) => now - at < 60_000)
    if (recoveries.current.length >= 3) return
    recoveries.current.push(now)
    renew()
  }, [state.status, state.closeCode, renew])

  // Still joining and the server knows no board by this code.
  const unknown = joining && state.status === 'closed' && state.closeCode === CloseCode.BoardGone
  const onUnknown = useRef(onUnknownCode)
  onUnknown.current = onUnknownCode
  useEffect(() => {
    if (unknown) onUnknown.current?.()
  }, [unknown])

  // Once the first label can be written, fetch what the rest of the meeting needs while the phone idles.
  useEffect(() => {
    if (!state.loaded) return
    const timer = setTimeout(prefetchLater, 1_000)
    return () => clearTimeout(timer)
  }, [state.loaded])

  useEffect(() => {
    document.title = `${title} – ${t('common.appName')}`
  }, [title])
}
