import {
  CloseCode,
  castVote,
  Role,
  readMyVotes,
  readQuestion,
  readThemes,
  readTimer,
  readVoteRound,
  removeVote,
} from '@vaegavis/shared'
import { type KeyboardEvent, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { BoardConnection, type JoinedBoard, websocketBase } from '../sync/connection.ts'
import { useBoard, useConnectionState } from '../sync/hooks.ts'
import { ConnectionBadge } from '../ui/ConnectionBadge.tsx'
import { LabelComposer } from './LabelComposer.tsx'
import { AnswerPanel, prefetchLater, VotePanel } from './later.ts'
import { MyLabels } from './MyLabels.tsx'
import { PhoneTimer } from './PhoneTimer.tsx'
import './phone.css'
import type { MessageKey } from '@vaegavis/shared'
import { appPath } from '../base.ts'
import { t } from '../i18n.ts'
import type { Identity, KeyValueStore } from './storage.ts'
import { useOutbox } from './useOutbox.ts'
import { voteGroups } from './votes.ts'

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

/**
 * One live connection for the phone, announcing only that a participant is
 * here (no name, no id) so the projector can count phones. `renew` starts
 * over with a fresh document.
 */
function usePhoneConnection(
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

type Tab = 'write' | 'answer' | 'vote'
const TAB_TEXT: Record<Tab, MessageKey> = {
  write: 'common.tabWrite',
  answer: 'common.tabAnswer',
  vote: 'common.tabVote',
}

function LivePhoneBoard({
  conn,
  renew,
  code,
  identity,
  store,
  onRejoin,
  onUnknownCode: onUnknownCodeProp,
}: Props & { conn: BoardConnection; renew: () => void }) {
  const doc = conn.doc
  const board = useBoard(doc)
  const state = useConnectionState(conn)
  // The snapshot changes with every document update: read the rest along with it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `board` stands for "the document changed".
  const extra = useMemo(
    () => ({
      question: readQuestion(doc),
      themes: readThemes(doc),
      round: readVoteRound(doc),
      timer: readTimer(doc),
      votes: readMyVotes(doc, identity.participantId),
    }),
    [doc, board, identity.participantId],
  )
  const outbox = useOutbox(conn, state, board, identity, code, store)
  const { locked, privateWriting, approveFirst } = board.settings
  const closed = state.status === 'closed'
  const [tab, setTab] = useState<Tab>('write')
  const recoveries = useRef<number[]>([])

  // A refused change closes the socket (4403), most often a dot placed just as the round closed.
  // Start over with a fresh document (useOutbox has already re-queued what was not saved), unless it keeps happening.
  useEffect(() => {
    if (state.status !== 'closed' || state.closeCode !== CloseCode.Forbidden) return
    const now = Date.now()
    recoveries.current = recoveries.current.filter((at) => now - at < 60_000)
    if (recoveries.current.length >= 3) return
    recoveries.current.push(now)
    renew()
  }, [state.status, state.closeCode, renew])

  // Still joining and the server knows no board by this code.
  const unknown = !identity.boardId && closed && state.closeCode === CloseCode.BoardGone
  const onUnknownCode = useRef(onUnknownCodeProp)
  onUnknownCode.current = onUnknownCodeProp
  useEffect(() => {
    if (unknown) onUnknownCode.current?.()
  }, [unknown])

  // Once the first label can be written, fetch what the rest of the meeting needs while the phone idles.
  useEffect(() => {
    if (!state.loaded) return
    const timer = setTimeout(prefetchLater, 1_000)
    return () => clearTimeout(timer)
  }, [state.loaded])

  const title = board.title || identity.title
  useEffect(() => {
    document.title = `${title} – ${t('common.appName')}`
  }, [title])

  const groups = useMemo(
    () => (extra.round ? voteGroups(extra.round.target, board.labels, extra.themes) : []),
    [extra.round, board.labels, extra.themes],
  )

  const tabs: Tab[] = ['write']
  if (extra.question && extra.themes.length > 0) tabs.push('answer')
  if (extra.round) tabs.push('vote')
  // A tab that goes away (e.g. while reconnecting) comes back when its content does.
  const active = tabs.includes(tab) ? tab : 'write'
  const onTabKey = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
    if (step === 0) return
    const next = tabs[(tabs.indexOf(active) + step + tabs.length) % tabs.length] ?? 'write'
    setTab(next)
    document.getElementById(`tab-${next}`)?.focus()
  }

  const writeDisabled = locked || closed || !state.loaded
  const holding = privateWriting || approveFirst
  const sentText = holding ? t('common.sentHeld') : t('common.sent')
  const voteOpen = extra.round?.open === true
  const goVote = () => {
    setTab('vote')
    // From far down the list: start the vote at its top, where the dots left are.
    document.getElementById('tab-vote')?.scrollIntoView({ block: 'start' })
  }
  const canChange = state.status === 'online' && state.loaded && !locked

  return (
    <main className="page page--narrow phone">
      <header className="phone__header">
        <h1 className="phone__title">{title}</h1>
        <ConnectionBadge state={state} />
      </header>
      {/* Stays at the top of the screen however far down the phone is scrolled: a vote or the timer starting is noticed. */}
      <div className="phone__alerts">
        <PhoneTimer timer={extra.timer} loaded={state.loaded} />
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
      {tabs.length > 1 && (
        <div className="tabs" role="tablist" aria-label={t('common.tabsLabel')} onKeyDown={onTabKey}>
          {tabs.map((k) => (
            <button
              key={k}
              type="button"
              role="tab"
              id={`tab-${k}`}
              className="tabs__tab"
              aria-selected={active === k}
              aria-controls="phone-panel"
              tabIndex={active === k ? 0 : -1}
              onClick={() => setTab(k)}
            >
              {t(TAB_TEXT[k])}
              {k === 'vote' && voteOpen && (
                <span className="tabs__badge">
                  <span className="visually-hidden">{t('common.voteOpenBadge')}</span>
                </span>
              )}
            </button>
          ))}
        </div>
      )}
      <div
        id="phone-panel"
        className="phone__panel stack"
        {...(tabs.length > 1 ? { role: 'tabpanel', 'aria-labelledby': `tab-${active}` } : {})}
      >
        {holding && active !== 'vote' && (
          <p className="hint">{privateWriting ? t('common.privateWritingOn') : t('common.approveFirstOn')}</p>
        )}
        {active === 'write' && (
          <LabelComposer
            legend={board.legend}
            disabled={writeDisabled}
            sentText={sentText}
            onSend={outbox.send}
            onSendPicture={(text, category, picture) => outbox.send(text, category, undefined, picture)}
            picturesHeld={holding || board.settings.picturesNeedApproval}
          />
        )}
        <Suspense fallback={<p aria-live="polite">{t('common.phoneLoading')}</p>}>
          {active === 'answer' && (
            <AnswerPanel
              question={extra.question}
              themes={extra.themes}
              legend={board.legend}
              disabled={writeDisabled}
              sentText={sentText}
              onSend={outbox.send}
            />
          )}
          {active === 'vote' && extra.round && (
            <VotePanel
              round={extra.round}
              groups={groups}
              legend={board.legend}
              used={extra.votes.used}
              left={extra.votes.left}
              locked={locked}
              offline={state.status !== 'online'}
              onVote={(id) => castVote(doc, identity.participantId, id)}
              onUnvote={(id) => removeVote(doc, identity.participantId, id)}
            />
          )}
        </Suspense>
      </div>
      {active !== 'vote' && (
        <MyLabels
          labels={outbox.mine}
          legend={board.legend}
          themes={extra.themes}
          canChange={canChange}
          blockedText={locked ? null : t('common.changeOffline')}
          onEdit={outbox.edit}
          onRemove={outbox.remove}
          pictureUrl={(hash) =>
            appPath(`/api/boards/${identity.boardId}/images/${hash}?token=${encodeURIComponent(identity.token)}`)
          }
        />
      )}
    </main>
  )
}

function ClosedNotice({ code, onRejoin }: { code: number | undefined; onRejoin: () => void }) {
  const rejoin = code === CloseCode.Unauthorized || code === CloseCode.BoardGone
  return (
    <div className="notice notice--error" role="alert">
      <p>{t(`common.closeReason.${code ?? 'other'}`)}</p>
      {rejoin ? (
        <button type="button" className="button button--primary" onClick={onRejoin}>
          {t('common.joinAgain')}
        </button>
      ) : (
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {t('common.reload')}
        </button>
      )}
    </div>
  )
}
