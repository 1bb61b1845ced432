import { type Label, LabelKind, renameTheme, setLabelTheme } from '@vaegavis/shared'
import type Konva from 'konva'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ApiError, api, type BoardSummary } from '../api.ts'
import { t } from '../i18n.ts'
import { paths } from '../router.ts'
import type { BoardConnection } from '../sync/connection.ts'
import { useBoardConnection, useConnectionState } from '../sync/hooks.ts'
import { errorText, signInIfExpired } from '../ui/errors.ts'
import { Link } from '../ui/Link.tsx'
import { installBridge } from './bridge.ts'
import { cardHeight, questionTextHeight } from './cardLayout.ts'
import { FacilitatorPanel } from './FacilitatorPanel.tsx'
import { FollowNotice, ProjectorControls, PulseDisplay, TimerDisplay, VoteRanking } from './Hud.tsx'
import { ThemeRenameOverlay } from './RenameForm.tsx'
import { rankVotes } from './ranking.ts'
import { useElementSize } from './useElementSize.ts'
import { useFitting } from './useFitting.ts'
import { useFollow } from './useFollow.ts'
import { useHeld } from './useHeld.ts'
import { useProjectorMode } from './useProjectorMode.ts'
import { usePulse } from './usePulse.ts'
import { type ThemeDrag, useWallActions } from './useWallActions.ts'
import { useWallDoc } from './useWallDoc.ts'
import { INITIAL_VIEW, type View, viewportOf, zoomAt } from './view.ts'
import { Wall } from './Wall.tsx'
import { WallList } from './WallList.tsx'
import { WallClosedNotice, WallControls, WallPanel, WallTopBar } from './WallOverlay.tsx'
import { type Arrangement, layoutWall, QUESTION_WIDTH } from './wallLayout.ts'
import './wall.css'

const BUTTON_ZOOM = 1.25

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

const NOTHING_SELECTED: ReadonlySet<string> = new Set()
// Answers and signed labels have a foot line (see LabelCard).
const heightOf = (l: Label) =>
  cardHeight(l.text, Boolean(l.nickname) || l.kind === LabelKind.Answer, l.photo !== undefined)

