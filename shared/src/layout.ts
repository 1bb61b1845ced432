/**
 * The geometry of a label card, the one thing the wall (client/src/canvas)
 * and the exports (server/src/exports) must draw alike: a card in a PDF is
 * the card the projector shows, at the same size in wall units (CSS pixels
 * at zoom 1). Sized to be read from the back of a room on a 1920×1080
 * projector: the body text takes the card, the category's shape sits in a
 * narrow column beside it (its meaning is in the legend), so a wall of forty
 * labels still shows them at 20 px or more.
 *
 * Text is measured by each side (Konva in the browser, the shipped fonts on
 * the server) and passed in; everything else about where a card's parts sit
 * is here. The grid new unsorted labels are given is in placement.ts.
 */

export const CARD = {
  width: 256,
  padding: 10,
  iconSize: 24,
  /** Space between the shape column and the text. */
  iconGap: 6,
  /** The shape sits this much lower than the padding, level with the first line of text. */
  iconDrop: 2,
  fontSize: 24,
  /** Line height as a multiple of the font size. */
  lineHeight: 1.2,
  metaFontSize: 16,
  nicknameGap: 4,
  nicknameHeight: 18,
  cornerRadius: 8,
} as const

/** Left edge of the body text inside a card. */
export const CARD_TEXT_LEFT = CARD.padding + CARD.iconSize + CARD.iconGap
/** Width the body text wraps at. */
export const CARD_TEXT_WIDTH = CARD.width - CARD_TEXT_LEFT - CARD.padding
/** Height of one line of body text. */
export const CARD_LINE_HEIGHT = CARD.fontSize * CARD.lineHeight

interface Box {
  x: number
  y: number
  width: number
  height: number
}

/**
 * Where a card's shape goes: beside the text in a narrow column (the wall,
 * where the legend is always in view), or in a row above it with the
 * category's meaning and the dots (exports, read page by page away from the
 * legend). Everything else about the card is the same in both.
 */
export const CardShape = { Beside: 'beside', Above: 'above' } as const
export type CardShape = (typeof CardShape)[keyof typeof CardShape]

/** Height of the row above the text that holds the shape and the meaning ({@link CardShape.Above}). */
export const CARD_META_ROW = 30

/**
 * A label's picture sits above its text, as wide as the text. The wall
 * reserves a box of `wallAspect` (height / width) before it has the picture,
 * so cards never move as pictures load, and fits the picture inside it; an
 * export knows each picture's size and gives it its own aspect. Never taller
 * than `maxHeight`, so one tall photo does not make a card a column.
 */
export const CARD_PHOTO = { maxHeight: 240, gap: 8, wallAspect: 0.75 } as const

/** Where a card's parts sit, relative to its top-left corner. */
export interface CardFrame {
  width: number
  height: number
  /** The category's shape, a square. */
  icon: Box
  /** The row beside the shape that holds the category's meaning; null when the shape is beside the text. */
  meta: Box | null
  /** The box the label's picture is fitted into (see {@link fitPicture}); null for a card without one. */
  photo: Box | null
  /** The body text, below the picture: `height` is the measured text height passed in. */
  text: Box
  /** The foot line (nickname, "Svar"); null when the card has none. */
  foot: Box | null
}

/** Width the body text wraps at, for each place of the shape. */
export function cardTextWidth(shape: CardShape): number {
  return shape === CardShape.Beside ? CARD_TEXT_WIDTH : CARD.width - 2 * CARD.padding
}

/**
 * Lays out a card whose body text, wrapped at {@link cardTextWidth}, is
 * `textHeight` tall, with or without a foot line, and with a picture of
 * `photo.aspect` (height / width) above the text when it has one. Beside the
 * text, the shape is never taller than one line of it, so a card is never
 * shorter than its shape.
 */
export function cardFrame(
  textHeight: number,
  hasFoot: boolean,
  shape: CardShape = CardShape.Beside,
  photo: { aspect: number } | null = null,
): CardFrame {
  const beside = shape === CardShape.Beside
  const top = CARD.padding + (beside ? 0 : CARD_META_ROW)
  const textX = beside ? CARD_TEXT_LEFT : CARD.padding
  const textWidth = cardTextWidth(shape)
  const aspect = photo && Number.isFinite(photo.aspect) && photo.aspect > 0 ? photo.aspect : CARD_PHOTO.wallAspect
  const photoBox = photo
    ? { x: textX, y: top, width: textWidth, height: Math.min(CARD_PHOTO.maxHeight, Math.round(textWidth * aspect)) }
    : null
  const above = photoBox ? photoBox.height + (textHeight > 0 ? CARD_PHOTO.gap : 0) : 0
  const body = beside ? Math.max(above + textHeight, CARD.iconSize) : above + textHeight
  const height = top + body + (hasFoot ? CARD.nicknameGap + CARD.nicknameHeight : 0) + CARD.padding
  return {
    width: CARD.width,
    height,
    icon: {
      x: CARD.padding,
      y: CARD.padding + (beside ? CARD.iconDrop : 0),
      width: CARD.iconSize,
      height: CARD.iconSize,
    },
    meta: beside
      ? null
      : {
          x: CARD_TEXT_LEFT,
          y: CARD.padding,
          width: CARD.width - CARD_TEXT_LEFT - CARD.padding,
          height: CARD_META_ROW,
        },
    photo: photoBox,
    text: { x: textX, y: top + above, width: textWidth, height: textHeight },
    foot: hasFoot
      ? { x: textX, y: height - CARD.padding - CARD.nicknameHeight, width: textWidth, height: CARD.nicknameHeight }
      : null,
  }
}

/** The largest rectangle of a `width` × `height` picture's aspect inside `box`, centred: the picture is never cropped or stretched. */
export function fitPicture(box: Box, width: number, height: number): Box {
  if (!(width > 0 && height > 0)) return box
  const scale = Math.min(box.width / width, box.height / height)
  const w = Math.max(1, Math.round(width * scale))
  const h = Math.max(1, Math.round(height * scale))
  return {
    x: box.x + Math.round((box.width - w) / 2),
    y: box.y + Math.round((box.height - h) / 2),
    width: w,
    height: h,
  }
}
