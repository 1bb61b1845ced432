import { useEffect, useRef, useState } from 'react'
import { ApiError } from '../api.ts'
import { errorText } from '../ui/errors.ts'
import { useLoad } from '../ui/useAction.ts'
import './archive.css'
import { archiveApi, EXPORT_FORMATS, type SharedSnapshot, type ShareView, urls, type Wall } from '../archiveApi.ts'
import { formatDateTime, formatDay } from '../format.ts'
import { t } from '../i18n.ts'
import { WallRead } from './WallRead.tsx'

function shareError(e: unknown): string {
  if (e instanceof ApiError && e.status === 401) return t('archive.shareGone')
  if (e instanceof ApiError && e.status === 404) return t('archive.shareUnknown')
  return errorText(e)
}

/** `/s/:token`: what a share link shows a colleague without an account. Read-only; never nicknames. */
export function SharePage({ token }: { token: string }) {
  // No account here: a 401 means the link was closed, not that someone must sign in.
  const { data: view, error: loadError } = useLoad(() => archiveApi.share(token), token, {
    explain: shareError,
    signIn: false,
  })
  const [open, setOpen] = useState<string | null>(null)
  const [shownError, setError] = useState<string | null>(null)
  const error = loadError ?? shownError

  useEffect(() => {
    if (!view) return
    document.title = `${view.title} – ${t('common.appName')}`
    if (view.kind === 'snapshot' && view.snapshots[0]) setOpen(view.snapshots[0].id)
  }, [view])

  return (
    <main className="page">
      {error && (
        <p className="error" role="alert" data-testid="share-error">
          {error}
        </p>
      )}
      {!view && !error && <p aria-live="polite">{t('archive.shareLoading')}</p>}
      {view && (
        <>
          <h1>{view.title}</h1>
          <p className="muted">{t('archive.shareLead')}</p>
          {view.kind === 'project' && (
            <ul className="archive-exports">
              <li>
                <a className="button" href={urls.sharedReport(token, 'pdf')} download>
                  {t('archive.reportPdf')}
                </a>
              </li>
              <li>
                <a className="button" href={urls.sharedReport(token, 'md')} download>
                  {t('archive.reportMd')}
                </a>
              </li>
            </ul>
          )}
          {open ? (
            <SharedSnapshotView
              token={token}
              snapshotId={open}
              onBack={view.kind === 'project' ? () => setOpen(null) : undefined}
              onError={(e) => setError(shareError(e))}
            />
          ) : (
            <ProjectList view={view} token={token} onOpen={setOpen} />
          )}
        </>
      )}
    </main>
  )
}

function ProjectList({ view, token, onOpen }: { view: ShareView; token: string; onOpen: (id: string) => void }) {
  const groups = [
    ...view.meetings.map((m) => ({
      id: m.id,
      title: `${m.title} – ${formatDay(m.date)}`,
      snapshots: view.snapshots.filter((s) => s.meetingId === m.id),
    })),
    { id: 'none', title: t('archive.unscheduledHeading'), snapshots: view.snapshots.filter((s) => !s.meetingId) },
  ].filter((g) => g.snapshots.length > 0)
  if (groups.length === 0) return <p>{t('archive.noSnapshots')}</p>
  return (
    <>
      {groups.map((g) => (
        <section key={g.id} className="archive-meeting" aria-labelledby={`share-${g.id}`}>
          <h2 id={`share-${g.id}`}>{g.title}</h2>
          <ul className="archive-list">
            {g.snapshots.map((s) => (
              <SharedItem key={s.id} s={s} token={token} onOpen={onOpen} />
            ))}
          </ul>
        </section>
      ))}
    </>
  )
}

function SharedItem({ s, token, onOpen }: { s: SharedSnapshot; token: string; onOpen: (id: string) => void }) {
  const [thumb, setThumb] = useState(true)
  return (
    <li className="archive-item" data-snapshot-id={s.id}>
      {thumb && (
        <img
          className="archive-thumb"
          src={urls.sharedThumbnail(token, s.id)}
          alt={t('archive.thumbnailAlt', { name: s.name })}
          onError={() => setThumb(false)}
        />
      )}
      <div className="archive-item__main">
        <strong>
          {s.boardTitle}: {s.name}
        </strong>
        <p className="muted">
          {formatDateTime(s.createdAt)} · {t('archive.labelCount', { count: s.labelCount })}
        </p>
      </div>
      <button type="button" className="button button--primary" onClick={() => onOpen(s.id)}>
        {t('archive.showSnapshot')}
        <span className="visually-hidden">: {s.name}</span>
      </button>
    </li>
  )
}

function SharedSnapshotView({
  token,
  snapshotId,
  onBack,
  onError,
}: {
  token: string
  snapshotId: string
  onBack: (() => void) | undefined
  onError: (e: unknown) => void
}) {
  const [data, setData] = useState<{ snapshot: SharedSnapshot; wall: Wall } | null>(null)
  const failed = useRef(onError)
  failed.current = onError
  useEffect(() => {
    let cancelled = false
    archiveApi.sharedSnapshot(token, snapshotId).then(
      (d) => !cancelled && setData(d),
      (e: unknown) => !cancelled && failed.current(e),
    )
    return () => {
      cancelled = true
    }
  }, [token, snapshotId])
  return (
    <article>
      {onBack && (
        <p>
          <button type="button" className="button" onClick={onBack}>
            {t('archive.backToList')}
          </button>
        </p>
      )}
      {!data && <p aria-live="polite">{t('archive.snapshotLoading')}</p>}
      {data && (
        <>
          <h2>
            {data.wall.title || data.snapshot.boardTitle}: {data.snapshot.name}
          </h2>
          <p className="muted">
            {t('archive.readOnlyNote')} {formatDateTime(data.snapshot.createdAt)}
          </p>
          <ul className="archive-exports" aria-label={t('archive.exportLabel')}>
            {EXPORT_FORMATS.map((f) => (
              <li key={f}>
                <a href={urls.sharedExport(token, snapshotId, f)} download>
                  {f === 'md' || f === 'csv' ? t('archive.transcript') : t('archive.exportLabel')} {f.toUpperCase()}
                </a>
              </li>
            ))}
          </ul>
          <WallRead wall={data.wall} pictureUrl={(hash) => urls.sharedPicture(token, snapshotId, hash)} />
        </>
      )}
    </article>
  )
}
