import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from '../api.ts'
import { t } from '../i18n.ts'
import { navigate, paths } from '../router.ts'
import { signInIfExpired } from '../ui/errors.ts'
import { Link } from '../ui/Link.tsx'
import { useAction } from '../ui/useAction.ts'
import { type CaptureNote, type CaptureSession, captureApi } from './captureApi.ts'
import './capture.css'

/** What the facilitator has changed about one found note. */
interface Edit {
  text: string
  category: string
  dropped: boolean
}

const errorOf = (e: unknown) => t(`capture.errors.${e instanceof ApiError ? e.code : 'other'}`)

/**
 * `/b/:id/foto`: a photo of a paper wall poster becomes labels. Upload, watch
 * the notes being found and read, correct text and colour beside each crop,
 * drop false finds, name the groups, and put them on the wall as themes.
 */
export function CapturePage({ boardId }: { boardId: string }) {
  const [session, setSession] = useState<CaptureSession | null>(null)
  const [loaded, setLoaded] = useState(false)
  // One sentence for whatever failed last: the poll, an upload, a discard or placing the notes.
  const { busy, error, run, setError } = useAction({ explain: errorOf, signIn: true })
  const [edits, setEdits] = useState<Record<string, Edit>>({})
  const [names, setNames] = useState<Record<number, string>>({})
  const fileRef = useRef<HTMLInputElement>(null)

  const refresh = useCallback(async () => {
    try {
      const s = await captureApi.session(boardId)
      setSession(s)
      if (s.status === 'done') {
        setEdits((old) =>
          Object.keys(old).length > 0
            ? old
            : Object.fromEntries(s.notes.map((n) => [n.id, { text: n.text, category: n.category, dropped: false }])),
        )
      }
    } catch (e: unknown) {
      if (signInIfExpired(e)) return
      if (e instanceof ApiError && e.status === 404) setSession(null)
      else setError(errorOf(e))
    } finally {
      setLoaded(true)
    }
  }, [boardId, setError])

  useEffect(() => {
    document.title = `${t('capture.heading')} – ${t('common.appName')}`
    void refresh()
  }, [refresh])

  // Progress is polled while the server reads the photo.
  useEffect(() => {
    if (session?.status !== 'running') return
    const timer = window.setInterval(() => void refresh(), 500)
    return () => window.clearInterval(timer)
  }, [session?.status, refresh])

  const upload = (e: React.FormEvent) => {
    e.preventDefault()
    const file = fileRef.current?.files?.[0]
    if (!file) return
    setEdits({})
    setNames({})
    run(async () => {
      await captureApi.upload(boardId, file)
      await refresh()
    })
  }

  const discard = () =>
    run(async () => {
      await captureApi.discard(boardId)
      setSession(null)
      setEdits({})
    })

  const kept = session?.notes.filter((n) => edits[n.id] && !edits[n.id]?.dropped) ?? []
  const groups = session ? [...new Set(session.notes.map((n) => n.group))].sort((a, b) => a - b) : []
  const groupName = (g: number) => names[g] ?? t('capture.groupDefault', { n: g + 1 })

  const place = () => {
    if (!session) return
    if (kept.some((n) => (edits[n.id]?.text ?? '').trim() === '')) return setError(t('capture.noText'))
    run(async () => {
      await captureApi.place(boardId, {
        sessionId: session.id,
        notes: kept.map((n) => ({ id: n.id, text: edits[n.id]?.text ?? '', category: edits[n.id]?.category ?? '' })),
        themes: [...new Set(kept.map((n) => n.group))].map((g) => ({ group: g, name: groupName(g).trim() })),
      })
      navigate(paths.wall(boardId))
    })
  }

  const edit = (id: string, patch: Partial<Edit>) =>
    setEdits((old) => ({ ...old, [id]: { ...(old[id] as Edit), ...patch } }))

  return (
    <main className="page capture">
      <nav className="capture__nav">
        <Link href={paths.wall(boardId)}>{t('capture.backToWall')}</Link>
      </nav>
      <h1>{t('capture.heading')}</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!loaded && <p aria-live="polite">{t('common.pageLoading')}</p>}

      {loaded && (session === null || session.status === 'failed') && (
        <section className="card">
          {session?.status === 'failed' && (
            <p className="error" role="alert" data-testid="capture-failed">
              {t(`capture.errors.${session.error?.code ?? 'other'}`)}
            </p>
          )}
          <p>{t('capture.lead')}</p>
          <form className="capture__upload" onSubmit={upload}>
            <div className="field">
              <label className="field__label" htmlFor="capture-photo">
                {t('capture.photoLabel')}
              </label>
              <input
                ref={fileRef}
                id="capture-photo"
                className="input"
                type="file"
                accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
                capture="environment"
                aria-describedby="capture-photo-hint"
              />
              <p id="capture-photo-hint" className="muted">
                {t('capture.photoHint')}
              </p>
            </div>
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? t('capture.uploading') : session?.status === 'failed' ? t('capture.another') : t('capture.read')}
            </button>
          </form>
        </section>
      )}

      {session?.status === 'running' && (
        <section className="card" aria-live="polite">
          <p>{t(`capture.stage.${session.stage}`)}</p>
          <progress className="capture__progress" max={1} value={session.progress} aria-label={t('capture.heading')} />
          <p className="muted">{t('capture.progress', { percent: Math.round(session.progress * 100) })}</p>
        </section>
      )}

      {session?.status === 'done' && (
        <>
          <p aria-live="polite" data-testid="capture-found">
            {t('capture.found', { count: session.notes.length })} {t('capture.reviewHint')}
          </p>
          {groups.map((g) => (
            <section key={g} className="capture__group card" data-group={g}>
              <div className="field">
                <label className="field__label" htmlFor={`capture-group-${g}`}>
                  {t('capture.groupName', { n: g + 1 })}
                </label>
                <input
                  id={`capture-group-${g}`}
                  className="input"
                  value={groupName(g)}
                  maxLength={120}
                  onChange={(e) => setNames((old) => ({ ...old, [g]: e.target.value }))}
                />
              </div>
              <ol className="capture__notes">
                {session.notes
                  .filter((n) => n.group === g)
                  .map((n) => (
                    <NoteRow
                      key={n.id}
                      boardId={boardId}
                      note={n}
                      n={session.notes.indexOf(n) + 1}
                      edit={edits[n.id]}
                      legend={session.legend}
                      onChange={(patch) => edit(n.id, patch)}
                    />
                  ))}
              </ol>
            </section>
          ))}
          <div className="capture__actions">
            <button
              type="button"
              className="button button--primary button--big"
              onClick={place}
              disabled={busy || kept.length === 0}
            >
              {busy ? t('capture.placing') : t('capture.place', { count: kept.length })}
            </button>
            <button type="button" className="button" onClick={discard} disabled={busy}>
              {t('capture.discard')}
            </button>
          </div>
        </>
      )}
    </main>
  )
}

