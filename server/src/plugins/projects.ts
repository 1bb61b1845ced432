/** Projects ("forløb"), their facilitators and dated meetings, the archive, the recap, the report and archive share links. */

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { CloseCode, docNamesOf, ErrorCode, MAX_SHORT_TEXT } from '@vaegavis/shared'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { appUrlOf, type PublicAddress } from '../basePath.ts'
import { AppError } from '../errors.ts'
import { formatDate, projectReportMarkdown, projectReportPdf } from '../exports/index.ts'
import { requestLocale, t } from '../i18n.ts'
import { canManageBoard } from '../services/access.ts'
import {
  continueToday,
  createMeeting,
  createProject,
  deleteProject,
  lastMeeting,
  projectReport,
  timeline,
} from '../services/projects.ts'
import { createShareLink } from '../services/shares.ts'
import { buildFromTemplate, findTemplate } from '../services/templates.ts'
import type { Store } from '../storage/types.ts'
import type { RoomManager } from '../sync/index.ts'
import {
  BoardOut,
  boardOut,
  CreatedShareOut,
  CreateShareBody,
  DateString,
  ErrorOut,
  fileResponse,
  IdParams,
  MeetingOut,
  MemberOut,
  meetingOut,
  Nullable,
  ProjectOut,
  projectOut,
  ShareOut,
  SnapshotOut,
  shareOut,
  snapshotOut,
  WallOut,
  wallOut,
} from './apiTypes.ts'
import { fileSlug, LangQuery, sendFile, timeZoneOf } from './exportHttp.ts'
import { guards } from './guards.ts'

const ShortText = Type.String({ minLength: 1, maxLength: MAX_SHORT_TEXT })

export interface ProjectsPluginOptions {
  store: Store
  rooms: RoomManager
  publicUrl: string | undefined
  basePath: string
}

/** Today's date where the club is, unless the client (which knows its own calendar) says. */
export function todayOr(date: string | undefined, tz: string): string {
  return date ?? formatDate(Date.now(), tz)
}

