import type { Timer } from '@vaegavis/shared'
import { useEffect, useReducer, useRef } from 'react'
import { t } from '../i18n.ts'
import { TimerAnnouncer } from '../ui/TimerAnnouncer.tsx'
import { clockSkew, formatClock, timerView } from './timer.ts'

/**
 * The facilitator's countdown, kept in view at the top of the phone. A timer
 * seen the moment it starts also tells how far this phone's clock is off, so
 * a phone with a wrong clock still counts down from the right number.
 */
/** A buzz at the end, on phones that can (feature-detected: iPhones have no `vibrate`). */
const vibrate = () => navigator.vibrate?.([200, 100, 200])

export function PhoneTimer({ timer, loaded }: { timer: Timer | null; loaded: boolean }) {
  const [, tick] = useReducer((n: number) => n + 1, 0)
  // The timer already running when the board loaded: its start was not seen, so no skew estimate.
  const atLoad = useRef<number | null | undefined>(undefined)
  const skew = useRef<{ startedAt: number; ms: number } | null>(null)
  if (loaded && atLoad.current === undefined) atLoad.current = timer?.startedAt ?? null
  if (timer && skew.current?.startedAt !== timer.startedAt) {
    const live = loaded && atLoad.current !== timer.startedAt
    skew.current = { startedAt: timer.startedAt, ms: live ? clockSkew(timer.startedAt, Date.now()) : 0 }
  }
  const now = Date.now() - (skew.current?.ms ?? 0)
  const view = timerView(timer, now)
  const visible = view !== null

  useEffect(() => {
    if (!visible) return
    const id = setInterval(tick, 1000)
    return () => clearInterval(id)
  }, [visible])

  return (
    <>
      {view?.state === 'running' && (
        <p className="timer" data-testid="timer" data-state="running" data-seconds-left={view.secondsLeft}>
          {t('common.timeLeft')} <strong role="timer">{formatClock(view.secondsLeft)}</strong>
        </p>
      )}
      {view?.state === 'done' && (
        <p className="timer timer--done" data-testid="timer" data-state="done">
          {t('common.timeUp')}
        </p>
      )}
      <TimerAnnouncer timer={timer} msLeft={timer ? timer.startedAt + timer.durationMs - now : 0} onEnd={vibrate} />
    </>
  )
}
