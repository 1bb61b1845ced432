/**
 * Exports of a wall (live board or snapshot), rendered on the server from a
 * {@link WallModel}: SVG, PNG, PDF and the Markdown / CSV transcript; and the
 * project report. No Fastify here: routes pass a model and get bytes back.
 */
import { t } from '../i18n.ts'
import { isolate } from './fonts.ts'
import { layoutWall } from './layout.ts'
import type { WallModel } from './model.ts'
import { type PageSize, renderWallPdf } from './pdf.ts'
import type { WallPictures } from './pictures.ts'
import { renderPng } from './png.ts'
import { renderSvg, svgFontFaces } from './svg.ts'
import { type CsvDelimiter, csvTranscript, markdownTranscript } from './transcript.ts'
import { snapshotWords } from './words.ts'

export {
  byCategory,
  modelOfState,
  topVoted,
  type WallLabel,
  type WallModel,
  type WallTheme,
  wallModel,
} from './model.ts'
export { PageSize, type PdfPlan, renderWallPdf } from './pdf.ts'
export { loadPictures, modelPhotos, type PictureReader, type WallPicture, type WallPictures } from './pictures.ts'
export { type ProjectReport, projectReportMarkdown, projectReportPdf } from './report.ts'
export { escapeXml } from './svg.ts'
export { CsvDelimiter, csvCell, defaultDelimiter, escapeMarkdown } from './transcript.ts'
export { DEFAULT_TIME_ZONE, formatDate, isTimeZone } from './words.ts'

export const ExportFormat = { Svg: 'svg', Png: 'png', Pdf: 'pdf', Markdown: 'md', Csv: 'csv' } as const
export type ExportFormat = (typeof ExportFormat)[keyof typeof ExportFormat]
export const EXPORT_FORMATS: readonly ExportFormat[] = Object.values(ExportFormat)

const CONTENT_TYPES: Record<ExportFormat, string> = {
  svg: 'image/svg+xml; charset=utf-8',
  png: 'image/png',
  pdf: 'application/pdf',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
}

export interface ExportSource {
  model: WallModel
  /** Set when exporting a snapshot. */
  snapshot?: { name: string; createdAt: number }
  /** The model carries nicknames (a facilitator asked for them). */
  nicknames: boolean
  /** The pictures the labels show (see loadPictures), drawn in SVG, PNG and PDF. */
  pictures?: WallPictures
  /** Where the transcript links each picture (an absolute URL of an images route). */
  pictureUrl?: (hash: string) => string
}

export interface ExportOptions {
  format: ExportFormat
  /** Language of the words around the wall's own text (headings, colour names, CSV header). */
  locale: string
  /** Page size of a PDF. */
  size: PageSize
  timeZone: string
  delimiter: CsvDelimiter
  /** Pixels per wall unit for PNG. */
  scale: number
}

export interface RenderedExport {
  body: Buffer | string
  contentType: string
}

function subtitle(src: ExportSource, opts: ExportOptions): string | undefined {
  if (!src.snapshot) return undefined
  return t(opts.locale, 'exports.snapshotLine', { snapshot: snapshotWords(src.snapshot, opts.timeZone, isolate) })
}

/** Renders one export of a wall. */
export async function renderExport(src: ExportSource, opts: ExportOptions): Promise<RenderedExport> {
  const contentType = CONTENT_TYPES[opts.format]
  const meta = {
    locale: opts.locale,
    timeZone: opts.timeZone,
    nicknames: src.nicknames,
    ...(src.snapshot ? { snapshot: src.snapshot } : {}),
    ...(src.pictureUrl ? { pictureUrl: src.pictureUrl } : {}),
  }
  const pictures = src.pictures ? { pictures: src.pictures } : {}
  switch (opts.format) {
    case 'md':
      return { body: markdownTranscript(src.model, meta), contentType }
    case 'csv':
      return { body: csvTranscript(src.model, meta, opts.delimiter), contentType }
    case 'svg':
    case 'png': {
      const sub = subtitle(src, opts)
      const layout = layoutWall(src.model, { locale: opts.locale, ...pictures, ...(sub ? { subtitle: sub } : {}) })
      if (opts.format === 'svg')
        return { body: renderSvg(layout, { fontFaces: await svgFontFaces(layout) }), contentType }
      const svg = renderSvg(layout)
      const size = { width: layout.width, height: layout.headerHeight + layout.bodyHeight }
      return { body: await renderPng(svg, size, { scale: opts.scale }), contentType }
    }
    case 'pdf': {
      const sub = subtitle(src, opts)
      const pdf = { size: opts.size, locale: opts.locale, ...pictures, ...(sub ? { subtitle: sub } : {}) }
      return { body: await renderWallPdf(src.model, pdf), contentType }
    }
  }
}

/** Width in pixels of snapshot thumbnails. */
export const THUMBNAIL_WIDTH = 480

/** A small PNG preview of a wall (no nicknames), for archive lists, its few words in `locale`. */
export async function thumbnailPng(model: WallModel, locale: string, pictures?: WallPictures): Promise<Buffer> {
  const layout = layoutWall(model, { locale, ...(pictures ? { pictures } : {}) })
  // 4:3 at most: a tall wall shows its top, like the projector does.
  const height = Math.min(layout.headerHeight + layout.bodyHeight, Math.round(layout.width * 0.75))
  const svg = renderSvg(layout, { maxHeight: height })
  return renderPng(svg, { width: layout.width, height }, { maxWidth: THUMBNAIL_WIDTH })
}
