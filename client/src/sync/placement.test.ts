import { describe, expect, it } from 'vitest'
import { UNSORTED, unsortedSlot } from './placement.ts'

describe('unsortedSlot', () => {
  it('fills the unsorted area row by row without two labels on one spot', () => {
    const slots = Array.from({ length: 12 }, (_, i) => unsortedSlot(i))
    expect(new Set(slots.map((s) => `${s.x},${s.y}`)).size).toBe(12)
    expect(slots[0]).toEqual({ x: UNSORTED.originX, y: UNSORTED.originY })
    expect(slots[UNSORTED.columns]).toEqual({ x: UNSORTED.originX, y: UNSORTED.originY + UNSORTED.rowHeight })
  })

  it('treats odd input as the first slot', () => {
    expect(unsortedSlot(-3)).toEqual(unsortedSlot(0))
  })
})
