import { type Category, fitPicture, type Label } from '@vaegavis/shared'
import type { KonvaEventObject } from 'konva/lib/Node'
import { memo, useRef } from 'react'
import { Group, Image as KonvaImage, Rect, Text } from 'react-konva'
import { t, useLocale } from '../i18n.ts'
import { LABEL_TEXT, tint } from '../ui/colour.ts'
import { CARD, labelFrame } from './cardLayout.ts'
import { KonvaIcon } from './KonvaIcon.tsx'
import { usePicture } from './usePicture.ts'
import { VoteBadge } from './VoteBadge.tsx'

/** How often a label being dragged is written to the doc, so others see it move live. */
const LIVE_MOVE_MS = 60
const UNKNOWN_COLOUR = '#999999'
const SELECTED = '#0072B2'

export interface CardHandlers {
  /** A free (unsorted) label moved while being dragged; written live so other walls see it move. */
  onMove: (id: string, x: number, y: number) => void
  /**
   * The card was dropped with its top-left at `at` and the pointer at `pointer` (wall units).
   * Returns true when the card stays where it was dropped, false when it goes back to its slot.
   */
  onDrop: (id: string, at: { x: number; y: number }, pointer: { x: number; y: number } | null) => boolean
  onSelect: (id: string, additive: boolean) => void
  /** A drag began (the wall holds still until it ends). */
  onDragStart?: () => void
}

interface Props {
  label: Label
  category: Category | undefined
  x: number
  y: number
  /** Drawn as an answer to the board's question. */
  answer: boolean
  /** Free cards follow the pointer live on other walls; cards in a theme only change theme on drop. */
  free: boolean
  /**
   * Flowing in the unsorted area (never placed by hand): it moves on the other walls only once dropped,
   * as a live move would take it out of the flow and shift the wall under everyone's eyes.
   */
  flowing?: boolean
  selected: boolean
  draggable: boolean
  votes: number | undefined
  handlers: CardHandlers
  /** The label's picture, drawn above its text; null for a label without one. */
  pictureUrl: string | null
}

