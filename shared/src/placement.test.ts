import { describe, expect, it } from 'vitest'
import { isUnsortedSlot, SLOT_SCATTER, UNSORTED_SLOTS, unsortedSlot } from './placement.ts'

describe('the slot grid of new unsorted labels', () => {
  it('recognises every slot a phone gives, scattered or not, as not placed by hand', () => {
    for (const n of [0, 1, 3, 4, 17, 250]) {
      const s = unsortedSlot(n)
      expect(isUnsortedSlot(s.x, s.y)).toBe(true)
      expect(isUnsortedSlot(s.x + SLOT_SCATTER, s.y + SLOT_SCATTER)).toBe(true)
    }
  })

  it('reads a label put anywhere else as placed by hand', () => {
    expect(isUnsortedSlot(UNSORTED_SLOTS.originX + 100, UNSORTED_SLOTS.originY)).toBe(false)
    expect(isUnsortedSlot(UNSORTED_SLOTS.originX, UNSORTED_SLOTS.originY + 60)).toBe(false)
    expect(isUnsortedSlot(UNSORTED_SLOTS.originX - 1, UNSORTED_SLOTS.originY)).toBe(false)
    // Right of the four columns.
    expect(isUnsortedSlot(UNSORTED_SLOTS.originX + 4 * UNSORTED_SLOTS.columnWidth, UNSORTED_SLOTS.originY)).toBe(false)
    expect(isUnsortedSlot(1500, 900)).toBe(false)
  })
})
