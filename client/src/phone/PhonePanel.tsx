import { castVote, readMyVotes, removeVote } from '@vaegavis/shared'
import { Suspense, useMemo } from 'react'
import type * as Y from 'yjs'
import { t } from '../i18n.ts'
import type { BoardSnapshot } from '../sync/hooks.ts'
import { useDocValue } from '../sync/useDocValue.ts'
import { LabelComposer } from './LabelComposer.tsx'
import { AnswerPanel, VotePanel } from './later.ts'
import type { Tab } from './PhoneTabs.tsx'
import type { Picture } from './useOutbox.ts'
import { voteGroups } from './votes.ts'

/** The content of the active tab: write a label, answer the question per theme, or place dots. */
export function PhonePanel({
  active,
  tabbed,
  board,
  doc,
  participantId,
  writeDisabled,
  offline,
  onSend,
  pictureUrl,
}: {
  active: Tab
  /** More than one tab: the panel is the tab list's tabpanel. */
  tabbed: boolean
  board: BoardSnapshot
  doc: Y.Doc
  participantId: string
  writeDisabled: boolean
  offline: boolean
  /** A label; with `picture`, a photo or drawing label (phone/useOutbox.ts). */
  onSend: (text: string, category: string, themeId?: string, picture?: Picture) => void
  /** Where a label's picture is loaded from (this board's images route). */
  pictureUrl: (hash: string) => string
}) {
  const { question, themes, voteRound: round } = board
  const votes = useDocValue(doc, readMyVotes, participantId)
  const { locked, privateWriting, approveFirst } = board.settings
  const holding = privateWriting || approveFirst
  const sentText = holding ? t('common.sentHeld') : t('common.sent')
  const groups = useMemo(
    () => (round ? voteGroups(round.target, board.labels, themes) : []),
    [round, board.labels, themes],
  )
  return (
    <div
      id="phone-panel"
      className="phone__panel stack"
      {...(tabbed ? { role: 'tabpanel', 'aria-labelledby': `tab-${active}` } : {})}
    >
      {holding && active !== 'vote' && (
        <p className="hint">{privateWriting ? t('common.privateWritingOn') : t('common.approveFirstOn')}</p>
      )}
      {active === 'write' && (
        <LabelComposer
          legend={board.legend}
          disabled={writeDisabled}
          sentText={sentText}
          onSend={onSend}
          onSendPicture={(text, category, picture) => onSend(text, category, undefined, picture)}
          picturesHeld={holding || board.settings.picturesNeedApproval}
        />
      )}
      <Suspense fallback={<p aria-live="polite">{t('common.phoneLoading')}</p>}>
        {active === 'answer' && (
          <AnswerPanel
            question={question}
            themes={themes}
            legend={board.legend}
            disabled={writeDisabled}
            sentText={sentText}
            onSend={onSend}
          />
        )}
        {active === 'vote' && round && (
          <VotePanel
            round={round}
            groups={groups}
            legend={board.legend}
            used={votes.used}
            left={votes.left}
            locked={locked}
            offline={offline}
            onVote={(id) => castVote(doc, participantId, id)}
            onUnvote={(id) => removeVote(doc, participantId, id)}
            pictureUrl={pictureUrl}
          />
        )}
      </Suspense>
    </div>
  )
}
