import { describe, expect, it } from 'vitest'
import { BACKOFF_CAP_MS, reconnectDelay } from './backoff.ts'

describe('reconnect backoff', () => {
  it('waits longer, on average, after each failed attempt, up to a cap', () => {
    expect(reconnectDelay(0, () => 1)).toBe(250)
    expect(reconnectDelay(1, () => 1)).toBe(500)
    expect(reconnectDelay(3, () => 1)).toBe(2000)
    expect(reconnectDelay(50, () => 1)).toBe(BACKOFF_CAP_MS)
  })

  it('spreads phones out: the delay is random between zero and the cap', () => {
    const delays = new Set(Array.from({ length: 50 }, () => reconnectDelay(4)))
    expect(delays.size).toBeGreaterThan(30)
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(0)
    for (const d of delays) expect(d).toBeLessThanOrEqual(4000)
  })
})
