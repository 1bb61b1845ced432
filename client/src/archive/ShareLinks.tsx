import { type FormEvent, useCallback, useEffect, useId, useState } from 'react'
import { archiveApi, type Share, type Snapshot } from '../archiveApi.ts'
import { endOfDay, formatDateTime } from '../format.ts'
import { t } from '../i18n.ts'
import { errorText } from '../ui/errors.ts'

/** Read-only links to the project's archive or to one saved wall: create (optional expiry), copy, revoke. */
export function ShareLinks({ projectId, snapshots }: { projectId: string; snapshots: Snapshot[] }) {
  const [shares, setShares] = useState<Share[]>([])
  const [target, setTarget] = useState('')
  const [expiry, setExpiry] = useState('')
  const [created, setCreated] = useState<string | null>(null)
  const [copied, setCopied] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // The link whose "close" asks for a yes first: a closed link cannot be opened again.
  const [asking, setAsking] = useState<string | null>(null)
  const id = useId()

  const reload = useCallback(
    () => archiveApi.projectShares(projectId).then(setShares, (e: unknown) => setError(errorText(e))),
    [projectId],
  )
  useEffect(() => {
    reload()
  }, [reload])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    setCopied(false)
    const expiresAt = expiry ? endOfDay(expiry) : null
    if (expiresAt !== null && expiresAt <= Date.now()) return setError(t('archive.expiryInPast'))
    try {
      const r = target
        ? await archiveApi.createSnapshotShare(target, expiresAt)
        : await archiveApi.createProjectShare(projectId, expiresAt)
      setCreated(r.url)
      await reload()
    } catch (err: unknown) {
      setError(errorText(err))
    }
  }

  const revoke = async (s: Share) => {
    setError(null)
    setAsking(null)
    try {
      await archiveApi.revokeShare(s.id)
      await reload()
    } catch (err: unknown) {
      setError(errorText(err))
    }
  }

  const copy = async () => {
    if (!created) return
    try {
      await navigator.clipboard.writeText(created)
      setCopied(true)
    } catch {
      setCopied(false)
    }
  }

  const nameOf = (s: Share) =>
    s.snapshotId
      ? `${t('archive.shareForSnapshot')}: ${snapshots.find((x) => x.id === s.snapshotId)?.name ?? ''}`
      : t('archive.shareForProject')

  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('archive.sharesHeading')}</h2>
      <p>{t('archive.sharesLead')}</p>
      <form className="row" onSubmit={submit} noValidate>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-w`}>
            {t('archive.shareForSnapshot')}
          </label>
          <select id={`${id}-w`} className="input" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">{t('archive.shareForProject')}</option>
            {snapshots.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-e`}>
            {t('archive.shareExpiryLabel')}
          </label>
          <input
            id={`${id}-e`}
            className="input"
            type="date"
            value={expiry}
            onChange={(e) => setExpiry(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary">
          {t('archive.createShare')}
        </button>
      </form>
      {created && (
        <div className="field">
          <label className="field__label" htmlFor={`${id}-u`}>
            {t('archive.shareUrlLabel')}
          </label>
          <div className="row">
            <input
              id={`${id}-u`}
              className="input archive-share-url"
              readOnly
              value={created}
              onFocus={(e) => e.currentTarget.select()}
            />
            <button type="button" className="button" onClick={copy}>
              {copied ? t('archive.copied') : t('archive.copy')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {shares.length === 0 ? (
        <p className="muted">{t('archive.noShares')}</p>
      ) : (
        <ul className="archive-list">
          {shares.map((s) => (
            <li key={s.id} className="archive-item" data-share-id={s.id} data-status={s.status}>
              <div className="archive-item__main">
                <strong>{nameOf(s)}</strong>
                <p className="muted">
                  {t(`archive.shareStatus.${s.status}`)} · {t('archive.createdAt', { d: formatDateTime(s.createdAt) })}
                  {s.expiresAt !== null && ` · ${t('archive.expiresAt', { d: formatDateTime(s.expiresAt) })}`}
                </p>
              </div>
              {s.status === 'active' && asking !== s.id && (
                <button type="button" className="button" onClick={() => setAsking(s.id)}>
                  {t('archive.revoke')}
                  <span className="visually-hidden">: {nameOf(s)}</span>
                </button>
              )}
              {s.status === 'active' && asking === s.id && (
                <div className="confirm">
                  <p role="alert">{t('archive.revokeAsk')}</p>
                  <div className="row">
                    <button type="button" className="button button--danger" onClick={() => revoke(s)}>
                      {t('archive.revokeYes')}
                    </button>
                    <button type="button" className="button" onClick={() => setAsking(null)}>
                      {t('archive.revokeNo')}
                    </button>
                  </div>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
