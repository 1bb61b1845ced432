/**
 * Everything drawn in HTML over the Konva wall: the title bar, the closed
 * notice, the join panel, the timer, the list view, the vote ranking, the
 * controls along the edge and the box that renames a theme in place.
 */
import { renameTheme, setLabelTheme } from '@vaegavis/shared'
import { useMemo } from 'react'
import type * as Y from 'yjs'
import type { BoardSummary } from '../api.ts'
import type { ConnectionState } from '../sync/connection.ts'
import { playChime, useChime } from './chime.ts'
import { TimerDisplay, VoteRanking } from './Hud.tsx'
import { ThemeRenameOverlay } from './RenameForm.tsx'
import { rankVotes } from './ranking.ts'
import type { ProjectorMode } from './useProjectorMode.ts'
import type { Pulse } from './usePulse.ts'
import type { WallSnapshot } from './useWallDoc.ts'
import type { WallToggles } from './useWallToggles.ts'
import type { WallView } from './useWallView.ts'
import { WallBars } from './WallBars.tsx'
import { WallList } from './WallList.tsx'
import { WallClosedNotice, WallPanel, WallTopBar } from './WallOverlay.tsx'
import type { WallLayout } from './wallLayout.ts'

interface Props {
  doc: Y.Doc
  board: BoardSummary
  wall: WallSnapshot
  layout: WallLayout
  title: string
  state: ConnectionState
  editable: boolean
  toggles: WallToggles
  wallView: WallView
  pulse: Pulse
  projector: ProjectorMode
  /** Selected labels (none on the projector). */
  selected: ReadonlySet<string>
  onToggleSelect: (id: string) => void
  /** The theme whose name is being edited, if any. */
  renaming: string | null
  onRenamed: () => void
  onReconnect: () => void
}

export function WallChrome(p: Props) {
  const { wall, layout, editable, toggles, state } = p
  const { view } = p.wallView
  const ranked = useMemo(() => rankVotes(wall), [wall])
  const chime = useChime()
  const renamingBox = p.renaming ? layout.themes.find((b) => b.id === p.renaming) : undefined
  return (
    <div className="wall-overlay">
      {editable && (
        <WallTopBar title={p.title} state={state} locked={wall.settings.locked} doorClosed={wall.settings.doorClosed} />
      )}
      {state.status === 'closed' && <WallClosedNotice closeCode={state.closeCode} onReconnect={p.onReconnect} />}
      {toggles.panelShown && <WallPanel boardId={p.board.id} joinCode={p.board.joinCode} legend={wall.legend} />}
      {/* The sound is the projector's: the facilitator's own screen stays quiet. */}
      <TimerDisplay timer={wall.timer} onEnd={!editable && chime.on ? playChime : undefined} />
      {toggles.listShown && (
        <WallList
          wall={wall}
          themes={layout.themes}
          editable={editable}
          selected={p.selected}
          onToggleSelect={p.onToggleSelect}
          onMove={(id, themeId) => setLabelTheme(p.doc, id, themeId)}
        />
      )}
      {toggles.ranking && wall.voteRound && (
        <VoteRanking ranked={ranked} onClose={editable ? toggles.closeRanking : undefined} />
      )}
      <WallBars
        editable={editable}
        title={p.title}
        state={state}
        locked={wall.settings.locked}
        doorClosed={wall.settings.doorClosed}
        follow={p.wallView.follow}
        pulse={p.pulse}
        projector={p.projector}
        toggles={toggles}
        chime={chime}
        onZoom={p.wallView.zoomCentre}
        onFit={p.wallView.fitting.fit}
      />
      {editable && renamingBox && (
        <ThemeRenameOverlay
          name={renamingBox.name}
          left={renamingBox.x * view.scale + view.x}
          top={renamingBox.y * view.scale + view.y}
          onSave={(name) => {
            renameTheme(p.doc, renamingBox.id, name)
            p.onRenamed()
          }}
          onCancel={p.onRenamed}
        />
      )}
    </div>
  )
}
