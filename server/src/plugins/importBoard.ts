/**
 * `POST /api/boards/import`: a facilitator brings a board in from a file — a
 * Vægavis JSON export or a Padlet CSV export — as a new board of theirs.
 * The file travels as its own bytes; nothing is written until all of it is
 * valid (services/import).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { type Category, ErrorCode, Icon } from '@vaegavis/shared'
import { ImportFormat, ImportOut, ImportQuery } from '@vaegavis/shared/api'
import type { FastifyInstance } from 'fastify'
import { AppError } from '../errors.ts'
import { requestLocale, t } from '../i18n.ts'
import { placement } from '../services/access.ts'
import { ImportError, importBoard, readPadletCsv, readVaegavisExport } from '../services/import/index.ts'
import { defaultLegendIn } from '../services/templates.ts'
import type { Store } from '../storage/types.ts'
import { boardOut, ErrorOut } from './apiTypes.ts'
import { guards } from './guards.ts'

/** A 5,000-label export with its snapshots is well under this; a photo sent by mistake is not. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024

export interface ImportPluginOptions {
  store: Store
}

function textOf(body: unknown): string {
  if (!Buffer.isBuffer(body) || body.length === 0) throw new ImportError('The file is empty.')
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body)
  // Replacement characters mean the bytes are not text (a picture, a zip, a spreadsheet).
  const broken = (text.match(/\uFFFD/g) ?? []).length
  if (text.includes('\u0000') || broken > Math.max(3, text.length / 1000))
    throw new ImportError('The file is not text. Pick a Vægavis export (.json) or a Padlet export (.csv).')
  return text
}

/**
 * Padlet posts have no colour that means anything: they come in under a
 * colour of their own ("Fra Padlet"), first in the legend, beside the usual
 * three, so the facilitator can sort them into meanings on the wall.
 */
function padletLegend(locale: string): Category[] {
  const own: Category = {
    id: 'padlet',
    colour: '#009E73',
    meaning: t(locale, 'exports.padletCategory'),
    icon: Icon.Square,
    order: 0,
  }
  return [own, ...defaultLegendIn(locale).map((c) => ({ ...c, order: c.order + 1 }))]
}

export async function importPlugin(base: FastifyInstance, opts: ImportPluginOptions): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const access = guards(opts.store)
  const { store } = opts

  // The file is read as bytes whatever the browser calls it (a .csv is often sent as Excel's type).
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_req, body, done) =>
    done(null, body),
  )
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_req, body, done) =>
    done(null, body),
  )

  app.post(
    '/api/boards/import',
    {
      preHandler: access.user,
      schema: {
        tags: ['boards'],
        summary:
          "Bring a board in from a file (the file's bytes as the body): a Vægavis wall export (`format=vaegavis`, the JSON of `GET /api/boards/:id/data.json`) or a Padlet CSV export (`format=padlet`: sections become themes, posts become labels). Nothing is written unless the whole file is valid.",
        querystring: ImportQuery,
        response: {
          201: ImportOut,
          400: ErrorOut,
          401: ErrorOut,
          404: ErrorOut,
          413: ErrorOut,
          422: ErrorOut,
        },
      },
    },
    async (req, reply) => {
      const { user } = req
      const q = req.query
      const locale = requestLocale(req)
      const text = textOf(req.body)
      const imported =
        q.format === ImportFormat.Vaegavis
          ? readVaegavisExport(text)
          : readPadletCsv(text, (q.title ?? '').trim() || 'Padlet', padletLegend(locale))
      if (q.format === ImportFormat.Vaegavis && q.title !== undefined) {
        const title = q.title.trim()
        if (title === '') throw new AppError(ErrorCode.BadRequest, 'Give the board a name.')
        imported.wall.title = title
      }
      const where = await placement(store, user, q)
      const board = await importBoard(store, app.blobs, user.id, imported, where, locale)
      return reply.code(201).send({
        board: boardOut(board),
        labels: imported.wall.labels.size,
        themes: imported.wall.themes.size,
        snapshots: imported.snapshots.length,
        skipped: imported.skipped,
      })
    },
  )
}
