/**
 * The facilitator's countdown as a phone shows it. Pure: a timer, the
 * phone's clock and an estimate of how far that clock is off, in; what to
 * show, out.
 */
import type { Timer } from '@vaegavis/shared'

/** How long "time is up" stays on screen after the end (ms). */
export const DONE_VISIBLE_MS = 2 * 60_000
/** Clock differences below this are taken as network delay, not a wrong clock (ms). */
const SKEW_TOLERANCE_MS = 5_000

export type TimerView = { state: 'running'; secondsLeft: number } | { state: 'done' } | null

/**
 * How far this phone's clock is behind the facilitator's, judged when a
 * timer is seen the moment it starts: it began "now", whatever its
 * `startedAt` says. Small differences are delay and count as 0.
 */
export function clockSkew(startedAt: number, seenAt: number): number {
  const d = seenAt - startedAt
  return Math.abs(d) > SKEW_TOLERANCE_MS ? d : 0
}

/** What to show at `now` (this phone's clock; `skew` from {@link clockSkew}). */
export function timerView(timer: Timer | null, now: number, skew = 0): TimerView {
  if (!timer || timer.durationMs <= 0) return null
  const left = timer.startedAt + skew + timer.durationMs - now
  if (left > 0) return { state: 'running', secondsLeft: Math.ceil(Math.min(left, timer.durationMs) / 1000) }
  return -left < DONE_VISIBLE_MS ? { state: 'done' } : null
}

/** `m:ss`, or `h:mm:ss` from an hour. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const two = (n: number) => String(n).padStart(2, '0')
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`
}

/** Where a countdown is, for the screen-reader announcements: started, one minute left, ended. */
export type Phase = 0 | 1 | 2
export const STARTED: Phase = 0
export const LAST_MINUTE: Phase = 1
export const ENDED: Phase = 2

/** The phase `msLeft` before the end; "one minute left" only for a timer longer than a minute. */
export function timerPhase(durationMs: number, msLeft: number): Phase {
  return msLeft <= 0 ? ENDED : msLeft <= 60_000 && durationMs > 60_000 ? LAST_MINUTE : STARTED
}

/** The last phase announced, of which timer. */
export interface Heard {
  startedAt: number
  phase: Phase
}

/**
 * What the live region says next, so each phase is read out once and not every second: the new
 * phase when it moves on; -1 to empty it when a minute added moved it back (so "one minute left"
 * can be said again); null to leave it. A timer first seen already ended is not announced: that
 * end was before this screen looked.
 */
export function nextAnnouncement(prev: Heard | null, next: Heard): Phase | -1 | null {
  if (prev?.startedAt !== next.startedAt) return next.phase === ENDED ? null : next.phase
  return next.phase > prev.phase ? next.phase : next.phase < prev.phase ? -1 : null
}
