/**
 * Labels each board keeps in its held document (written privately, waiting
 * for approval, hidden), in all and per author, so a label written on the
 * wall over the socket is counted against the same limits as one posted to
 * the held-label route: whichever way labels come in, a reveal or an approval
 * never takes a board past its limits. Held documents change only through
 * their loaded room, so counts kept from it stay true after it unloads.
 */
import { countLabelsByAuthor, parseDocName } from '@vaegavis/shared'
import type { Room } from './Room.ts'

export interface HeldCount {
  total: number
  mine: number
}

export class HeldLabelCounts {
  private readonly byBoard = new Map<string, { total: number; by: Map<string, number> }>()

  /** Follows a loaded room if it is a held document, until it is destroyed (its document with it). */
  track(room: Room): void {
    const { boardId, held } = parseDocName(room.name)
    if (!held) return
    const recount = () => this.byBoard.set(boardId, room.read(countLabelsByAuthor))
    recount()
    room.durableDoc.on('update', recount)
  }

  /** Whether the board's held document has been counted since this server started. */
  known(boardId: string): boolean {
    return this.byBoard.has(boardId)
  }

  /** The board's held labels, and how many of them `subject` wrote. */
  of(boardId: string, subject: string): HeldCount {
    const c = this.byBoard.get(boardId)
    return { total: c?.total ?? 0, mine: c?.by.get(subject) ?? 0 }
  }
}
