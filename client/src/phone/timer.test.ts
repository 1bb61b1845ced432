import { describe, expect, it } from 'vitest'
import {
  clockSkew,
  DONE_VISIBLE_MS,
  ENDED,
  formatClock,
  LAST_MINUTE,
  nextAnnouncement,
  STARTED,
  timerPhase,
  timerView,
} from './timer.ts'

describe('the countdown on the phone', () => {
  const timer = { startedAt: 100_000, durationMs: 5 * 60_000 }

  it('counts whole seconds down, rounding up, and never above the duration', () => {
    expect(timerView(timer, 100_000)).toEqual({ state: 'running', secondsLeft: 300 })
    expect(timerView(timer, 100_001)).toEqual({ state: 'running', secondsLeft: 300 })
    expect(timerView(timer, 100_000 + 299_500)).toEqual({ state: 'running', secondsLeft: 1 })
    // A phone whose clock is behind the facilitator's does not show more than was set.
    expect(timerView(timer, 50_000)).toEqual({ state: 'running', secondsLeft: 300 })
  })

  it('says the time is up for a while, then goes away; no timer shows nothing', () => {
    expect(timerView(timer, 400_000)).toEqual({ state: 'done' })
    expect(timerView(timer, 400_000 + DONE_VISIBLE_MS)).toBeNull()
    expect(timerView(null, 0)).toBeNull()
  })

  it('corrects for a phone clock that is off, judged when the timer starts', () => {
    expect(clockSkew(100_000, 100_800)).toBe(0)
    const skew = clockSkew(100_000, 160_000)
    expect(skew).toBe(60_000)
    expect(timerView(timer, 160_000 + 10_000, skew)).toEqual({ state: 'running', secondsLeft: 290 })
  })

  it('formats as m:ss, and h:mm:ss from an hour', () => {
    expect(formatClock(0)).toBe('0:00')
    expect(formatClock(65)).toBe('1:05')
    expect(formatClock(600)).toBe('10:00')
    expect(formatClock(3_725)).toBe('1:02:05')
  })
})

describe('what screen readers hear of the countdown', () => {
  it('a five-minute timer has a start, a last minute and an end; a one-minute timer has no separate last minute', () => {
    expect(timerPhase(5 * 60_000, 5 * 60_000)).toBe(STARTED)
    expect(timerPhase(5 * 60_000, 60_001)).toBe(STARTED)
    expect(timerPhase(5 * 60_000, 60_000)).toBe(LAST_MINUTE)
    expect(timerPhase(5 * 60_000, 1)).toBe(LAST_MINUTE)
    expect(timerPhase(5 * 60_000, 0)).toBe(ENDED)
    expect(timerPhase(60_000, 30_000)).toBe(STARTED)
    expect(timerPhase(60_000, -5)).toBe(ENDED)
  })

  it('each phase is said once as the seconds tick by, not every second', () => {
    const said: (number | null)[] = []
    let heard = null
    const durationMs = 3 * 60_000
    for (let left = durationMs; left >= -2_000; left -= 1_000) {
      const next = { startedAt: 1, phase: timerPhase(durationMs, left) }
      said.push(nextAnnouncement(heard, next))
      heard = next
    }
    expect(said.filter((s) => s !== null)).toEqual([STARTED, LAST_MINUTE, ENDED])
  })

  it('+1 minute in the last minute empties the region, so "1 minute left" is said again when it comes', () => {
    const last = { startedAt: 1, phase: LAST_MINUTE }
    // 30 s left, then a minute added: 90 s left, back before the last minute.
    const extended = { startedAt: 1, phase: timerPhase(3 * 60_000 + 60_000, 90_000) }
    expect(extended.phase).toBe(STARTED)
    expect(nextAnnouncement(last, extended)).toBe(-1)
    expect(nextAnnouncement(extended, last)).toBe(LAST_MINUTE)
  })

  it('a new timer is announced from its start; one already over when the screen opened is not', () => {
    expect(nextAnnouncement({ startedAt: 1, phase: ENDED }, { startedAt: 2, phase: STARTED })).toBe(STARTED)
    expect(nextAnnouncement(null, { startedAt: 2, phase: ENDED })).toBeNull()
    expect(nextAnnouncement(null, { startedAt: 2, phase: LAST_MINUTE })).toBe(LAST_MINUTE)
  })
})
