/**
 * Where a countdown is, for what screen readers hear of it (TimerAnnouncer):
 * pure, shared by the wall and the phone.
 */
/** Started, one minute left, ended. */
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
