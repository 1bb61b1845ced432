import { describe, expect, it } from 'vitest'
import { clockSkew, DONE_VISIBLE_MS, formatClock, timerView } from './timer.ts'

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
