/**
 * PDFs with pdfkit: the wall drawn as vectors (text stays text, so it can be
 * searched and copied), on A4 or A3 landscape pages. Each page repeats the
 * title and the legend as real text; the themes flow into columns and pages
 * (layout.ts `flowWall`), so a page edge never cuts a label. Text is drawn
 * piece by piece in the shipped fonts (fonts.ts), so emoji, Arabic and
 * Ethiopic show as they do in the PNG.
 */
import type { Category } from '@vaegavis/shared'
import type PDFDocumentClass from 'pdfkit'
import { t } from '../i18n.ts'
import { lazyRequire } from '../lazy.ts'
import { ellipsize, fontFile, isolate, shapeLine, textWidth, type Weight, wrapText } from './fonts.ts'
import { iconPath } from './icons.ts'
import { type FlowPage, flowWall, flowWidth, type Prim } from './layout.ts'
import type { WallModel } from './model.ts'
import type { WallPictures } from './pictures.ts'
import { describeRound } from './words.ts'

const loadPdfkit = lazyRequire<typeof PDFDocumentClass>('pdfkit')

export const PageSize = { A4: 'A4', A3: 'A3' } as const
export type PageSize = (typeof PageSize)[keyof typeof PageSize]

/** Builds a PDF and resolves with its bytes. */
export function pdfBuffer(
  opts: { size: PageSize; title: string },
  build: (doc: PDFKit.PDFDocument) => void,
): Promise<Buffer> {
  const doc = new (loadPdfkit())({
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

/** Draws one line of text with its baseline at y, each piece in its own font (see fonts.ts). */
export function drawText(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  size: number,
  weight: Weight,
  fill: string,
  anchor: 'start' | 'middle' = 'start',
  box?: number,
): void {
  const shaped = shapeLine(text, weight)
  const width = shaped.width * size
  const left = anchor === 'middle' ? x - width / 2 : shaped.rtl && box !== undefined ? x + box - width : x
  doc.fontSize(size).fillColor(fill)
  for (const piece of shaped.pieces) {
    if (piece.text.trim() === '') continue
    doc
      .font(fontFile(piece.script, weight))
      .text(piece.text, left + piece.x * size, y, { lineBreak: false, baseline: 'alphabetic' })
  }
}

/** Wrapped text from (x, top) within `width`; returns the y below it. */
export function drawParagraph(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  top: number,
  width: number,
  size: number,
  weight: Weight = 'regular',
  fill = '#1a1a1a',
  maxLines = 20,
): number {
  const lines = wrapText(text, width, size, weight)
  const shown =
    lines.length > maxLines
      ? [...lines.slice(0, maxLines - 1), ellipsize(lines[maxLines - 1] ?? '', width, size, weight)]
      : lines
  const lineHeight = Math.round(size * 1.3)
  shown.forEach((line, i) => {
    drawText(doc, line, x, top + i * lineHeight + size, size, weight, fill, 'start', width)
  })
  return top + shown.length * lineHeight
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
      drawText(doc, p.text, p.x, p.y, p.size, p.weight, p.fill, p.anchor, p.box)
      return
    case 'icon':
      drawIcon(doc, p.icon, p.colour, p.x, p.y, p.size)
      return
    case 'image':
      // The picture as it is stored (JPEG or PNG): pdfkit embeds it as an image XObject.
      doc.image(p.picture.data, p.x, p.y, { width: p.w, height: p.h })
      return
  }
}

const M = 30
const FOOTER = 14

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
    for (const line of wrapText(t(locale, 'exports.question', { question: isolate(model.question) }), width, 11).slice(
      0,
      3,
    )) {
      drawText(doc, line, M, y + 11, 11, 'regular', '#1a1a1a')
      y += 14
    }
  }
  if (model.voteRound) {
    drawText(doc, ellipsize(describeRound(locale, model.voteRound), width, 10), M, y + 10, 10, 'regular', '#4a4a4a')
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

/** The legend as a row of shape + meaning, wrapping onto at most `maxRows` rows; returns the y below it. */
export function legendLine(
  doc: PDFKit.PDFDocument,
  legend: readonly Category[],
  locale: string,
  left: number,
  top: number,
  width: number,
  maxRows = 3,
): number {
  const heading = `${t(locale, 'exports.legendHeading')}:`
  drawText(doc, heading, left, top + 11, 11, 'bold', '#1a1a1a')
  let x = left + textWidth(heading, 11, 'bold') + 10
  let y = top
  let row = 1
  for (const c of legend) {
    const meaning = ellipsize(c.meaning, width - 30, 11)
    const w = 14 + 5 + textWidth(meaning, 11) + 16
    if (x + w > left + width && x > left) {
      // A legend longer than its rows ends in "…" rather than pushing the wall off the page.
      if (row === maxRows) {
        drawText(doc, '…', x, y + 11, 11, 'regular', '#1a1a1a')
        break
      }
      x = left
      y += 17
      row += 1
    }
    drawIcon(doc, c.icon, c.colour, x, y, 13)
    drawText(doc, meaning, x + 19, y + 11, 11, 'regular', '#1a1a1a')
    x += w
  }
  return y + 16
}

/** How a wall sits on PDF pages: where its area starts, at what scale, and what each page shows. */
export interface PdfPlan {
  pageWidth: number
  pageHeight: number
  /** Top of the wall area on the first page, in points (the page header is above it). */
  top: number
  /** Top of the wall area on the pages after the first. */
  nextTop: number
  /** Bottom of the wall area, in points (the footer is below it). */
  bottom: number
  left: number
  /** Points per body unit. */
  scale: number
  pages: FlowPage[]
}

/** Columns on a page: 4 on A4 (card text at 13 pt), 5 on A3 and on A4 walls with five themes or more. */
function columnsFor(model: WallModel, size: PageSize): number {
  const boxes = model.themes.length + (model.unsorted.length > 0 || model.themes.length === 0 ? 1 : 0)
  return size === PageSize.A3 ? 5 : Math.min(5, Math.max(4, boxes))
}

/**
 * Draws the wall flowed into the area below `top` on the current page and
 * as many further pages as it needs; `newPage` adds a page and returns its
 * area's top. Returns the plan it drew.
 */
export function drawFlowedWall(
  doc: PDFKit.PDFDocument,
  model: WallModel,
  opts: {
    locale: string
    size: PageSize
    top: number
    /** Top of the wall area on the pages after the first; the first page's when not given. */
    nextTop?: number
    newPage: () => number
    footer?: (page: number) => void
    pictures?: WallPictures
  },
): PdfPlan {
  const areaW = doc.page.width - 2 * M
  const bottom = doc.page.height - M - FOOTER
  const columns = columnsFor(model, opts.size)
  // Never enlarge: a card prints at most its projector size in points.
  const scale = Math.min(1, areaW / flowWidth(columns))
  const pages = flowWall(model, {
    locale: opts.locale,
    columns,
    firstColumnHeight: (bottom - opts.top) / scale,
    columnHeight: (bottom - (opts.nextTop ?? opts.top)) / scale,
    ...(opts.pictures ? { pictures: opts.pictures } : {}),
  })
  let top = opts.top
  pages.forEach((page, i) => {
    if (i > 0) top = opts.newPage()
    doc.save()
    doc.translate(M, top).scale(scale)
    for (const p of page.prims) drawPrim(doc, p)
    doc.restore()
    opts.footer?.(i)
  })
  const nextTop = opts.nextTop ?? opts.top
  return {
    pageWidth: doc.page.width,
    pageHeight: doc.page.height,
    top: opts.top,
    nextTop,
    bottom,
    left: M,
    scale,
    pages,
  }
}

/** The wall on as many landscape pages as it needs, with the legend on each, worded in `opts.locale`. */
export function renderWallPdf(
  model: WallModel,
  opts: {
    size: PageSize
    locale: string
    subtitle?: string
    pictures?: WallPictures
    onPlan?: (plan: PdfPlan) => void
  },
): Promise<Buffer> {
  const footer = t(opts.locale, 'exports.generatedBy')
  return pdfBuffer({ size: opts.size, title: model.title }, (doc) => {
    const header = () => pageHeader(doc, model, opts.locale, opts.subtitle)
    doc.addPage()
    const plan = drawFlowedWall(doc, model, {
      locale: opts.locale,
      size: opts.size,
      top: header(),
      newPage: () => {
        doc.addPage()
        return header()
      },
      footer: (i) => drawText(doc, `${footer} · ${i + 1}`, M, doc.page.height - M + 4, 8, 'regular', '#777777'),
      ...(opts.pictures ? { pictures: opts.pictures } : {}),
    })
    opts.onPlan?.(plan)
  })
}
