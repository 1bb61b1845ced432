import { ApiError, api } from '../api.ts'
import { t } from '../i18n.ts'
import { paths } from '../router.ts'
import { useBoardConnection } from '../sync/hooks.ts'
import { errorText } from '../ui/errors.ts'
import { Link } from '../ui/Link.tsx'
import { useLoad } from '../ui/useAction.ts'
import { LiveWall } from './LiveWall.tsx'
import './wall.css'

/** `/b/:id`, the facilitator's wall and the projector view. Loaded lazily: Konva never reaches the phone. */
export default function WallPage({ boardId }: { boardId: string }) {
  const load = useLoad(
    async () => {
      const [board, token] = await Promise.all([api.getBoard(boardId), api.boardToken(boardId)])
      return { board, token }
    },
    boardId,
    {
      explain: (e) =>
        e instanceof ApiError && (e.status === 404 || e.status === 403) ? t('app.wallNotFound') : errorText(e),
    },
  )
  const ready = load.data
  const conn = useBoardConnection(ready?.board.id, ready?.token)

  if (load.error) {
    return (
      <main className="page page--narrow">
        <p className="error" role="alert">
          {load.error}
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
