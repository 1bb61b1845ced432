/**
 * Where everything sits on this wall right now: the pure layout of the board,
 * with card heights measured by Konva, holding its arrangement still while a
 * card or a theme is dragged so nothing jumps under the pointer.
 */
import { type Label, LabelKind } from '@vaegavis/shared'
import { type Dispatch, type SetStateAction, useMemo, useRef, useState } from 'react'
import { t } from '../i18n.ts'
import { cardHeight, questionTextHeight } from './cardLayout.ts'
import type { ThemeDrag } from './useWallActions.ts'
import type { WallSnapshot } from './useWallDoc.ts'
import { type Arrangement, layoutWall, QUESTION_WIDTH, type WallLayout } from './wallLayout.ts'

// Answers and signed labels have a foot line (see LabelCard).
export const heightOf = (l: Label) =>
  cardHeight(l.text, Boolean(l.nickname) || l.kind === LabelKind.Answer, l.photo !== undefined)

export interface WallLayoutState {
  layout: WallLayout
  labelsById: Map<string, Label>
  /** A card or a theme is being dragged. */
  dragging: boolean
  themeDrag: ThemeDrag | null
  setThemeDrag: Dispatch<SetStateAction<ThemeDrag | null>>
  setCardDrag: Dispatch<SetStateAction<boolean>>
}

export function useWallLayout(wall: Pick<WallSnapshot, 'labels' | 'themes' | 'question'>): WallLayoutState {
  const [themeDrag, setThemeDrag] = useState<ThemeDrag | null>(null)
  const [cardDrag, setCardDrag] = useState(false)
  const dragging = cardDrag || themeDrag !== null
  // While someone drags, the wall keeps the arrangement it had when the drag began.
  const keptArrangement = useRef<Arrangement | null>(null)

  const labelsById = useMemo(() => new Map(wall.labels.map((l) => [l.id, l])), [wall.labels])
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
  return { layout, labelsById, dragging, themeDrag, setThemeDrag, setCardDrag }
}
