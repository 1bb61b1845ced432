/** Puts the e2e bridge on `window` for this wall; it reads the latest layout, view and selection through a ref. */
import type { HeldLabel } from '@vaegavis/shared'
import type Konva from 'konva'
import { type RefObject, useEffect, useRef } from 'react'
import type * as Y from 'yjs'
import { installBridge } from './bridge.ts'
import { type View, viewportOf } from './view.ts'
import type { WallLayout } from './wallLayout.ts'

interface Live {
  stageRef: RefObject<Konva.Stage | null>
  layout: WallLayout
  view: View
  size: { width: number; height: number }
  selected: ReadonlySet<string>
  held: HeldLabel[]
}

export function useWallBridge(doc: Y.Doc, values: Live): void {
  const live = useRef(values)
  live.current = values
  useEffect(
    () =>
      installBridge(doc, {
        stage: () => live.current.stageRef.current,
        themes: () => live.current.layout.themes,
        view: () => ({ view: live.current.view, viewport: viewportOf(live.current.view, live.current.size) }),
        selection: () => [...live.current.selected],
        held: () => live.current.held,
      }),
    [doc],
  )
}
