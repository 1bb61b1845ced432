import { ErrorCode } from '@vaegavis/shared'
import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react'
import { ApiError } from '../api.ts'
import { paths } from '../router.ts'
import { errorText } from '../ui/errors.ts'
import { Link } from '../ui/Link.tsx'
import { useAction, useLoad } from '../ui/useAction.ts'
import './archive.css'
import {
  archiveApi,
  type Board,
  EXPORT_FORMATS,
  localToday,
  type Meeting,
  type Snapshot,
  type Template,
  type Timeline,
  urls,
} from '../archiveApi.ts'
import { formatDateTime, formatDay } from '../format.ts'
import { t } from '../i18n.ts'
import { ErrorText, Field } from '../ui/Field.tsx'
import { archivePaths } from './paths.ts'
import { ShareLinks } from './ShareLinks.tsx'

const projectError = (e: unknown) =>
  e instanceof ApiError && e.status === 404 ? t('archive.projectNotFound') : errorText(e)

/** `/projekter/:id`: the project as a timeline of dated meetings with their boards and saved walls. */
export function ProjectPage({ projectId }: { projectId: string }) {
  const timeline = useLoad(() => archiveApi.timeline(projectId), projectId, { explain: projectError })
  const action = useAction({ explain: projectError, signIn: true })
  const { data, reload } = timeline
  const error = timeline.error ?? action.error
  const [templates, setTemplates] = useState<Template[]>([])
  const [notice, setNotice] = useState<string | null>(null)

  useEffect(() => {
    archiveApi.templates().then(setTemplates, () => setTemplates([]))
  }, [])

  useEffect(() => {
    document.title = `${data?.project.title ?? t('archive.projectsHeading')} – ${t('common.appName')}`
  }, [data])

  const run = async (f: () => Promise<string | undefined>) => {
    setNotice(null)
    await action.run(async () => {
      const msg = await f()
      await reload()
      if (msg) setNotice(msg)
    })
  }

  const saveWall = (b: Board) => run(async () => t('archive.saved', { name: (await archiveApi.saveWall(b.id)).name }))
  const fork = (s: Snapshot) => run(async () => t('archive.forked', { title: (await archiveApi.fork(s.id)).title }))

  return (
    <main className="page">
      <nav className="archive-nav" aria-label={t('archive.projectsHeading')}>
        <Link href={archivePaths.projects()}>{t('archive.backToProjects')}</Link>
        <Link href={paths.boards()}>{t('archive.backToBoards')}</Link>
      </nav>
      <h1>{data?.project.title ?? t('archive.projectsHeading')}</h1>
      <ErrorText error={error} />
      <p aria-live="polite" className="archive-notice">
        {notice}
      </p>
      {!data && !error && <p aria-live="polite">{t('archive.projectLoading')}</p>}
      {data && (
        <>
          <p>
            <Link className="button button--primary" href={archivePaths.recap(projectId)}>
              {t('archive.recapLink')}
            </Link>
          </p>
          <section aria-labelledby="timeline-h">
            <h2 id="timeline-h">{t('archive.timelineHeading')}</h2>
            {data.meetings.length === 0 && <p>{t('archive.timelineEmpty')}</p>}
            {data.meetings.map((m) => (
              <MeetingSection
                key={m.id}
                meeting={m}
                boards={m.boards}
                snapshots={m.snapshots}
                onSave={saveWall}
                onFork={fork}
                newBoard={
                  <NewBoardForm
                    meeting={m}
                    templates={templates}
                    onCreate={(title, templateId) =>
                      run(async () => {
                        await archiveApi.createBoard({
                          title,
                          projectId,
                          meetingId: m.id,
                          ...(templateId ? { templateId } : {}),
                        })
                        return undefined
                      })
                    }
                  />
                }
              />
            ))}
            {(data.unscheduled.boards.length > 0 || data.unscheduled.snapshots.length > 0) && (
              <MeetingSection
                meeting={null}
                boards={data.unscheduled.boards}
                snapshots={data.unscheduled.snapshots}
                onSave={saveWall}
                onFork={fork}
              />
            )}
            <NewMeetingForm
              onCreate={(title, date) =>
                run(async () => {
                  await archiveApi.createMeeting(projectId, title, date)
                  return undefined
                })
              }
            />
          </section>
          <section aria-labelledby="report-h">
            <h2 id="report-h">{t('archive.reportHeading')}</h2>
            <ul className="archive-exports">
              <li>
                <a className="button" href={urls.report(projectId, 'pdf')} download>
                  {t('archive.reportPdf')}
                </a>
              </li>
              <li>
                <a className="button" href={urls.report(projectId, 'md')} download>
                  {t('archive.reportMd')}
                </a>
              </li>
            </ul>
          </section>
          <Members
            projectId={projectId}
            members={data.members}
            canShare={data.project.role === 'owner'}
            onAdded={reload}
          />
          <ShareLinks projectId={projectId} snapshots={allSnapshots(data)} />
        </>
      )}
    </main>
  )
}

