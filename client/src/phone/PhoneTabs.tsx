import type { MessageKey } from '@vaegavis/shared'
import type { KeyboardEvent } from 'react'
import { t } from '../i18n.ts'

export type Tab = 'write' | 'answer' | 'vote'
const TAB_TEXT: Record<Tab, MessageKey> = {
  write: 'common.tabWrite',
  answer: 'common.tabAnswer',
  vote: 'common.tabVote',
}

/** The tabs the board offers right now: writing always, answering while a question is asked, voting during a round. */
export function phoneTabs(answer: boolean, vote: boolean): Tab[] {
  const tabs: Tab[] = ['write']
  if (answer) tabs.push('answer')
  if (vote) tabs.push('vote')
  return tabs
}

/** The tab list (arrow keys move between tabs); the panel they control has id `phone-panel`. */
export function PhoneTabs({
  tabs,
  active,
  voteOpen,
  onSelect,
}: {
  tabs: Tab[]
  active: Tab
  voteOpen: boolean
  onSelect: (tab: Tab) => void
}) {
  const onTabKey = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
    if (step === 0) return
    const next = tabs[(tabs.indexOf(active) + step + tabs.length) % tabs.length] ?? 'write'
    onSelect(next)
    document.getElementById(`tab-${next}`)?.focus()
  }
  return (
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
          onClick={() => onSelect(k)}
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
  )
}
