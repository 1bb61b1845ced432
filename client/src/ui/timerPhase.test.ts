import { describe, expect, it } from 'vitest'
import { ENDED, LAST_MINUTE, nextAnnouncement, STARTED, timerPhase } from './timerPhase.ts'

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
