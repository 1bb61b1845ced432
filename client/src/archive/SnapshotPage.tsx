import { useEffect } from 'react'
import { ApiError } from '../api.ts'
import { errorText } from '../ui/errors.ts'
import { Link } from '../ui/Link.tsx'
import { useLoad } from '../ui/useAction.ts'
import './archive.css'
import { archiveApi, type Board, EXPORT_FORMATS, type Snapshot, urls, type Wall } from '../archiveApi.ts'
import { formatDateTime } from '../format.ts'
import { t } from '../i18n.ts'
import { ErrorText } from '../ui/Field.tsx'
import { archivePaths } from './paths.ts'
import { WallRead } from './WallRead.tsx'

const notFound = (e: unknown) =>
  e instanceof ApiError && e.status === 404 ? t('archive.snapshotNotFound') : errorText(e)

/** `/arkiv/:snapshotId`: a saved wall, read-only, theme by theme as large HTML cards with the legend. */
export function SnapshotPage({ snapshotId }: { snapshotId: string }) {
  const { data, error } = useLoad(
    (): Promise<{ snapshot: Snapshot; wall: Wall; board: Board }> =>
      Promise.all([archiveApi.snapshotWall(snapshotId), archiveApi.snapshotBoard(snapshotId)]).then(([w, b]) => ({
        snapshot: w.snapshot,
        wall: w.wall,
        board: b.board,
      })),
    snapshotId,
    { explain: notFound },
  )

  useEffect(() => {
    if (data) document.title = `${data.wall.title || data.board.title}: ${data.snapshot.name} – ${t('common.appName')}`
  }, [data])

  const projectId = data?.snapshot.projectId
  return (
    <main className="page">
      <nav className="archive-nav" aria-label={t('archive.projectsHeading')}>
        {projectId ? (
          <Link href={archivePaths.project(projectId)}>{t('archive.backToList')}</Link>
        ) : (
          <Link href={archivePaths.projects()}>{t('archive.backToProjects')}</Link>
        )}
      </nav>
      <ErrorText error={error} />
      {!data && !error && <p aria-live="polite">{t('archive.snapshotLoading')}</p>}
      {data && (
        <article>
          <h1>
            {data.wall.title || data.board.title}: {data.snapshot.name}
          </h1>
          <p className="muted">
            {t('archive.readOnlyNote')} {formatDateTime(data.snapshot.createdAt)} ·{' '}
            {t('archive.labelCount', { count: data.snapshot.labelCount })}
          </p>
          <ul className="archive-exports" aria-label={t('archive.exportLabel')}>
            {EXPORT_FORMATS.map((f) => (
              <li key={f}>
                <a href={urls.export(data.snapshot.id, f)} download>
                  {t('archive.exportLabel')} {f.toUpperCase()}
                </a>
              </li>
            ))}
          </ul>
          <WallRead wall={data.wall} pictureUrl={(hash) => urls.picture(snapshotId, hash)} />
        </article>
      )}
    </main>
  )
}
