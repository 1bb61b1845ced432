/**
 * The paper wall, digitised: a facilitator uploads a photo of a paper wall
 * poster; the server reads it in its capture worker (one photo at a time per
 * board, progress polled), proposes the notes, and after the facilitator's
 * review puts them on the wall as labels in themes, each with its crop as its
 * picture. Pictures live in the board's blob store, never in the document.
 */

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  addLabel,
  addTheme,
  ErrorCode,
  FACILITATOR_AUTHOR,
  isPhotoHash,
  isShortText,
  MAX_SHORT_TEXT,
  newId,
  readLabels,
  readLegend,
  readThemes,
  validateLabelText,
} from '@vaegavis/shared'
import type { CaptureNote, CaptureSession } from '@vaegavis/shared/api'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type BlobStore, openBlobStore } from '../blobs/index.ts'
import { NoNotesError } from '../capture/pipeline.ts'
import { type CaptureRunner, createCaptureRunner } from '../capture/runner.ts'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import { cleanImage, DEFAULT_IMAGE_LIMITS, type ImageLimits } from '../images/index.ts'
import { createPictureJanitor, type PictureJanitor } from '../services/pictures.ts'
import type { Store } from '../storage/types.ts'
import type { RoomManager } from '../sync/index.ts'
import { guards } from './guards.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** Pictures of every board. Call `blobs.deleteForBoard(id)` wherever a board is deleted. */
    blobs: BlobStore
    /** Deletes pictures no label names any more; `idle()` waits for the checks asked for so far. */
    pictures: PictureJanitor
  }
}

export interface CapturePluginOptions {
  store: Store
  rooms: RoomManager
  config: Config
  /** Defaults to the store that goes with `store` (own SQLite file, or the same Postgres). */
  blobs?: BlobStore
  runner?: CaptureRunner
  limits?: ImageLimits
}

/** Width in wall units the poster is laid out at; its height follows the photo. */
const POSTER_WALL_WIDTH = 2400
/** Space between what is on the wall already and the poster's notes. */
const WALL_GAP = 300
/** A finished capture waits this long for review before it is forgotten (the crops stay with the board). */
const REVIEW_MS = 6 * 3600 * 1000

// A reading's own failure, stored with the session: its code is whatever the pipeline set, so it stays a string here.
const ErrorOut = Type.Object({ code: Type.String(), message: Type.String() })
const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
const NoteOut = Type.Object({
  id: Type.String(),
  crop: Type.String(),
  text: Type.String(),
  category: Type.String(),
  group: Type.Number(),
  confidence: Type.Number(),
  box: Type.Object({ cx: Type.Number(), cy: Type.Number(), w: Type.Number(), h: Type.Number(), angle: Type.Number() }),
})
const SessionOut = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  stage: Type.String(),
  progress: Type.Number(),
  width: Type.Number(),
  height: Type.Number(),
  groups: Type.Number(),
  notes: Type.Array(NoteOut),
  legend: Type.Array(Type.Object({ id: Type.String(), colour: Type.String(), meaning: Type.String() })),
  error: Type.Optional(ErrorOut),
})

type Note = CaptureNote

interface Session extends CaptureSession {
  finishedAt?: number
}

/**
 * Registers the picture store on the app (`app.blobs`, visible to every
 * plugin, so board deletion can reach it) and the capture routes in their
 * own scope (their catch-all body parser stays theirs).
 */
export const capturePlugin = Object.assign(
  async (app: FastifyInstance, opts: CapturePluginOptions): Promise<void> => {
    const blobs =
      opts.blobs ??
      (await openBlobStore({
        databaseUrl: opts.config.databaseUrl,
        dataDir: opts.config.dataDir,
        memory: opts.store.kind === 'memory',
        onError: (err) => app.log.error({ err }, 'picture store connection error'),
      }))
    app.decorate('blobs', blobs)
    const pictures = createPictureJanitor(opts.rooms, blobs, app.log)
    opts.rooms.onPhotosDropped((boardId, hashes) => pictures.dropped(boardId, hashes))
    app.decorate('pictures', pictures)
    app.addHook('onClose', async () => {
      await pictures.idle()
      if (opts.blobs === undefined) await blobs.close()
    })
    await app.register(captureRoutes, { ...opts, blobs })
  },
  // Fastify's documented switch for a plugin whose decorators belong to its parent (what fastify-plugin sets).
  { [Symbol.for('skip-override')]: true },
)

