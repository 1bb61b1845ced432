/**
 * Colour: which legend category a note's colour is nearest, in a perceptual
 * colour space. Pixels are looked up in a table of OKLab values made once by
 * culori, so the per-pixel loop over a photo allocates nothing.
 */
import type * as Culori from 'culori'
import type { Oklab } from 'culori'
import { lazy, lazyRequire } from '../lazy.ts'

const culori = lazyRequire<typeof Culori>('culori')

/** A legend entry as the pipeline needs it. */
export interface LegendColour {
  id: string
  /** `#rrggbb`. */
  colour: string
}

type ToOklab = ReturnType<typeof Culori.converter<'oklab'>>
const oklab = lazy(() => culori().converter('oklab'))
const toOklab = ((colour: never) => oklab()(colour)) as ToOklab

/** Bits kept per channel in the lookup table: 5 bits (32 levels) is finer than a phone photo's noise. */
const BITS = 5
const LEVELS = 1 << BITS
let table: Float32Array | undefined

/** OKLab (L, a, b) of every quantised sRGB colour, 3 floats per entry. */
function oklabTable(): Float32Array {
  if (table) return table
  const t = new Float32Array(LEVELS * LEVELS * LEVELS * 3)
  const step = 255 / (LEVELS - 1)
  let i = 0
  for (let r = 0; r < LEVELS; r++)
    for (let g = 0; g < LEVELS; g++)
      for (let b = 0; b < LEVELS; b++) {
        const o = toOklab({ mode: 'rgb', r: (r * step) / 255, g: (g * step) / 255, b: (b * step) / 255 })
        t[i++] = o.l
        t[i++] = o.a
        t[i++] = o.b
      }
  table = t
  return t
}

/** Index into {@link oklabTable} of an 8-bit RGB pixel. */
export function lutIndex(r: number, g: number, b: number): number {
  const q = (v: number) => ((v * (LEVELS - 1) + 127) / 255) | 0
  return ((q(r) * LEVELS + q(g)) * LEVELS + q(b)) * 3
}

/** The lookup table (built on first use). */
export function lab(): Float32Array {
  return oklabTable()
}

/** OKLab of a `#rrggbb` colour. */
export function oklabOf(hex: string): { l: number; a: number; b: number } {
  const o = toOklab(hex)
  if (!o) throw new Error(`not a colour: ${hex}`)
  return { l: o.l, a: o.a, b: o.b }
}

const difference = lazy(() => culori().differenceCiede2000(2, 1, 1))
const ciede2000: ReturnType<typeof Culori.differenceCiede2000> = (a, b) => difference()(a, b)

/**
 * The legend entry nearest a measured colour by CIEDE2000, with lightness
 * weighted half (kL = 2): a note in the shadow of a window is still the
 * same colour, only darker.
 */
export function nearestCategory(
  measured: { l: number; a: number; b: number },
  legend: readonly LegendColour[],
): { id: string; distance: number } {
  const m: Oklab = { mode: 'oklab', l: measured.l, a: measured.a, b: measured.b }
  let best = { id: legend[0]?.id ?? '', distance: Number.POSITIVE_INFINITY }
  for (const c of legend) {
    const d = ciede2000(m, c.colour)
    if (d < best.distance) best = { id: c.id, distance: d }
  }
  return best
}
