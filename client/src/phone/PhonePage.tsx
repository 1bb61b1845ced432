import { ErrorCode, normalizeJoinCode } from '@vaegavis/shared'
import { useEffect, useMemo, useState } from 'react'
import { ApiError } from '../api.ts'
import { t } from '../i18n.ts'
import { navigate, paths } from '../router.ts'
import { newPhoneToken } from '../sync/connection.ts'
import { errorText } from '../ui/errors.ts'
import { Link } from '../ui/Link.tsx'
import { JoinForm } from './JoinForm.tsx'
import { PhoneBoard } from './PhoneBoard.tsx'
import { joinInfo } from './phoneApi.ts'
import { browserStorage, clearIdentity, type Identity, loadIdentity, saveIdentity } from './storage.ts'

type Info =
  | { state: 'loading' }
  | { state: 'ok'; title: string }
  | { state: 'unknown' }
  | { state: 'error'; text: string }

/** A phone that tapped "Deltag" and waits for its socket to say who it is on the board. */
interface Joining {
  token: string
  nickname?: string
  title: string
}

/**
 * `/j/:code`: join a board (once per phone and code), then write labels. The
 * join and the board's socket are one request: the phone makes its token,
 * opens the socket with the code, and keeps the identity the server answers.
 */
export function PhonePage({ rawCode }: { rawCode: string }) {
  const code = normalizeJoinCode(rawCode)
  const store = useMemo(browserStorage, [])
  const [identity, setIdentity] = useState<Identity | null>(() => (code ? loadIdentity(store, code) : null))
  const [joining, setJoining] = useState<Joining | null>(null)
  const [unknown, setUnknown] = useState(false)

  // Show the canonical code in the address bar (people type "abc 123").
  useEffect(() => {
    if (code && code !== rawCode) navigate(paths.phone(code), { replace: true })
  }, [code, rawCode])

  if (!code || unknown) return <UnknownCode />
  const onRejoin = () => {
    clearIdentity(store, code)
    setIdentity(null)
    setJoining(null)
  }
  if (identity) {
    // Same key while joining and after: the board and its socket stay as they are when the identity arrives.
    return <PhoneBoard key={identity.token} code={code} identity={identity} store={store} onRejoin={onRejoin} />
  }
  if (joining) {
    const pending: Identity = { boardId: '', participantId: '', token: joining.token, title: joining.title }
    if (joining.nickname) pending.nickname = joining.nickname
    return (
      <PhoneBoard
        key={joining.token}
        code={code}
        identity={pending}
        store={store}
        onRejoin={onRejoin}
        onUnknownCode={() => setUnknown(true)}
        onJoined={(joined) => {
          const id: Identity = { ...pending, ...joined }
          saveIdentity(store, code, id)
          setIdentity(id)
        }}
      />
    )
  }
  return (
    <JoinStep
      code={code}
      onJoin={(nickname, title) => setJoining({ token: newPhoneToken(), title, ...(nickname ? { nickname } : {}) })}
    />
  )
}

function JoinStep({ code, onJoin }: { code: string; onJoin: (nickname: string | undefined, title: string) => void }) {
  const [info, setInfo] = useState<Info>({ state: 'loading' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    let cancelled = false
    void attempt
    setInfo({ state: 'loading' })
    joinInfo(code).then(
      (r) => {
        if (!cancelled) setInfo({ state: 'ok', title: r.title })
      },
      (e: unknown) => {
        if (cancelled) return
        if (e instanceof ApiError && (e.code === ErrorCode.UnknownJoinCode || e.status === 404))
          setInfo({ state: 'unknown' })
        else setInfo({ state: 'error', text: errorText(e) })
      },
    )
    return () => {
      cancelled = true
    }
  }, [code, attempt])

  useEffect(() => {
    document.title = info.state === 'ok' ? `${info.title} – ${t('common.appName')}` : t('common.appName')
  }, [info])

  if (info.state === 'unknown') return <UnknownCode />
  // The form does not wait for the board's title: on a slow connection that
  // request is a whole round trip (2 s on slow 3G) before anyone can tap
  // "Deltag". An unknown code still shows as soon as the server says so, and
  // joining with it fails with the same message.
  return (
    <main className="page page--narrow phone">
      {info.state === 'ok' && <h1 className="phone__title">{info.title}</h1>}
      {info.state === 'loading' && (
        <p className="hint" aria-live="polite">
          {t('common.phoneLoading')}
        </p>
      )}
      {info.state === 'error' && (
        <>
          <p className="error" role="alert">
            {info.text}
          </p>
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            {t('common.retry')}
          </button>
        </>
      )}
      <JoinForm onJoin={(nickname) => onJoin(nickname, info.state === 'ok' ? info.title : '')} />
    </main>
  )
}

function UnknownCode() {
  return (
    <main className="page page--narrow phone">
      <p className="error" role="alert">
        {t('common.phoneUnknownCode')}
      </p>
      <p>
        <Link className="button button--big" href={paths.start()}>
          {t('common.phoneTryAnotherCode')}
        </Link>
      </p>
    </main>
  )
}
