/**
 * Labels that must not reach other devices yet: written during private
 * writing or waiting for approval. Phones post them here (not over the shared
 * document), the server keeps them in the board's held document that only
 * facilitators can open, and moves them onto the wall on reveal or approval.
 */
import { Type } from '@sinclair/typebox'
import {
  addHeldLabel,
  ErrorCode,
  HeldFor,
  heldDocName,
  isCoordinate,
  LabelKind,
  putLabel,
  Role,
  readHeldLabels,
  readLegend,
  readSettings,
  readThemes,
  rootsOf,
  UNSORTED_SLOTS,
  validateLabelText,
} from '@vaegavis/shared'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { hashToken } from '../auth/secrets.ts'
import { AppError } from '../errors.ts'
import { manageableBoard } from '../services/access.ts'
import type { Store, TokenRecord } from '../storage/types.ts'
import type { RoomManager } from '../sync/index.ts'
import { requireUser } from './auth.ts'

const ErrorOut = Type.Object({ code: Type.String(), message: Type.String() })
const HeldOut = Type.Object({
  id: Type.String(),
  text: Type.String(),
  category: Type.String(),
  heldFor: Type.String(),
  createdAt: Type.Number(),
})

export interface LabelsPluginOptions {
  store: Store
  rooms: RoomManager
}

/** The board token in `Authorization: Bearer …`, which must be for this board. */
async function requireBoardToken(store: Store, req: FastifyRequest, boardId: string): Promise<TokenRecord> {
  const header = req.headers.authorization
  const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined
  const record = token ? await store.app.getToken(hashToken(token)) : undefined
  if (!record || record.boardId !== boardId || (record.expiresAt !== null && record.expiresAt < Date.now())) {
    throw new AppError(ErrorCode.Unauthorized, 'Join the wall again with its code.')
  }
  return record
}

