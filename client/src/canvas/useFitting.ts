/**
 * Fitting the wall into the part of the screen the HTML leaves free. The
 * wall keeps itself fitted (on load, as labels and themes arrive or change
 * size, when the join panel is shown or hidden, when projector mode starts)
 * until its viewer pans or zooms by hand; "Vis alle" fits it again and keeps
 * it fitted. Nothing is re-fitted while someone drags, so a card never moves
 * away from the pointer; the fit catches up when the drag ends.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { type Area, fitView, type View } from './view.ts'
import { boundingBox, type WallLayout } from './wallLayout.ts'

/** Screen space the HTML overlay covers (join panel on the right, title bar, zoom buttons), kept free when fitting. */
export const PANEL_WIDTH = 360
export const TOP_BAR = 76
// The zoom buttons and, below them on a narrow window, the pulse.
const BOTTOM_BAR = 140
/** Space kept around the fitted wall, in pixels. */
const FIT_MARGIN = 16

/** Everything drawn on the wall, for fitting the view: cards, theme boxes, and the unsorted area when it is drawn. */
export function wallBounds(layout: WallLayout) {
  if (layout.cards.size === 0 && layout.themes.length === 0) return null
  const b = boundingBox([
    ...layout.cards.values(),
    ...layout.themes,
    ...(layout.unsortedShown ? [layout.unsorted] : []),
  ])
  return b && { minX: b.x, minY: b.y, maxX: b.x + b.width, maxY: b.y + b.height }
}

/** The screen area the wall may use. */
export function freeAreaOf(size: { width: number; height: number }, panelShown: boolean, editable: boolean): Area {
  return {
    x: 0,
    y: TOP_BAR,
    width: panelShown ? Math.max(200, size.width - PANEL_WIDTH) : size.width,
    height: Math.max(200, size.height - TOP_BAR - (editable ? BOTTOM_BAR : 0)),
  }
}

export interface Fitting {
  /** Fits the wall and keeps it fitted. */
  fit: () => void
  /** The view changes by the viewer's own hand: it stays where they put it. */
  release: () => void
  /** Whether the wall keeps itself fitted right now. */
  auto: boolean
}

export function useFitting(opts: {
  layout: WallLayout
  size: { width: number; height: number }
  panelShown: boolean
  editable: boolean
  /** The board has arrived. */
  loaded: boolean
  /** Another screen leads the view: it decides what is shown. */
  following: boolean
  /** A card or theme is being dragged. */
  dragging: boolean
  changeView: (view: View) => void
}): Fitting {
  const { layout, size, panelShown, editable, loaded, following, dragging, changeView } = opts
  const [auto, setAuto] = useState(true)
  const freeArea = useMemo(() => freeAreaOf(size, panelShown, editable), [size, panelShown, editable])
  const bounds = wallBounds(layout)
  const key = bounds ? `${bounds.minX},${bounds.minY},${bounds.maxX},${bounds.maxY}` : ''
  const live = useRef({ bounds, freeArea, changeView })
  live.current = { bounds, freeArea, changeView }

  const apply = useCallback(() => {
    const { bounds: b, freeArea: area, changeView: change } = live.current
    if (b) change(fitView(b, area, FIT_MARGIN))
  }, [])
  const fit = useCallback(() => {
    setAuto(true)
    apply()
  }, [apply])
  const release = useCallback(() => setAuto(false), [])

  // A view another screen led stays when it stops leading: the viewer was looking at it. Noted while
  // rendering, so the fit below (same commit) already knows.
  const wasFollowing = useRef(following)
  const stoppedFollowing = useRef(false)
  if (wasFollowing.current && !following) stoppedFollowing.current = true
  wasFollowing.current = following

  // Entering or leaving projector mode starts fitted again.
  const wasEditable = useRef(editable)
  useEffect(() => {
    if (wasEditable.current === editable) return
    wasEditable.current = editable
    setAuto(true)
  }, [editable])

  // The free area changes when the join panel is shown or hidden, or the window is resized.
  const areaKey = `${freeArea.x},${freeArea.y},${freeArea.width},${freeArea.height}`
  useEffect(() => {
    if (stoppedFollowing.current) {
      stoppedFollowing.current = false
      setAuto(false)
      return
    }
    if (!auto || !loaded || following || dragging || key === '' || size.width === 0 || areaKey === '') return
    apply()
  }, [auto, loaded, following, dragging, key, size.width, areaKey, apply])

  return { fit, release, auto }
}
