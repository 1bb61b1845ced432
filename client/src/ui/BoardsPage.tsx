import { type FormEvent, useEffect, useId, useState } from 'react'
import { api, type BoardSummary, type User } from '../api.ts'
import { formatDateTime } from '../archive/format.ts'
import { t } from '../i18n.ts'
import { navigate, paths } from '../router.ts'
import { errorText, signInIfExpired } from './errors.ts'
import { Link } from './Link.tsx'

/** The facilitator's dashboard: own boards, a form for a new one, logout. */
export function BoardsPage() {
  const [user, setUser] = useState<User | null>(null)
  const [boards, setBoards] = useState<BoardSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    document.title = `${t('app.boardsHeading')} – ${t('common.appName')}`
    let cancelled = false
    Promise.all([api.me(), api.listBoards()]).then(
      ([u, b]) => {
        if (cancelled) return
        setUser(u)
        setBoards(b)
      },
      (e: unknown) => {
        if (cancelled) return
        if (signInIfExpired(e)) return
        setError(errorText(e))
      },
    )
    return () => {
      cancelled = true
    }
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
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {boards === null && !error && <p aria-live="polite">{t('app.boardsLoading')}</p>}
      {boards !== null && <BoardList boards={boards} />}
      <NewBoardForm onCreated={(b) => setBoards((prev) => [b, ...(prev ?? [])])} />
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

function NewBoardForm({ onCreated }: { onCreated: (b: BoardSummary) => void }) {
  const [title, setTitle] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const titleId = useId()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const trimmed = title.trim()
    if (!trimmed) {
      setError(t('app.newBoardTitleMissing'))
      return
    }
    setBusy(true)
    setError(null)
    try {
      onCreated(await api.createBoard(trimmed))
      setTitle('')
    } catch (err: unknown) {
      if (signInIfExpired(err)) return
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby={`${titleId}-heading`}>
      <h2 id={`${titleId}-heading`}>{t('app.newBoardHeading')}</h2>
      <form className="row" onSubmit={submit} noValidate>
        <div className="field field--grow">
          <label className="field__label" htmlFor={titleId}>
            {t('app.newBoardTitleLabel')}
          </label>
          <input
            id={titleId}
            className="input"
            name="title"
            value={title}
            placeholder={t('app.newBoardTitlePlaceholder')}
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('app.newBoardSubmit')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
