/** "Sortér efter stemmer": what got dots in the current round, most first. */
import type { Category } from '@vaegavis/shared'
import type { WallSnapshot } from './useWallDoc.ts'

export interface RankedItem {
  id: string
  text: string
  votes: number
  category?: Category
}

/** Targets of the current (or last) round with at least one dot, most dots first; ties keep wall order. */
export function rankVotes(
  wall: Pick<WallSnapshot, 'voteRound' | 'voteCounts' | 'themes' | 'labels' | 'legend'>,
): RankedItem[] {
  if (!wall.voteRound) return []
  const categories = new Map(wall.legend.map((c) => [c.id, c]))
  const items: RankedItem[] =
    wall.voteRound.target === 'themes'
      ? wall.themes.map((th) => ({ id: th.id, text: th.name, votes: wall.voteCounts.get(th.id) ?? 0 }))
      : wall.labels
          .filter((l) => !l.hidden)
          .map((l) => ({
            id: l.id,
            text: l.text,
            votes: wall.voteCounts.get(l.id) ?? 0,
            category: categories.get(l.category),
          }))
  return items.filter((i) => i.votes > 0).sort((a, b) => b.votes - a.votes)
}
