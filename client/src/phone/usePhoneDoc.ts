import {
  readMyVotes,
  readQuestion,
  readThemes,
  readTimer,
  readVoteRound,
  type Theme,
  type Timer,
  type VoteRound,
} from '@vaegavis/shared'
import { useMemo } from 'react'
import type * as Y from 'yjs'
import { type BoardSnapshot, useBoard } from '../sync/hooks.ts'

/** What the phone shows of the board, as plain values. */
export interface PhoneDoc {
  board: BoardSnapshot
  question: string
  themes: Theme[]
  round: VoteRound | null
  timer: Timer | null
  /** This participant's dots in the current round. */
  votes: ReturnType<typeof readMyVotes>
}

/** The board as the phone reads it; re-renders whenever the document changes. */
export function usePhoneDoc(doc: Y.Doc, participantId: string): PhoneDoc {
  const board = useBoard(doc)
  // The snapshot changes with every document update: read the rest along with it.
  return useMemo(
    () => ({
      board,
      question: readQuestion(doc),
      themes: readThemes(doc),
      round: readVoteRound(doc),
      timer: readTimer(doc),
      votes: readMyVotes(doc, participantId),
    }),
    [doc, board, participantId],
  )
}
