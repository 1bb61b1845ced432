import { Role } from '@vaegavis/shared'
import { useCallback, useEffect, useRef, useState } from 'react'
import { BoardConnection, type JoinedBoard, websocketBase } from '../sync/connection.ts'
import type { Identity } from './storage.ts'

/**
 * One live connection for the phone, announcing only that a participant is
 * here (no name, no id) so the projector can count phones. `renew` starts
 * over with a fresh document.
 */
export function usePhoneConnection(
  code: string,
  identity: Identity,
  onJoined: ((joined: JoinedBoard) => void) | undefined,
): [BoardConnection | null, () => void] {
  const [conn, setConn] = useState<BoardConnection | null>(null)
  const [generation, setGeneration] = useState(0)
  // Read when a connection is made: the identity filling in after the join must not reopen the socket.
  const latest = useRef({ code, identity, onJoined })
  latest.current = { code, identity, onJoined }
  const { token } = identity
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation means a new connection.
  useEffect(() => {
    const { code, identity } = latest.current
    const c = identity.boardId
      ? new BoardConnection(identity.boardId, token)
      : new BoardConnection('', token, websocketBase(), {
          code,
          ...(identity.nickname ? { nickname: identity.nickname } : {}),
          onJoined: (joined) => latest.current.onJoined?.(joined),
        })
    c.provider.awareness.setLocalState({ role: Role.Participant })
    setConn(c)
    return () => c.destroy()
  }, [token, generation])
  return [conn, useCallback(() => setGeneration((g) => g + 1), [])]
}