export async function labelsPlugin(app: FastifyInstance, opts: LabelsPluginOptions): Promise<void> {
  const { store, rooms } = opts
  const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

  /** The board in `:id`, which the signed-in facilitator must own or share through its project. */
  async function ownBoardId(req: FastifyRequest): Promise<string> {
    const user = await requireUser(store, req)
    return (await manageableBoard(store, user, (req.params as { id: string }).id)).id
  }

  app.post(
    '/api/boards/:id/labels',
    {
      schema: {
        tags: ['labels'],
        summary:
          'A participant posts a label while the facilitator holds new labels back (private writing or approval)',
        params: Params,
        body: Type.Object({
          id: Type.String({ minLength: 8, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' }),
          text: Type.String({ maxLength: 4000 }),
          category: Type.String({ maxLength: 64 }),
          x: Type.Number(),
          y: Type.Number(),
          themeId: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: {
          201: Type.Object({ id: Type.String(), status: Type.String() }),
          200: Type.Object({ id: Type.String(), status: Type.String() }),
          400: ErrorOut,
          401: ErrorOut,
          423: ErrorOut,
        },
      },
    },
    async (req, reply) => {
      const { id: boardId } = req.params as { id: string }
      const who = await requireBoardToken(store, req, boardId)
      if (who.role === Role.Viewer) throw new AppError(ErrorCode.Forbidden, 'This link can only look.')
      const body = req.body as { id: string; text: string; category: string; x: number; y: number; themeId?: string }
      const text = validateLabelText(body.text)
      if (!text.ok) {
        throw new AppError(
          text.code,
          text.code === ErrorCode.TextTooLong
            ? 'Your label is too long: at most 280 characters.'
            : 'Write something first.',
        )
      }
      if (!isCoordinate(body.x) || !isCoordinate(body.y)) throw new AppError(ErrorCode.BadRequest, 'Invalid position.')

      const board = await rooms.withRoom(boardId, (room) =>
        room.read((doc) => ({
          settings: readSettings(doc),
          categories: new Set(readLegend(doc).map((c) => c.id)),
          themes: new Set(readThemes(doc).map((t) => t.id)),
          onWall: rootsOf.labels(doc).has(body.id),
        })),
      )
      if (board.onWall) return reply.code(200).send({ id: body.id, status: 'posted' })
      if (board.settings.locked) throw new AppError(ErrorCode.BoardLocked, 'The wall is locked right now.')
      if (!board.categories.has(body.category))
        throw new AppError(ErrorCode.UnknownCategory, 'Pick one of the colours.')
      if (body.themeId !== undefined && !board.themes.has(body.themeId))
        throw new AppError(ErrorCode.BadRequest, 'That theme is gone.')
      const heldFor = board.settings.privateWriting
        ? HeldFor.Private
        : board.settings.approveFirst
          ? HeldFor.Approval
          : null
      if (heldFor === null) {
        throw new AppError(ErrorCode.Conflict, 'Labels go straight onto the wall right now; send it again.')
      }
      const status = await rooms.withRoom(heldDocName(boardId), (room) =>
        room.applyServerChange((doc) => {
          if (rootsOf.labels(doc).has(body.id)) return 'held-already'
          addHeldLabel(
            doc,
            {
              id: body.id,
              text: text.value,
              category: body.category,
              x: body.x,
              y: body.y,
              author: who.subject,
              kind: body.themeId ? LabelKind.Answer : LabelKind.Label,
              ...(body.themeId ? { themeId: body.themeId } : {}),
              ...(who.nickname ? { nickname: who.nickname } : {}),
            },
            heldFor,
          )
          return 'held'
        }),
      )
      return reply.code(status === 'held' ? 201 : 200).send({ id: body.id, status: 'held' })
    },
  )

  app.get(
    '/api/boards/:id/labels/held/mine',
    {
      schema: {
        tags: ['labels'],
        summary: "A participant's own labels that are still held back",
        params: Params,
        response: { 200: Type.Object({ labels: Type.Array(HeldOut) }), 401: ErrorOut },
      },
    },
    async (req) => {
      const { id: boardId } = req.params as { id: string }
      const who = await requireBoardToken(store, req, boardId)
      const labels = await rooms.withRoom(heldDocName(boardId), (room) => room.read(readHeldLabels))
      return {
        labels: labels
          .filter((l) => l.author === who.subject)
          .map((l) => ({ id: l.id, text: l.text, category: l.category, heldFor: l.heldFor, createdAt: l.createdAt })),
      }
    },
  )

  /**
   * Moves held labels onto the wall; the wall write is stored before the held
   * copy is removed. A released label goes onto the unsorted area's slot
   * grid, whatever position its phone sent: the walls flow labels standing on
   * a slot side by side with the other new ones, so a reveal of twenty labels
   * written at once never stacks them on one spot or on a theme.
   */
  async function release(boardId: string, pick: (heldFor: HeldFor, id: string) => boolean): Promise<number> {
    const held = await rooms.withRoom(heldDocName(boardId), (room) => room.read(readHeldLabels))
    const chosen = held.filter((l) => pick(l.heldFor, l.id))
    if (chosen.length === 0) return 0
    await rooms.withRoom(boardId, (room) =>
      room.applyServerChange((doc) => {
        for (const l of chosen) putLabel(doc, { ...l, x: UNSORTED_SLOTS.originX, y: UNSORTED_SLOTS.originY })
      }),
    )
    await rooms.withRoom(heldDocName(boardId), (room) =>
      room.applyServerChange((doc) => {
        for (const l of chosen) rootsOf.labels(doc).delete(l.id)
      }),
    )
    return chosen.length
  }

  app.post(
    '/api/boards/:id/reveal',
    {
      schema: {
        tags: ['labels'],
        summary: 'Reveal every privately written label and end private writing',
        params: Params,
        response: { 200: Type.Object({ revealed: Type.Number() }), 404: ErrorOut },
      },
    },
    async (req) => {
      const boardId = await ownBoardId(req)
      const revealed = await release(boardId, (heldFor) => heldFor === HeldFor.Private)
      await rooms.withRoom(boardId, (room) =>
        room.applyServerChange((doc) => rootsOf.settings(doc).set('privateWriting', false)),
      )
      return { revealed }
    },
  )

  const HeldParams = Type.Object({ id: Type.String({ maxLength: 64 }), labelId: Type.String({ maxLength: 64 }) })

  app.post(
    '/api/boards/:id/held/:labelId/approve',
    {
      schema: {
        tags: ['labels'],
        summary: 'Approve a held label: it goes onto the wall',
        params: HeldParams,
        response: { 200: Type.Object({ approved: Type.Number() }), 404: ErrorOut },
      },
    },
    async (req) => {
      const boardId = await ownBoardId(req)
      const { labelId } = req.params as { labelId: string }
      const approved = await release(boardId, (_, id) => id === labelId)
      if (approved === 0) throw new AppError(ErrorCode.NotFound, 'That label is not waiting any more.')
      return { approved }
    },
  )

  app.post(
    '/api/boards/:id/held/:labelId/reject',
    {
      schema: {
        tags: ['labels'],
        summary: 'Reject a held label: it is deleted and never shown',
        params: HeldParams,
        response: { 200: Type.Object({ rejected: Type.Number() }), 404: ErrorOut },
      },
    },
    async (req) => {
      const boardId = await ownBoardId(req)
      const { labelId } = req.params as { labelId: string }
      const rejected = await rooms.withRoom(heldDocName(boardId), (room) =>
        room.applyServerChange((doc) => {
          const labels = rootsOf.labels(doc)
          if (!labels.has(labelId)) return 0
          labels.delete(labelId)
          return 1
        }),
      )
      if (rejected === 0) throw new AppError(ErrorCode.NotFound, 'That label is not waiting any more.')
      return { rejected }
    },
  )
}
