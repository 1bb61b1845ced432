/**
 * The wall as an SVG document. Every piece of text comes from people and is
 * escaped for XML; characters XML cannot hold at all are dropped, so no label
 * can break the document or smuggle markup into it. Text is placed piece by
 * piece as fonts.ts measured it; the downloadable SVG carries the used glyphs
 * of the shipped fonts, so it looks the same on any machine.
 */
import { readFile } from 'node:fs/promises'
import type subsetFontFn from 'subset-font'
import { lazyRequire } from '../lazy.ts'
import { cssWeight, FAMILY, fontFile, type Script, shapeLine, type Weight } from './fonts.ts'
import { iconPath } from './icons.ts'
import type { Prim, WallLayout } from './layout.ts'

const loadSubsetFont = lazyRequire<typeof subsetFontFn>('subset-font')

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

/** A number for an attribute: finite, with at most two decimals. */
const n = (v: number) => (!Number.isFinite(v) ? '0' : Number.isInteger(v) ? String(v) : v.toFixed(2))

function family(script: Script): string {
  return `'${FAMILY[script]}'`
}

function text(p: Extract<Prim, { kind: 'text' }>): string {
  const shaped = shapeLine(p.text, p.weight)
  const width = shaped.width * p.size
  const left = p.anchor === 'middle' ? p.x - width / 2 : shaped.rtl && p.box !== undefined ? p.x + p.box - width : p.x
  const weight = p.weight === 'bold' ? ' font-weight="bold"' : p.weight === 'italic' ? ' font-style="italic"' : ''
  const spans = shaped.pieces.map((piece) => {
    const font = piece.script === 'latin' ? '' : ` font-family="${family(piece.script)}"`
    return `<tspan x="${n(left + piece.x * p.size)}"${font}>${escapeXml(piece.text)}</tspan>`
  })
  return `<text y="${n(p.y)}" font-size="${n(p.size)}"${weight} fill="${c(p.fill)}" xml:space="preserve">${spans.join('')}</text>`
}

/** A colour for an attribute (the model gives hex colours; this keeps any other value from breaking the XML). */
const c = (colour: string) => escapeXml(colour)

function prim(p: Prim): string {
  switch (p.kind) {
    case 'rect': {
      const stroke = p.stroke ? ` stroke="${c(p.stroke)}" stroke-width="${n(p.strokeWidth ?? 1)}"` : ''
      const dash = p.dashed ? ' stroke-dasharray="8 6"' : ''
      const r = p.radius ? ` rx="${n(p.radius)}"` : ''
      return `<rect x="${n(p.x)}" y="${n(p.y)}" width="${n(p.w)}" height="${n(p.h)}"${r} fill="${c(p.fill)}"${stroke}${dash}/>`
    }
    case 'circle':
      return `<circle cx="${n(p.cx)}" cy="${n(p.cy)}" r="${n(p.r)}" fill="${c(p.fill)}"/>`
    case 'text':
      return text(p)
    case 'image':
      // Embedded, so the file shows the picture wherever it is opened (no request to the server).
      return `<image x="${n(p.x)}" y="${n(p.y)}" width="${n(p.w)}" height="${n(p.h)}" preserveAspectRatio="none" href="data:${p.picture.mime};base64,${p.picture.data.toString('base64')}"/>`
    case 'icon':
      return `<path transform="translate(${n(p.x)} ${n(p.y)}) scale(${n(p.size / 24)})" d="${iconPath(p.icon)}" fill="${c(p.colour)}" stroke="#1a1a1a" stroke-width="1.5" stroke-linejoin="round"/>`
  }
}

/** The characters each font file draws in a layout, for subsetting. */
function fontUsage(layout: WallLayout): Map<string, { script: Script; weight: Weight; chars: Set<string> }> {
  const usage = new Map<string, { script: Script; weight: Weight; chars: Set<string> }>()
  for (const p of [...layout.header, ...layout.body]) {
    if (p.kind !== 'text') continue
    for (const piece of shapeLine(p.text, p.weight).pieces) {
      const key = `${piece.script}/${p.weight}`
      let u = usage.get(key)
      if (!u) {
        u = { script: piece.script, weight: p.weight, chars: new Set() }
        usage.set(key, u)
      }
      for (const ch of piece.text) u.chars.add(ch)
    }
  }
  return usage
}

/**
 * `@font-face` rules with the glyphs the layout uses (hb-subset keeps the
 * shaping tables, so Arabic still joins), for an SVG opened outside Vægavis.
 */
export async function svgFontFaces(layout: WallLayout): Promise<string> {
  const rules: string[] = []
  for (const u of fontUsage(layout).values()) {
    const file = await readFile(fontFile(u.script, u.weight))
    const subset = await loadSubsetFont()(file, [...u.chars].join(''), { targetFormat: 'truetype' })
    const css = cssWeight(u.weight)
    rules.push(
      `@font-face{font-family:${family(u.script)};font-weight:${css.weight};font-style:${css.style};src:url(data:font/ttf;base64,${subset.toString('base64')}) format('truetype')}`,
    )
  }
  return rules.join('\n')
}

/**
 * A standalone SVG of the whole wall with its legend; `maxHeight` crops it
 * (thumbnails); `fontFaces` (from {@link svgFontFaces}) embeds the fonts.
 */
export function renderSvg(layout: WallLayout, opts: { maxHeight?: number; fontFaces?: string } = {}): string {
  const height = Math.min(layout.headerHeight + layout.bodyHeight, opts.maxHeight ?? Number.POSITIVE_INFINITY)
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(layout.width)}" height="${n(height)}" viewBox="0 0 ${n(layout.width)} ${n(height)}" font-family="${escapeXml(family('latin'))}, sans-serif">`,
    ...(opts.fontFaces ? [`<defs><style>${opts.fontFaces}</style></defs>`] : []),
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...layout.header.map(prim),
    `<g transform="translate(0 ${n(layout.headerHeight)})">`,
    ...layout.body.map(prim),
    '</g>',
    '</svg>',
    '',
  ].join('\n')
}
