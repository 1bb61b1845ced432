import { useEffect, useId, useState } from 'react'
import { request } from '../api.ts'
import { archivePaths } from '../archive/paths.ts'
import { archiveApi, EXPORT_FORMATS, type ExportFormat, localToday, type Project } from '../archiveApi.ts'
import { appPath } from '../base.ts'
import { locale, t } from '../i18n.ts'
import { paths } from '../router.ts'
import { Link } from '../ui/Link.tsx'
import { useAction } from '../ui/useAction.ts'

const e = encodeURIComponent
const FORMAT_NAMES: Record<ExportFormat, string> = { png: 'PNG', svg: 'SVG', pdf: 'PDF', md: 'Markdown', csv: 'CSV' }
const NEW_PROJECT = '__new__'

/** A download of the live wall: `download=1` makes it a file with a name, never a page that replaces the wall. */
export const wallExportUrl = (boardId: string, f: ExportFormat) =>
  `${appPath(`/api/boards/${e(boardId)}/export.${f}`)}?lang=${e(locale())}&download=1`

interface Props {
  boardId: string
  title: string
  /** The project ("forløb") the board is kept in, if any. */
  projectId: string | null
  onProjectChange: (projectId: string) => void
}

/**
 * "Gem væggen" (a snapshot into the archive) and every export, from the wall.
 * A board that belongs to no project is offered one first, so the saved wall
 * lands in an archive the group comes back to; saving without one still works.
 */
export function SaveTools({ boardId, title, projectId, onProjectChange }: Props) {
  const id = useId()
  const save = useAction()
  const [saved, setSaved] = useState<string | null>(null)
  const [projects, setProjects] = useState<Project[] | null>(null)
  const [choice, setChoice] = useState(NEW_PROJECT)
  const [newName, setNewName] = useState(title)

  useEffect(() => {
    if (projectId) return
    let cancelled = false
    archiveApi.listProjects().then(
      (ps) => {
        if (cancelled) return
        setProjects(ps)
        if (ps[0]) setChoice(ps[0].id)
      },
      () => setProjects([]),
    )
    return () => {
      cancelled = true
    }
  }, [projectId])

  const snapshot = async () => {
    const s = await archiveApi.saveWall(boardId)
    setSaved(s.name)
  }
  const saveInProject = () =>
    save.run(async () => {
      let target = choice
      if (target === NEW_PROJECT) {
        const name = newName.trim() || title
        target = (await archiveApi.createProject(name)).id
      }
      // Into today's meeting of the project (made if there is none), so next time's recap starts from it.
      const today = localToday()
      const timeline = await archiveApi.timeline(target)
      const meeting =
        timeline.meetings.find((m) => m.date === today) ??
        (await archiveApi.createMeeting(target, t('wall.todayMeetingTitle', { date: today }), today))
      await request('PATCH', `/api/boards/${e(boardId)}`, { projectId: target, meetingId: meeting.id })
      onProjectChange(target)
      await snapshot()
    })

  return (
    <section className="tools__section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('wall.saveHeading')}</h2>
      {projectId ? (
        <button
          type="button"
          className="button button--primary"
          disabled={save.busy}
          onClick={() => save.run(snapshot)}
        >
          {t('archive.saveWall')}
        </button>
      ) : (
        <div className="tools__sub">
          <p className="hint">{t('wall.saveNoProject')}</p>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-p`}>
              {t('wall.saveProjectLabel')}
            </label>
            <select id={`${id}-p`} className="input" value={choice} onChange={(ev) => setChoice(ev.target.value)}>
              {(projects ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
              <option value={NEW_PROJECT}>{t('wall.saveNewProject')}</option>
            </select>
          </div>
          {choice === NEW_PROJECT && (
            <div className="field">
              <label className="field__label" htmlFor={`${id}-n`}>
                {t('wall.saveNewProjectName')}
              </label>
              <input id={`${id}-n`} className="input" value={newName} onChange={(ev) => setNewName(ev.target.value)} />
            </div>
          )}
          <div className="tools__row">
            <button type="button" className="button button--primary" disabled={save.busy} onClick={saveInProject}>
              {t('wall.saveInProject')}
            </button>
            <button type="button" className="button" disabled={save.busy} onClick={() => save.run(snapshot)}>
              {t('wall.saveWithoutProject')}
            </button>
          </div>
        </div>
      )}
      {saved && (
        <p className="hint" role="status">
          {t('archive.saved', { name: saved })}
          {projectId && (
            <>
              {' · '}
              <Link href={archivePaths.project(projectId)}>{t('wall.openArchive')}</Link>
            </>
          )}
        </p>
      )}
      {save.error && (
        <p className="error" role="alert">
          {save.error}
        </p>
      )}
      <h3 id={`${id}-x`}>{t('archive.exportLabel')}</h3>
      <ul className="tools__row tools__exports" aria-labelledby={`${id}-x`}>
        {EXPORT_FORMATS.map((f) => (
          <li key={f}>
            <a className="button button--small" href={wallExportUrl(boardId, f)} download>
              {FORMAT_NAMES[f]}
            </a>
          </li>
        ))}
      </ul>
      <p>
        <Link href={paths.capture(boardId)}>{t('wall.readPaperWall')}</Link>
      </p>
    </section>
  )
}
