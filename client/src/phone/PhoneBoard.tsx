/**
 * The phone's board page once it has a connection: header, alerts, tabs,
 * the active tab's panel and the young person's own labels.
 *
 * Module map: `usePhoneConnection.ts` opens the socket, `useBoard`
 * (sync/hooks.ts) reads the document, `usePhoneLifecycle.ts` reacts to the connection,
 * `useOutbox.ts` sends labels, `PhoneTabs.tsx` / `PhonePanel.tsx` /
 * `ClosedNotice.tsx` render.
 */
import { readDone, setDone } from '@vaegavis/shared'
import { useState } from 'react'
import { appPath } from '../base.ts'
import { t } from '../i18n.ts'
import type { BoardConnection, JoinedBoard } from '../sync/connection.ts'
import { useBoard, useConnectionState } from '../sync/hooks.ts'
import { useDocValue } from '../sync/useDocValue.ts'
import { ConnectionBadge } from '../ui/ConnectionBadge.tsx'
import { ClosedNotice } from './ClosedNotice.tsx'
import { MyLabels } from './MyLabels.tsx'
import { PhonePanel } from './PhonePanel.tsx'
import { PhoneTabs, phoneTabs, type Tab } from './PhoneTabs.tsx'
import { PhoneTimer } from './PhoneTimer.tsx'
import './phone.css'
import type { Identity, KeyValueStore } from './storage.ts'
import { useOutbox } from './useOutbox.ts'
import { usePhoneConnection } from './usePhoneConnection.ts'
import { usePhoneLifecycle } from './usePhoneLifecycle.ts'

/** A picture of a label on this board, opened with the phone's own token: an <img> sends no Authorization header. */
function pictureUrl(identity: Identity, hash: string): string {
  const board = encodeURIComponent(identity.boardId ?? '')
  return appPath(`/api/boards/${board}/images/${encodeURIComponent(hash)}?token=${encodeURIComponent(identity.token)}`)
}

interface Props {
  code: string
  /** Without `boardId` while joining: the socket joins with the code, then `onJoined` says who the phone is. */
  identity: Identity
  store: KeyValueStore | null
  onRejoin: () => void
  onJoined?: (joined: JoinedBoard) => void
  /** The join was refused because no board has the code. */
  onUnknownCode?: () => void
}

export function PhoneBoard(props: Props) {
  const [conn, renew] = usePhoneConnection(props.code, props.identity, props.onJoined)
  if (!conn) {
    return (
      <main className="page page--narrow phone">
        <p aria-live="polite">{t('common.phoneLoading')}</p>
      </main>
    )
  }
  return <LivePhoneBoard conn={conn} renew={renew} {...props} />
}

function LivePhoneBoard({
  conn,
  renew,
  code,
  identity,
  store,
  onRejoin,
  onUnknownCode,
}: Props & { conn: BoardConnection; renew: () => void }) {
  const doc = conn.doc
  const board = useBoard(doc)
  const state = useConnectionState(conn)
  const outbox = useOutbox(conn, state, board, identity, code, store)
  const { locked } = board.settings
  const closed = state.status === 'closed'
  const [tab, setTab] = useState<Tab>('write')
  const title = board.title || identity.title
  usePhoneLifecycle(state, !identity.boardId, title, renew, onUnknownCode)

  const tabs = phoneTabs(board.question !== '' && board.themes.length > 0, board.voteRound !== null)
  // A tab that goes away (e.g. while reconnecting) comes back when its content does.
  const active = tabs.includes(tab) ? tab : 'write'
  const voteOpen = board.voteRound?.open === true
  const goVote = () => {
    setTab('vote')
    // From far down the list: start the vote at its top, where the dots left are.
    document.getElementById('tab-vote')?.scrollIntoView({ block: 'start' })
  }
  const canChange = state.status === 'online' && state.loaded && !locked
  const { participantId } = identity
  const done = useDocValue(doc, readDone, participantId)

  return (
    <main className="page page--narrow phone">
      <header className="phone__header">
        <h1 className="phone__title">{title}</h1>
        <ConnectionBadge state={state} />
      </header>
      {/* Stays at the top of the screen however far down the phone is scrolled: a vote or the timer starting is noticed. */}
      <div className="phone__alerts">
        <PhoneTimer timer={board.timer} loaded={state.loaded} />
        <div role="status">
          {voteOpen && active !== 'vote' && !locked && (
            <button type="button" className="button phone__banner" data-testid="vote-banner" onClick={goVote}>
              {t('common.voteOpenGo')}
            </button>
          )}
        </div>
      </div>
      {identity.nickname && <p className="muted">{t('common.writingAs', { nickname: identity.nickname })}</p>}
      {closed && <ClosedNotice code={state.closeCode} onRejoin={onRejoin} />}
      {!state.loaded && !closed && <p aria-live="polite">{t('common.waitingForBoard')}</p>}
      <p className={locked ? 'notice' : 'visually-hidden'} role="status" data-testid="locked">
        {locked ? t('common.locked') : ''}
      </p>
      {tabs.length > 1 && <PhoneTabs tabs={tabs} active={active} voteOpen={voteOpen} onSelect={setTab} />}
      <PhonePanel
        active={active}
        tabbed={tabs.length > 1}
        board={board}
        doc={doc}
        participantId={participantId}
        writeDisabled={locked || closed || !state.loaded}
        offline={state.status !== 'online'}
        onSend={outbox.send}
        pictureUrl={(hash) => pictureUrl(identity, hash)}
      />
      {/* Counted on the projector ("9 af 12 er færdige") and nowhere shown by name; a new step starts it over. */}
      <button
        type="button"
        className="button phone__done"
        aria-pressed={done}
        // Until the join names this phone there is no key to say it under.
        disabled={!canChange || !participantId}
        onClick={() => setDone(doc, participantId, !done)}
      >
        {t('common.imDone')}
      </button>
      {active !== 'vote' && (
        <MyLabels
          labels={outbox.mine}
          legend={board.legend}
          themes={board.themes}
          canChange={canChange}
          blockedText={locked ? null : t('common.changeOffline')}
          onEdit={outbox.edit}
          onRemove={outbox.remove}
          pictureUrl={(hash) => pictureUrl(identity, hash)}
        />
      )}
    </main>
  )
}
