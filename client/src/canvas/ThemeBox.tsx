import type { KonvaEventObject } from 'konva/lib/Node'
import { memo, useRef } from 'react'
import { Group, Line, Rect, Text } from 'react-konva'
import { t, useLocale } from '../i18n.ts'
import { CARD, QUESTION_FONT } from './cardLayout.ts'
import { VoteBadge } from './VoteBadge.tsx'
import { type ThemeBox as Box, QUESTION_WIDTH, THEME, THEME_BODY_TOP } from './wallLayout.ts'

/** How often a theme being dragged is written to the doc, so other walls see it move. */
const LIVE_MOVE_MS = 80
const INK = '#1f2a44'
const TOGGLE = 44

export interface ThemeHandlers {
  /** The theme is being dragged: draw it (and its cards) at (x, y) here, every frame. */
  onDrag: (id: string, x: number, y: number) => void
  /** Write the theme's position to the board: throttled while dragging, and on drop with `done`. */
  onMove: (id: string, x: number, y: number, done: boolean) => void
  onRename: (id: string) => void
  onToggleCollapsed: (id: string) => void
}

interface Props {
  box: Box
  /** The board question, or the "Svar" heading when there is none; shown when the box has a question section. */
  heading: string
  editable: boolean
  votes: number | undefined
  handlers: ThemeHandlers
}

function ThemeBoxImpl({ box, heading, editable, votes, handlers }: Props) {
  useLocale() // memo() skips the language switch's re-render; this brings it back
  const lastSent = useRef(0)
  const count = box.labelIds.length + box.answerIds.length
  const nameWidth = box.width - 2 * THEME.padding - (editable ? TOGGLE + 12 : 0) - (votes ? 90 : 0)

  const onDragMove = (e: KonvaEventObject<DragEvent>) => {
    const x = Math.round(e.target.x())
    const y = Math.round(e.target.y())
    handlers.onDrag(box.id, x, y)
    const now = performance.now()
    if (now - lastSent.current < LIVE_MOVE_MS) return
    lastSent.current = now
    handlers.onMove(box.id, x, y, false)
  }
  const onDragEnd = (e: KonvaEventObject<DragEvent>) =>
    handlers.onMove(box.id, Math.round(e.target.x()), Math.round(e.target.y()), true)
  const rename = () => {
    if (editable) handlers.onRename(box.id)
  }
  const toggle = (e: KonvaEventObject<MouseEvent | TouchEvent>) => {
    e.cancelBubble = true
    handlers.onToggleCollapsed(box.id)
  }

  return (
    <Group
      name="theme"
      id={`theme-${box.id}`}
      x={box.x}
      y={box.y}
      draggable={editable}
      onDragMove={onDragMove}
      onDragEnd={onDragEnd}
    >
      {/* The body lets events through to the stage: dragging it pans, only the header moves the theme. */}
      <Rect
        width={box.width}
        height={box.height}
        cornerRadius={14}
        fill="#ffffff"
        opacity={0.85}
        stroke={INK}
        strokeWidth={3}
        listening={false}
      />
      <Rect
        name="theme-header"
        id={`theme-header-${box.id}`}
        width={box.width}
        height={THEME.headerHeight}
        cornerRadius={box.collapsed ? 14 : [14, 14, 0, 0]}
        fill={INK}
        onDblClick={rename}
        onDblTap={rename}
      />
      <Text
        x={THEME.padding}
        y={0}
        height={THEME.headerHeight}
        width={nameWidth}
        verticalAlign="middle"
        text={box.collapsed ? `${box.name} (${count})` : box.name}
        fontFamily={CARD.fontFamily}
        fontSize={28}
        fontStyle="bold"
        fill="#ffffff"
        wrap="none"
        ellipsis
        listening={false}
      />
      {votes ? <VoteBadge votes={votes} x={box.width - THEME.padding - (editable ? TOGGLE + 12 : 0)} y={15} /> : null}
      {editable && (
        <Group
          name="theme-toggle"
          x={box.width - THEME.padding - TOGGLE}
          y={(THEME.headerHeight - TOGGLE) / 2}
          onClick={toggle}
          onTap={toggle}
        >
          <Rect width={TOGGLE} height={TOGGLE} cornerRadius={8} fill="#ffffff" opacity={0.15} />
          <Text
            width={TOGGLE}
            height={TOGGLE}
            align="center"
            verticalAlign="middle"
            text={box.collapsed ? '▸' : '▾'}
            fontSize={28}
            fill="#ffffff"
            listening={false}
          />
        </Group>
      )}
      {editable && !box.collapsed && box.labelIds.length === 0 && (
        <Text
          x={THEME.padding}
          y={THEME_BODY_TOP}
          width={box.width - 2 * THEME.padding}
          height={THEME.emptyBodyHeight}
          align="center"
          verticalAlign="middle"
          text={t('wall.dropHere')}
          fontFamily={CARD.fontFamily}
          fontSize={20}
          fill="#555555"
          listening={false}
        />
      )}
      {box.questionY !== null && (
        <>
          <Line
            points={[THEME.padding, box.questionY - 12, box.width - THEME.padding, box.questionY - 12]}
            stroke={INK}
            strokeWidth={2}
            dash={[8, 6]}
            listening={false}
          />
          <Text
            name="theme-question"
            x={THEME.padding}
            y={box.questionY}
            width={QUESTION_WIDTH}
            text={heading}
            fontFamily={CARD.fontFamily}
            {...QUESTION_FONT}
            fill={INK}
            wrap="word"
            listening={false}
          />
        </>
      )}
    </Group>
  )
}

/** A theme: a box with a dark header (drag it to move the theme, double-click to rename) and its question. */
export const ThemeBox = memo(ThemeBoxImpl)
