/** PNG from the SVG, rendered by resvg with the export fonts loaded explicitly so text always shows. */
import { renderAsync } from '@resvg/resvg-js'
import { fontFiles } from './fonts.ts'

/** Largest image we render, in pixels; bigger walls are scaled down to fit. */
const MAX_PIXELS = 40_000_000

/**
 * Renders an SVG of `width` × `height` units to PNG off the event loop.
 * `scale` is pixels per unit (1 = projector size); `maxWidth` caps the width
 * in pixels (thumbnails).
 */
export async function renderPng(
  svg: string,
  size: { width: number; height: number },
  opts: { scale?: number; maxWidth?: number } = {},
): Promise<Buffer> {
  let scale = opts.scale ?? 1
  if (opts.maxWidth !== undefined) scale = Math.min(scale, opts.maxWidth / size.width)
  const pixels = size.width * size.height * scale * scale
  if (pixels > MAX_PIXELS) scale *= Math.sqrt(MAX_PIXELS / pixels)
  const files = fontFiles()
  const image = await renderAsync(svg, {
    fitTo: { mode: 'width', value: Math.max(1, Math.round(size.width * scale)) },
    background: '#ffffff',
    font: files
      ? {
          fontFiles: [files.regular, files.bold, files.italic],
          loadSystemFonts: false,
          defaultFontFamily: 'DejaVu Sans',
        }
      : { loadSystemFonts: true, defaultFontFamily: 'sans-serif' },
  })
  return image.asPng()
}
