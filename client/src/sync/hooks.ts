/**
 * React bindings for a board connection and its document. Components read
 * the board through {@link useBoard} (or another reader passed to
 * {@link useDocValue}), which reads only through the schema helpers of
 * `@vaegavis/shared`.
 */
import {
  type BoardSettings,
  type Category,
  type Label,
  readLabels,
  readLegend,
  readQuestion,
  readSettings,
  readThemes,
  readTimer,
  readTitle,
  readVoteRound,
  type Theme,
  type Timer,
  type VoteRound,
} from '@vaegavis/shared'
import { useEffect, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { BoardConnection, type ConnectionState } from './connection.ts'
import { useDocValue } from './useDocValue.ts'

/** What every screen of a board shows: the phone reads this, the wall this and more (`useWallDoc`). */
export interface BoardSnapshot {
  title: string
  question: string
  legend: Category[]
  labels: Label[]
  themes: Theme[]
  settings: BoardSettings
  voteRound: VoteRound | null
  timer: Timer | null
}

export function readBoard(doc: Y.Doc): BoardSnapshot {
  return {
    title: readTitle(doc),
    question: readQuestion(doc),
    legend: readLegend(doc),
    labels: readLabels(doc),
    themes: readThemes(doc),
    settings: readSettings(doc),
    voteRound: readVoteRound(doc),
    timer: readTimer(doc),
  }
}

/** The board as plain values; re-renders whenever the document changes. */
export function useBoard(doc: Y.Doc): BoardSnapshot {
  return useDocValue(doc, readBoard)
}

/** Connection status of a board connection. */
export function useConnectionState(conn: BoardConnection): ConnectionState {
  return useSyncExternalStore(conn.subscribe, conn.getState)
}

/** Opens a connection for (boardId, token) while mounted; null until both are known. */
export function useBoardConnection(boardId: string | undefined, token: string | undefined): BoardConnection | null {
  const [conn, setConn] = useState<BoardConnection | null>(null)
  useEffect(() => {
    if (!boardId || !token) return
    const c = new BoardConnection(boardId, token)
    setConn(c)
    return () => {
      setConn(null)
      c.destroy()
    }
  }, [boardId, token])
  return conn
}
