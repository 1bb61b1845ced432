import { type FormEvent, useEffect, useId, useState } from 'react'
import { paths } from '../router.ts'
import { Link } from '../ui/Link.tsx'
import { useAction, useLoad } from '../ui/useAction.ts'
import './archive.css'
import { archiveApi } from '../archiveApi.ts'
import { t } from '../i18n.ts'
import { ErrorText, Field } from '../ui/Field.tsx'
import { archivePaths } from './paths.ts'

/** `/projekter`: the facilitator's projects ("forløb") and a form for a new one. */
export function ProjectsPage() {
  const { data: projects, error: loadError, setData: setProjects } = useLoad(archiveApi.listProjects)
  const create = useAction({ signIn: true })
  const error = loadError ?? create.error
  const [title, setTitle] = useState('')
  const titleId = useId()

  useEffect(() => {
    document.title = `${t('archive.projectsHeading')} – ${t('common.appName')}`
  }, [])

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const trimmed = title.trim()
    if (!trimmed) return create.setError(t('archive.titleMissing'))
    create.run(async () => {
      const p = await archiveApi.createProject(trimmed)
      setProjects((prev) => [...(prev ?? []), p])
      setTitle('')
    })
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
          <button type="submit" className="button button--primary" disabled={create.busy}>
            {t('archive.newProjectSubmit')}
          </button>
        </form>
      </section>
    </main>
  )
}
