/**
 * The board's held-back labels (private writing, waiting for approval). They
 * live in a second document, the board's held document (`heldDocName`), which the server opens to
 * facilitators only; the wall connects to it with the same facilitator token.
 */
import { type HeldLabel, heldDocName, readHeldLabels } from '@vaegavis/shared'
import { useSyncExternalStore } from 'react'
import * as Y from 'yjs'
import type { ConnectionState } from '../sync/connection.ts'
import { useBoardConnection } from '../sync/hooks.ts'
import { useDocValue } from '../sync/useDocValue.ts'

const NOTHING = new Y.Doc()
const NOT_CONNECTED: ConnectionState = { status: 'connecting', loaded: false }
const noSubscription = () => () => {}
const notConnected = () => NOT_CONNECTED

export interface Held {
  labels: HeldLabel[]
  state: ConnectionState
}

export function useHeld(boardId: string, token: string): Held {
  const conn = useBoardConnection(heldDocName(boardId), token)
  const labels = useDocValue(conn?.doc ?? NOTHING, readHeldLabels)
  const state = useSyncExternalStore(conn?.subscribe ?? noSubscription, conn?.getState ?? notConnected)
  return { labels, state }
}
