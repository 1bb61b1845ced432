import { useEffect, useState } from 'react'
import { ApiError, api, type BoardSummary } from '../api.ts'
import { t } from '../i18n.ts'
import { paths } from '../router.ts'
import { useBoardConnection } from '../sync/hooks.ts'
import { errorText, signInIfExpired } from '../ui/errors.ts'
import { Link } from '../ui/Link.tsx'
import { LiveWall } from './LiveWall.tsx'
import './wall.css'

type Load =
  | { state: 'loading' }
  | { state: 'ready'; board: BoardSummary; token: string }
  | { state: 'error'; text: string }

/** `/b/:id`, the facilitator's wall and the projector view. Loaded lazily: Konva never reaches the phone. */
export default function WallPage({ boardId }: { boardId: string }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' })

  useEffect(() => {
    let cancelled = false
    Promise.all([api.getBoard(boardId), api.boardToken(boardId)]).then(
      ([board, token]) => {
        if (!cancelled) setLoad({ state: 'ready', board, token })
      },
      (e: unknown) => {
        if (cancelled) return
        if (signInIfExpired(e)) return
        if (e instanceof ApiError && (e.status === 404 || e.status === 403))
          setLoad({ state: 'error', text: t('app.wallNotFound') })
        else setLoad({ state: 'error', text: errorText(e) })
      },
    )
    return () => {
      cancelled = true
    }
  }, [boardId])

  const ready = load.state === 'ready' ? load : null
  const conn = useBoardConnection(ready?.board.id, ready?.token)

  if (load.state === 'error') {
    return (
      <main className="page page--narrow">
        <p className="error" role="alert">
          {load.text}
        </p>
        <p>
          <Link href={paths.boards()}>{t('app.backToBoards')}</Link>
        </p>
      </main>
    )
  }
  if (!ready || !conn) {
    return (
      <main className="page page--narrow">
        <p aria-live="polite">{t('common.wallLoading')}</p>
      </main>
    )
  }
  return <LiveWall conn={conn} board={ready.board} token={ready.token} />
}
