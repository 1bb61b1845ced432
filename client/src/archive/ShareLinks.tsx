import { type FormEvent, useId, useState } from 'react'
import { archiveApi, type Share, type Snapshot } from '../archiveApi.ts'
import { endOfDay, formatDateTime } from '../format.ts'
import { t } from '../i18n.ts'
import { ErrorText, Field } from '../ui/Field.tsx'
import { useAction, useLoad } from '../ui/useAction.ts'

/** Read-only links to the project's archive or to one saved wall: create (optional expiry), copy, revoke. */
export function ShareLinks({ projectId, snapshots }: { projectId: string; snapshots: Snapshot[] }) {
  // Shown inside the project page, which sends an expired session to sign in itself.
  const list = useLoad(() => archiveApi.projectShares(projectId), projectId, { signIn: false })
  const shares = list.data ?? []
  const action = useAction()
  const error = list.error ?? action.error
  const [target, setTarget] = useState('')
  const [expiry, setExpiry] = useState('')
  const [created, setCreated] = useState<string | null>(null)
  const [copied, setCopied] = useState(false)
  // The link whose "close" asks for a yes first: a closed link cannot be opened again.
  const [asking, setAsking] = useState<string | null>(null)
  const id = useId()

  const submit = (e: FormEvent) => {
    e.preventDefault()
    setCopied(false)
    const expiresAt = expiry ? endOfDay(expiry) : null
    if (expiresAt !== null && expiresAt <= Date.now()) return action.setError(t('archive.expiryInPast'))
    action.run(async () => {
      const r = target
        ? await archiveApi.createSnapshotShare(target, expiresAt)
        : await archiveApi.createProjectShare(projectId, expiresAt)
      setCreated(r.url)
      await list.reload()
    })
  }

  const revoke = (s: Share) => {
    setAsking(null)
    action.run(async () => {
      await archiveApi.revokeShare(s.id)
      await list.reload()
    })
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
        <Field id={`${id}-w`} label={t('archive.shareForSnapshot')}>
          <select id={`${id}-w`} className="input" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">{t('archive.shareForProject')}</option>
            {snapshots.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-e`} label={t('archive.shareExpiryLabel')}>
          <input
            id={`${id}-e`}
            className="input"
            type="date"
            value={expiry}
            onChange={(e) => setExpiry(e.target.value)}
          />
        </Field>
        <button type="submit" className="button button--primary">
          {t('archive.createShare')}
        </button>
      </form>
      {created && (
        <Field id={`${id}-u`} label={t('archive.shareUrlLabel')}>
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
        </Field>
      )}
      <ErrorText error={error} />
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
