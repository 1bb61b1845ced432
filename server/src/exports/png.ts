/** PNG from the SVG, rendered by resvg with the shipped export fonts only, never the host's. */
import type * as Resvg from '@resvg/resvg-js'
import { lazyRequire } from '../lazy.ts'
import { allFontFiles, FAMILY } from './fonts.ts'

const loadResvg = lazyRequire<typeof Resvg>('@resvg/resvg-js')

/** Largest image we render, in pixels; bigger walls are scaled down to fit. */
const MAX_PIXELS = 40_000_000

/**
 * Renders an SVG of `width` × `height` units to PNG off the event loop.
 * `scale` is pixels per unit (1 = projector size); `maxWidth` caps the width
 * in pixels (thumbnails). `fontFiles` replaces the shipped fonts (tests show
 * what a render without them looks like).
 */
export async function renderPng(
  svg: string,
  size: { width: number; height: number },
  opts: { scale?: number; maxWidth?: number; fontFiles?: string[] } = {},
): Promise<Buffer> {
  let scale = opts.scale ?? 1
  if (opts.maxWidth !== undefined) scale = Math.min(scale, opts.maxWidth / size.width)
  const pixels = size.width * size.height * scale * scale
  if (pixels > MAX_PIXELS) scale *= Math.sqrt(MAX_PIXELS / pixels)
  const image = await loadResvg().renderAsync(svg, {
    fitTo: { mode: 'width', value: Math.max(1, Math.round(size.width * scale)) },
    background: '#ffffff',
    font: {
      fontFiles: opts.fontFiles ?? allFontFiles(),
      loadSystemFonts: false,
      defaultFontFamily: FAMILY.latin,
      sansSerifFamily: FAMILY.latin,
    },
  })
  return image.asPng()
}
