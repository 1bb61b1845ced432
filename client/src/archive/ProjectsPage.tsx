import { type FormEvent, useEffect, useId, useState } from 'react'
import { paths } from '../router.ts'
import { errorText, signInIfExpired } from '../ui/errors.ts'
import { Link } from '../ui/Link.tsx'
import { usePageLoad } from '../ui/usePageLoad.ts'
import './archive.css'
import { archiveApi } from '../archiveApi.ts'
import { t } from '../i18n.ts'
import { ErrorText, Field } from '../ui/Field.tsx'
import { archivePaths } from './paths.ts'

/** `/projekter`: the facilitator's projects ("forløb") and a form for a new one. */
export function ProjectsPage() {
  const { value: projects, setValue: setProjects, error, setError } = usePageLoad(archiveApi.listProjects, '')
  const [title, setTitle] = useState('')
  const [busy, setBusy] = useState(false)
  const titleId = useId()

  useEffect(() => {
    document.title = `${t('archive.projectsHeading')} – ${t('common.appName')}`
  }, [])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const trimmed = title.trim()
    if (!trimmed) return setError(t('archive.titleMissing'))
    setBusy(true)
    setError(null)
    try {
      const p = await archiveApi.createProject(trimmed)
      setProjects((prev) => [...(prev ?? []), p])
      setTitle('')
    } catch (err: unknown) {
      if (signInIfExpired(err)) return
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="page">
      <nav className="archive-nav" aria-label={t('archive.projectsHeading')}>
        <Link href={paths.boards()}>{t('archive.backToBoards')}</Link>
      </nav>
      <h1>{t('archive.projectsHeading')}</h1>
      <ErrorText error={error} />
      {projects === null && !error && <p aria-live="polite">{t('archive.projectsLoading')}</p>}
      {projects?.length === 0 && <p>{t('archive.projectsEmpty')}</p>}
      {projects && projects.length > 0 && (
        <ul className="archive-list">
          {projects.map((p) => (
            <li key={p.id} className="archive-item" data-project-id={p.id}>
              <div className="archive-item__main">
                <h2>{p.title}</h2>
                <p className="muted">{p.role === 'owner' ? t('archive.roleOwner') : t('archive.roleMember')}</p>
              </div>
              <Link className="button button--primary" href={archivePaths.project(p.id)}>
                {t('archive.openProject')}
                <span className="visually-hidden">: {p.title}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <section className="card" aria-labelledby={`${titleId}-h`}>
        <h2 id={`${titleId}-h`}>{t('archive.newProjectHeading')}</h2>
        <form className="row" onSubmit={submit} noValidate>
          <Field id={titleId} label={t('archive.newProjectTitleLabel')} grow>
            <input id={titleId} className="input" value={title} onChange={(e) => setTitle(e.target.value)} />
          </Field>
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('archive.newProjectSubmit')}
          </button>
        </form>
      </section>
    </main>
  )
}
