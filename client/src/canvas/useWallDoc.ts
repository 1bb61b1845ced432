/**
 * Everything the wall draws: the board as every screen reads it
 * (`readBoard`), plus the vote counts and the facilitator's view to follow.
 */
import { readFollow, readVoteCounts, type Viewport } from '@vaegavis/shared'
import type * as Y from 'yjs'
import { type BoardSnapshot, readBoard } from '../sync/hooks.ts'
import { useDocValue } from '../sync/useDocValue.ts'

export interface WallSnapshot extends BoardSnapshot {
  /** Dots per target id in the current (or last) round. */
  voteCounts: Map<string, number>
  follow: Viewport | null
}

function readWall(doc: Y.Doc): WallSnapshot {
  return { ...readBoard(doc), voteCounts: readVoteCounts(doc), follow: readFollow(doc) }
}

/** The whole wall as plain values; re-renders whenever the document changes. */
export function useWallDoc(doc: Y.Doc): WallSnapshot {
  return useDocValue(doc, readWall)
}
