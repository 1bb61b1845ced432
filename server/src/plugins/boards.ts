/** Boards for facilitators (create, place in a project, snapshot, export), and joining a board with its code for young people. */

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ErrorCode, MAX_SHORT_TEXT, Role, validateNickname } from '@vaegavis/shared'
import type { FastifyInstance } from 'fastify'
import type * as QRCodeModule from 'qrcode'
import { hashToken, newToken } from '../auth/secrets.ts'
import { appUrlOf } from '../basePath.ts'
import { AppError } from '../errors.ts'
import { DEFAULT_TIME_ZONE, renderExport, wallModel } from '../exports/index.ts'
import { formatDateTime } from '../exports/words.ts'
import { requestLocale, t } from '../i18n.ts'
import { lazyRequire } from '../lazy.ts'
import { placement } from '../services/access.ts'
import { createBoard, removeBoard } from '../services/boards.ts'
import { boardForCode, joinBoard } from '../services/join.ts'
import { takeSnapshot } from '../services/snapshots.ts'
import { buildFromTemplate, findTemplate, saveTemplate, templateOfBoard } from '../services/templates.ts'
import type { BoardRecord, Store } from '../storage/types.ts'
import type { RoomManager } from '../sync/index.ts'
import {
  BoardOut,
  boardOut,
  ErrorOut,
  IdParams,
  JoinOut,
  Nullable,
  SnapshotOut,
  snapshotOut,
  TemplateOut,
  templateOut,
} from './apiTypes.ts'
import {
  exportOptions,
  exportPictures,
  exportResponse,
  FacilitatorExportQuery,
  FormatParam,
  sendFile,
} from './exportHttp.ts'
import { guards } from './guards.ts'

const loadQrcode = lazyRequire<typeof QRCodeModule>('qrcode')

const FACILITATOR_TOKEN_MS = 24 * 3600 * 1000
const ShortText = Type.String({ minLength: 1, maxLength: MAX_SHORT_TEXT })

export interface BoardsPluginOptions {
  store: Store
  rooms: RoomManager
  publicUrl: string | undefined
  basePath: string
  joinPerMinute: number
}

