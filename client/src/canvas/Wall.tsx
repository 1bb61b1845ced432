import type { Category, Label } from '@vaegavis/shared'
import type Konva from 'konva'
import type { KonvaEventObject } from 'konva/lib/Node'
import type { Ref } from 'react'
import { Layer, Stage } from 'react-konva'
import { LabelCard, type MoveHandler } from './LabelCard.tsx'
import { type View, zoomAt } from './view.ts'

const WHEEL_STEP = 1.1

interface Props {
  labels: Label[]
  legend: Category[]
  view: View
  width: number
  height: number
  stageRef: Ref<Konva.Stage>
  onViewChange: (view: View) => void
  onMove: MoveHandler
}

/** The Konva wall: drag empty space to pan, wheel to zoom, drag a label to move it. */
export function Wall({ labels, legend, view, width, height, stageRef, onViewChange, onMove }: Props) {
  const categories = new Map(legend.map((c) => [c.id, c]))

  const onWheel = (e: KonvaEventObject<WheelEvent>) => {
    e.evt.preventDefault()
    const stage = e.target.getStage()
    const pointer = stage?.getPointerPosition()
    if (!pointer) return
    onViewChange(zoomAt(view, pointer, e.evt.deltaY > 0 ? 1 / WHEEL_STEP : WHEEL_STEP))
  }

  // Drag events of labels bubble up to the stage; only the stage's own drag is a pan.
  const onDragEnd = (e: KonvaEventObject<DragEvent>) => {
    const stage = e.target.getStage()
    if (e.target !== stage || !stage) return
    onViewChange({ ...view, x: stage.x(), y: stage.y() })
  }

  return (
    <Stage
      ref={stageRef}
      className="wall-stage"
      width={width}
      height={height}
      x={view.x}
      y={view.y}
      scaleX={view.scale}
      scaleY={view.scale}
      draggable
      onWheel={onWheel}
      onDragEnd={onDragEnd}
    >
      <Layer>
        {labels.map((l) =>
          l.hidden ? null : <LabelCard key={l.id} label={l} category={categories.get(l.category)} onMove={onMove} />,
        )}
      </Layer>
    </Stage>
  )
}
