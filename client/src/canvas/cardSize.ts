/**
 * Size of a label card on the wall, in wall units. Sized to be read from the
 * back of a room on a 1920×1080 projector. No Konva here, so the pure layout
 * code that uses it runs in unit tests without a canvas.
 */
export const CARD = {
  width: 240,
  padding: 14,
  headerHeight: 30,
  iconSize: 22,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontSize: 24,
  lineHeight: 1.25,
  metaFontSize: 16,
  nicknameGap: 8,
  nicknameHeight: 18,
  cornerRadius: 8,
} as const

export const textWidth = CARD.width - 2 * CARD.padding
