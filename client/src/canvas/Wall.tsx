import { type Category, isUnsortedSlot, type Label, type VoteRound } from '@vaegavis/shared'
import type Konva from 'konva'
import type { KonvaEventObject } from 'konva/lib/Node'
import { type Ref, useState } from 'react'
import { Layer, Rect, Stage, Text } from 'react-konva'
import { t } from '../i18n.ts'
import { CARD } from './cardSize.ts'
import { type CardHandlers, LabelCard } from './LabelCard.tsx'
import { ThemeBox, type ThemeHandlers } from './ThemeBox.tsx'
import { useShiftKey } from './useShiftKey.ts'
import { type View, zoomAt } from './view.ts'
import { cardsIn, type Point, rectFrom, UNSORTED_AREA, type WallLayout } from './wallLayout.ts'

const WHEEL_STEP = 1.1

export interface Votes {
  target: VoteRound['target']
  counts: ReadonlyMap<string, number>
}

interface Props {
  layout: WallLayout
  labels: ReadonlyMap<string, Label>
  legend: readonly Category[]
  /** Heading of each theme's question section: the board question, or "Svar". */
  questionHeading: string
  view: View
  width: number
  height: number
  stageRef: Ref<Konva.Stage>
  onViewChange: (view: View) => void
  /** Facilitator mode: drag, select, sort; off on the projector. */
  editable: boolean
  selection: ReadonlySet<string>
  onSelectMany: (ids: string[], additive: boolean) => void
  votes: Votes | null
  cardHandlers: CardHandlers
  themeHandlers: ThemeHandlers
  /** High-contrast theme: black wall, white lines and text. */
  contrast?: boolean
  /** Where a label's picture is loaded from (its hash behind this board's images route). */
  pictureUrl: (hash: string) => string
}

/**
 * The Konva wall: the "Usorteret" area and the theme boxes underneath, every
 * card on top. Drag empty space to pan, wheel to zoom; in facilitator mode
 * drag cards into and out of themes, Shift+click or Shift+drag to select.
 */
export function Wall(props: Props) {
  const { layout, labels, view, width, height, editable, selection, votes, cardHandlers } = props
  const categories = new Map(props.legend.map((c) => [c.id, c]))
  const shift = useShiftKey()
  const [band, setBand] = useState<{ from: Point; to: Point } | null>(null)

  const onWheel = (e: KonvaEventObject<WheelEvent>) => {
    e.evt.preventDefault()
    const pointer = e.target.getStage()?.getPointerPosition()
    if (pointer) props.onViewChange(zoomAt(view, pointer, e.evt.deltaY > 0 ? 1 / WHEEL_STEP : WHEEL_STEP))
  }

  // Drag events of cards and themes bubble up to the stage; only the stage's own drag is a pan.
  const onPan = (e: KonvaEventObject<DragEvent>) => {
    const stage = e.target.getStage()
    if (e.target === stage && stage) props.onViewChange({ ...view, x: stage.x(), y: stage.y() })
  }

  const wallPointer = (e: KonvaEventObject<MouseEvent>): Point | null => {
    const stage = e.target.getStage()
    return stage?.getRelativePointerPosition() ?? null
  }
  const onMouseDown = (e: KonvaEventObject<MouseEvent>) => {
    if (!editable || !e.evt.shiftKey || e.target !== e.target.getStage()) return
    const p = wallPointer(e)
    if (p) setBand({ from: p, to: p })
  }
  const onMouseMove = (e: KonvaEventObject<MouseEvent>) => {
    if (!band) return
    const p = wallPointer(e)
    if (p) setBand({ from: band.from, to: p })
  }
  const onMouseUp = () => {
    if (!band) return
    const r = rectFrom(band.from, band.to)
    setBand(null)
    if (r.width > 4 || r.height > 4) props.onSelectMany(cardsIn(layout, r), true)
  }
  const onStageClick = (e: KonvaEventObject<MouseEvent>) => {
    if (e.target === e.target.getStage() && !e.evt.shiftKey) props.onSelectMany([], false)
  }

  const themeVotes = votes?.target === 'themes' ? votes.counts : null
  const labelVotes = votes?.target === 'labels' ? votes.counts : null
  const u = layout.unsorted
  const bandRect = band ? rectFrom(band.from, band.to) : null

  return (
    <Stage
      ref={props.stageRef}
      className="wall-stage"
      width={width}
      height={height}
      x={view.x}
      y={view.y}
      scaleX={view.scale}
      scaleY={view.scale}
      draggable={!(editable && shift)}
      onWheel={onWheel}
      onDragMove={onPan}
      onDragEnd={onPan}
      onMouseDown={onMouseDown}
      onMouseMove={onMouseMove}
      onMouseUp={onMouseUp}
      onClick={onStageClick}
    >
      <Layer name="themes">
        {(layout.unsortedShown || editable) && (
          <>
            <Rect
              name="unsorted"
              x={u.x}
              y={u.y}
              width={u.width}
              height={u.height}
              cornerRadius={14}
              fill={props.contrast ? '#000000' : '#ffffff'}
              opacity={props.contrast ? 1 : 0.5}
              stroke={props.contrast ? '#ffffff' : '#8a8576'}
              strokeWidth={3}
              dash={[14, 8]}
              listening={false}
            />
            <Text
              x={u.x + UNSORTED_AREA.padding}
              y={u.y + 10}
              width={u.width - 2 * UNSORTED_AREA.padding}
              text={t('wall.unsortedHeading')}
              fontFamily={CARD.fontFamily}
              fontSize={28}
              fontStyle="bold"
              fill={props.contrast ? '#ffffff' : '#3a3a3a'}
              wrap="none"
              ellipsis
              listening={false}
            />
          </>
        )}
        {layout.themes.map((box) => (
          <ThemeBox
            key={box.id}
            box={box}
            heading={props.questionHeading}
            editable={editable}
            votes={themeVotes?.get(box.id)}
            handlers={props.themeHandlers}
          />
        ))}
      </Layer>
      <Layer name="cards">
        {[...layout.cards.values()].map((c) => {
          const label = labels.get(c.id)
          if (!label) return null
          return (
            <LabelCard
              key={c.id}
              label={label}
              category={categories.get(label.category)}
              x={c.x}
              y={c.y}
              answer={c.answer}
              free={c.themeId === undefined}
              flowing={c.themeId === undefined && isUnsortedSlot(label.x, label.y)}
              selected={selection.has(c.id)}
              draggable={editable}
              votes={labelVotes?.get(c.id)}
              handlers={cardHandlers}
              pictureUrl={label.photo ? props.pictureUrl(label.photo) : null}
            />
          )
        })}
      </Layer>
      {bandRect && (
        <Layer name="selection" listening={false}>
          <Rect
            {...bandRect}
            fill="rgba(0, 114, 178, 0.12)"
            stroke="#0072B2"
            strokeWidth={2 / view.scale}
            dash={[8 / view.scale, 6 / view.scale]}
          />
        </Layer>
      )}
    </Stage>
  )
}