export async function projectsPlugin(base: FastifyInstance, opts: ProjectsPluginOptions): Promise<void> {
  // Request types come from each route's schema, so a handler cannot read a field the schema does not check.
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const access = guards(opts.store)
  const { store, rooms } = opts

  const trimmed = (text: string, what: string) => {
    const t = text.trim()
    if (t === '') throw new AppError(ErrorCode.BadRequest, `Give the ${what} a name.`)
    return t
  }

  const ArchiveEntry = Type.Composite([
    SnapshotOut,
    Type.Object({
      boardTitle: Type.String(),
      meetingId: Nullable(Type.String()),
      meetingDate: Nullable(Type.String()),
    }),
  ])

  app.get(
    '/api/projects',
    {
      preHandler: access.user,
      schema: {
        tags: ['projects'],
        summary: 'Projects the signed-in facilitator owns or shares, oldest first',
        response: { 200: Type.Object({ projects: Type.Array(ProjectOut) }), 401: ErrorOut },
      },
    },
    async (req) => {
      const { user } = req
      return { projects: (await store.app.listProjectsForUser(user.id)).map((p) => projectOut(p, user.id)) }
    },
  )

  app.post(
    '/api/projects',
    {
      preHandler: access.user,
      schema: {
        tags: ['projects'],
        summary: 'Create a project ("forløb"); you are its owner and first member',
        body: Type.Object({ title: ShortText }),
        response: { 201: Type.Object({ project: ProjectOut }), 400: ErrorOut, 401: ErrorOut },
      },
    },
    async (req, reply) => {
      const { user } = req
      const project = await createProject(store, user, trimmed(req.body.title, 'project'))
      return reply.code(201).send({ project: projectOut(project, user.id) })
    },
  )

  app.get(
    '/api/projects/:id',
    {
      preHandler: access.project,
      schema: {
        tags: ['projects'],
        summary:
          'The dashboard timeline: the project, its facilitators, and each meeting by date with its boards and snapshots',
        params: IdParams,
        response: {
          200: Type.Object({
            project: ProjectOut,
            members: Type.Array(MemberOut),
            meetings: Type.Array(
              Type.Composite([
                MeetingOut,
                Type.Object({ boards: Type.Array(BoardOut), snapshots: Type.Array(SnapshotOut) }),
              ]),
            ),
            unscheduled: Type.Object({ boards: Type.Array(BoardOut), snapshots: Type.Array(SnapshotOut) }),
          }),
          401: ErrorOut,
          404: ErrorOut,
        },
      },
    },
    async (req) => {
      const { user, project } = req
      const [members, t] = await Promise.all([store.app.listProjectMembers(project.id), timeline(store, project.id)])
      return {
        project: projectOut(project, user.id),
        members: members.map((m) => ({
          userId: m.userId,
          email: m.email,
          addedAt: m.addedAt,
          owner: m.userId === project.ownerId,
        })),
        meetings: t.meetings.map((m) => ({
          ...meetingOut(m.meeting),
          boards: m.boards.map(boardOut),
          snapshots: m.snapshots.map(snapshotOut),
        })),
        unscheduled: {
          boards: t.unscheduled.boards.map(boardOut),
          snapshots: t.unscheduled.snapshots.map(snapshotOut),
        },
      }
    },
  )

  app.patch(
    '/api/projects/:id',
    {
      preHandler: access.project,
      schema: {
        tags: ['projects'],
        summary: 'Rename a project',
        params: IdParams,
        body: Type.Object({ title: ShortText }),
        response: { 200: Type.Object({ project: ProjectOut }), 400: ErrorOut, 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req) => {
      const { user, project } = req
      const title = trimmed(req.body.title, 'project')
      await store.app.renameProject(project.id, title)
      return { project: projectOut({ ...project, title }, user.id) }
    },
  )

  app.delete(
    '/api/projects/:id',
    {
      preHandler: access.project,
      schema: {
        tags: ['projects'],
        summary: 'Delete a project with all its boards, labels, snapshots, meetings and share links (owner only)',
        params: IdParams,
        response: { 204: Type.Null(), 401: ErrorOut, 403: ErrorOut, 404: ErrorOut },
      },
    },
    async (req, reply) => {
      const { user, project } = req
      if (project.ownerId !== user.id)
        throw new AppError(ErrorCode.Forbidden, 'Only the one who created the project can delete it.')
      await deleteProject(store, rooms, app.blobs, project.id)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/projects/:id/members',
    {
      preHandler: access.project,
      schema: {
        tags: ['projects'],
        summary: 'Share the project with another facilitator, by their sign-in email (owner only)',
        params: IdParams,
        body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 254 }) }),
        response: {
          200: Type.Object({ members: Type.Array(MemberOut) }),
          401: ErrorOut,
          403: ErrorOut,
          404: ErrorOut,
        },
      },
    },
    async (req) => {
      const { user, project } = req
      // Sharing a project hands over every board, label and snapshot in it: the owner's call alone.
      if (project.ownerId !== user.id) {
        throw new AppError(ErrorCode.Forbidden, 'Only the one who created the project can share it.')
      }
      const other = await store.app.getUserByEmail(req.body.email.trim())
      if (!other) throw new AppError(ErrorCode.UnknownFacilitator, 'There is no facilitator with that email.')
      await store.app.addProjectMember(project.id, other.id, Date.now())
      const members = await store.app.listProjectMembers(project.id)
      return {
        members: members.map((m) => ({
          userId: m.userId,
          email: m.email,
          addedAt: m.addedAt,
          owner: m.userId === project.ownerId,
        })),
      }
    },
  )

  app.delete(
    '/api/projects/:id/members/:userId',
    {
      preHandler: access.project,
      schema: {
        tags: ['projects'],
        summary: 'Stop sharing the project with a facilitator (the owner removes others; anyone may leave)',
        params: Type.Object({ id: IdParams.properties.id, userId: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 204: Type.Null(), 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut },
      },
    },
    async (req, reply) => {
      const { user, project } = req
      const { userId } = req.params
      if (userId === project.ownerId) throw new AppError(ErrorCode.BadRequest, 'The owner cannot leave the project.')
      if (userId !== user.id && user.id !== project.ownerId) {
        throw new AppError(ErrorCode.Forbidden, 'Only the owner can remove other facilitators.')
      }
      await store.app.removeProjectMember(project.id, userId)
      // Their open walls of this project close now (a board they own themselves stays theirs).
      for (const board of await store.app.listProjectBoards(project.id)) {
        if (await canManageBoard(store, userId, board)) continue
        for (const room of docNamesOf(board.id)) {
          await rooms.disconnect(room, userId, CloseCode.Unauthorized, 'removed from the project')
        }
      }
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/projects/:id/meetings',
    {
      preHandler: access.project,
      schema: {
        tags: ['meetings'],
        summary: 'Add a dated meeting to the project',
        params: IdParams,
        body: Type.Object({ title: ShortText, date: DateString }),
        response: { 201: Type.Object({ meeting: MeetingOut }), 400: ErrorOut, 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req, reply) => {
      const { project } = req
      const body = req.body
      const meeting = await createMeeting(store, project.id, { title: trimmed(body.title, 'meeting'), date: body.date })
      return reply.code(201).send({ meeting: meetingOut(meeting) })
    },
  )

  app.patch(
    '/api/meetings/:id',
    {
      preHandler: access.meeting,
      schema: {
        tags: ['meetings'],
        summary: "Change a meeting's title or date",
        params: IdParams,
        body: Type.Object({ title: Type.Optional(ShortText), date: Type.Optional(DateString) }),
        response: { 200: Type.Object({ meeting: MeetingOut }), 400: ErrorOut, 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req) => {
      const { meeting } = req
      const body = req.body
      const patch = {
        ...(body.title !== undefined ? { title: trimmed(body.title, 'meeting') } : {}),
        ...(body.date !== undefined ? { date: body.date } : {}),
      }
      await store.app.updateMeeting(meeting.id, patch)
      return { meeting: meetingOut({ ...meeting, ...patch }) }
    },
  )

  app.delete(
    '/api/meetings/:id',
    {
      preHandler: access.meeting,
      schema: {
        tags: ['meetings'],
        summary: 'Delete a meeting; its boards stay in the project without a meeting',
        params: IdParams,
        response: { 204: Type.Null(), 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req, reply) => {
      const { meeting } = req
      await store.app.deleteMeeting(meeting.id)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/projects/:id/archive',
    {
      preHandler: access.project,
      schema: {
        tags: ['snapshots'],
        summary: "The project's archive: every snapshot, oldest first, with its board and meeting",
        params: IdParams,
        response: { 200: Type.Object({ snapshots: Type.Array(ArchiveEntry) }), 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req) => {
      const { project } = req
      return { snapshots: await archive(store, project.id) }
    },
  )

  const RecapQuery = Type.Object(
    {
      today: Type.Optional(DateString),
      nicknames: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')])),
    },
    { additionalProperties: false },
  )

  app.get(
    '/api/projects/:id/recap',
    {
      preHandler: access.project,
      schema: {
        tags: ['projects'],
        summary:
          '"Last time we met": the last meeting before today with the latest snapshot of each of its boards, theme by theme',
        params: IdParams,
        querystring: RecapQuery,
        response: {
          200: Type.Object({
            today: Type.String(),
            meeting: Nullable(MeetingOut),
            snapshots: Type.Array(Type.Object({ snapshot: SnapshotOut, board: BoardOut, wall: WallOut })),
          }),
          400: ErrorOut,
          401: ErrorOut,
          404: ErrorOut,
        },
      },
    },
    async (req) => {
      const { project } = req
      const q = req.query
      const today = todayOr(q.today, timeZoneOf(undefined))
      const last = await lastMeeting(store, project.id, today, q.nicknames === '1')
      return {
        today,
        meeting: last ? meetingOut(last.meeting) : null,
        snapshots: (last?.snapshots ?? []).map((s) => ({
          snapshot: snapshotOut(s.snapshot),
          board: boardOut(s.board),
          wall: wallOut(s.model),
        })),
      }
    },
  )

  app.post(
    '/api/projects/:id/continue',
    {
      preHandler: access.project,
      schema: {
        tags: ['projects'],
        summary:
          "Continue after the recap: open today's board, or create today's meeting and a board that carries on from the last snapshot (or from a template when there is none)",
        params: IdParams,
        body: Type.Object({
          today: Type.Optional(DateString),
          title: Type.Optional(ShortText),
          meetingTitle: Type.Optional(ShortText),
          templateId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        }),
        response: {
          200: Type.Object({
            meeting: MeetingOut,
            board: BoardOut,
            created: Type.Boolean(),
            forkedFrom: Nullable(Type.String()),
          }),
          201: Type.Object({
            meeting: MeetingOut,
            board: BoardOut,
            created: Type.Boolean(),
            forkedFrom: Nullable(Type.String()),
          }),
          400: ErrorOut,
          401: ErrorOut,
          404: ErrorOut,
        },
      },
    },
    async (req, reply) => {
      const { user, project } = req
      const body = req.body
      const locale = requestLocale(req)
      const template =
        body.templateId === undefined ? undefined : await findTemplate(store, user, body.templateId, locale)
      const result = await continueToday(store, app.blobs, user, project, {
        today: todayOr(body.today, timeZoneOf(undefined)),
        locale,
        ...(body.title?.trim() ? { title: body.title.trim() } : {}),
        ...(body.meetingTitle?.trim() ? { meetingTitle: body.meetingTitle.trim() } : {}),
        ...(template
          ? {
              build: (doc, title) => buildFromTemplate(doc, title, template.body),
              settings: { approveFirst: template.body.settings.approveFirst },
            }
          : {}),
      })
      return reply.code(result.created ? 201 : 200).send({
        meeting: meetingOut(result.meeting),
        board: boardOut(result.board),
        created: result.created,
        forkedFrom: result.forkedFrom,
      })
    },
  )

  app.get(
    '/api/projects/:id/report.:format',
    {
      preHandler: access.project,
      schema: {
        tags: ['exports'],
        summary:
          'Project report for colleagues and managers: each meeting, its snapshots, themes and top-voted items (pdf or md)',
        params: Type.Object({
          id: IdParams.properties.id,
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
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const { project } = req
      const { format } = req.params
      return sendReport(store, reply, project, format, req.query, requestLocale(req))
    },
  )

  app.post(
    '/api/projects/:id/shares',
    {
      preHandler: access.project,
      schema: {
        tags: ['shares'],
        summary: "Create a read-only link to the project's archive (walls, transcripts and report; never nicknames)",
        params: IdParams,
        body: CreateShareBody,
        response: { 201: CreatedShareOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req, reply) => {
      const { user, project } = req
      const expiresAt = validExpiry(req.body.expiresAt)
      const { link, token } = await createShareLink(store, user.id, { projectId: project.id }, expiresAt)
      return reply.code(201).send({ share: shareOut(link), token, url: shareUrl(req, opts, token) })
    },
  )

  app.get(
    '/api/projects/:id/shares',
    {
      preHandler: access.project,
      schema: {
        tags: ['shares'],
        summary: "Share links of the project's archive and of its snapshots, revoked ones included",
        params: IdParams,
        response: { 200: Type.Object({ shares: Type.Array(ShareOut) }), 401: ErrorOut, 404: ErrorOut },
      },
    },
    async (req) => {
      const { project } = req
      return { shares: (await store.app.listShareLinks({ projectId: project.id })).map(shareOut) }
    },
  )
}

/** Every snapshot of a project with the title of its board and its meeting. */
export async function archive(store: Store, projectId: string) {
  const t = await timeline(store, projectId)
  const boards = [...t.meetings.flatMap((m) => m.boards), ...t.unscheduled.boards]
  const entries = [
    ...t.meetings.flatMap((m) => m.snapshots.map((s) => ({ s, meeting: m.meeting }))),
    ...t.unscheduled.snapshots.map((s) => ({ s, meeting: null })),
  ]
  return entries
    .sort((a, b) => a.s.createdAt - b.s.createdAt || (a.s.id < b.s.id ? -1 : 1))
    .map(({ s, meeting }) => ({
      ...snapshotOut(s),
      boardTitle: boards.find((b) => b.id === s.boardId)?.title ?? '',
      meetingId: meeting?.id ?? null,
      meetingDate: meeting?.date ?? null,
    }))
}

export const ReportQuery = Type.Object(
  {
    ...LangQuery,
    size: Type.Optional(Type.Union([Type.Literal('A4'), Type.Literal('A3')])),
    tz: Type.Optional(Type.String({ maxLength: 64 })),
    download: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')])),
  },
  { additionalProperties: false },
)
export type ReportQueryType = { lang?: string; size?: 'A4' | 'A3'; tz?: string; download?: '0' | '1' }

export async function sendReport(
  store: Store,
  reply: import('fastify').FastifyReply,
  project: { id: string; title: string; ownerId: string; createdAt: number },
  format: 'pdf' | 'md',
  q: ReportQueryType,
  locale: string,
) {
  const timeZone = timeZoneOf(q.tz)
  const report = await projectReport(store, project)
  const file =
    format === 'md'
      ? { body: projectReportMarkdown(report, { timeZone, locale }), contentType: 'text/markdown; charset=utf-8' }
      : {
          body: await projectReportPdf(report, { size: q.size ?? 'A4', timeZone, locale }),
          contentType: 'application/pdf',
        }
  const name = `${t(locale, 'exports.reportFile')}-${fileSlug(project.title)}`
  return sendFile(reply, file, name, format, q.download === '1')
}

/** An expiry in the future, or null for none. */
export function validExpiry(expiresAt: number | null | undefined): number | null {
  if (expiresAt === undefined || expiresAt === null) return null
  if (!Number.isFinite(expiresAt) || expiresAt <= Date.now()) {
    throw new AppError(ErrorCode.BadRequest, 'The expiry must be in the future.')
  }
  return expiresAt
}

export function shareUrl(req: FastifyRequest, where: PublicAddress, token: string): string {
  return `${appUrlOf(req, where)}/s/${token}`
}
