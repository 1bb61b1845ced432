/** Colour helpers shared by the wall and the phone. */

/** Text colour used on every label: dark, for contrast on the light tints below. */
export const LABEL_TEXT = '#1a1a1a'

function parseHex(hex: string): [number, number, number] | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim())
  if (!m?.[1]) return null
  const n = Number.parseInt(m[1], 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

/**
 * Mixes `hex` with white: `amount` 1 is the colour itself, 0 is white. A
 * tint around 0.4 keeps every palette colour recognisable while dark text on
 * it stays above WCAG AA contrast.
 */
export function tint(hex: string, amount: number): string {
  const rgb = parseHex(hex)
  if (!rgb) return '#eeeeee'
  const a = Math.min(1, Math.max(0, amount))
  const mixed = rgb.map((c) => Math.round(255 - (255 - c) * a))
  return `#${mixed.map((c) => c.toString(16).padStart(2, '0')).join('')}`
}
