import { type FormEvent, useEffect, useId, useState } from 'react'
import { api, type BoardSummary } from '../api.ts'
import { archiveApi, type Template } from '../archiveApi.ts'
import { formatDateTime } from '../format.ts'
import { t } from '../i18n.ts'
import { navigate, paths } from '../router.ts'
import { ImportBoardForm } from './ImportBoardForm.tsx'
import { Link } from './Link.tsx'
import { useAction, useLoad } from './useAction.ts'
import './BoardsPage.css'
import { ErrorText, Field } from './Field.tsx'

/** The facilitator's dashboard: own boards, a form for a new one, logout. */
export function BoardsPage() {
  const { data, error, setData } = useLoad(() => Promise.all([api.me(), api.listBoards()]))
  const [user, boards] = data ?? [null, null]

  useEffect(() => {
    document.title = `${t('app.boardsHeading')} – ${t('common.appName')}`
  }, [])

  const logout = async () => {
    try {
      await api.logout()
    } finally {
      navigate(paths.start())
    }
  }

  return (
    <main className="page">
      <header className="page__header">
        <h1>{t('app.boardsHeading')}</h1>
        <Link href={paths.projects()}>{t('archive.projectsLink')}</Link>
        <div className="page__account">
          {user && <span className="muted">{t('app.loggedInAs', { email: user.email })}</span>}
          <button type="button" className="button" onClick={logout}>
            {t('app.logout')}
          </button>
        </div>
      </header>
      <ErrorText error={error} />
      {boards === null && !error && <p aria-live="polite">{t('app.boardsLoading')}</p>}
      {boards !== null && <BoardList boards={boards} />}
      <NewBoardForm
        onCreated={(b) => {
          // Listed too: a facilitator who comes straight back finds it here.
          setData((prev) => prev && [prev[0], [b, ...prev[1]]])
          navigate(paths.wall(b.id))
        }}
      />
      <ImportBoardForm
        onImported={(b) => {
          setData((prev) => prev && [prev[0], [b, ...prev[1]]])
          navigate(paths.wall(b.id))
        }}
      />
    </main>
  )
}

function BoardList({ boards }: { boards: BoardSummary[] }) {
  if (boards.length === 0) return <p>{t('app.boardsEmpty')}</p>
  return (
    <ul className="board-list">
      {boards.map((b) => (
        <li key={b.id} className="board-list__item" data-board-id={b.id}>
          <div className="board-list__main">
            <h2 className="board-list__title">{b.title}</h2>
            <p className="muted">
              {t('app.joinCodeColumn')}: <span className="join-code-inline">{b.joinCode}</span>
              {formatDateTime(b.createdAt) && (
                <>
                  {' · '}
                  {t('app.createdColumn')} {formatDateTime(b.createdAt)}
                </>
              )}
            </p>
          </div>
          <Link className="button button--primary" href={paths.wall(b.id)}>
            {t('app.openWall')}
            <span className="visually-hidden">: {b.title}</span>
          </Link>
        </li>
      ))}
    </ul>
  )
}

/** A new board: a title and what it starts from (the templates, with what each one is for); it opens at once. */
function NewBoardForm({ onCreated }: { onCreated: (b: BoardSummary) => void }) {
  const [title, setTitle] = useState('')
  const [templates, setTemplates] = useState<Template[] | null>(null)
  const [templateId, setTemplateId] = useState('')
  const { busy, error, run, setError } = useAction({ signIn: true })
  const titleId = useId()

  useEffect(() => {
    let cancelled = false
    archiveApi.templates().then(
      (ts) => {
        if (!cancelled) setTemplates(ts)
      },
      () => {
        if (!cancelled) setTemplates([])
      },
    )
    return () => {
      cancelled = true
    }
  }, [])

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const trimmed = title.trim()
    if (!trimmed) return setError(t('app.newBoardTitleMissing'))
    run(async () => {
      const board = await api.createBoard(trimmed, templateId || undefined)
      setTitle('')
      onCreated(board)
    })
  }

  const choices = [
    { id: '', name: t('app.newBoardNoTemplate'), description: t('app.newBoardNoTemplateHint') },
    ...(templates ?? []),
  ]

  return (
    <section className="card" aria-labelledby={`${titleId}-heading`}>
      <h2 id={`${titleId}-heading`}>{t('app.newBoardHeading')}</h2>
      <form className="new-board" onSubmit={submit} noValidate>
        <Field id={titleId} label={t('app.newBoardTitleLabel')} grow>
          <input
            id={titleId}
            className="input"
            name="title"
            value={title}
            placeholder={t('app.newBoardTitlePlaceholder')}
            onChange={(e) => setTitle(e.target.value)}
          />
        </Field>
        <fieldset className="template-choice">
          <legend className="field__label">{t('app.newBoardTemplate')}</legend>
          {templates === null && <p className="muted">{t('app.templatesLoading')}</p>}
          {choices.map((c) => (
            <label key={c.id || 'none'} className="template-choice__option">
              <input
                type="radio"
                name="template"
                value={c.id}
                checked={templateId === c.id}
                onChange={() => setTemplateId(c.id)}
                aria-describedby={`${titleId}-t-${c.id || 'none'}`}
              />
              <span>
                <strong>{c.name}</strong>
                {c.description && (
                  <span id={`${titleId}-t-${c.id || 'none'}`} className="template-choice__description">
                    {c.description}
                  </span>
                )}
              </span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('app.newBoardSubmit')}
        </button>
      </form>
      <ErrorText error={error} />
    </section>
  )
}
