/**
 * Names of the documents a board has. The wall document is named by the
 * board id; the held document `<board>~held` keeps labels no participant's
 * device may receive (written privately, waiting for approval, or hidden).
 */

const HELD_SUFFIX = '~held'

/** Name of the board's held document; only facilitators may open it. */
export function heldDocName(boardId: string): string {
  return `${boardId}${HELD_SUFFIX}`
}

/** Which board a document name belongs to, and whether it is the held document. */
export function parseDocName(name: string): { boardId: string; held: boolean } {
  return name.endsWith(HELD_SUFFIX)
    ? { boardId: name.slice(0, -HELD_SUFFIX.length), held: true }
    : { boardId: name, held: false }
}

/** Every document of a board: the wall first, then the held document. */
export function docNamesOf(boardId: string): [wall: string, held: string] {
  return [boardId, heldDocName(boardId)]
}
