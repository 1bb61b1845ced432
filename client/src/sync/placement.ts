/**
 * Where a new label lands on the wall when nobody placed it: the slot grid
 * of the unsorted area (see `@vaegavis/shared`'s placement), which the wall
 * reads as "not placed yet" and flows together with the other new labels.
 */
export { isUnsortedSlot, UNSORTED_SLOTS as UNSORTED, unsortedSlot } from '@vaegavis/shared'
