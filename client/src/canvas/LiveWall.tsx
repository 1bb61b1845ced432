/**
 * A wall connected to its board: reads the document, lays it out, and puts
 * the facilitator's panel, the Konva wall and the HTML overlay together.
 * The same page is the projector view (`?projektor`), where nothing is edited.
 */
import type Konva from 'konva'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { api, type BoardSummary } from '../api.ts'
import { t } from '../i18n.ts'
import type { BoardConnection } from '../sync/connection.ts'
import { useConnectionState } from '../sync/hooks.ts'
import { signInIfExpired } from '../ui/errors.ts'
import { FacilitatorPanel } from './FacilitatorPanel.tsx'
import { useElementSize } from './useElementSize.ts'
import { useHeld } from './useHeld.ts'
import { useProjectorMode } from './useProjectorMode.ts'
import { usePulse } from './usePulse.ts'
import { useWallActions } from './useWallActions.ts'
import { useWallBridge } from './useWallBridge.ts'
import { useWallDoc } from './useWallDoc.ts'
import { heightOf, useWallLayout } from './useWallLayout.ts'
import { useWallSelection } from './useWallSelection.ts'
import { useWallToggles } from './useWallToggles.ts'
import { useWallView } from './useWallView.ts'
import { Wall } from './Wall.tsx'
import { WallChrome } from './WallChrome.tsx'

const NOTHING_SELECTED: ReadonlySet<string> = new Set()

export function LiveWall({ conn, board, token }: { conn: BoardConnection; board: BoardSummary; token: string }) {
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
  const toggles = useWallToggles()
  const { layout, labelsById, dragging, setThemeDrag, setCardDrag } = useWallLayout(wall)
  const pictureUrl = useCallback((hash: string) => api.pictureUrl(board.id, hash), [board.id])
  const wallView = useWallView(doc, {
    leader: wall.follow,
    layout,
    size,
    panelShown: toggles.panelShown,
    editable,
    loaded: state.loaded,
    dragging,
  })
  const selection = useWallSelection(labelsById, editable)
  const selected = selection.ids
  const [renaming, setRenaming] = useState<string | null>(null)
  const stageRef = useRef<Konva.Stage>(null)
  const title = wall.title || board.title
  const [projectId, setProjectId] = useState<string | null>(board.projectId ?? null)
  const actions = useWallActions(
    doc,
    { layout, themes: wall.themes, labels: labelsById, selection: selected, heightOf },
    selection.set,
    setThemeDrag,
    setRenaming,
  )
  const { view, follow, fitting, byHand } = wallView
  useWallBridge(doc, { stageRef, layout, view, size, selected, held: held.labels })

  useEffect(() => {
    document.title = `${title} – ${t('common.appName')}`
  }, [title])

  const cardHandlers = useMemo(
    () => ({
      ...actions.cards,
      onDragStart: () => setCardDrag(true),
      onDrop: (...args: Parameters<typeof actions.cards.onDrop>) => {
        setCardDrag(false)
        return actions.cards.onDrop(...args)
      },
    }),
    [actions.cards, setCardDrag],
  )

  const reconnect = async () => {
    try {
      conn.reconnect(await api.boardToken(board.id))
    } catch (e: unknown) {
      signInIfExpired(e)
    }
  }

  const votes = wall.voteRound ? { target: wall.voteRound.target, counts: wall.voteCounts } : null
  const modifiers = `${toggles.contrast ? ' wall--contrast' : ''}${toggles.panelShown ? '' : ' wall--no-panel'}`

  return (
    <div className={`wall ${editable ? 'wall--facilitator' : 'wall--projector'}${modifiers}`}>
      {editable && (
        <FacilitatorPanel
          doc={doc}
          boardId={board.id}
          wall={wall}
          layout={layout}
          held={held}
          selected={selection.labels}
          actions={actions}
          onCreateTheme={actions.createTheme}
          ranking={toggles.ranking}
          onToggleRanking={toggles.toggleRanking}
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
          contrast={toggles.contrast}
          pictureUrl={pictureUrl}
        />
        <WallChrome
          doc={doc}
          board={board}
          wall={wall}
          layout={layout}
          title={title}
          state={state}
          editable={editable}
          toggles={toggles}
          wallView={wallView}
          pulse={pulse}
          projector={projector}
          selected={editable ? selected : NOTHING_SELECTED}
          onToggleSelect={(id) => actions.cards.onSelect(id, true)}
          renaming={renaming}
          onRenamed={() => setRenaming(null)}
          onReconnect={reconnect}
        />
      </div>
    </div>
  )
}
