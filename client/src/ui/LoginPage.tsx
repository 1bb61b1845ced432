import { ErrorCode } from '@vaegavis/shared'
import { type FormEvent, useEffect, useId, useState } from 'react'
import { api } from '../api.ts'
import { t } from '../i18n.ts'
import { navigate, paths } from '../router.ts'
import { errorText } from './errors.ts'
import { Field } from './Field.tsx'
import { Link } from './Link.tsx'
import { useAction } from './useAction.ts'

/** A wrong email or password, whichever the server says: one sentence, so it gives away neither. */
const wrong = (e: unknown) =>
  errorText(e, {
    [ErrorCode.InvalidCredentials]: t('app.loginWrong'),
    [ErrorCode.Unauthorized]: t('app.loginWrong'),
    [ErrorCode.BadRequest]: t('app.loginWrong'),
  })

export function LoginPage() {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const { busy, error, run } = useAction({ explain: wrong })
  const emailId = useId()
  const passwordId = useId()
  const errorId = useId()

  useEffect(() => {
    document.title = `${t('app.loginHeading')} – ${t('common.appName')}`
  }, [])

  const submit = (e: FormEvent) => {
    e.preventDefault()
    run(async () => {
      await api.login(email.trim(), password)
      navigate(paths.boards())
    })
  }

  return (
    <main className="page page--narrow">
      <h1>{t('app.loginHeading')}</h1>
      <form className="stack" onSubmit={submit} aria-describedby={error ? errorId : undefined}>
        <Field id={emailId} label={t('app.emailLabel')}>
          <input
            id={emailId}
            className="input"
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Field id={passwordId} label={t('app.passwordLabel')}>
          <input
            id={passwordId}
            className="input"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        {error && (
          <p id={errorId} className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('app.loginBusy') : t('app.loginSubmit')}
        </button>
      </form>
      <p>
        <Link href={paths.start()}>{t('app.backToStart')}</Link>
      </p>
    </main>
  )
}
