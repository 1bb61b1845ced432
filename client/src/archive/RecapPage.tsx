import { useCallback, useEffect, useMemo, useState } from 'react'
import { navigate, paths } from '../router.ts'
import { Link } from '../ui/Link.tsx'
import { useAction, useLoad } from '../ui/useAction.ts'
import './archive.css'
import { archiveApi, type Recap, urls } from '../archiveApi.ts'
import { formatDay } from '../format.ts'
import { t } from '../i18n.ts'
import { ErrorText } from '../ui/Field.tsx'
import { archivePaths } from './paths.ts'
import { Legend, ThemeSection } from './WallRead.tsx'

/** One step of the recap: a theme of one of last meeting's walls (or its unsorted labels). */
interface Step {
  boardTitle: string
  snapshotId: string
  wall: Recap['snapshots'][number]['wall']
  theme: Recap['snapshots'][number]['wall']['themes'][number]
}

function stepsOf(recap: Recap): Step[] {
  return recap.snapshots.flatMap(({ wall, board, snapshot }) => {
    const boardTitle = wall.title || board.title
    const themes = [...wall.themes]
    if (wall.unsorted.length > 0)
      themes.push({
        id: `unsorted-${board.id}`,
        name: t('archive.unsortedHeading'),
        votes: 0,
        labels: wall.unsorted,
        answers: [],
      })
    return themes.map((theme) => ({ boardTitle, snapshotId: snapshot.id, wall, theme }))
  })
}

/** `/projekter/:id/recap`: "Sidst vi mødtes…", theme by theme on the projector, then "Fortsæt" to today's wall. */
export function RecapPage({ projectId }: { projectId: string }) {
  const { data: recap, error: loadError } = useLoad(() => archiveApi.recap(projectId), projectId)
  const [index, setIndex] = useState(0)
  const { busy, error: carryError, run } = useAction()
  const error = loadError ?? carryError
  const steps = useMemo(() => (recap ? stepsOf(recap) : []), [recap])

  useEffect(() => {
    document.title = `${t('archive.recapHeading')} – ${t('common.appName')}`
  }, [])

  const go = useCallback((d: number) => setIndex((i) => Math.max(0, Math.min(steps.length - 1, i + d))), [steps])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT')) return
      if (e.key === 'ArrowRight') go(1)
      else if (e.key === 'ArrowLeft') go(-1)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [go])

  const carryOn = () =>
    run(async () => {
      const r = await archiveApi.continueToday(projectId)
      navigate(paths.wall(r.board.id))
    })

  const step = steps[index]
  return (
    <main className="page recap">
      <nav className="archive-nav" aria-label={t('archive.projectsHeading')}>
        <Link href={archivePaths.project(projectId)}>{t('archive.backToList')}</Link>
      </nav>
      <h1>
        {t('archive.recapHeading')}
        {recap?.meeting && (
          <span className="muted">
            {' '}
            {recap.meeting.title} – {formatDay(recap.meeting.date)}
          </span>
        )}
      </h1>
      <ErrorText error={error} />
      {!recap && !error && <p aria-live="polite">{t('archive.recapLoading')}</p>}
      {recap && steps.length === 0 && <p>{t('archive.recapNothing')}</p>}
      {step && (
        <>
          <p aria-live="polite" data-testid="recap-step">
            {t('archive.recapStep', { n: index + 1, of: steps.length })} · {step.boardTitle}
          </p>
          <ThemeSection
            key={step.theme.id}
            theme={step.theme}
            legend={step.wall.legend}
            question={step.wall.question}
            pictureUrl={(hash) => urls.picture(step.snapshotId, hash)}
          />
          <Legend legend={step.wall.legend} />
          <p className="muted">{t('archive.keysHint')}</p>
        </>
      )}
      {recap && (
        <div className="recap__nav">
          {steps.length > 0 && (
            <>
              <button type="button" className="button" onClick={() => go(-1)} disabled={index === 0}>
                {t('archive.previous')}
              </button>
              <button type="button" className="button" onClick={() => go(1)} disabled={index >= steps.length - 1}>
                {t('archive.next')}
              </button>
            </>
          )}
          <button type="button" className="button button--primary" onClick={carryOn} disabled={busy}>
            {busy ? t('archive.continuing') : t('archive.continue')}
          </button>
        </div>
      )}
    </main>
  )
}