function NoteRow(props: {
  boardId: string
  note: CaptureNote
  n: number
  edit: Edit | undefined
  legend: CaptureSession['legend']
  onChange: (patch: Partial<Edit>) => void
}) {
  const { boardId, note, n, edit, legend, onChange } = props
  if (!edit) return null
  const colour = legend.find((c) => c.id === edit.category)?.colour ?? '#999999'
  return (
    <li
      className={`capture__note${edit.dropped ? ' capture__note--dropped' : ''}`}
      data-note-id={note.id}
      style={{ borderColor: colour }}
    >
      <img
        className="capture__crop"
        src={captureApi.imageUrl(boardId, note.crop)}
        alt={t('capture.cropAlt', { n })}
        width={160}
        height={160}
      />
      {edit.dropped ? (
        <div className="capture__fields">
          <p className="muted">{t('capture.dropped')}</p>
          <button type="button" className="button" onClick={() => onChange({ dropped: false })}>
            {t('capture.keep')}
          </button>
        </div>
      ) : (
        <div className="capture__fields">
          <label className="visually-hidden" htmlFor={`capture-text-${note.id}`}>
            {t('capture.noteText', { n })}
          </label>
          <textarea
            id={`capture-text-${note.id}`}
            className="input capture__text"
            value={edit.text}
            rows={2}
            maxLength={280}
            onChange={(e) => onChange({ text: e.target.value })}
          />
          <div className="capture__row">
            <span className="capture__swatch" style={{ background: colour }} aria-hidden="true" />
            <label className="visually-hidden" htmlFor={`capture-colour-${note.id}`}>
              {t('capture.noteColour', { n })}
            </label>
            <select
              id={`capture-colour-${note.id}`}
              className="input"
              value={edit.category}
              onChange={(e) => onChange({ category: e.target.value })}
            >
              {legend.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.meaning}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button"
              aria-label={t('capture.dropLabel', { n })}
              onClick={() => onChange({ dropped: true })}
            >
              {t('capture.drop')}
            </button>
          </div>
        </div>
      )}
    </li>
  )
}
