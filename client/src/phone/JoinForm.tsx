import { ErrorCode, MAX_NICKNAME, validateNickname } from '@vaegavis/shared'
import { type FormEvent, useId, useState } from 'react'
import { api } from '../api.ts'
import { t } from '../i18n.ts'
import { errorText } from '../ui/errors.ts'
import type { Identity } from './storage.ts'

/** Optional nickname, then "Deltag". No account, no personal data. */
export function JoinForm({ code, onJoined }: { code: string; onJoined: (identity: Identity) => void }) {
  const [nickname, setNickname] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const nickId = useId()
  const hintId = useId()
  const errorId = useId()

  const checked = validateNickname(nickname)
  const tooLong = !checked.ok

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!checked.ok) return
    setBusy(true)
    setError(null)
    try {
      const r = await api.join(code, checked.value || undefined)
      const identity: Identity = { boardId: r.boardId, token: r.token, participantId: r.participantId, title: r.title }
      if (checked.value) identity.nickname = checked.value
      onJoined(identity)
    } catch (err: unknown) {
      setError(
        errorText(err, {
          [ErrorCode.UnknownJoinCode]: t('common.phoneUnknownCode'),
          [ErrorCode.NicknameTooLong]: t('common.nicknameTooLong', { max: MAX_NICKNAME }),
        }),
      )
      setBusy(false)
    }
  }

  const described = [hintId, tooLong || error ? errorId : ''].filter(Boolean).join(' ')
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
        {(tooLong || error) && (
          <p id={errorId} className="error" role="alert">
            {tooLong ? t('common.nicknameTooLong', { max: MAX_NICKNAME }) : error}
          </p>
        )}
      </div>
      <button type="submit" className="button button--primary button--big" disabled={busy || tooLong}>
        {busy ? t('common.joinBusy') : t('common.joinSubmit')}
      </button>
    </form>
  )
}
