/**
 * What part of the wall this screen shows: fitted to the wall until the
 * viewer pans or zooms by hand, led by another wall while it follows one.
 */
import type { Viewport } from '@vaegavis/shared'
import { useCallback, useState } from 'react'
import type * as Y from 'yjs'
import { type Fitting, useFitting } from './useFitting.ts'
import { type Follow, useFollow } from './useFollow.ts'
import { INITIAL_VIEW, type View, zoomAt } from './view.ts'
import type { WallLayout } from './wallLayout.ts'

export interface WallView {
  view: View
  follow: Follow
  fitting: Fitting
  /** The viewer panned or zoomed: the view stays where they put it and stops following. */
  byHand: (next: View) => void
  /** Zoom about the middle of the screen. */
  zoomCentre: (factor: number) => void
}

export function useWallView(
  doc: Y.Doc,
  opts: {
    leader: Viewport | null
    layout: WallLayout
    size: { width: number; height: number }
    panelShown: boolean
    editable: boolean
    loaded: boolean
    dragging: boolean
  },
): WallView {
  const { size } = opts
  const [view, setView] = useState<View>(INITIAL_VIEW)
  const follow = useFollow(doc, opts.leader, view, setView, size)
  const fitting = useFitting({
    layout: opts.layout,
    size,
    panelShown: opts.panelShown,
    editable: opts.editable,
    loaded: opts.loaded,
    following: follow.following,
    dragging: opts.dragging,
    changeView: follow.changeView,
  })
  const byHand = useCallback(
    (next: View) => {
      fitting.release()
      follow.changeView(next)
    },
    [fitting.release, follow.changeView],
  )
  const zoomCentre = (factor: number) => byHand(zoomAt(view, { x: size.width / 2, y: size.height / 2 }, factor))
  return { view, follow, fitting, byHand, zoomCentre }
}
