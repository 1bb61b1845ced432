/** Snapshots (open read-only, export, fork, delete), their share links, revoking links, and templates. */

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ErrorCode, MAX_SHORT_TEXT } from '@vaegavis/shared'
import type { FastifyInstance } from 'fastify'
import { appUrlOf } from '../basePath.ts'
import { AppError } from '../errors.ts'
import { modelOfState, renderExport } from '../exports/index.ts'
import { requestLocale } from '../i18n.ts'
import { canManageBoard, placement } from '../services/access.ts'
import { snapshotPicture } from '../services/pictures.ts'
import { createShareLink } from '../services/shares.ts'
import { deleteSnapshot, forkSnapshot, snapshotPhotos } from '../services/snapshots.ts'
import { findTemplate, listTemplates } from '../services/templates.ts'
import type { Store } from '../storage/types.ts'
import {
  BoardOut,
  boardOut,
  CreatedShareOut,
  CreateShareBody,
  ErrorOut,
  fileResponse,
  HashParam,
  IdParams,
  Nullable,
  ShareOut,
  SnapshotOut,
  shareOut,
  snapshotOut,
  TemplateOut,
  templateOut,
  WallOut,
  wallOut,
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
import { shareUrl, validExpiry } from './projects.ts'

export interface ArchivePluginOptions {
  store: Store
  publicUrl: string | undefined
  basePath: string
}

export async function archivePlugin(base: FastifyInstance, opts: ArchivePluginOptions): Promise<void> {
  // Request types come from each route's schema, so a handler cannot read a field the schema does not check.
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const access = guards(opts.store)
  const { store } = opts

  app.get(
    '/api/snapshots/:id',
    {
      preHandler: access.snapshot,
      schema: {
        tags: ['snapshots'],
        summary: 'One snapshot and its board',
        params: IdParams,
        response: { 200: Type.Object({ snapshot: SnapshotOut, board: BoardOut }), 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req) => {
      const { snapshot, board } = req
      return { snapshot: snapshotOut(snapshot), board: boardOut(board) }
    },
  )

  app.get(
    '/api/snapshots/:id/state',
    {
      preHandler: access.snapshot,
      schema: {
        tags: ['snapshots'],
        summary:
          'The snapshot as one Yjs update (apply it to an empty Y.Doc and draw it with the wall code, read-only)',
        params: IdParams,
        response: { 200: fileResponse('Yjs v1 update', ['application/octet-stream']), 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req, reply) => {
      const { snapshot } = req
      // Immutable, but private: a browser may keep it, no shared cache may.
      return reply
        .type('application/octet-stream')
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(Buffer.from(snapshot.state))
    },
  )

  app.get(
    '/api/snapshots/:id/thumbnail.png',
    {
      preHandler: access.snapshot,
      schema: {
        tags: ['snapshots'],
        summary: 'PNG preview of the snapshot (404 when none could be rendered)',
        params: IdParams,
        response: { 200: fileResponse('PNG image', ['image/png']), 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req, reply) => {
      const { snapshot } = req
      if (!snapshot.thumbnail) throw new AppError(ErrorCode.NotFound, 'This snapshot has no preview.')
      return reply
        .type('image/png')
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(Buffer.from(snapshot.thumbnail))
    },
  )

  app.get(
    '/api/snapshots/:id/wall',
    {
      preHandler: access.snapshot,
      schema: {
        tags: ['snapshots'],
        summary: 'The snapshot read theme by theme (labels, answers, votes); nicknames=1 adds nicknames',
        params: IdParams,
        querystring: Type.Object(
          { nicknames: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')])) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ snapshot: SnapshotOut, wall: WallOut }), 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req) => {
      const { snapshot } = req
      const nicknames = req.query.nicknames === '1'
      return { snapshot: snapshotOut(snapshot), wall: wallOut(modelOfState(snapshot.state, { nicknames })) }
    },
  )

  app.get(
    '/api/snapshots/:id/export.:format',
    {
      preHandler: access.snapshot,
      schema: {
        tags: ['exports'],
        summary:
          'Export a snapshot: svg / png / pdf (wall with legend) or md / csv (transcript); nicknames=1 adds nicknames',
        params: Type.Object({ id: IdParams.properties.id, format: FormatParam }),
        querystring: FacilitatorExportQuery,
        response: { 200: exportResponse, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut },
      },
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const { snapshot, board } = req
      const { format } = req.params
      const query = req.query
      const nicknames = query.nicknames === '1'
      const model = modelOfState(snapshot.state, { nicknames })
      const names = snapshotPhotos(snapshot, { viewer: false })
      const images = `${appUrlOf(req, opts)}/api/snapshots/${snapshot.id}/images`
      const pictures = await exportPictures(
        format,
        model,
        (hash) => snapshotPicture(app.blobs, snapshot, names, hash),
        images,
      )
      const file = await renderExport(
        { model, nicknames, snapshot: { name: snapshot.name, createdAt: snapshot.createdAt }, ...pictures },
        exportOptions(format, query, requestLocale(req)),
      )
      return sendFile(reply, file, `${model.title || board.title}-${snapshot.name}`, format, query.download === '1')
    },
  )

  app.get(
    '/api/snapshots/:id/images/:hash',
    {
      preHandler: access.snapshot,
      schema: {
        tags: ['snapshots'],
        summary: "A picture one of the snapshot's labels shows; the snapshot keeps it after the label or board is gone",
        params: Type.Object({ id: IdParams.properties.id, hash: HashParam }),
        response: {
          200: fileResponse('The picture', ['image/jpeg', 'image/png', 'image/webp']),
          401: ErrorOut,
          404: ErrorOut,
        },
      },
    },
    async (req, reply) => {
      const { snapshot } = req
      const { hash } = req.params
      const blob = await snapshotPicture(app.blobs, snapshot, snapshotPhotos(snapshot, { viewer: false }), hash)
      if (!blob) throw new AppError(ErrorCode.NotFound, 'No such picture.')
      return reply
        .type(blob.mime)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(Buffer.from(blob.data))
    },
  )

  app.post(
    '/api/snapshots/:id/fork',
    {
      preHandler: access.snapshot,
      schema: {
        tags: ['snapshots'],
        summary:
          "Start a new board from a snapshot, keeping its themes, labels and votes (new join code); placed in the snapshot's project unless told otherwise",
        params: IdParams,
        body: Type.Object({
          title: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_SHORT_TEXT })),
          projectId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
          meetingId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
        }),
        response: { 201: Type.Object({ board: BoardOut }), 400: ErrorOut, 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req, reply) => {
      const { user, snapshot, board } = req
      const body = req.body
      const where = await placement(store, user, {
        projectId: body.projectId === undefined && body.meetingId == null ? snapshot.projectId : body.projectId,
        meetingId: body.meetingId,
      })
      const title = body.title?.trim() || modelOfState(snapshot.state, { nicknames: false }).title || board.title
      const fork = await forkSnapshot(store, app.blobs, user.id, snapshot, { title, ...where })
      return reply.code(201).send({ board: boardOut(fork) })
    },
  )

  app.delete(
    '/api/snapshots/:id',
    {
      preHandler: access.snapshot,
      schema: {
        tags: ['snapshots'],
        summary: 'Delete a snapshot and its share links',
        params: IdParams,
        response: { 204: Type.Null(), 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req, reply) => {
      const { snapshot } = req
      await deleteSnapshot(store, app.blobs, snapshot.id)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/snapshots/:id/shares',
    {
      preHandler: access.snapshot,
      schema: {
        tags: ['shares'],
        summary: 'Create a read-only link to this snapshot (wall and transcript; never nicknames)',
        params: IdParams,
        body: CreateShareBody,
        response: { 201: CreatedShareOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req, reply) => {
      const { user, snapshot } = req
      const expiresAt = validExpiry(req.body.expiresAt)
      const { link, token } = await createShareLink(store, user.id, { snapshotId: snapshot.id }, expiresAt)
      return reply.code(201).send({ share: shareOut(link), token, url: shareUrl(req, opts, token) })
    },
  )

  app.get(
    '/api/snapshots/:id/shares',
    {
      preHandler: access.snapshot,
      schema: {
        tags: ['shares'],
        summary: "This snapshot's share links, revoked ones included",
        params: IdParams,
        response: { 200: Type.Object({ shares: Type.Array(ShareOut) }), 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req) => {
      const { snapshot } = req
      return { shares: (await store.app.listShareLinks({ snapshotId: snapshot.id })).map(shareOut) }
    },
  )

  app.delete(
    '/api/shares/:id',
    {
      preHandler: access.user,
      schema: {
        tags: ['shares'],
        summary: 'Revoke a share link: it stops working at once',
        params: IdParams,
        response: { 200: Type.Object({ share: ShareOut }), 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req) => {
      const { user } = req
      const link = await store.app.getShareLink(req.params.id)
      let allowed = false
      if (link?.projectId) allowed = await store.app.isProjectMember(link.projectId, user.id)
      if (link?.snapshotId) {
        const snapshot = await store.app.getSnapshot(link.snapshotId)
        const board = snapshot && (await store.app.getBoard(snapshot.boardId))
        allowed = board !== undefined && (await canManageBoard(store, user.id, board))
      }
      if (!link || !allowed) throw new AppError(ErrorCode.NotFound, 'No such share link.')
      await store.app.revokeShareLink(link.id, Date.now())
      const revoked = (await store.app.getShareLink(link.id)) ?? link
      return { share: shareOut(revoked) }
    },
  )

  app.get(
    '/api/templates',
    {
      preHandler: access.user,
      schema: {
        tags: ['templates'],
        summary: 'Templates to start a board from: the built-in Danish ones, then your own',
        response: { 200: Type.Object({ templates: Type.Array(TemplateOut) }), 401: ErrorOut },
      },
    },
    async (req) => {
      const { user } = req
      return { templates: (await listTemplates(store, user, requestLocale(req))).map(templateOut) }
    },
  )

  app.delete(
    '/api/templates/:id',
    {
      preHandler: access.user,
      schema: {
        tags: ['templates'],
        summary: 'Delete one of your own templates (built-ins cannot be deleted)',
        params: IdParams,
        response: { 204: Type.Null(), 401: ErrorOut, 403: ErrorOut, 404: ErrorOut },
      },
    },
    async (req, reply) => {
      const { user } = req
      const template = await findTemplate(store, user, req.params.id, requestLocale(req))
      if (template.builtIn) throw new AppError(ErrorCode.Forbidden, 'Built-in templates cannot be deleted.')
      await store.app.deleteTemplate(template.id)
      return reply.code(204).send(null)
    },
  )
}
