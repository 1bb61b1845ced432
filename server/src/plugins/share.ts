/**
 * What a share link opens, for colleagues and managers without an account:
 * a snapshot or a project's archive, read-only, never with nicknames or
 * hidden labels. Every route is GET; there is nothing a viewer can change.
 * An unknown token is 404; a revoked or expired one 401.
 */

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ErrorCode } from '@vaegavis/shared'
import type { FastifyInstance } from 'fastify'
import { appUrlOf } from '../basePath.ts'
import { AppError } from '../errors.ts'
import { modelOfState, renderExport } from '../exports/index.ts'
import { requestLocale } from '../i18n.ts'
import { snapshotPicture } from '../services/pictures.ts'
import { openShareLink, sharedSnapshot } from '../services/shares.ts'
import { snapshotPhotos, viewerState } from '../services/snapshots.ts'
import type { Store } from '../storage/types.ts'
import {
  ErrorOut,
  fileResponse,
  HashParam,
  MeetingOut,
  meetingOut,
  Nullable,
  SharedSnapshotOut,
  WallOut,
  wallOut,
} from './apiTypes.ts'
import {
  exportOptions,
  exportPictures,
  exportResponse,
  FormatParam,
  sendFile,
  ViewerExportQuery,
} from './exportHttp.ts'
import { archive, ReportQuery, sendReport } from './projects.ts'

export interface SharePluginOptions {
  store: Store
  publicUrl: string | undefined
  basePath: string
  /** Requests per minute per IP on share routes. */
  perMinute: number
}

const TokenParams = Type.Object({ token: Type.String({ minLength: 16, maxLength: 128 }) })
const SnapshotParams = Type.Object({
  token: TokenParams.properties.token,
  snapshotId: Type.String({ minLength: 1, maxLength: 64 }),
})

