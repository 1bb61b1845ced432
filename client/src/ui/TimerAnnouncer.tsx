import type { Timer } from '@vaegavis/shared'
import { useEffect, useRef, useState } from 'react'
import { t } from '../i18n.ts'
import { ENDED, type Heard, nextAnnouncement, STARTED, timerPhase } from './timerPhase.ts'

/**
 * The countdown read out by screen readers at its start, with one minute
 * left and at the end: once each, not every second. `onEnd` runs when an
 * end is seen happen (the projector's chime, a phone's vibration), not for
 * a timer that had already ended when the screen opened.
 */
export function TimerAnnouncer({ timer, msLeft, onEnd }: { timer: Timer | null; msLeft: number; onEnd?: () => void }) {
  const heard = useRef<Heard | null>(null)
  const [text, setText] = useState('')
  const phase = timer && timerPhase(timer.durationMs, msLeft)
  // biome-ignore lint/correctness/useExhaustiveDependencies: said again only when the timer or its phase changes, not when a minute is added within a phase; `onEnd` is the one of the render where the phase changed.
  useEffect(() => {
    if (!timer || phase === null) {
      heard.current = null
      setText('')
      return
    }
    const next = { startedAt: timer.startedAt, phase }
    const say = nextAnnouncement(heard.current, next)
    heard.current = next
    if (say === null) return
    setText(
      say < 0
        ? ''
        : say === STARTED
          ? t('common.timerStarted', { count: Math.round(timer.durationMs / 60_000) })
          : t(say === ENDED ? 'common.timeUp' : 'common.oneMinuteLeft'),
    )
    if (say === ENDED) onEnd?.()
  }, [timer?.startedAt, phase])
  return (
    <p className="visually-hidden" role="status" data-testid="timer-announcement">
      {text}
    </p>
  )
}
