import { Group, Rect, Text } from 'react-konva'
import { CARD } from './cardSize.ts'

const HEIGHT = 34
const FONT = 22

/** Dots a card or theme got, as a dark pill with its top-right corner at (x, y). */
export function VoteBadge({ votes, x, y, scale = 1 }: { votes: number; x: number; y: number; scale?: number }) {
  const text = `● ${votes}`
  const width = Math.round((24 + text.length * FONT * 0.6) * scale)
  const height = HEIGHT * scale
  return (
    <Group name="votes" x={x - width} y={y} listening={false}>
      <Rect width={width} height={height} cornerRadius={height / 2} fill="#1a1a1a" />
      <Text
        width={width}
        height={height}
        text={text}
        align="center"
        verticalAlign="middle"
        fontFamily={CARD.fontFamily}
        fontSize={FONT * scale}
        fontStyle="bold"
        fill="#ffffff"
      />
    </Group>
  )
}
