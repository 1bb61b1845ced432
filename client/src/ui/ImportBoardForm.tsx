import type { ImportFormat } from '@vaegavis/shared/api'
import { type FormEvent, useId, useState } from 'react'
import { ApiError, api, type BoardSummary } from '../api.ts'
import { t } from '../i18n.ts'
import { errorText } from './errors.ts'
import { Field } from './Field.tsx'
import { useAction } from './useAction.ts'

/** A file the server refused as a whole: it says what is wrong (line, label), in its own words. */
const refused = (e: unknown): e is ApiError => e instanceof ApiError && (e.status === 422 || e.status === 413)

/** What a file is, from its name: a Vægavis export is JSON, a Padlet export CSV. */
export function importFormatOf(name: string): ImportFormat | null {
  if (/\.json$/i.test(name)) return 'vaegavis'
  if (/\.(csv|txt)$/i.test(name)) return 'padlet'
  return null
}

/**
 * Bring a board in from a file: a wall exported from another Vægavis server,
 * or a Padlet board's CSV export. The server checks the whole file before it
 * writes anything; what it says is wrong is shown as it says it (line, label).
 */
export function ImportBoardForm({ onImported }: { onImported: (b: BoardSummary) => void }) {
  const [file, setFile] = useState<File | null>(null)
  const [title, setTitle] = useState('')
  const [detail, setDetail] = useState<string | null>(null)
  const { busy, error, run, setError } = useAction({
    signIn: true,
    explain: (e) => {
      setDetail(refused(e) ? e.message : null)
      return refused(e) ? t('app.importInvalid') : errorText(e)
    },
  })
  const id = useId()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setDetail(null)
    if (!file) return setError(t('app.importNoFile'))
    const format = importFormatOf(file.name)
    if (!format) return setError(t('app.importWrongType'))
    await run(async () => onImported((await api.importBoard(file, format, title.trim() || undefined)).board))
  }

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('app.importHeading')}</h2>
      <p className="muted" id={`${id}-hint`}>
        {t('app.importHint')}
      </p>
      <form className="new-board" onSubmit={submit} noValidate>
        <Field id={`${id}-file`} label={t('app.importFileLabel')} grow>
          <input
            id={`${id}-file`}
            className="input"
            type="file"
            name="file"
            accept=".json,.csv,application/json,text/csv"
            aria-describedby={`${id}-hint`}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null)
              setError(null)
              setDetail(null)
            }}
          />
        </Field>
        <Field id={`${id}-title`} label={t('app.importTitleLabel')} grow>
          <input
            id={`${id}-title`}
            className="input"
            name="title"
            value={title}
            maxLength={120}
            onChange={(e) => setTitle(e.target.value)}
          />
        </Field>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('app.importBusy') : t('app.importSubmit')}
        </button>
      </form>
      {error && (
        <div className="error" role="alert">
          <p>{error}</p>
          {detail && <p lang="en">{detail}</p>}
        </div>
      )}
    </section>
  )
}
