/**
 * A label card on the wall: the geometry the exports share (@vaegavis/shared
 * layout.ts) plus the font the browser draws it in. No Konva here, so the
 * pure layout code that uses it runs in unit tests.
 */
import { CARD_TEXT_LEFT, CARD_TEXT_WIDTH, CARD as GEOMETRY } from '@vaegavis/shared'

export const CARD = {
  ...GEOMETRY,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
} as const

/** Left edge of the body text inside a card. */
export const textLeft = CARD_TEXT_LEFT
/** Width the body text wraps at. */
export const textWidth = CARD_TEXT_WIDTH