function LabelCardImpl({
  label,
  category,
  x,
  y,
  answer,
  free,
  flowing,
  selected,
  draggable,
  votes,
  handlers,
  pictureUrl,
}: Props) {
  useLocale() // memo() skips the language switch's re-render; this brings it back
  const lastSent = useRef(0)
  const colour = category?.colour ?? UNKNOWN_COLOUR
  // The foot line: "Svar" on an answer (not only its dashed border tells it apart), and the nickname.
  const foot = [answer ? t('wall.answerTag') : '', label.nickname ? `– ${label.nickname}` : '']
    .filter(Boolean)
    .join('  ')
  const frame = labelFrame(label.text, foot !== '', pictureUrl !== null)
  const { height } = frame

  const onDragStart = (e: KonvaEventObject<DragEvent>) => {
    e.target.moveToTop()
    lastSent.current = 0
    handlers.onDragStart?.()
  }
  const onDragMove = (e: KonvaEventObject<DragEvent>) => {
    if (!free || flowing) return
    const now = performance.now()
    if (now - lastSent.current < LIVE_MOVE_MS) return
    lastSent.current = now
    handlers.onMove(label.id, Math.round(e.target.x()), Math.round(e.target.y()))
  }
  const onDragEnd = (e: KonvaEventObject<DragEvent>) => {
    const node = e.target
    const pointer = node.getLayer()?.getRelativePointerPosition() ?? null
    const kept = handlers.onDrop(label.id, { x: Math.round(node.x()), y: Math.round(node.y()) }, pointer)
    // react-konva only re-applies props that changed: put a card that goes back to its slot there ourselves.
    if (!kept) node.position({ x, y })
  }
  const onClick = (e: KonvaEventObject<MouseEvent | TouchEvent>) => {
    // On the projector nothing is selected: a click there must not draw a selection for the room.
    if (!draggable) return
    e.cancelBubble = true
    handlers.onSelect(label.id, 'shiftKey' in e.evt && e.evt.shiftKey)
  }

  return (
    <Group
      name={answer ? 'label answer' : 'label'}
      id={label.id}
      x={x}
      y={y}
      draggable={draggable}
      onDragStart={onDragStart}
      onDragMove={onDragMove}
      onDragEnd={onDragEnd}
      onClick={onClick}
      onTap={onClick}
    >
      {selected && (
        <Rect
          x={-7}
          y={-7}
          width={CARD.width + 14}
          height={height + 14}
          cornerRadius={CARD.cornerRadius + 5}
          stroke={SELECTED}
          strokeWidth={5}
          listening={false}
        />
      )}
      <Rect
        width={CARD.width}
        height={height}
        cornerRadius={CARD.cornerRadius}
        fill={answer ? '#ffffff' : tint(colour, 0.4)}
        stroke={colour}
        strokeWidth={answer ? 5 : 4}
        dash={answer ? [12, 6] : undefined}
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
          x={frame.icon.x + frame.icon.width / 2}
          y={frame.icon.y + frame.icon.height / 2}
          size={frame.icon.width}
        />
      )}
      {frame.foot && (
        <Text
          name="label-foot"
          x={frame.foot.x}
          y={frame.foot.y}
          width={frame.foot.width}
          text={foot}
          fontFamily={CARD.fontFamily}
          fontSize={CARD.metaFontSize}
          fontStyle={answer ? 'bold' : 'italic'}
          fill="#333333"
          wrap="none"
          ellipsis
          listening={false}
        />
      )}
      {frame.photo && <CardPicture url={pictureUrl} box={frame.photo} />}
      <Text
        name="label-text"
        x={frame.text.x}
        y={frame.text.y}
        width={frame.text.width}
        text={label.text}
        fontFamily={CARD.fontFamily}
        fontSize={CARD.fontSize}
        lineHeight={CARD.lineHeight}
        fill={LABEL_TEXT}
        wrap="word"
        listening={false}
      />
      {/* Astride the top edge, so the dots never cover the text. */}
      {votes ? <VoteBadge votes={votes} x={CARD.width + 6} y={-18} /> : null}
    </Group>
  )
}

/**
 * A label's picture fitted into its box, aspect kept. Until it has loaded
 * (or if it cannot be, e.g. deleted) the box shows a pale frame, so the card
 * has its size from the start and nothing moves when the picture arrives.
 */
function CardPicture({
  url,
  box,
}: {
  url: string | null
  box: { x: number; y: number; width: number; height: number }
}) {
  const picture = usePicture(url)
  if (picture === null || picture === 'failed') {
    return (
      <Rect
        name="label-picture-pending"
        {...box}
        fill="#ffffff"
        opacity={0.5}
        stroke="#8a8576"
        strokeWidth={1}
        dash={picture === 'failed' ? [6, 4] : undefined}
        listening={false}
      />
    )
  }
  const at = fitPicture(box, picture.naturalWidth, picture.naturalHeight)
  return <KonvaImage name="label-picture" image={picture} {...at} listening={false} />
}

// The legend is read afresh on every document change: compare what is drawn, not object identity.
function sameCategory(a: Category | undefined, b: Category | undefined): boolean {
  return (
    a === b ||
    (a !== undefined && b !== undefined && a.colour === b.colour && a.meaning === b.meaning && a.icon === b.icon)
  )
}

function same(a: Props, b: Props): boolean {
  const l = a.label
  const m = b.label
  return (
    a.handlers === b.handlers &&
    sameCategory(a.category, b.category) &&
    a.x === b.x &&
    a.y === b.y &&
    a.answer === b.answer &&
    a.free === b.free &&
    a.flowing === b.flowing &&
    a.selected === b.selected &&
    a.draggable === b.draggable &&
    a.votes === b.votes &&
    a.pictureUrl === b.pictureUrl &&
    l.id === m.id &&
    l.text === m.text &&
    l.category === m.category &&
    l.nickname === m.nickname
  )
}

/** One label as a coloured card: shape + meaning, text, optional nickname, dots when voted on. Drag to move or sort. */
export const LabelCard = memo(LabelCardImpl, same)