function LiveWall({ conn, board, token }: { conn: BoardConnection; board: BoardSummary; token: string }) {
  const doc = conn.doc
  const wall = useWallDoc(doc)
  const state = useConnectionState(conn)
  const held = useHeld(board.id, token)
  // "N have written" counts today's people, not those whose labels came along from last time.
  const pulse = usePulse(conn, wall.labels, held.labels, Number(new Date(board.createdAt)))
  const projector = useProjectorMode()
  const editable = !projector.on
  const mainRef = useRef<HTMLDivElement>(null)
  const size = useElementSize(mainRef)
  const [view, setView] = useState<View>(INITIAL_VIEW)
  const follow = useFollow(doc, wall.follow, view, setView, size)
  const [panelShown, setPanelShown] = useState(true)
  const [ranking, setRanking] = useState(false)
  const [listShown, setListShown] = useState(false)
  const [contrast, setContrast] = useState(() => window.matchMedia?.('(prefers-contrast: more)').matches ?? false)
  const toggleContrast = () => setContrast((c) => !c)
  const [selection, setSelection] = useState<ReadonlySet<string>>(() => new Set())
  const [themeDrag, setThemeDrag] = useState<ThemeDrag | null>(null)
  const [cardDrag, setCardDrag] = useState(false)
  const dragging = cardDrag || themeDrag !== null
  // While someone drags, the wall keeps the arrangement it had when the drag began.
  const keptArrangement = useRef<Arrangement | null>(null)
  const [renaming, setRenaming] = useState<string | null>(null)
  const stageRef = useRef<Konva.Stage>(null)
  const title = wall.title || board.title
  const [projectId, setProjectId] = useState<string | null>(board.projectId ?? null)

  const labelsById = useMemo(() => new Map(wall.labels.map((l) => [l.id, l])), [wall.labels])
  const pictureUrl = useCallback((hash: string) => api.pictureUrl(board.id, hash), [board.id])
  const layout = useMemo(
    () =>
      layoutWall({
        labels: wall.labels,
        themes: wall.themes,
        heightOf,
        questionHeight: questionTextHeight(wall.question, QUESTION_WIDTH),
        answersHeadingHeight: questionTextHeight(t('wall.answersHeading'), QUESTION_WIDTH),
        themeOverride: themeDrag,
        arrangement: dragging ? keptArrangement.current : null,
      }),
    [wall.labels, wall.themes, wall.question, themeDrag, dragging],
  )
  if (!dragging) keptArrangement.current = layout.arrangement
  // Only what is still on the wall stays selected.
  const selectedLabels = useMemo(
    () => [...selection].map((id) => labelsById.get(id)).filter((l): l is Label => l !== undefined && !l.hidden),
    [selection, labelsById],
  )
  const selected = useMemo(() => new Set(selectedLabels.map((l) => l.id)), [selectedLabels])
  const actions = useWallActions(
    doc,
    { layout, themes: wall.themes, labels: labelsById, selection: selected, heightOf },
    setSelection,
    setThemeDrag,
    setRenaming,
  )

  // The bridge reads the latest values through a ref.
  const live = useRef({ layout, view, size, selected, held: held.labels })
  live.current = { layout, view, size, selected, held: held.labels }
  useEffect(
    () =>
      installBridge(doc, {
        stage: () => stageRef.current,
        themes: () => live.current.layout.themes,
        view: () => ({ view: live.current.view, viewport: viewportOf(live.current.view, live.current.size) }),
        selection: () => [...live.current.selected],
        held: () => live.current.held,
      }),
    [doc],
  )

  useEffect(() => {
    document.title = `${title} – ${t('common.appName')}`
  }, [title])

  useEffect(() => {
    if (!editable) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setSelection(new Set())
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [editable])

  const fitting = useFitting({
    layout,
    size,
    panelShown,
    editable,
    loaded: state.loaded,
    following: follow.following,
    dragging,
    changeView: follow.changeView,
  })
  const byHand = useCallback(
    (next: View) => {
      fitting.release()
      follow.changeView(next)
    },
    [fitting.release, follow.changeView],
  )
  const cardHandlers = useMemo(
    () => ({
      ...actions.cards,
      onDragStart: () => setCardDrag(true),
      onDrop: (...args: Parameters<typeof actions.cards.onDrop>) => {
        setCardDrag(false)
        return actions.cards.onDrop(...args)
      },
    }),
    [actions.cards],
  )

  const zoomCentre = (factor: number) => byHand(zoomAt(view, { x: size.width / 2, y: size.height / 2 }, factor))

  const reconnect = async () => {
    try {
      conn.reconnect(await api.boardToken(board.id))
    } catch (e: unknown) {
      signInIfExpired(e)
    }
  }

  const votes = wall.voteRound ? { target: wall.voteRound.target, counts: wall.voteCounts } : null
  const ranked = useMemo(() => rankVotes(wall), [wall])
  const renamingBox = renaming ? layout.themes.find((b) => b.id === renaming) : undefined

  return (
    <div
      className={`wall ${editable ? 'wall--facilitator' : 'wall--projector'}${contrast ? ' wall--contrast' : ''}${panelShown ? '' : ' wall--no-panel'}`}
    >
      {editable && (
        <FacilitatorPanel
          doc={doc}
          boardId={board.id}
          wall={wall}
          layout={layout}
          held={held}
          selected={selectedLabels}
          actions={actions}
          onCreateTheme={actions.createTheme}
          ranking={ranking}
          onToggleRanking={() => setRanking((r) => !r)}
          follow={follow}
          onProjector={projector.enter}
          onFit={fitting.fit}
          title={title}
          projectId={projectId}
          onProjectChange={setProjectId}
          onReleased={fitting.fit}
        />
      )}
      <div className="wall-main" ref={mainRef}>
        <Wall
          layout={layout}
          labels={labelsById}
          legend={wall.legend}
          questionHeading={wall.question || t('wall.answersHeading')}
          view={view}
          width={size.width}
          height={size.height}
          stageRef={stageRef}
          onViewChange={byHand}
          editable={editable}
          selection={editable ? selected : NOTHING_SELECTED}
          onSelectMany={actions.selectMany}
          votes={votes}
          cardHandlers={cardHandlers}
          themeHandlers={actions.themes}
          contrast={contrast}
          pictureUrl={pictureUrl}
        />
        <div className="wall-overlay">
          {editable && <WallTopBar title={title} state={state} locked={wall.settings.locked} />}
          {state.status === 'closed' && <WallClosedNotice closeCode={state.closeCode} onReconnect={reconnect} />}
          {panelShown && <WallPanel boardId={board.id} joinCode={board.joinCode} legend={wall.legend} />}
          <TimerDisplay timer={wall.timer} />
          {listShown && (
            <WallList
              wall={wall}
              themes={layout.themes}
              editable={editable}
              selected={editable ? selected : NOTHING_SELECTED}
              onToggleSelect={(id) => actions.cards.onSelect(id, true)}
              onMove={(id, themeId) => setLabelTheme(doc, id, themeId)}
            />
          )}
          {ranking && votes && <VoteRanking ranked={ranked} onClose={editable ? () => setRanking(false) : undefined} />}
          {editable ? (
            <div className="wall-bottom">
              <WallControls
                onZoomIn={() => zoomCentre(BUTTON_ZOOM)}
                onZoomOut={() => zoomCentre(1 / BUTTON_ZOOM)}
                onFit={fitting.fit}
                panelShown={panelShown}
                onTogglePanel={() => setPanelShown((s) => !s)}
                listShown={listShown}
                onToggleList={() => setListShown((s) => !s)}
                contrast={contrast}
                onToggleContrast={toggleContrast}
              />
              <FollowNotice
                following={follow.following}
                detached={follow.detached}
                onStop={follow.detach}
                onResume={follow.resume}
              />
              <PulseDisplay pulse={pulse} />
            </div>
          ) : (
            // On the projector everything but the wall shares the strip at the top, so the wall has the height.
            <div className="wall-strip">
              <WallTopBar title={title} state={state} projector locked={wall.settings.locked} />
              <span className="wall-strip__gap" />
              <FollowNotice
                following={follow.following}
                detached={follow.detached}
                onStop={follow.detach}
                onResume={follow.resume}
              />
              <PulseDisplay pulse={pulse} />
              <ProjectorControls
                fullscreen={projector.fullscreen}
                onFullscreen={projector.requestFullscreen}
                onLeave={projector.leave}
                contrast={contrast}
                onToggleContrast={toggleContrast}
                panelShown={panelShown}
                onTogglePanel={() => setPanelShown((s) => !s)}
              />
            </div>
          )}
          {editable && renamingBox && (
            <ThemeRenameOverlay
              name={renamingBox.name}
              left={renamingBox.x * view.scale + view.x}
              top={renamingBox.y * view.scale + view.y}
              onSave={(name) => {
                renameTheme(doc, renamingBox.id, name)
                setRenaming(null)
              }}
              onCancel={() => setRenaming(null)}
            />
          )}
        </div>
      </div>
    </div>
  )
}
