import { MAX_NICKNAME, validateNickname } from '@vaegavis/shared'
import { type FormEvent, useId, useState } from 'react'
import { t } from '../i18n.ts'

/**
 * Optional nickname, then "Deltag". No account, no personal data. Joining
 * itself happens on the board's socket (PhonePage), so nothing waits here.
 */
export function JoinForm({ onJoin }: { onJoin: (nickname: string | undefined) => void }) {
  const [nickname, setNickname] = useState('')
  const [busy, setBusy] = useState(false)
  const nickId = useId()
  const hintId = useId()
  const errorId = useId()

  const checked = validateNickname(nickname)
  const tooLong = !checked.ok

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!checked.ok) return
    setBusy(true)
    onJoin(checked.value || undefined)
  }

  const described = [hintId, tooLong ? errorId : ''].filter(Boolean).join(' ')
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="field">
        <label className="field__label" htmlFor={nickId}>
          {t('common.nicknameLabel')}
        </label>
        <input
          id={nickId}
          className="input"
          name="nickname"
          value={nickname}
          autoComplete="off"
          enterKeyHint="go"
          onChange={(e) => setNickname(e.target.value)}
          aria-describedby={described}
          aria-invalid={tooLong ? true : undefined}
        />
        <p id={hintId} className="hint">
          {t('common.nicknameHint')}
        </p>
        {tooLong && (
          <p id={errorId} className="error" role="alert">
            {t('common.nicknameTooLong', { max: MAX_NICKNAME })}
          </p>
        )}
      </div>
      <button type="submit" className="button button--primary button--big" disabled={busy || tooLong}>
        {busy ? t('common.joinBusy') : t('common.joinSubmit')}
      </button>
    </form>
  )
}
