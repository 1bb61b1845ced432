/**
 * The controls along the wall's edge: for the facilitator a bar at the bottom
 * (zoom, panel, list, contrast, follow, pulse); on the projector everything
 * but the wall shares one strip at the top, so the wall has the height.
 */
import type { ConnectionState } from '../sync/connection.ts'
import type { Chime } from './chime.ts'
import { FollowNotice, ProjectorControls, PulseDisplay } from './Hud.tsx'
import type { Follow } from './useFollow.ts'
import type { ProjectorMode } from './useProjectorMode.ts'
import type { Pulse } from './usePulse.ts'
import type { WallToggles } from './useWallToggles.ts'
import { WallControls, WallTopBar } from './WallOverlay.tsx'

const BUTTON_ZOOM = 1.25

interface Props {
  editable: boolean
  title: string
  state: ConnectionState
  locked: boolean
  doorClosed: boolean
  follow: Follow
  pulse: Pulse
  projector: ProjectorMode
  toggles: WallToggles
  chime: Chime
  /** Zoom about the middle of the wall by this factor. */
  onZoom: (factor: number) => void
  onFit: () => void
}

export function WallBars(props: Props) {
  const { editable, title, state, locked, doorClosed, follow, pulse, projector, toggles, onZoom, onFit } = props
  const followNotice = (
    <FollowNotice
      following={follow.following}
      detached={follow.detached}
      onStop={follow.detach}
      onResume={follow.resume}
    />
  )
  if (editable) {
    return (
      <div className="wall-bottom">
        <WallControls
          onZoomIn={() => onZoom(BUTTON_ZOOM)}
          onZoomOut={() => onZoom(1 / BUTTON_ZOOM)}
          onFit={onFit}
          panelShown={toggles.panelShown}
          onTogglePanel={toggles.togglePanel}
          listShown={toggles.listShown}
          onToggleList={toggles.toggleList}
          contrast={toggles.contrast}
          onToggleContrast={toggles.toggleContrast}
        />
        {followNotice}
        <PulseDisplay pulse={pulse} />
      </div>
    )
  }
  return (
    <div className="wall-strip">
      <WallTopBar title={title} state={state} projector locked={locked} doorClosed={doorClosed} />
      <span className="wall-strip__gap" />
      {followNotice}
      <PulseDisplay pulse={pulse} />
      <ProjectorControls
        fullscreen={projector.fullscreen}
        onFullscreen={projector.requestFullscreen}
        onLeave={projector.leave}
        contrast={toggles.contrast}
        onToggleContrast={toggles.toggleContrast}
        panelShown={toggles.panelShown}
        onTogglePanel={toggles.togglePanel}
        chime={props.chime}
      />
    </div>
  )
}
