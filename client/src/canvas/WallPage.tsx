import { CloseCode, moveLabel } from '@vaegavis/shared'
import type Konva from 'konva'
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError, api, type BoardSummary } from '../api.ts'
import { navigate, paths } from '../router.ts'
import type { BoardConnection } from '../sync/connection.ts'
import { useBoard, useBoardConnection, useConnectionState } from '../sync/hooks.ts'
import { errorText, isUnauthorized } from '../ui/errors.ts'
import { Link } from '../ui/Link.tsx'
import { t } from '../ui/strings.ts'
import { installBridge } from './bridge.ts'
import { CARD, cardHeight } from './cardLayout.ts'
import { useWindowSize } from './useWindowSize.ts'
import { boundsOf, fitView, INITIAL_VIEW, type View, zoomAt } from './view.ts'
import { Wall } from './Wall.tsx'
import { WallControls, WallPanel, WallTopBar } from './WallOverlay.tsx'

const BUTTON_ZOOM = 1.25
/** Screen space the HTML overlay covers (panel on the right, title bar, zoom buttons), kept free when fitting. */
const PANEL_WIDTH = 360
const TOP_BAR = 80
const BOTTOM_BAR = 80

type Load =
  | { state: 'loading' }
  | { state: 'ready'; board: BoardSummary; token: string }
  | { state: 'error'; text: string }

/** `/b/:id`, the projector view. Loaded lazily: Konva never reaches the phone. */
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
        if (isUnauthorized(e)) navigate(paths.login(), { replace: true })
        else if (e instanceof ApiError && (e.status === 404 || e.status === 403))
          setLoad({ state: 'error', text: t.wallNotFound })
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
          <Link href={paths.boards()}>{t.backToBoards}</Link>
        </p>
      </main>
    )
  }
  if (!ready || !conn) {
    return (
      <main className="page page--narrow">
        <p aria-live="polite">{t.wallLoading}</p>
      </main>
    )
  }
  return <LiveWall conn={conn} board={ready.board} />
}

function LiveWall({ conn, board }: { conn: BoardConnection; board: BoardSummary }) {
  const snapshot = useBoard(conn.doc)
  const state = useConnectionState(conn)
  const { width, height } = useWindowSize()
  const [view, setView] = useState<View>(INITIAL_VIEW)
  const [panelShown, setPanelShown] = useState(true)
  const stageRef = useRef<Konva.Stage>(null)
  const title = snapshot.title || board.title

  useEffect(() => installBridge(conn.doc, () => stageRef.current), [conn])

  useEffect(() => {
    document.title = `${title} – ${t.appName}`
  }, [title])

  const onMove = useCallback((id: string, x: number, y: number) => moveLabel(conn.doc, id, x, y), [conn])

  const zoomCentre = (factor: number) => setView((v) => zoomAt(v, { x: width / 2, y: height / 2 }, factor))
  const fit = () => {
    const visible = snapshot.labels.filter((l) => !l.hidden)
    const rects = visible.map((l) => ({
      x: l.x,
      y: l.y,
      width: CARD.width,
      height: cardHeight(l.text, Boolean(l.nickname)),
    }))
    const area = {
      x: 0,
      y: TOP_BAR,
      width: panelShown ? Math.max(200, width - PANEL_WIDTH) : width,
      height: Math.max(200, height - TOP_BAR - BOTTOM_BAR),
    }
    setView(fitView(boundsOf(rects), area))
  }

  const reconnect = async () => {
    try {
      conn.reconnect(await api.boardToken(board.id))
    } catch (e: unknown) {
      if (isUnauthorized(e)) navigate(paths.login(), { replace: true })
    }
  }

  return (
    <div className="wall">
      <Wall
        labels={snapshot.labels}
        legend={snapshot.legend}
        view={view}
        width={width}
        height={height}
        stageRef={stageRef}
        onViewChange={setView}
        onMove={onMove}
      />
      <div className="wall-overlay">
        <WallTopBar title={title} state={state} />
        {state.status === 'closed' && (
          <div className="notice notice--error wall-notice" role="alert">
            <p>{t.closeReason(state.closeCode)}</p>
            {state.closeCode === CloseCode.Unauthorized ? (
              <button type="button" className="button button--primary" onClick={reconnect}>
                {t.reconnect}
              </button>
            ) : (
              // Any other refusal would be repeated by this doc's pending changes: start from the server's copy.
              state.closeCode !== CloseCode.BoardGone && (
                <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
                  {t.reload}
                </button>
              )
            )}
          </div>
        )}
        {panelShown && <WallPanel boardId={board.id} joinCode={board.joinCode} legend={snapshot.legend} />}
        <WallControls
          onZoomIn={() => zoomCentre(BUTTON_ZOOM)}
          onZoomOut={() => zoomCentre(1 / BUTTON_ZOOM)}
          onFit={fit}
          panelShown={panelShown}
          onTogglePanel={() => setPanelShown((s) => !s)}
        />
      </div>
    </div>
  )
}
