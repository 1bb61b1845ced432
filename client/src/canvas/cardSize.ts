/**
 * Size of a label card on the wall, in wall units. Sized to be read from the
 * back of a room on a 1920×1080 projector: the body text takes the card, the
 * category's shape sits in a narrow column beside it (its meaning is in the
 * legend), so a wall of forty labels still shows them at 20 px or more. No
 * Konva here, so the pure layout code that uses it runs in unit tests.
 */
export const CARD = {
  width: 256,
  padding: 10,
  iconSize: 24,
  /** Space between the shape column and the text. */
  iconGap: 6,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontSize: 24,
  lineHeight: 1.2,
  metaFontSize: 16,
  nicknameGap: 4,
  nicknameHeight: 18,
  cornerRadius: 8,
} as const

/** Left edge of the body text inside a card. */
export const textLeft = CARD.padding + CARD.iconSize + CARD.iconGap
/** Width the body text wraps at. */
export const textWidth = CARD.width - textLeft - CARD.padding
