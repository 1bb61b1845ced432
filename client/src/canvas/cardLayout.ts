/**
 * Size and text layout of a label card on the wall, in wall units. Sized to
 * be read from the back of a room at zoom 1 on a projector.
 */
import Konva from 'konva'

export const CARD = {
  width: 240,
  padding: 14,
  headerHeight: 30,
  iconSize: 22,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontSize: 20,
  lineHeight: 1.25,
  metaFontSize: 15,
  nicknameGap: 8,
  nicknameHeight: 18,
  cornerRadius: 8,
} as const

export const textWidth = CARD.width - 2 * CARD.padding

let probe: Konva.Text | null = null
const heights = new Map<string, number>()

/** Height of wrapped label text, measured once per distinct text. */
export function textHeight(text: string): number {
  const cached = heights.get(text)
  if (cached !== undefined) return cached
  probe ??= new Konva.Text({
    width: textWidth,
    fontFamily: CARD.fontFamily,
    fontSize: CARD.fontSize,
    lineHeight: CARD.lineHeight,
    wrap: 'word',
  })
  probe.text(text)
  const h = Math.ceil(probe.height())
  // Bounded: a long session must not grow this without limit.
  if (heights.size > 5000) heights.clear()
  heights.set(text, h)
  return h
}

/** Total card height for a label. */
export function cardHeight(text: string, hasNickname: boolean): number {
  return (
    CARD.padding +
    CARD.headerHeight +
    textHeight(text) +
    (hasNickname ? CARD.nicknameGap + CARD.nicknameHeight : 0) +
    CARD.padding
  )
}
