import { normalizeJoinCode } from '@vaegavis/shared'
import { type FormEvent, useEffect, useId, useState } from 'react'
import { t } from '../i18n.ts'
import { navigate, paths } from '../router.ts'
import { Link } from './Link.tsx'

/** Front door: a young person types the code from the wall; facilitators go to login. */
export function StartPage() {
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const inputId = useId()
  const hintId = useId()
  const errorId = useId()

  useEffect(() => {
    document.title = t('common.appName')
  }, [])

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const normalized = normalizeJoinCode(code)
    if (!normalized) {
      setError(t('common.joinCodeInvalid'))
      return
    }
    navigate(paths.phone(normalized))
  }

  return (
    <main className="page page--narrow start">
      <h1 className="start__title">{t('common.startHeading')}</h1>
      <p className="lead">{t('common.startLead')}</p>
      <form className="stack" onSubmit={submit} noValidate>
        <label className="field__label field__label--big" htmlFor={inputId}>
          {t('common.joinCodeLabel')}
        </label>
        <input
          id={inputId}
          className="input input--code"
          name="code"
          value={code}
          onChange={(e) => {
            setCode(e.target.value)
            setError(null)
          }}
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          inputMode="text"
          enterKeyHint="go"
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          aria-invalid={error ? true : undefined}
        />
        <p id={hintId} className="hint">
          {t('common.joinCodeHint')}
        </p>
        {error && (
          <p id={errorId} className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary button--big">
          {t('common.joinCodeSubmit')}
        </button>
      </form>
      <p className="start__facilitator">
        <Link href={paths.login()}>{t('common.iAmFacilitator')}</Link>
      </p>
    </main>
  )
}
