/**
 * Fitting the wall into the part of the screen the HTML leaves free: "Vis
 * alle", once when the board has arrived, and when a theme was just created
 * out of sight.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { fitView, type View } from './view.ts'
import { boundingBox, THEME, type WallLayout } from './wallLayout.ts'

/** Screen space the HTML overlay covers (join panel on the right, title bar, zoom buttons), kept free when fitting. */
const PANEL_WIDTH = 360
const TOP_BAR = 90
const BOTTOM_BAR = 80

/** Everything drawn on the wall, for fitting the view: cards, theme boxes, and the unsorted area unless it is empty. */
export function wallBounds(layout: WallLayout) {
  if (layout.cards.size === 0 && layout.themes.length === 0) return null
  const anyUnsorted = [...layout.cards.values()].some((c) => c.themeId === undefined)
  const b = boundingBox([...layout.cards.values(), ...layout.themes, ...(anyUnsorted ? [layout.unsorted] : [])])
  return b && { minX: b.x, minY: b.y, maxX: b.x + b.width, maxY: b.y + b.height }
}

export interface Fitting {
  fit: () => void
  /** Shows a theme that is about to appear, if it lands out of sight. */
  reveal: (themeId: string) => void
}

export function useFitting(opts: {
  layout: WallLayout
  view: View
  size: { width: number; height: number }
  panelShown: boolean
  editable: boolean
  /** The board has arrived. */
  loaded: boolean
  /** Another screen leads the view: do not fit on load. */
  following: boolean
  changeView: (view: View) => void
}): Fitting {
  const { layout, view, size, panelShown, editable, loaded, following, changeView } = opts
  const freeArea = useMemo(
    () => ({
      x: 0,
      y: TOP_BAR,
      width: panelShown ? Math.max(200, size.width - PANEL_WIDTH) : size.width,
      height: Math.max(200, size.height - TOP_BAR - (editable ? BOTTOM_BAR : 0)),
    }),
    [size, panelShown, editable],
  )
  const fit = useCallback(() => changeView(fitView(wallBounds(layout), freeArea)), [layout, freeArea, changeView])

  // Once, when the board has arrived (an empty board keeps the default view).
  const fitted = useRef(false)
  useEffect(() => {
    if (fitted.current || !loaded || size.width === 0) return
    fitted.current = true
    if (!following && wallBounds(layout)) fit()
  }, [loaded, size.width, layout, fit, following])

  const [revealing, setRevealing] = useState<string | null>(null)
  useEffect(() => {
    if (!revealing) return
    const box = layout.themes.find((b) => b.id === revealing)
    if (!box) return
    setRevealing(null)
    const left = box.x * view.scale + view.x
    const top = box.y * view.scale + view.y
    const inSight =
      left >= freeArea.x &&
      top >= freeArea.y &&
      left + box.width * view.scale <= freeArea.x + freeArea.width &&
      top + THEME.headerHeight * view.scale <= freeArea.y + freeArea.height
    if (!inSight) fit()
  }, [revealing, layout, view, freeArea, fit])

  return { fit, reveal: setRevealing }
}
