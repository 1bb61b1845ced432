/** HTTP side of exports: query schemas, options, and sending a rendered file with safe headers. */
import { Type } from '@sinclair/typebox'
import { ErrorCode } from '@vaegavis/shared'
import type { FastifyReply } from 'fastify'
import { AppError } from '../errors.ts'
import {
  CsvDelimiter,
  DEFAULT_TIME_ZONE,
  defaultDelimiter,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportOptions,
  isTimeZone,
  loadPictures,
  PageSize,
  type PictureReader,
  type RenderedExport,
  type WallModel,
  type WallPictures,
} from '../exports/index.ts'
import { fileResponse } from './apiTypes.ts'

const Flag = Type.Union([Type.Literal('0'), Type.Literal('1')])

/**
 * `?lang=en`: the language of an export's words. One naming no language we
 * have is ignored (see i18n.ts); only its length is checked here.
 */
export const LangQuery = {
  lang: Type.Optional(
    Type.String({
      maxLength: 35,
      description: 'Language of the words, e.g. en; default from Accept-Language, else da',
    }),
  ),
}

const common = {
  ...LangQuery,
  /** PDF page size, landscape. Default A4. */
  size: Type.Optional(
    Type.Union([Type.Literal('A4'), Type.Literal('A3')], { description: 'PDF page (landscape); default A4' }),
  ),
  tz: Type.Optional(Type.String({ maxLength: 64, description: 'IANA time zone for times; default Europe/Copenhagen' })),
  delimiter: Type.Optional(
    Type.Union([Type.Literal('comma'), Type.Literal('semicolon')], {
      description: 'CSV delimiter; default semicolon in Danish (as Danish Excel reads it), comma otherwise',
    }),
  ),
  scale: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('2')], { description: 'PNG pixels per wall unit' })),
  download: Type.Optional(Flag),
}

/** Query of a facilitator's export: may ask for nicknames. */
export const FacilitatorExportQuery = Type.Object(
  { ...common, nicknames: Type.Optional(Type.Union([Flag], { description: '1: include nicknames' })) },
  { additionalProperties: false },
)
/** Query of a share-link viewer's export: there is no way to ask for nicknames. */
export const ViewerExportQuery = Type.Object(common, { additionalProperties: false })

export type ExportQuery = {
  lang?: string
  size?: 'A4' | 'A3'
  tz?: string
  delimiter?: 'comma' | 'semicolon'
  scale?: '1' | '2'
  download?: '0' | '1'
  nicknames?: '0' | '1'
}

export const FormatParam = Type.Union(
  EXPORT_FORMATS.map((f) => Type.Literal(f)),
  { description: 'svg, png, pdf (wall + legend), md or csv (transcript)' },
)

export const EXPORT_TYPES = ['image/svg+xml', 'image/png', 'application/pdf', 'text/markdown', 'text/csv'] as const
export const exportResponse = fileResponse('The export file', EXPORT_TYPES)

/**
 * What an export of `model` needs of its pictures: the bytes for the wall
 * formats (drawn into the file), a link per picture for the transcript
 * (`images` is the absolute URL of the images route that serves the same
 * reader's pictures, without the trailing slash).
 */
export async function exportPictures(
  format: ExportFormat,
  model: WallModel,
  read: PictureReader,
  images: string,
): Promise<{ pictures?: WallPictures; pictureUrl?: (hash: string) => string }> {
  if (format === 'svg' || format === 'png' || format === 'pdf') return { pictures: await loadPictures(model, read) }
  if (format === 'md') return { pictureUrl: (hash) => `${images}/${hash}` }
  return {}
}

export function timeZoneOf(tz: string | undefined): string {
  if (tz === undefined || tz === '') return DEFAULT_TIME_ZONE
  if (!isTimeZone(tz)) throw new AppError(ErrorCode.BadRequest, `Unknown time zone "${tz}".`)
  return tz
}

/** Options of one export; `locale` is the request's (`requestLocale` in i18n.ts). */
export function exportOptions(format: ExportFormat, q: ExportQuery, locale: string): ExportOptions {
  return {
    format,
    locale,
    size: q.size === 'A3' ? PageSize.A3 : PageSize.A4,
    timeZone: timeZoneOf(q.tz),
    delimiter:
      q.delimiter === 'semicolon'
        ? CsvDelimiter.Semicolon
        : q.delimiter === 'comma'
          ? CsvDelimiter.Comma
          : defaultDelimiter(locale),
    scale: q.scale === '2' ? 2 : 1,
  }
}

/** An ASCII file name from a title: "Vores lokaler – forår" → "vores-lokaler-foraar". */
export function fileSlug(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return slug || 'vaegavis'
}

/**
 * Sends a rendered file. SVG gets a CSP that allows no script at all, so even
 * opened directly it is only a picture.
 */
export function sendFile(
  reply: FastifyReply,
  file: RenderedExport,
  name: string,
  extension: string,
  download: boolean,
): FastifyReply {
  const filename = `${fileSlug(name)}.${extension}`
  reply
    .type(file.contentType)
    .header('content-disposition', `${download ? 'attachment' : 'inline'}; filename="${filename}"`)
    .header('cache-control', 'private, no-store')
  if (extension === 'svg') {
    // font-src data: lets the SVG's own embedded fonts load, and nothing else.
    reply.header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; sandbox",
    )
  }
  return reply.send(file.body)
}
