/**
 * The wall as an SVG document. Every piece of text comes from people and is
 * escaped for XML; characters XML cannot hold at all are dropped, so no label
 * can break the document or smuggle markup into it.
 */
import { SVG_FONT_FAMILY } from './fonts.ts'
import { iconPath } from './icons.ts'
import type { Prim, WallLayout } from './layout.ts'

/** Escapes text for XML content and attribute values, dropping characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters removed.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  )
}

const n = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2))

function prim(p: Prim): string {
  switch (p.kind) {
    case 'rect': {
      const stroke = p.stroke ? ` stroke="${p.stroke}" stroke-width="${n(p.strokeWidth ?? 1)}"` : ''
      const dash = p.dashed ? ' stroke-dasharray="8 6"' : ''
      const r = p.radius ? ` rx="${n(p.radius)}"` : ''
      return `<rect x="${n(p.x)}" y="${n(p.y)}" width="${n(p.w)}" height="${n(p.h)}"${r} fill="${p.fill}"${stroke}${dash}/>`
    }
    case 'circle':
      return `<circle cx="${n(p.cx)}" cy="${n(p.cy)}" r="${n(p.r)}" fill="${p.fill}"/>`
    case 'text': {
      const weight = p.weight === 'bold' ? ' font-weight="bold"' : p.weight === 'italic' ? ' font-style="italic"' : ''
      const anchor = p.anchor === 'middle' ? ' text-anchor="middle"' : ''
      return `<text x="${n(p.x)}" y="${n(p.y)}" font-size="${n(p.size)}"${weight}${anchor} fill="${p.fill}">${escapeXml(p.text)}</text>`
    }
    case 'icon':
      return `<path transform="translate(${n(p.x)} ${n(p.y)}) scale(${n(p.size / 24)})" d="${iconPath(p.icon)}" fill="${p.colour}" stroke="#1a1a1a" stroke-width="1.5" stroke-linejoin="round"/>`
  }
}

/** A standalone SVG of the whole wall with its legend; `maxHeight` crops it (thumbnails). */
export function renderSvg(layout: WallLayout, opts: { maxHeight?: number } = {}): string {
  const height = Math.min(layout.headerHeight + layout.bodyHeight, opts.maxHeight ?? Number.POSITIVE_INFINITY)
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(layout.width)}" height="${n(height)}" viewBox="0 0 ${n(layout.width)} ${n(height)}" font-family="${escapeXml(SVG_FONT_FAMILY)}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...layout.header.map(prim),
    `<g transform="translate(0 ${n(layout.headerHeight)})">`,
    ...layout.body.map(prim),
    '</g>',
    '</svg>',
    '',
  ].join('\n')
}
