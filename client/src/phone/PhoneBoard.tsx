import { CloseCode } from '@vaegavis/shared'
import { useEffect, useMemo } from 'react'
import type { BoardConnection } from '../sync/connection.ts'
import { useBoard, useBoardConnection, useConnectionState } from '../sync/hooks.ts'
import { ConnectionBadge } from '../ui/ConnectionBadge.tsx'
import { t } from '../ui/strings.ts'
import { LabelComposer } from './LabelComposer.tsx'
import { MyLabels } from './MyLabels.tsx'
import type { Identity, KeyValueStore } from './storage.ts'
import { useOutbox } from './useOutbox.ts'

interface Props {
  code: string
  identity: Identity
  store: KeyValueStore | null
  onRejoin: () => void
}

export function PhoneBoard(props: Props) {
  const conn = useBoardConnection(props.identity.boardId, props.identity.token)
  if (!conn) {
    return (
      <main className="page page--narrow phone">
        <p aria-live="polite">{t.phoneLoading}</p>
      </main>
    )
  }
  return <LivePhoneBoard conn={conn} {...props} />
}

function LivePhoneBoard({ conn, code, identity, store, onRejoin }: Props & { conn: BoardConnection }) {
  const board = useBoard(conn.doc)
  const state = useConnectionState(conn)
  const locked = board.settings.locked
  const outbox = useOutbox(conn, state, locked, identity, code, store)
  const mine = useMemo(
    () => board.labels.filter((l) => l.author === identity.participantId),
    [board.labels, identity.participantId],
  )
  const title = board.title || identity.title

  useEffect(() => {
    document.title = `${title} – ${t.appName}`
  }, [title])

  const closed = state.status === 'closed'
  return (
    <main className="page page--narrow phone">
      <header className="phone__header">
        <h1 className="phone__title">{title}</h1>
        <ConnectionBadge state={state} />
      </header>
      {identity.nickname && <p className="muted">{t.writingAs(identity.nickname)}</p>}
      {closed && <ClosedNotice code={state.closeCode} onRejoin={onRejoin} />}
      {!state.loaded && !closed && <p aria-live="polite">{t.waitingForBoard}</p>}
      {locked && (
        <p className="notice" role="status">
          {t.locked}
        </p>
      )}
      <LabelComposer legend={board.legend} disabled={locked || closed || !state.loaded} onSend={outbox.send} />
      <MyLabels labels={mine} legend={board.legend} statusOf={outbox.statusOf} />
    </main>
  )
}

function ClosedNotice({ code, onRejoin }: { code: number | undefined; onRejoin: () => void }) {
  const rejoin = code === CloseCode.Unauthorized || code === CloseCode.BoardGone
  return (
    <div className="notice notice--error" role="alert">
      <p>{t.closeReason(code)}</p>
      {rejoin ? (
        <button type="button" className="button button--primary" onClick={onRejoin}>
          {t.joinAgain}
        </button>
      ) : (
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {t.reload}
        </button>
      )}
    </div>
  )
}
