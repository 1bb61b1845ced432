/** HTML shown over the wall in both modes: the timer, the participation pulse, the vote ranking, follow status. */
import type { Timer } from '@vaegavis/shared'
import { useEffect, useState } from 'react'
import { t } from '../i18n.ts'
import { CategoryIcon } from '../ui/CategoryIcon.tsx'
import { TimerAnnouncer } from '../ui/TimerAnnouncer.tsx'
import type { Chime } from './chime.ts'
import type { RankedItem, rankVotes } from './ranking.ts'
import type { Pulse } from './usePulse.ts'

export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    if (!ticking) return
    setNow(Date.now())
    const id = window.setInterval(() => setNow(Date.now()), 250)
    return () => window.clearInterval(id)
  }, [ticking])
  return now
}

/** How long "Tiden er gået" stays up after the end. */
const DONE_SHOWN_MS = 60_000

export function formatRemaining(ms: number): string {
  const s = Math.ceil(Math.max(0, ms) / 1000)
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/** The countdown, big enough to read from the back of the room; `onEnd` when it is seen to end. */
export function TimerDisplay({ timer, onEnd }: { timer: Timer | null; onEnd?: () => void }) {
  const now = useNow(timer !== null)
  const end = timer ? timer.startedAt + timer.durationMs : 0
  const done = now >= end
  return (
    <>
      <TimerAnnouncer timer={timer} msLeft={end - now} onEnd={onEnd} />
      {timer && now - end <= DONE_SHOWN_MS && (
        <div className={`wall-timer ${done ? 'wall-timer--done' : ''}`} role="timer" aria-label={t('wall.timerLabel')}>
          <span data-testid="timer">{done ? t('wall.timerDone') : formatRemaining(end - now)}</span>
        </div>
      )}
    </>
  )
}

/** How many are here and how many have written; nobody is named. */
export function PulseDisplay({ pulse }: { pulse: Pulse }) {
  return (
    <section className="wall-pulse" aria-label={t('wall.pulseLabel')} data-testid="pulse">
      <span data-testid="pulse-connected">{t('wall.pulseConnected', { n: pulse.connected })}</span>
      <span aria-hidden="true"> · </span>
      <span data-testid="pulse-posted">{t('wall.pulsePosted', { n: pulse.posted })}</span>
      <span aria-hidden="true"> · </span>
      <span data-testid="pulse-done">{t('wall.doneCount', { n: pulse.done, total: pulse.connected })}</span>
    </section>
  )
}

/** "Sortér efter stemmer": what got the most dots, most first (see {@link rankVotes}). */
export function VoteRanking({ ranked, onClose }: { ranked: readonly RankedItem[]; onClose?: () => void }) {
  return (
    <section className="wall-ranking" aria-labelledby="wall-ranking-h" data-testid="ranking">
      <h2 id="wall-ranking-h">{t('wall.rankingHeading')}</h2>
      {ranked.length === 0 ? (
        <p>{t('wall.rankingEmpty')}</p>
      ) : (
        <ol className="wall-ranking__list">
          {ranked.map((i) => (
            <li key={i.id} className="wall-ranking__item" data-target-id={i.id}>
              <span className="wall-ranking__votes">
                <span aria-hidden="true">● {i.votes}</span>
                <span className="visually-hidden">{t('wall.votesOf', { count: i.votes })}</span>
              </span>
              {i.category && <CategoryIcon icon={i.category.icon} colour={i.category.colour} size={28} />}
              <span className="wall-ranking__text">{i.text}</span>
            </li>
          ))}
        </ol>
      )}
      {onClose && (
        <button type="button" className="button" onClick={onClose}>
          {t('wall.hideRanking')}
        </button>
      )}
    </section>
  )
}

/** On a wall that follows the facilitator: say so, and let the viewer look around or follow again. */
export function FollowNotice({
  following,
  detached,
  onStop,
  onResume,
}: {
  following: boolean
  detached: boolean
  onStop: () => void
  onResume: () => void
}) {
  if (!following && !detached) return null
  return (
    <div className="wall-follow" role="status" data-testid="follow-status">
      {following ? (
        <>
          <span>{t('wall.following')}</span>
          <button type="button" className="button button--small" onClick={onStop}>
            {t('wall.stopFollowing')}
          </button>
        </>
      ) : (
        <button type="button" className="button button--small" onClick={onResume}>
          {t('wall.resumeFollowing')}
        </button>
      )}
    </div>
  )
}

/**
 * Projector mode's controls: always in sight, small and out of the wall's
 * way, reachable by Tab; Esc leaves projector mode too.
 */
export function ProjectorControls({
  fullscreen,
  onFullscreen,
  onLeave,
  contrast,
  onToggleContrast,
  panelShown,
  onTogglePanel,
  chime,
}: {
  chime: Chime
  fullscreen: boolean
  onFullscreen: () => void
  onLeave: () => void
  contrast: boolean
  onToggleContrast: () => void
  panelShown: boolean
  onTogglePanel: () => void
}) {
  return (
    <nav className="wall-projector-controls" aria-label={t('wall.projectorControls')}>
      <button type="button" className="button button--small" aria-pressed={!panelShown} onClick={onTogglePanel}>
        {panelShown ? t('app.hidePanel') : t('app.showPanel')}
      </button>
      <button type="button" className="button button--small" aria-pressed={contrast} onClick={onToggleContrast}>
        {t('wall.highContrast')}
      </button>
      <button type="button" className="button button--small" aria-pressed={chime.on} onClick={chime.toggle}>
        {t('wall.chime')}
      </button>
      {!fullscreen && (
        <button type="button" className="button button--small" onClick={onFullscreen}>
          {t('wall.fullscreen')}
        </button>
      )}
      <button type="button" className="button button--small" onClick={onLeave} title={t('wall.leaveProjectorKey')}>
        {t('wall.leaveProjector')}
      </button>
    </nav>
  )
}
