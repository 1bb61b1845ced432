/**
 * Pictures sent to a board: a phone's photo or finger drawing for a label, or
 * a facilitator's picture. Each is decoded and re-encoded (images/validate:
 * no EXIF, no GPS, nothing that only looks like an image) and kept in the
 * board's blob store under its content hash, with who sent it, so a phone may
 * put on a label only a picture it sent itself (POST /api/boards/:id/labels
 * checks that). The picture never enters the board's document.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { ErrorCode, Role } from '@vaegavis/shared'
import { ImageOut } from '@vaegavis/shared/api'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hashToken } from '../auth/secrets.ts'
import type { BlobStore } from '../blobs/index.ts'
import { AppError } from '../errors.ts'
import { cleanImage, type ImageLimits } from '../images/index.ts'
import type { Store } from '../storage/types.ts'
import { ErrorOut, IdParams } from './apiTypes.ts'
import { bearerOf, guards } from './guards.ts'

/**
 * A phone scales its picture to 1280 px on the longest side (a few hundred KB) before sending: these
 * limits leave room for a phone whose browser could not, and keep a flood of uploads small.
 */
export const LABEL_IMAGE_LIMITS: ImageLimits = { maxBytes: 5 * 1024 * 1024, maxPixels: 24_000_000 }

export interface ImagesPluginOptions {
  store: Store
  blobs: BlobStore
  /** Pictures one participant may send per minute. */
  imagesPerMinute: number
  limits?: ImageLimits
}

export async function imagesPlugin(base: FastifyInstance, opts: ImagesPluginOptions): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const access = guards(opts.store)
  const { blobs } = opts
  const limits = opts.limits ?? LABEL_IMAGE_LIMITS
  const mb = Math.floor(limits.maxBytes / 1024 / 1024)

  // The picture's own bytes are the body (no multipart, no base64): whatever its type, cleanImage decides.
  app.addContentTypeParser(
    /^(image\/|application\/octet-stream)/,
    { parseAs: 'buffer', bodyLimit: limits.maxBytes },
    (_req, body, done) => done(null, body),
  )

  const tooBig = (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ code: ErrorCode.ImageTooBig, message: `The picture is too big: at most ${mb} MB.` })
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply
        .code(415)
        .send({ code: ErrorCode.ImageInvalid, message: 'Send a picture: a JPEG, PNG or WebP file.' })
    }
    throw err
  }

  app.post(
    '/api/boards/:id/images',
    {
      preHandler: access.tokenOrBoard,
      errorHandler: tooBig,
      schema: {
        tags: ['images'],
        summary:
          "Send a picture for a label (its bytes as the body, Content-Type image/*): re-encoded without metadata, kept in the board's picture store; put its hash on a label with POST /api/boards/{id}/labels",
        params: IdParams,
        response: { 201: ImageOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 413: ErrorOut, 415: ErrorOut },
      },
      // Per participant, not per address: a club's phones often share one.
      config: {
        rateLimit: {
          max: opts.imagesPerMinute,
          timeWindow: '1 minute',
          keyGenerator: (req: FastifyRequest) => {
            const token = bearerOf(req)
            return token ? `image:${hashToken(token)}` : `image-ip:${req.ip}`
          },
        },
      },
    },
    async (req, reply) => {
      const { id: boardId } = req.params
      const who = req.participant as (typeof req)['participant'] | undefined
      if (who?.role === Role.Viewer) throw new AppError(ErrorCode.Forbidden, 'This link can only look.')
      if (!Buffer.isBuffer(req.body)) throw new AppError(ErrorCode.ImageInvalid, 'Send the picture itself.')
      const clean = await cleanImage(req.body, limits)
      // A facilitator's picture is nobody's to reuse from a phone: it is stored without a sender.
      const hash = await blobs.put(boardId, clean.data, clean.mime, who?.subject)
      return reply
        .code(201)
        .send({ hash, mime: clean.mime, width: clean.width, height: clean.height, bytes: clean.data.byteLength })
    },
  )
}