async function captureRoutes(base: FastifyInstance, opts: CapturePluginOptions & { blobs: BlobStore }): Promise<void> {
  // Request types come from each route's schema, so a handler cannot read a field the schema does not check.
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const access = guards(opts.store)
  const { rooms, blobs } = opts
  const limits = opts.limits ?? DEFAULT_IMAGE_LIMITS
  const ownRunner = opts.runner === undefined
  const runner = opts.runner ?? createCaptureRunner()
  const sessions = new Map<string, Session>()

  app.addHook('onClose', async () => {
    if (ownRunner) await runner.close()
  })

  // Photos arrive as their own bytes (no multipart): any type is read as bytes, and cleanImage decides.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limits.maxBytes }, (_req, body, done) =>
    done(null, body),
  )

  function current(boardId: string): Session | undefined {
    const s = sessions.get(boardId)
    if (s?.finishedAt !== undefined && Date.now() - s.finishedAt > REVIEW_MS) {
      sessions.delete(boardId)
      return undefined
    }
    return s
  }

  const tooBig = (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({
        code: ErrorCode.ImageTooBig,
        message: `The photo is too big: at most ${Math.floor(limits.maxBytes / 1024 / 1024)} MB.`,
      })
    }
    throw err
  }

  app.post(
    '/api/boards/:id/capture',
    {
      preHandler: access.board,
      errorHandler: tooBig,
      schema: {
        tags: ['capture'],
        summary:
          'Upload a photo of a paper wall poster (the image bytes as the body); its notes are found and read in the background',
        params: Params,
        response: {
          202: Type.Object({ id: Type.String(), status: Type.String() }),
          400: ErrorOut,
          401: ErrorOut,
          404: ErrorOut,
          409: ErrorOut,
          413: ErrorOut,
          415: ErrorOut,
        },
      },
    },
    async (req, reply) => {
      const boardId = req.board.id
      if (current(boardId)?.status === 'running') {
        throw new AppError(ErrorCode.CaptureBusy, 'A photo is being read for this wall. Wait until it is done.')
      }
      // Reserved before the first await, so two uploads at once cannot both start.
      const previous = sessions.get(boardId)
      const session: Session = {
        id: newId(),
        status: 'running',
        stage: 'waiting',
        progress: 0,
        width: 0,
        height: 0,
        groups: 0,
        notes: [],
        legend: [],
      }
      sessions.set(boardId, session)
      let clean: Awaited<ReturnType<typeof cleanImage>>
      let legend: ReturnType<typeof readLegend>
      try {
        if (!Buffer.isBuffer(req.body)) throw new AppError(ErrorCode.ImageInvalid, 'Send the photo itself.')
        clean = await cleanImage(req.body, limits)
        legend = await rooms.withRoom(boardId, (room) => room.read(readLegend))
      } catch (e: unknown) {
        if (sessions.get(boardId) === session) {
          if (previous) sessions.set(boardId, previous)
          else sessions.delete(boardId)
        }
        throw e
      }
      session.width = clean.width
      session.height = clean.height
      session.legend = legend.map((c) => ({ id: c.id, colour: c.colour, meaning: c.meaning }))
      const finish = (patch: Partial<Session>) => {
        // A newer upload (after this one failed or was discarded) owns the board now.
        if (sessions.get(boardId) === session) Object.assign(session, patch, { finishedAt: Date.now() })
      }
      runner
        .run(
          clean.data,
          legend.map((c) => ({ id: c.id, colour: c.colour })),
          (stage, fraction) => {
            session.stage = stage
            session.progress = fraction
          },
        )
        .then(async (result) => {
          const notes: Note[] = []
          for (const n of result.notes) {
            const crop = await blobs.put(boardId, n.crop, 'image/jpeg')
            notes.push({
              id: newId(),
              crop,
              text: n.text,
              category: n.category,
              group: n.group,
              confidence: n.confidence,
              box: n.box,
            })
          }
          finish({ status: 'done', stage: 'done', progress: 1, notes, groups: result.groups })
        })
        .catch((e: unknown) => {
          if (!(e instanceof NoNotesError)) req.log.error({ err: e }, 'capture failed')
          finish({
            status: 'failed',
            error:
              e instanceof NoNotesError
                ? {
                    code: ErrorCode.NoNotesFound,
                    message:
                      'No notes were found on the photo. Take it again with the whole poster in view and good light.',
                  }
                : { code: ErrorCode.Internal, message: 'The photo could not be read. Try again.' },
          })
        })
      return reply.code(202).send({ id: session.id, status: session.status })
    },
  )

  app.get(
    '/api/boards/:id/capture',
    {
      preHandler: access.board,
      schema: {
        tags: ['capture'],
        summary: 'Progress of the photo being read, then the notes found for review',
        params: Params,
        response: { 200: SessionOut, 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req) => {
      const boardId = req.board.id
      const s = current(boardId)
      if (!s) throw new AppError(ErrorCode.NotFound, 'No photo is being read for this wall.')
      const { finishedAt: _, ...out } = s
      return out
    },
  )

  app.delete(
    '/api/boards/:id/capture',
    {
      preHandler: access.board,
      schema: {
        tags: ['capture'],
        summary: 'Discard the photo being reviewed',
        params: Params,
        response: { 204: Type.Null(), 401: ErrorOut, 404: ErrorOut, 409: ErrorOut },
      },
    },
    async (req, reply) => {
      const boardId = req.board.id
      if (current(boardId)?.status === 'running') {
        throw new AppError(ErrorCode.CaptureBusy, 'The photo is still being read. Wait until it is done.')
      }
      sessions.delete(boardId)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/boards/:id/capture/place',
    {
      preHandler: access.board,
      schema: {
        tags: ['capture'],
        summary:
          "Put the reviewed notes on the wall in the poster's layout: each group becomes a theme, each note a label with its crop",
        params: Params,
        body: Type.Object({
          sessionId: Type.String({ maxLength: 64 }),
          notes: Type.Array(
            Type.Object({
              id: Type.String({ maxLength: 64 }),
              text: Type.String({ maxLength: 4000 }),
              category: Type.String({ maxLength: 64 }),
            }),
            { maxItems: 500 },
          ),
          themes: Type.Array(
            Type.Object({ group: Type.Integer({ minimum: 0 }), name: Type.String({ maxLength: 4000 }) }),
            { maxItems: 500 },
          ),
        }),
        response: {
          200: Type.Object({ labels: Type.Number(), themes: Type.Number() }),
          400: ErrorOut,
          401: ErrorOut,
          404: ErrorOut,
          409: ErrorOut,
        },
      },
    },
    async (req) => {
      const boardId = req.board.id
      const body = req.body
      const s = current(boardId)
      if (!s || s.id !== body.sessionId || s.status !== 'done') {
        throw new AppError(ErrorCode.Conflict, 'This photo is not waiting for review any more. Upload it again.')
      }
      const byId = new Map(s.notes.map((n) => [n.id, n]))
      const chosen = body.notes.map((edit) => {
        const note = byId.get(edit.id)
        if (!note) throw new AppError(ErrorCode.BadRequest, 'A note is not from this photo.')
        const text = validateLabelText(edit.text)
        if (!text.ok) {
          throw new AppError(
            text.code,
            text.code === ErrorCode.TextTooLong
              ? 'A note is too long: at most 280 characters.'
              : 'A note has no text. Write what it says, or drop it.',
          )
        }
        return { note, text: text.value, category: edit.category }
      })
      if (chosen.length === 0) throw new AppError(ErrorCode.BadRequest, 'Keep at least one note.')
      const names = new Map(body.themes.map((t) => [t.group, t.name.trim()]))
      for (const name of names.values()) {
        if (!isShortText(name)) {
          throw new AppError(ErrorCode.BadRequest, `Every group needs a name of at most ${MAX_SHORT_TEXT} characters.`)
        }
      }
      for (const c of chosen) {
        if (!isPhotoHash(c.note.crop) || !(await blobs.get(boardId, c.note.crop))) {
          throw new AppError(ErrorCode.Conflict, 'A picture of a note is gone. Upload the photo again.')
        }
      }

      const placed = await rooms.withRoom(boardId, (room) =>
        room.applyServerChange((doc) => {
          const legend = new Set(readLegend(doc).map((c) => c.id))
          for (const c of chosen) {
            if (!legend.has(c.category)) throw new AppError(ErrorCode.UnknownCategory, 'Pick one of the colours.')
          }
          // Right of whatever is on the wall already, so nothing lands on top of it.
          const xs = [...readLabels(doc).map((l) => l.x), ...readThemes(doc).map((t) => t.x)]
          const left = xs.length > 0 ? Math.max(...xs) + WALL_GAP : 0
          const scale = POSTER_WALL_WIDTH
          const aspect = s.height / s.width
          const at = (box: Note['box']) => ({
            x: Math.round(left + box.cx * scale),
            y: Math.round(box.cy * scale * aspect),
          })
          const themeOf = new Map<number, string>()
          const groups = [...new Set(chosen.map((c) => c.note.group))].sort((a, b) => a - b)
          for (const g of groups) {
            const members = chosen.filter((c) => c.note.group === g)
            const x = Math.min(...members.map((m) => at(m.note.box).x)) - 40
            const y = Math.min(...members.map((m) => at(m.note.box).y)) - 80
            themeOf.set(g, addTheme(doc, { name: names.get(g) ?? `${g + 1}`, x, y }))
          }
          const now = Date.now()
          chosen.forEach((c, i) => {
            const p = at(c.note.box)
            const themeId = themeOf.get(c.note.group)
            addLabel(doc, {
              text: c.text,
              category: c.category,
              x: p.x,
              y: p.y,
              author: FACILITATOR_AUTHOR,
              photo: c.note.crop,
              // In the poster's reading order, so the wall lays each theme out as the poster had it.
              createdAt: now + i,
              ...(themeId ? { themeId } : {}),
            })
          })
          return { labels: chosen.length, themes: themeOf.size }
        }),
      )
      sessions.delete(boardId)
      return placed
    },
  )

  app.get(
    '/api/boards/:id/images/:hash',
    {
      preHandler: access.boardOrToken,
      schema: {
        tags: ['capture'],
        summary:
          "A picture of a board (a label's photo), for its facilitators (session) or anyone with the board's token (`?token=`)",
        params: Type.Object({
          id: Type.String({ minLength: 1, maxLength: 64 }),
          hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
        }),
        querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 256 })) }),
      },
    },
    async (req, reply) => {
      const { id: boardId, hash } = req.params
      const blob = await blobs.get(boardId, hash)
      if (!blob) throw new AppError(ErrorCode.NotFound, 'No such picture.')
      return reply
        .header('content-type', blob.mime)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(Buffer.from(blob.data))
    },
  )
}
