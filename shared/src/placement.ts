/**
 * The grid a new unsorted label is given when nobody placed it by hand: a
 * phone posting, a label released from private writing or approval. The
 * wall reads a label standing exactly on one of these slots as "not placed"
 * and flows it into the unsorted area with the others, so labels never pile
 * up on one spot or drift far from the rest; a label dragged anywhere else
 * stays where it was put.
 */

/** Wall units (CSS pixels at zoom 1). */
export const UNSORTED_SLOTS = {
  originX: 40,
  originY: 140,
  columns: 4,
  columnWidth: 260,
  rowHeight: 190,
} as const

/** Position of the n-th slot (0-based), row by row. */
export function unsortedSlot(n: number): { x: number; y: number } {
  const i = Math.max(0, Math.floor(n))
  return {
    x: UNSORTED_SLOTS.originX + (i % UNSORTED_SLOTS.columns) * UNSORTED_SLOTS.columnWidth,
    y: UNSORTED_SLOTS.originY + Math.floor(i / UNSORTED_SLOTS.columns) * UNSORTED_SLOTS.rowHeight,
  }
}

/**
 * How far a phone may scatter a label from its slot (so two phones sending at
 * the same moment do not cover each other exactly), in wall units.
 */
export const SLOT_SCATTER = 16

/** True when (x, y) is one of the slots, or scattered from one by a phone: the label was not placed by hand. */
export function isUnsortedSlot(x: number, y: number): boolean {
  const dx = x - UNSORTED_SLOTS.originX
  const dy = y - UNSORTED_SLOTS.originY
  if (dx < 0 || dy < 0) return false
  const col = Math.floor(dx / UNSORTED_SLOTS.columnWidth)
  const offX = dx - col * UNSORTED_SLOTS.columnWidth
  const offY = dy % UNSORTED_SLOTS.rowHeight
  return col < UNSORTED_SLOTS.columns && offX <= SLOT_SCATTER && offY <= SLOT_SCATTER
}