function allSnapshots(d: Timeline): Snapshot[] {
  return [...d.meetings.flatMap((m) => m.snapshots), ...d.unscheduled.snapshots]
}

function MeetingSection({
  meeting,
  boards,
  snapshots,
  onSave,
  onFork,
  newBoard,
}: {
  meeting: Meeting | null
  boards: Board[]
  snapshots: Snapshot[]
  onSave: (b: Board) => void
  onFork: (s: Snapshot) => void
  newBoard?: ReactNode
}) {
  const headingId = useId()
  const title = meeting ? `${meeting.title} – ${formatDay(meeting.date)}` : t('archive.unscheduledHeading')
  return (
    <section className="archive-meeting" aria-labelledby={headingId} data-meeting-id={meeting?.id}>
      <h3 id={headingId}>{title}</h3>
      <h4>{t('archive.boardsHeading')}</h4>
      {boards.length === 0 ? (
        <p className="muted">{t('archive.noBoards')}</p>
      ) : (
        <ul className="archive-list">
          {boards.map((b) => (
            <li key={b.id} className="archive-item" data-board-id={b.id}>
              <div className="archive-item__main">
                <strong>{b.title}</strong>
                <p className="muted">
                  {t('archive.joinCode')}: {b.joinCode}
                </p>
              </div>
              <div className="archive-item__actions">
                <Link className="button button--primary" href={paths.wall(b.id)}>
                  {t('archive.openWall')}
                  <span className="visually-hidden">: {b.title}</span>
                </Link>
                <SaveButton board={b} onSave={onSave} />
              </div>
            </li>
          ))}
        </ul>
      )}
      <h4>{t('archive.snapshotsHeading')}</h4>
      {snapshots.length === 0 ? (
        <p className="muted">{t('archive.noSnapshots')}</p>
      ) : (
        <ul className="archive-list">
          {snapshots.map((s) => (
            <SnapshotItem key={s.id} snapshot={s} board={boards.find((b) => b.id === s.boardId)} onFork={onFork} />
          ))}
        </ul>
      )}
      {newBoard}
    </section>
  )
}

function SaveButton({ board, onSave }: { board: Board; onSave: (b: Board) => Promise<void> | void }) {
  // The page shows what went wrong: onSave does not fail.
  const { busy, run } = useAction()
  return (
    <button type="button" className="button" disabled={busy} onClick={() => run(async () => onSave(board))}>
      {busy ? t('archive.saving') : t('archive.saveWall')}
      <span className="visually-hidden">: {board.title}</span>
    </button>
  )
}

function SnapshotItem({
  snapshot: s,
  board,
  onFork,
}: {
  snapshot: Snapshot
  board: Board | undefined
  onFork: (s: Snapshot) => void
}) {
  const [thumb, setThumb] = useState(true)
  return (
    <li className="archive-item" data-snapshot-id={s.id}>
      {thumb && (
        <img
          className="archive-thumb"
          src={urls.thumbnail(s.id)}
          alt={t('archive.thumbnailAlt', { name: s.name })}
          onError={() => setThumb(false)}
        />
      )}
      <div className="archive-item__main">
        <strong>{s.name}</strong>
        <p className="muted">
          {board ? `${board.title} · ` : ''}
          {formatDateTime(s.createdAt)} · {t('archive.labelCount', { count: s.labelCount })}
        </p>
        <p>{t('archive.exportLabel')}: </p>
        <ul className="archive-exports" aria-label={`${t('archive.exportLabel')}: ${s.name}`}>
          {EXPORT_FORMATS.map((f) => (
            <li key={f}>
              <a href={urls.export(s.id, f)} download>
                {f.toUpperCase()}
              </a>
            </li>
          ))}
        </ul>
      </div>
      <div className="archive-item__actions">
        <Link className="button button--primary" href={archivePaths.snapshot(s.id)}>
          {t('archive.openSnapshot')}
          <span className="visually-hidden">: {s.name}</span>
        </Link>
        <button type="button" className="button" onClick={() => onFork(s)}>
          {t('archive.fork')}
          <span className="visually-hidden">: {s.name}</span>
        </button>
      </div>
    </li>
  )
}

