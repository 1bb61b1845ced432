/**
 * Size and text layout of a label card on the wall, in wall units. Sized to
 * be read from the back of a room at zoom 1 on a projector. Heights are
 * measured with Konva, so this module only runs in the browser.
 */
import { CARD_PHOTO, type CardFrame, CardShape, cardFrame } from '@vaegavis/shared'
import Konva from 'konva'
import { CARD, textLeft, textWidth } from './cardSize.ts'

export { CARD, textLeft, textWidth }

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

const WALL_PHOTO = { aspect: CARD_PHOTO.wallAspect }

/**
 * Where a label's card parts sit, its text measured here; the exports lay cards out with the same frame.
 * A card with a picture keeps a fixed box for it (see CARD_PHOTO), so nothing moves as pictures load.
 */
export function labelFrame(text: string, hasFoot: boolean, hasPhoto = false): CardFrame {
  const measured = hasPhoto && text.trim() === '' ? 0 : textHeight(text)
  return cardFrame(measured, hasFoot, CardShape.Beside, hasPhoto ? WALL_PHOTO : null)
}

/** Total card height for a label. */
export function cardHeight(text: string, hasFoot: boolean, hasPhoto = false): number {
  return labelFrame(text, hasFoot, hasPhoto).height
}

/** Font of the question (and the "Svar" heading) inside a theme box. */
export const QUESTION_FONT = { fontSize: 21, lineHeight: 1.15, fontStyle: 'italic bold' } as const

let questionProbe: Konva.Text | null = null

/** Height of the question text wrapped at `width` wall units; 0 for no text. */
export function questionTextHeight(text: string, width: number): number {
  if (text === '') return 0
  questionProbe ??= new Konva.Text({ fontFamily: CARD.fontFamily, wrap: 'word', ...QUESTION_FONT })
  questionProbe.width(width)
  questionProbe.text(text)
  return Math.ceil(questionProbe.height())
}
