/**
 * Where a new label lands on the wall when nobody placed it: the "unsorted"
 * area, a grid near the left edge filled row by row, so labels from many
 * phones do not pile up on one spot. Candidate for `shared/` (see README).
 */

/** Wall units (CSS pixels at zoom 1). */
export const UNSORTED = {
  originX: 40,
  originY: 140,
  columns: 4,
  columnWidth: 260,
  rowHeight: 190,
} as const

/** Position of the n-th unsorted label (0-based). */
export function unsortedSlot(n: number): { x: number; y: number } {
  const i = Math.max(0, Math.floor(n))
  return {
    x: UNSORTED.originX + (i % UNSORTED.columns) * UNSORTED.columnWidth,
    y: UNSORTED.originY + Math.floor(i / UNSORTED.columns) * UNSORTED.rowHeight,
  }
}