export async function sharePlugin(base: FastifyInstance, opts: SharePluginOptions): Promise<void> {
  // Request types come from each route's schema, so a handler cannot read a field the schema does not check.
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const { store } = opts
  const limit = { rateLimit: { max: opts.perMinute, timeWindow: '1 minute' } }

  async function shared({ token, snapshotId }: { token: string; snapshotId: string }) {
    const link = await openShareLink(store, token)
    const snapshot = await sharedSnapshot(store, link, snapshotId)
    const board = await store.app.getBoard(snapshot.boardId)
    return { link, snapshot, boardTitle: board?.title ?? '' }
  }

  const viewerSnapshot = (
    s: { id: string; name: string; createdAt: number; labelCount: number },
    boardTitle: string,
  ) => ({
    id: s.id,
    name: s.name,
    createdAt: s.createdAt,
    labelCount: s.labelCount,
    boardTitle,
  })

  app.get(
    '/api/share/:token',
    {
      schema: {
        tags: ['share viewer'],
        summary: 'What a share link covers: one snapshot, or a project archive with its meetings and snapshots',
        params: TokenParams,
        response: {
          200: Type.Object({
            kind: Type.Union([Type.Literal('snapshot'), Type.Literal('project')]),
            title: Type.String(),
            expiresAt: Nullable(Type.Number()),
            meetings: Type.Array(MeetingOut),
            snapshots: Type.Array(
              Type.Composite([SharedSnapshotOut, Type.Object({ meetingId: Nullable(Type.String()) })]),
            ),
          }),
          401: ErrorOut,
          404: ErrorOut,
        },
      },
      config: limit,
    },
    async (req) => {
      const link = await openShareLink(store, req.params.token)
      if (link.snapshotId !== null) {
        const snapshot = await sharedSnapshot(store, link, link.snapshotId)
        const board = await store.app.getBoard(snapshot.boardId)
        const boardTitle = board?.title ?? ''
        return {
          kind: 'snapshot' as const,
          title: `${boardTitle}: ${snapshot.name}`,
          expiresAt: link.expiresAt,
          meetings: [],
          snapshots: [{ ...viewerSnapshot(snapshot, boardTitle), meetingId: null }],
        }
      }
      const project = link.projectId ? await store.app.getProject(link.projectId) : undefined
      if (!project) throw new AppError(ErrorCode.NotFound, 'This link does not exist.')
      const entries = await archive(store, project.id)
      return {
        kind: 'project' as const,
        title: project.title,
        expiresAt: link.expiresAt,
        meetings: (await store.app.listMeetings(project.id)).map(meetingOut),
        snapshots: entries.map((e) => ({ ...viewerSnapshot(e, e.boardTitle), meetingId: e.meetingId })),
      }
    },
  )

  app.get(
    '/api/share/:token/snapshots/:snapshotId',
    {
      schema: {
        tags: ['share viewer'],
        summary: 'A shared snapshot read theme by theme (labels, answers, votes; no nicknames)',
        params: SnapshotParams,
        response: { 200: Type.Object({ snapshot: SharedSnapshotOut, wall: WallOut }), 401: ErrorOut, 404: ErrorOut },
      },
      config: limit,
    },
    async (req) => {
      const { snapshot, boardTitle } = await shared(req.params)
      return {
        snapshot: viewerSnapshot(snapshot, boardTitle),
        wall: wallOut(modelOfState(snapshot.state, { nicknames: false })),
      }
    },
  )

  app.get(
    '/api/share/:token/snapshots/:snapshotId/state',
    {
      schema: {
        tags: ['share viewer'],
        summary: 'A shared snapshot as one Yjs update, without nicknames or hidden labels, for the read-only wall',
        params: SnapshotParams,
        response: { 200: fileResponse('Yjs v1 update', ['application/octet-stream']), 401: ErrorOut, 404: ErrorOut },
      },
      config: limit,
    },
    async (req, reply) => {
      const { snapshot } = await shared(req.params)
      // no-store: revoking the link must also end what a browser could show from cache.
      return reply
        .type('application/octet-stream')
        .header('cache-control', 'no-store')
        .send(Buffer.from(viewerState(snapshot.state)))
    },
  )

  app.get(
    '/api/share/:token/snapshots/:snapshotId/thumbnail.png',
    {
      schema: {
        tags: ['share viewer'],
        summary: 'PNG preview of a shared snapshot (never shows nicknames)',
        params: SnapshotParams,
        response: { 200: fileResponse('PNG image', ['image/png']), 401: ErrorOut, 404: ErrorOut },
      },
      config: limit,
    },
    async (req, reply) => {
      const { snapshot } = await shared(req.params)
      if (!snapshot.thumbnail) throw new AppError(ErrorCode.NotFound, 'This snapshot has no preview.')
      return reply.type('image/png').header('cache-control', 'no-store').send(Buffer.from(snapshot.thumbnail))
    },
  )

  app.get(
    '/api/share/:token/snapshots/:snapshotId/images/:hash',
    {
      schema: {
        tags: ['share viewer'],
        summary: 'A picture of a label the shared snapshot shows (404 for any other picture)',
        params: Type.Object({ ...SnapshotParams.properties, hash: HashParam }),
        response: {
          200: fileResponse('The picture', ['image/jpeg', 'image/png', 'image/webp']),
          401: ErrorOut,
          404: ErrorOut,
        },
      },
      config: limit,
    },
    async (req, reply) => {
      const { snapshot } = await shared(req.params)
      // Only what the viewer's copy of the snapshot shows: never a hidden label's picture, never another board's.
      const names = snapshotPhotos(snapshot, { viewer: true })
      const blob = await snapshotPicture(app.blobs, snapshot, names, req.params.hash)
      if (!blob) throw new AppError(ErrorCode.NotFound, 'No such picture.')
      // no-store, as the snapshot itself: revoking the link ends what a browser could show from cache.
      return reply.type(blob.mime).header('cache-control', 'no-store').send(Buffer.from(blob.data))
    },
  )

  app.get(
    '/api/share/:token/snapshots/:snapshotId/export.:format',
    {
      schema: {
        tags: ['share viewer'],
        summary: 'Export a shared snapshot: svg / png / pdf or md / csv transcript, never with nicknames',
        params: Type.Object({ ...SnapshotParams.properties, format: FormatParam }),
        querystring: ViewerExportQuery,
        response: { 200: exportResponse, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut },
      },
      config: { rateLimit: { max: Math.min(60, opts.perMinute), timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const { snapshot, boardTitle } = await shared(req.params)
      const { format } = req.params
      const query = req.query
      const model = modelOfState(snapshot.state, { nicknames: false })
      const names = snapshotPhotos(snapshot, { viewer: true })
      // The transcript's links go through the same link: they work while it does, and stop when it is revoked.
      const images = `${appUrlOf(req, opts)}/api/share/${req.params.token}/snapshots/${snapshot.id}/images`
      const pictures = await exportPictures(
        format,
        model,
        (hash) => snapshotPicture(app.blobs, snapshot, names, hash),
        images,
      )
      const file = await renderExport(
        { model, nicknames: false, snapshot: { name: snapshot.name, createdAt: snapshot.createdAt }, ...pictures },
        exportOptions(format, query, requestLocale(req)),
      )
      return sendFile(reply, file, `${model.title || boardTitle}-${snapshot.name}`, format, query.download === '1')
    },
  )

  app.get(
    '/api/share/:token/report.:format',
    {
      schema: {
        tags: ['share viewer'],
        summary: 'The project report (pdf or md) of a shared project archive',
        params: Type.Object({
          token: TokenParams.properties.token,
          format: Type.Union([Type.Literal('pdf'), Type.Literal('md')]),
        }),
        querystring: ReportQuery,
        response: {
          200: fileResponse('The report', ['application/pdf', 'text/markdown']),
          400: ErrorOut,
          401: ErrorOut,
          404: ErrorOut,
        },
      },
      config: { rateLimit: { max: Math.min(30, opts.perMinute), timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const link = await openShareLink(store, req.params.token)
      const project = link.projectId ? await store.app.getProject(link.projectId) : undefined
      if (!project) throw new AppError(ErrorCode.NotFound, 'This link is for one snapshot, not a project.')
      const { format } = req.params
      return sendReport(store, reply, project, format, req.query, requestLocale(req))
    },
  )
}
