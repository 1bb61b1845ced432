import type { Icon } from '@vaegavis/shared'
import { Circle, Path, Rect, RegularPolygon, Star } from 'react-konva'

const HEART =
  'M12 21 C12 21 2 14.5 2 8.5 C2 5.4 4.4 3 7.3 3 C9.3 3 11 4.1 12 5.8 C13 4.1 14.7 3 16.7 3 C19.6 3 22 5.4 22 8.5 C22 14.5 12 21 12 21 Z'

/** A category's shape centred on (x, y), `size` wall units across. */
export function KonvaIcon({
  icon,
  colour,
  x,
  y,
  size,
}: {
  icon: Icon
  colour: string
  x: number
  y: number
  size: number
}) {
  const common = { fill: colour, stroke: '#1a1a1a', strokeWidth: 1.5, listening: false, perfectDrawEnabled: false }
  const r = size / 2
  switch (icon) {
    case 'triangle':
      return <RegularPolygon {...common} x={x} y={y + r * 0.15} sides={3} radius={r * 1.1} />
    case 'star':
      return <Star {...common} x={x} y={y} numPoints={5} innerRadius={r * 0.45} outerRadius={r * 1.1} />
    case 'square':
      return <Rect {...common} x={x - r * 0.8} y={y - r * 0.8} width={r * 1.6} height={r * 1.6} />
    case 'diamond':
      return <RegularPolygon {...common} x={x} y={y} sides={4} radius={r} />
    case 'heart':
      return <Path {...common} x={x - r} y={y - r} data={HEART} scaleX={size / 24} scaleY={size / 24} />
    default:
      return <Circle {...common} x={x} y={y} radius={r * 0.85} />
  }
}