export async function boardsPlugin(base: FastifyInstance, opts: BoardsPluginOptions): Promise<void> {
  // Request types come from each route's schema, so a handler cannot read a field the schema does not check.
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const access = guards(opts.store)
  const { store, rooms } = opts

  const trimmed = (text: string, what: string) => {
    const t = text.trim()
    if (t === '') throw new AppError(ErrorCode.BadRequest, `Give the ${what} a name.`)
    return t
  }

  app.get(
    '/api/boards',
    {
      preHandler: access.user,
      schema: {
        tags: ['boards'],
        summary: 'Boards the signed-in facilitator owns or shares through a project, oldest first',
        response: { 200: Type.Object({ boards: Type.Array(BoardOut) }), 401: ErrorOut },
      },
    },
    async (req) => {
      const { user } = req
      const seen = new Map<string, BoardRecord>()
      for (const b of await store.app.listBoards(user.id)) seen.set(b.id, b)
      for (const p of await store.app.listProjectsForUser(user.id)) {
        for (const b of await store.app.listProjectBoards(p.id)) seen.set(b.id, b)
      }
      const boards = [...seen.values()].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
      return { boards: boards.map(boardOut) }
    },
  )

  app.post(
    '/api/boards',
    {
      preHandler: access.user,
      schema: {
        tags: ['boards'],
        summary:
          "Create a board: from a template (without one, the default legend Problem / Idé / Ønske in the request's language), optionally in a project and meeting",
        body: Type.Object({
          title: ShortText,
          templateId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          projectId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
          meetingId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
        }),
        response: { 201: Type.Object({ board: BoardOut }), 400: ErrorOut, 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req, reply) => {
      const { user } = req
      const body = req.body
      const title = trimmed(body.title, 'board')
      const where = await placement(store, user, body)
      const locale = requestLocale(req)
      const template =
        body.templateId === undefined ? undefined : await findTemplate(store, user, body.templateId, locale)
      const board = await createBoard(store, user.id, title, {
        ...where,
        locale,
        ...(template ? { build: (doc) => buildFromTemplate(doc, title, template.body) } : {}),
      })
      return reply.code(201).send({ board: boardOut(board) })
    },
  )

  app.get(
    '/api/boards/:id',
    {
      preHandler: access.board,
      schema: {
        tags: ['boards'],
        summary: 'One board you manage',
        params: IdParams,
        response: { 200: Type.Object({ board: BoardOut }), 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req) => ({ board: boardOut(req.board) }),
  )

  app.patch(
    '/api/boards/:id',
    {
      preHandler: access.board,
      schema: {
        tags: ['boards'],
        summary: 'Move a board into a project and meeting, or out (null); its snapshots move with it',
        params: IdParams,
        body: Type.Object({
          projectId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
          meetingId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
        }),
        response: { 200: Type.Object({ board: BoardOut }), 400: ErrorOut, 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req) => {
      const { user, board } = req
      const body = req.body
      // A meeting alone names its project; a project alone clears the meeting; null moves out.
      const want =
        body.projectId !== undefined
          ? { projectId: body.projectId, meetingId: body.meetingId ?? null }
          : body.meetingId !== undefined
            ? { projectId: body.meetingId === null ? board.projectId : null, meetingId: body.meetingId }
            : { projectId: board.projectId, meetingId: board.meetingId }
      const where = await placement(store, user, want)
      await store.app.setBoardPlacement(board.id, where.projectId, where.meetingId)
      return { board: boardOut({ ...board, ...where }) }
    },
  )

  app.delete(
    '/api/boards/:id',
    {
      preHandler: access.board,
      schema: {
        tags: ['boards'],
        summary: 'Delete a board and everything on it: labels, snapshots and their share links',
        params: IdParams,
        response: { 204: Type.Null(), 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req, reply) => {
      const { board } = req
      await removeBoard(store, rooms, app.blobs, board.id)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/boards/:id/token',
    {
      preHandler: access.board,
      schema: {
        tags: ['boards'],
        summary: 'A facilitator token for the board websocket',
        params: IdParams,
        response: { 200: Type.Object({ token: Type.String() }), 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req) => {
      const { user, board } = req
      const token = newToken()
      const now = Date.now()
      await store.app.createToken({
        tokenHash: hashToken(token),
        boardId: board.id,
        role: Role.Facilitator,
        subject: user.id,
        nickname: '',
        createdAt: now,
        expiresAt: now + FACILITATOR_TOKEN_MS,
      })
      return { token }
    },
  )

  app.get(
    '/api/boards/:id/qr.svg',
    {
      preHandler: access.board,
      schema: {
        tags: ['boards'],
        summary: 'QR code (SVG) of the join link',
        params: IdParams,
        response: { 200: { description: 'SVG image', content: { 'image/svg+xml': { schema: { type: 'string' } } } } },
      },
    },
    async (req, reply) => {
      const { board } = req
      const svg = await loadQrcode().toString(`${appUrlOf(req, opts)}/j/${board.joinCode}`, {
        type: 'svg',
        errorCorrectionLevel: 'M',
        margin: 2,
      })
      return reply.type('image/svg+xml').header('cache-control', 'private, max-age=3600').send(svg)
    },
  )

  app.post(
    '/api/boards/:id/snapshots',
    {
      preHandler: access.board,
      schema: {
        tags: ['snapshots'],
        summary: '"Save the wall": an immutable, named snapshot of the board as it is now, with a thumbnail',
        params: IdParams,
        body: Type.Object({ name: Type.Optional(ShortText) }),
        response: { 201: Type.Object({ snapshot: SnapshotOut }), 400: ErrorOut, 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req, reply) => {
      const { user, board } = req
      const given = req.body.name?.trim()
      const locale = requestLocale(req)
      const name =
        given || t(locale, 'exports.defaultSnapshotName', { time: formatDateTime(Date.now(), DEFAULT_TIME_ZONE) })
      const snapshot = await takeSnapshot(store, rooms, app.blobs, req.log, board, name, user.id, locale)
      return reply.code(201).send({ snapshot: snapshotOut(snapshot) })
    },
  )

  app.get(
    '/api/boards/:id/snapshots',
    {
      preHandler: access.board,
      schema: {
        tags: ['snapshots'],
        summary: "The board's snapshots, oldest first",
        params: IdParams,
        response: { 200: Type.Object({ snapshots: Type.Array(SnapshotOut) }), 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req) => {
      const { board } = req
      return { snapshots: (await store.app.listSnapshots({ boardId: board.id })).map(snapshotOut) }
    },
  )

  app.post(
    '/api/boards/:id/template',
    {
      preHandler: access.board,
      schema: {
        tags: ['templates'],
        summary: "Save the board's structure (legend, question, themes, settings, vote round) as your own template",
        params: IdParams,
        body: Type.Object({ name: ShortText }),
        response: { 201: Type.Object({ template: TemplateOut }), 400: ErrorOut, 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req, reply) => {
      const { user, board } = req
      const name = trimmed(req.body.name, 'template')
      const body = await rooms.withRoom(board.id, (room) => room.read(templateOfBoard))
      const template = await saveTemplate(store, user, name, body, requestLocale(req))
      return reply.code(201).send({ template: templateOut(template) })
    },
  )

  app.get(
    '/api/boards/:id/export.:format',
    {
      preHandler: access.board,
      schema: {
        tags: ['exports'],
        summary:
          'Export the live board: svg / png / pdf (wall with legend) or md / csv (transcript); nicknames=1 adds nicknames',
        params: Type.Object({ id: IdParams.properties.id, format: FormatParam }),
        querystring: FacilitatorExportQuery,
        response: { 200: exportResponse, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut },
      },
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const { board } = req
      const { format } = req.params
      const query = req.query
      const nicknames = query.nicknames === '1'
      const options = exportOptions(format, query, requestLocale(req))
      const model = await rooms.withRoom(board.id, (room) => room.read((doc) => wallModel(doc, { nicknames })))
      const images = `${appUrlOf(req, opts)}/api/boards/${board.id}/images`
      const pictures = await exportPictures(format, model, (hash) => app.blobs.get(board.id, hash), images)
      const file = await renderExport({ model, nicknames, ...pictures }, options)
      return sendFile(reply, file, model.title || board.title, format, query.download === '1')
    },
  )

  const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 32 }) })
  const joinLimit = { rateLimit: { max: opts.joinPerMinute, timeWindow: '1 minute' } }

  app.get(
    '/api/join/:code',
    {
      schema: {
        tags: ['join'],
        summary: 'Check a join code',
        params: CodeParams,
        response: { 200: Type.Object({ title: Type.String() }), 404: ErrorOut },
      },
      config: joinLimit,
    },
    async (req) => ({ title: (await boardForCode(store, req.params.code)).title }),
  )

  app.post(
    '/api/join',
    {
      schema: {
        tags: ['join'],
        summary: 'Join a board with its code; no account and no personal data',
        body: Type.Object({
          code: Type.String({ minLength: 1, maxLength: 32 }),
          nickname: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: {
          200: JoinOut,
          400: ErrorOut,
          404: ErrorOut,
        },
      },
      config: joinLimit,
    },
    async (req) => {
      const body = req.body
      const nickname = validateNickname(body.nickname)
      if (!nickname.ok) throw new AppError(nickname.code, 'Your nickname is too long. Use at most 30 characters.')
      const { board, token, participantId } = await joinBoard(store, { code: body.code, nickname: nickname.value })
      return { boardId: board.id, token, participantId, title: board.title }
    },
  )
}
