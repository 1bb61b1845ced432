import type { Category, Label } from '@vaegavis/shared'
import type { KonvaEventObject } from 'konva/lib/Node'
import { memo, useRef } from 'react'
import { Group, Rect, Text } from 'react-konva'
import { LABEL_TEXT, tint } from '../ui/colour.ts'
import { CARD, cardHeight, textWidth } from './cardLayout.ts'
import { KonvaIcon } from './KonvaIcon.tsx'

/** How often a label being dragged is written to the doc, so others see it move live. */
const LIVE_MOVE_MS = 60
const UNKNOWN_COLOUR = '#999999'

export type MoveHandler = (id: string, x: number, y: number) => void

interface Props {
  label: Label
  category: Category | undefined
  onMove: MoveHandler
}

function LabelCardImpl({ label, category, onMove }: Props) {
  const lastSent = useRef(0)
  const colour = category?.colour ?? UNKNOWN_COLOUR
  const height = cardHeight(label.text, Boolean(label.nickname))
  const textY = CARD.padding + CARD.headerHeight

  const onDragStart = (e: KonvaEventObject<DragEvent>) => {
    e.target.moveToTop()
    lastSent.current = 0
  }
  const onDragMove = (e: KonvaEventObject<DragEvent>) => {
    const now = performance.now()
    if (now - lastSent.current < LIVE_MOVE_MS) return
    lastSent.current = now
    onMove(label.id, Math.round(e.target.x()), Math.round(e.target.y()))
  }
  const onDragEnd = (e: KonvaEventObject<DragEvent>) => {
    onMove(label.id, Math.round(e.target.x()), Math.round(e.target.y()))
  }

  return (
    <Group
      name="label"
      id={label.id}
      x={label.x}
      y={label.y}
      draggable
      onDragStart={onDragStart}
      onDragMove={onDragMove}
      onDragEnd={onDragEnd}
    >
      <Rect
        width={CARD.width}
        height={height}
        cornerRadius={CARD.cornerRadius}
        fill={tint(colour, 0.4)}
        stroke={colour}
        strokeWidth={4}
        shadowColor="#000000"
        shadowOpacity={0.18}
        shadowBlur={6}
        shadowOffsetY={2}
        shadowForStrokeEnabled={false}
      />
      {category && (
        <KonvaIcon
          icon={category.icon}
          colour={colour}
          x={CARD.padding + CARD.iconSize / 2}
          y={CARD.padding + CARD.iconSize / 2}
          size={CARD.iconSize}
        />
      )}
      <Text
        x={CARD.padding + CARD.iconSize + 8}
        y={CARD.padding + 3}
        width={textWidth - CARD.iconSize - 8}
        text={category?.meaning ?? ''}
        fontFamily={CARD.fontFamily}
        fontSize={CARD.metaFontSize}
        fontStyle="bold"
        fill={LABEL_TEXT}
        wrap="none"
        ellipsis
        listening={false}
      />
      <Text
        x={CARD.padding}
        y={textY}
        width={textWidth}
        text={label.text}
        fontFamily={CARD.fontFamily}
        fontSize={CARD.fontSize}
        lineHeight={CARD.lineHeight}
        fill={LABEL_TEXT}
        wrap="word"
        listening={false}
      />
      {label.nickname && (
        <Text
          x={CARD.padding}
          y={height - CARD.padding - CARD.nicknameHeight}
          width={textWidth}
          text={`– ${label.nickname}`}
          fontFamily={CARD.fontFamily}
          fontSize={CARD.metaFontSize}
          fontStyle="italic"
          fill="#333333"
          wrap="none"
          ellipsis
          listening={false}
        />
      )}
    </Group>
  )
}

function same(a: Props, b: Props): boolean {
  const l = a.label
  const m = b.label
  return (
    a.onMove === b.onMove &&
    a.category === b.category &&
    l.id === m.id &&
    l.x === m.x &&
    l.y === m.y &&
    l.text === m.text &&
    l.category === m.category &&
    l.nickname === m.nickname
  )
}

/** One label as a coloured card: shape + meaning, text, optional nickname. Drag to move. */
export const LabelCard = memo(LabelCardImpl, same)
