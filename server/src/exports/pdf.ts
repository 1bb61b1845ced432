/**
 * PDFs with pdfkit: the wall drawn as vectors (text stays text, so it can be
 * searched and copied), on A4 or A3 landscape pages. Each page repeats the
 * title and the legend as real text; a wall taller than one page continues on
 * the next, broken between cards.
 */
import type { Category } from '@vaegavis/shared'
import PDFDocument from 'pdfkit'
import { t } from '../i18n.ts'
import { ascentRatio, ellipsize, pdfFont, textWidth, type Weight, wrapText } from './fonts.ts'
import { iconPath } from './icons.ts'
import type { Prim, WallLayout } from './layout.ts'
import type { WallModel } from './model.ts'
import { describeRound } from './words.ts'

export const PageSize = { A4: 'A4', A3: 'A3' } as const
export type PageSize = (typeof PageSize)[keyof typeof PageSize]

/** Builds a PDF and resolves with its bytes. */
export function pdfBuffer(
  opts: { size: PageSize; title: string },
  build: (doc: PDFKit.PDFDocument) => void,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: opts.size,
    layout: 'landscape',
    margin: 0,
    autoFirstPage: false,
    info: { Title: opts.title, Creator: 'Vægavis', Producer: 'Vægavis' },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  build(doc)
  doc.end()
  return done
}

/** Draws text with its baseline at y (pdfkit positions by the top of the line). */
export function drawText(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  size: number,
  weight: Weight,
  fill: string,
  anchor: 'start' | 'middle' = 'start',
): void {
  const left = anchor === 'middle' ? x - textWidth(text, size, weight) / 2 : x
  doc
    .font(pdfFont(weight))
    .fontSize(size)
    .fillColor(fill)
    .text(text, left, y - ascentRatio() * size, { lineBreak: false })
}

export function drawIcon(
  doc: PDFKit.PDFDocument,
  icon: string,
  colour: string,
  x: number,
  y: number,
  size: number,
): void {
  doc.save()
  doc.translate(x, y).scale(size / 24)
  doc.path(iconPath(icon)).lineWidth(1.5).lineJoin('round').fillAndStroke(colour, '#1a1a1a')
  doc.restore()
}

function drawPrim(doc: PDFKit.PDFDocument, p: Prim): void {
  switch (p.kind) {
    case 'rect':
      doc.save()
      if (p.radius) doc.roundedRect(p.x, p.y, p.w, p.h, p.radius)
      else doc.rect(p.x, p.y, p.w, p.h)
      if (p.dashed) doc.dash(8, { space: 6 })
      if (p.stroke) doc.lineWidth(p.strokeWidth ?? 1).fillAndStroke(p.fill, p.stroke)
      else doc.fill(p.fill)
      doc.restore()
      return
    case 'circle':
      doc.save().circle(p.cx, p.cy, p.r).fill(p.fill).restore()
      return
    case 'text':
      drawText(doc, p.text, p.x, p.y, p.size, p.weight, p.fill, p.anchor)
      return
    case 'icon':
      drawIcon(doc, p.icon, p.colour, p.x, p.y, p.size)
      return
  }
}

function primTop(p: Prim): number {
  switch (p.kind) {
    case 'rect':
    case 'icon':
      return p.y
    case 'circle':
      return p.cy - p.r
    case 'text':
      return p.y - p.size
  }
}

function primBottom(p: Prim): number {
  switch (p.kind) {
    case 'rect':
      return p.y + p.h
    case 'icon':
      return p.y + p.size
    case 'circle':
      return p.cy + p.r
    case 'text':
      return p.y + p.size * 0.3
  }
}

/**
 * Where to end a page that may show body units [start, start + height): the
 * lowest point in its lower half that cuts no card, or the full height.
 */
export function pageBreak(start: number, height: number, total: number, blocks: readonly [number, number][]): number {
  const limit = start + height
  if (limit >= total) return total
  const inside = (y: number) => blocks.some(([a, b]) => a < y && y < b)
  if (!inside(limit)) return limit
  const candidates = blocks.flat().filter((y) => y > start + height / 2 && y <= limit && !inside(y))
  return candidates.length > 0 ? Math.max(...candidates) : limit
}

