import type { Category, VoteRound } from '@vaegavis/shared'
import { useId } from 'react'
import { t } from '../i18n.ts'
import { CategoryIcon } from '../ui/CategoryIcon.tsx'
import { tint } from '../ui/colour.ts'
import type { VoteGroup } from './votes.ts'

/** Dot-voting: what can be voted on, with a big − and + per item, and the dots left. */
export function VotePanel({
  round,
  groups,
  legend,
  used,
  left,
  locked,
  offline,
  onVote,
  onUnvote,
  pictureUrl,
}: {
  round: VoteRound
  groups: VoteGroup[]
  legend: Category[]
  /** Dots this phone placed per target. */
  used: ReadonlyMap<string, number>
  left: number
  locked: boolean
  offline: boolean
  onVote: (targetId: string) => void
  onUnvote: (targetId: string) => void
  /** Where a label's picture is loaded from; without it pictures are not shown. */
  pictureUrl?: (hash: string) => string
}) {
  const id = useId()
  const byId = new Map(legend.map((c) => [c.id, c]))
  const canChange = round.open && !locked && !offline
  return (
    <>
      <h2>{round.target === 'themes' ? t('common.voteHeadingThemes') : t('common.voteHeadingLabels')}</h2>
      {!round.open ? (
        <p className="notice" role="status" data-testid="vote-closed">
          {t('common.voteClosed')}
        </p>
      ) : (
        <>
          <p className="vote-left" role="status" data-testid="dots-left" data-dots-left={left}>
            {t('common.dotsLeft', { count: left })}
          </p>
          {offline && <p className="hint">{t('common.voteOffline')}</p>}
          {groups.length === 0 ? (
            <p className="muted">{t('common.voteNothing')}</p>
          ) : (
            groups.map((g, gi) => (
              <div key={g.heading ?? gi} className="vote-group">
                {g.heading !== null && <h3 className="vote-group__heading">{g.heading || t('common.noTheme')}</h3>}
                <ul className="vote-list">
                  {g.targets.map((target) => {
                    const c = target.category ? byId.get(target.category) : undefined
                    const mine = used.get(target.id) ?? 0
                    const textId = `${id}${target.id}`
                    return (
                      <li
                        key={target.id}
                        className="vote"
                        data-vote-target={target.id}
                        style={c ? { backgroundColor: tint(c.colour, 0.3), borderColor: c.colour } : undefined}
                      >
                        <div className="vote__body" id={textId}>
                          {c && (
                            <span className="vote__meaning">
                              <CategoryIcon icon={c.icon} colour={c.colour} size={18} />
                              {c.meaning}
                            </span>
                          )}
                          {target.photo && pictureUrl && (
                            <img
                              className="vote__picture"
                              src={pictureUrl(target.photo)}
                              alt={
                                target.text.trim()
                                  ? t('common.pictureAlt', { text: target.text })
                                  : t('common.pictureOnly')
                              }
                              loading="lazy"
                              decoding="async"
                            />
                          )}
                          <span className="vote__text">{target.text}</span>
                        </div>
                        <div className="vote__stepper">
                          <button
                            type="button"
                            className="button vote__button"
                            aria-label={t('common.unvote')}
                            aria-describedby={textId}
                            disabled={!canChange || mine === 0}
                            onClick={() => onUnvote(target.id)}
                          >
                            −
                          </button>
                          <span className="vote__count" data-testid="my-dots">
                            <span className="visually-hidden">{t('common.myDots')} </span>
                            {mine}
                          </span>
                          <button
                            type="button"
                            className="button button--primary vote__button"
                            aria-label={t('common.vote')}
                            aria-describedby={textId}
                            disabled={!canChange || left === 0}
                            onClick={() => onVote(target.id)}
                          >
                            +
                          </button>
                        </div>
                      </li>
                    )
                  })}
                </ul>
              </div>
            ))
          )}
        </>
      )}
    </>
  )
}
