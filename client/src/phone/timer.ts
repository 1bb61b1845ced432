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