function NewMeetingForm({ onCreate }: { onCreate: (title: string, date: string) => Promise<void> }) {
  const [title, setTitle] = useState('')
  const [date, setDate] = useState(localToday())
  const [error, setError] = useState<string | null>(null)
  const id = useId()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!title.trim()) return setError(t('archive.titleMissing'))
    if (!date) return setError(t('archive.meetingDateMissing'))
    setError(null)
    await onCreate(title.trim(), date)
    setTitle('')
  }
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('archive.newMeetingHeading')}</h3>
      <form className="row" onSubmit={submit} noValidate>
        <Field id={`${id}-t`} label={t('archive.meetingTitleLabel')} grow>
          <input id={`${id}-t`} className="input" value={title} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field id={`${id}-d`} label={t('archive.meetingDateLabel')}>
          <input id={`${id}-d`} className="input" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </Field>
        <button type="submit" className="button button--primary">
          {t('archive.newMeetingSubmit')}
        </button>
      </form>
      <ErrorText error={error} />
    </section>
  )
}

function NewBoardForm({
  meeting,
  templates,
  onCreate,
}: {
  meeting: Meeting
  templates: Template[]
  onCreate: (title: string, templateId: string) => Promise<void>
}) {
  const [title, setTitle] = useState('')
  const [templateId, setTemplateId] = useState('')
  const [error, setError] = useState<string | null>(null)
  const id = useId()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!title.trim()) return setError(t('archive.titleMissing'))
    setError(null)
    await onCreate(title.trim(), templateId)
    setTitle('')
  }
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{t('archive.newBoardHeading', { meeting: meeting.title })}</h4>
      <div className="row">
        <Field id={`${id}-t`} label={t('archive.boardTitleLabel')} grow>
          <input id={`${id}-t`} className="input" value={title} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field id={`${id}-s`} label={t('archive.templateLabel')}>
          <select id={`${id}-s`} className="input" value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
            <option value="">{t('archive.noTemplate')}</option>
            {templates.map((tp) => (
              <option key={tp.id} value={tp.id} title={tp.description}>
                {tp.name}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="button button--primary">
          {t('archive.newBoardSubmit')}
        </button>
      </div>
      <ErrorText error={error} />
    </form>
  )
}

const memberError = (e: unknown) => errorText(e, { [ErrorCode.UnknownFacilitator]: t('archive.unknownFacilitator') })

function Members({
  projectId,
  members,
  canShare,
  onAdded,
}: {
  projectId: string
  members: Timeline['members']
  /** Only the owner adds facilitators (the server refuses anyone else). */
  canShare: boolean
  onAdded: () => void
}) {
  const [email, setEmail] = useState('')
  const { error, run } = useAction({ explain: memberError })
  const id = useId()
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!email.trim()) return
    run(async () => {
      await archiveApi.addMember(projectId, email.trim())
      setEmail('')
      onAdded()
    })
  }
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('archive.membersHeading')}</h2>
      <ul>
        {members.map((m) => (
          <li key={m.userId}>
            {m.email} {m.owner && <span className="muted">{t('archive.ownerMark')}</span>}
          </li>
        ))}
      </ul>
      {!canShare && <p className="muted">{t('archive.onlyOwnerShares')}</p>}
      {canShare && (
        <form className="row" onSubmit={submit} noValidate>
          <Field id={id} label={t('archive.shareWithLabel')} grow>
            <input id={id} className="input" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          </Field>
          <button type="submit" className="button">
            {t('archive.shareWithSubmit')}
          </button>
        </form>
      )}
      <ErrorText error={error} />
    </section>
  )
}
