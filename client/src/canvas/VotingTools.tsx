import { closeVoteRound, MAX_DOTS, startVoteRound, type VoteRound } from '@vaegavis/shared'
import { type FormEvent, useId, useState } from 'react'
import type * as Y from 'yjs'
import { t } from '../i18n.ts'
import { Field } from '../ui/Field.tsx'

interface Props {
  doc: Y.Doc
  round: VoteRound | null
  total: number
  ranking: boolean
  onToggleRanking: () => void
}

const DEFAULT_DOTS = 3

/** Dot-voting: start a round on labels or themes with N dots each, watch the count, close it. */
export function VotingTools({ doc, round, total, ranking, onToggleRanking }: Props) {
  const id = useId()
  const [target, setTarget] = useState<VoteRound['target']>('labels')
  const [dots, setDots] = useState(String(DEFAULT_DOTS))
  const n = Number(dots)
  const valid = Number.isInteger(n) && n >= 1 && n <= MAX_DOTS

  const start = (e: FormEvent) => {
    e.preventDefault()
    if (valid) startVoteRound(doc, target, n)
  }

  return (
    <section className="tools__section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('wall.voteHeading')}</h2>
      {round?.open ? (
        <>
          <p role="status" data-testid="vote-status">
            {t(round.target === 'labels' ? 'wall.voteOpenLabels' : 'wall.voteOpenThemes', { count: round.dots })}{' '}
            {t('wall.voteTotal', { count: total })}
          </p>
          <button type="button" className="button button--primary" onClick={() => closeVoteRound(doc)}>
            {t('wall.closeVote')}
          </button>
        </>
      ) : (
        <form className="stack" onSubmit={start}>
          {round && (
            <p role="status" data-testid="vote-status">
              {t('wall.voteClosed', { count: total })}
            </p>
          )}
          <fieldset className="tools__choice">
            <legend className="field__label">{t('wall.voteOn')}</legend>
            <label>
              <input
                type="radio"
                name={`${id}-target`}
                checked={target === 'labels'}
                onChange={() => setTarget('labels')}
              />{' '}
              {t('wall.voteOnLabels')}
            </label>
            <label>
              <input
                type="radio"
                name={`${id}-target`}
                checked={target === 'themes'}
                onChange={() => setTarget('themes')}
              />{' '}
              {t('wall.voteOnThemes')}
            </label>
          </fieldset>
          <Field id={`${id}-dots`} label={t('wall.dotsLabel')}>
            <input
              id={`${id}-dots`}
              className="input input--number"
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_DOTS}
              value={dots}
              onChange={(e) => setDots(e.target.value)}
              aria-invalid={valid ? undefined : true}
            />
          </Field>
          <button type="submit" className="button button--primary" disabled={!valid}>
            {t('wall.startVote')}
          </button>
        </form>
      )}
      {round && (
        <button type="button" className="button" aria-pressed={ranking} onClick={onToggleRanking}>
          {t('wall.sortByVotes')}
        </button>
      )}
    </section>
  )
}
