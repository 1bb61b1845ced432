import { PALETTE } from '@vaegavis/shared'
import { describe, expect, it } from 'vitest'
import { LABEL_TEXT, tint } from './colour.ts'

function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16)
  const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * (ch[0] ?? 0) + 0.7152 * (ch[1] ?? 0) + 0.0722 * (ch[2] ?? 0)
}

describe('tint', () => {
  it('keeps the ends of the scale', () => {
    expect(tint('#0072B2', 1)).toBe('#0072b2')
    expect(tint('#0072B2', 0)).toBe('#ffffff')
  })

  it('gives label text at least WCAG AA contrast on every palette colour', () => {
    for (const c of PALETTE) {
      const bg = luminance(tint(c, 0.4))
      const ratio = (bg + 0.05) / (luminance(LABEL_TEXT) + 0.05)
      expect(ratio, c).toBeGreaterThanOrEqual(4.5)
    }
  })
})