const M = 30
/** Smallest scale used to keep a wall on one page: card text at 20 units prints at 9 pt. */
const MIN_SCALE = 0.45

/** Title, optional subtitle, question and legend as real text; returns the y below it. */
function pageHeader(doc: PDFKit.PDFDocument, model: WallModel, locale: string, subtitle: string | undefined): number {
  const width = doc.page.width - 2 * M
  let y = M
  drawText(doc, ellipsize(model.title, width, 18, 'bold'), M, y + 18, 18, 'bold', '#1a1a1a')
  y += 24
  if (subtitle) {
    drawText(doc, ellipsize(subtitle, width, 10, 'italic'), M, y + 10, 10, 'italic', '#4a4a4a')
    y += 15
  }
  if (model.question !== '') {
    for (const line of wrapText(t(locale, 'exports.question', { question: model.question }), width, 11).slice(0, 3)) {
      drawText(doc, line, M, y + 11, 11, 'regular', '#1a1a1a')
      y += 14
    }
  }
  if (model.voteRound) {
    drawText(doc, describeRound(locale, model.voteRound), M, y + 10, 10, 'regular', '#4a4a4a')
    y += 14
  }
  y += 4
  y = legendLine(doc, model.legend, locale, M, y, width)
  doc
    .save()
    .moveTo(M, y + 4)
    .lineTo(M + width, y + 4)
    .lineWidth(0.5)
    .stroke('#b5b5aa')
    .restore()
  return y + 10
}

/** The legend as a row of shape + meaning, wrapping; returns the y below it. */
export function legendLine(
  doc: PDFKit.PDFDocument,
  legend: readonly Category[],
  locale: string,
  left: number,
  top: number,
  width: number,
): number {
  const heading = `${t(locale, 'exports.legendHeading')}:`
  drawText(doc, heading, left, top + 11, 11, 'bold', '#1a1a1a')
  let x = left + textWidth(heading, 11, 'bold') + 10
  let y = top
  for (const c of legend) {
    const meaning = ellipsize(c.meaning, width - 30, 11)
    const w = 14 + 5 + textWidth(meaning, 11) + 16
    if (x + w > left + width && x > left) {
      x = left
      y += 17
    }
    drawIcon(doc, c.icon, c.colour, x, y, 13)
    drawText(doc, meaning, x + 19, y + 11, 11, 'regular', '#1a1a1a')
    x += w
  }
  return y + 16
}

/** The wall on as many landscape pages as it needs, with the legend on each, worded in `opts.locale`. */
export function renderWallPdf(
  layout: WallLayout,
  model: WallModel,
  opts: { size: PageSize; locale: string; subtitle?: string },
): Promise<Buffer> {
  const footer = t(opts.locale, 'exports.generatedBy')
  return pdfBuffer({ size: opts.size, title: model.title }, (doc) => {
    doc.addPage()
    let top = pageHeader(doc, model, opts.locale, opts.subtitle)
    const areaW = doc.page.width - 2 * M
    const areaH = () => doc.page.height - M - 14 - top
    // Never enlarge: a card prints at most its projector size in points. Shrink a
    // little more if that keeps the wall on one page and its text readable (≥ 9 pt).
    const widthScale = Math.min(1, areaW / layout.width)
    const onePage = areaH() / layout.bodyHeight
    const scale = onePage < widthScale && onePage >= MIN_SCALE ? onePage : widthScale
    let start = 0
    let page = 1
    for (;;) {
      const end = pageBreak(start, areaH() / scale, layout.bodyHeight, layout.blocks)
      doc.save()
      doc.rect(M, top, areaW, areaH()).clip()
      doc.translate(M, top - start * scale).scale(scale)
      for (const p of layout.body) if (primBottom(p) > start && primTop(p) < end) drawPrim(doc, p)
      doc.restore()
      drawText(doc, `${footer} · ${page}`, M, doc.page.height - M + 4, 8, 'regular', '#777777')
      if (end >= layout.bodyHeight) break
      start = end
      page += 1
      doc.addPage()
      top = pageHeader(doc, model, opts.locale, opts.subtitle)
    }
  })
}
