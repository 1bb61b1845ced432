import { castVote, removeVote } from '@vaegavis/shared'
import { Suspense, useMemo } from 'react'
import type * as Y from 'yjs'
import { t } from '../i18n.ts'
import { LabelComposer } from './LabelComposer.tsx'
import { AnswerPanel, VotePanel } from './later.ts'
import type { Tab } from './PhoneTabs.tsx'
import type { PhoneDoc } from './usePhoneDoc.ts'
import { voteGroups } from './votes.ts'

/** The content of the active tab: write a label, answer the question per theme, or place dots. */
export function PhonePanel({
  active,
  tabbed,
  view,
  doc,
  participantId,
  writeDisabled,
  offline,
  onSend,
}: {
  active: Tab
  /** More than one tab: the panel is the tab list's tabpanel. */
  tabbed: boolean
  view: PhoneDoc
  doc: Y.Doc
  participantId: string
  writeDisabled: boolean
  offline: boolean
  onSend: (text: string, category: string, themeId?: string) => void
}) {
  const { board, question, themes, round, votes } = view
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
        <LabelComposer legend={board.legend} disabled={writeDisabled} sentText={sentText} onSend={onSend} />
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
          />
        )}
      </Suspense>
    </div>
  )
}
