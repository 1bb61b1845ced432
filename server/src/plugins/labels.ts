/**
 * Labels that must not reach other devices yet: written during private
 * writing or waiting for approval. Phones post them here (not over the shared
 * document), the server keeps them in the board's held document that only
 * facilitators can open, and moves them onto the wall on reveal or approval.
 * Hiding moves a label the same way, off the wall into the held document, so
 * its text leaves every participant's and viewer's device; showing moves it back.
 */

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  addHeldLabel,
  addLabel,
  boundedLabelRecord,
  checkLabelRecord,
  countLabelsByAuthor,
  deleteLabel,
  ErrorCode,
  HeldFor,
  hasLabel,
  heldDocName,
  isCoordinate,
  LabelKind,
  putLabel,
  putLabelRecord,
  Role,
  readHeldLabels,
  readLabel,
  readLabelRecord,
  readLegend,
  readSettings,
  readThemes,
  recordOf,
  setLabelHidden,
  setSetting,
  UNSORTED_SLOTS,
  validateLabelText,
} from '@vaegavis/shared'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type * as Y from 'yjs'
import { hashToken } from '../auth/secrets.ts'
import type { BlobStore } from '../blobs/index.ts'
import { AppError } from '../errors.ts'
import { hideLabels } from '../services/moderation.ts'
import type { Store } from '../storage/types.ts'
import type { RoomManager } from '../sync/index.ts'
import { ErrorOut } from './apiTypes.ts'
import { bearerOf, guards } from './guards.ts'

const HeldOut = Type.Object({
  id: Type.String(),
  text: Type.String(),
  category: Type.String(),
  heldFor: Type.String(),
  createdAt: Type.Number(),
  photo: Type.Optional(Type.String()),
})

export interface LabelsPluginOptions {
  store: Store
  rooms: RoomManager
  /** The board's pictures: a label's `photo` must be one its author sent (POST /api/boards/:id/images). */
  blobs: BlobStore
  /** Held labels one participant may post per minute (the same ceiling however many sockets they hold). */
  labelsPerMinute: number
}

export async function labelsPlugin(base: FastifyInstance, opts: LabelsPluginOptions): Promise<void> {
  // Request types come from each route's schema, so a handler cannot read a field the schema does not check.
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const access = guards(opts.store)
  const { rooms } = opts
  const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

  app.post(
    '/api/boards/:id/labels',
    {
      preHandler: access.participant,
      schema: {
        tags: ['labels'],
        summary:
          'A participant posts a label while the facilitator holds new labels back (private writing or approval), or a label with a picture they sent (held while pictures need approval, else straight onto the wall)',
        params: Params,
        body: Type.Object({
          id: Type.String({ minLength: 8, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' }),
          text: Type.String({ maxLength: 4000 }),
          category: Type.String({ maxLength: 64 }),
          x: Type.Number(),
          y: Type.Number(),
          themeId: Type.Optional(Type.String({ maxLength: 64 })),
          photo: Type.Optional(
            Type.String({
              pattern: '^[0-9a-f]{64}$',
              description: 'Hash of a picture this participant sent with POST /api/boards/{id}/images',
            }),
          ),
        }),
        response: {
          201: Type.Object({ id: Type.String(), status: Type.String() }),
          200: Type.Object({ id: Type.String(), status: Type.String() }),
          400: ErrorOut,
          401: ErrorOut,
          403: ErrorOut,
          413: ErrorOut,
          423: ErrorOut,
        },
      },
      // Per participant, not per address: a club's phones often share one.
      config: {
        rateLimit: {
          max: opts.labelsPerMinute,
          timeWindow: '1 minute',
          keyGenerator: (req: FastifyRequest) => {
            const token = bearerOf(req)
            return token ? `label:${hashToken(token)}` : `label-ip:${req.ip}`
          },
        },
      },
    },
    async (req, reply) => {
      const { id: boardId } = req.params
      const who = req.participant
      if (who.role === Role.Viewer) throw new AppError(ErrorCode.Forbidden, 'This link can only look.')
      const body = req.body
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
      // Only a picture this participant sent: not another phone's, not the facilitator's, not one never sent.
      if (body.photo !== undefined && !(await opts.blobs.uploadedBy(boardId, body.photo, who.subject))) {
        throw new AppError(ErrorCode.ImageNotYours, 'That picture did not come from your phone. Take or draw it again.')
      }

      const board = await rooms.withRoom(boardId, (room) =>
        room.read((doc) => ({
          settings: readSettings(doc),
          refs: {
            categoryIds: new Set(readLegend(doc).map((c) => c.id)),
            themeIds: new Set(readThemes(doc).map((t) => t.id)),
          },
          onWall: hasLabel(doc, body.id),
          counts: countLabelsByAuthor(doc),
        })),
      )
      if (board.onWall) return reply.code(200).send({ id: body.id, status: 'posted' })
      if (board.settings.locked) throw new AppError(ErrorCode.BoardLocked, 'The wall is locked right now.')
      if (!board.refs.categoryIds.has(body.category))
        throw new AppError(ErrorCode.UnknownCategory, 'Pick one of the colours.')
      if (body.themeId !== undefined && !board.refs.themeIds.has(body.themeId))
        throw new AppError(ErrorCode.BadRequest, 'That theme is gone.')
      const { privateWriting, approveFirst, picturesNeedApproval } = board.settings
      const heldFor = privateWriting
        ? HeldFor.Private
        : approveFirst || (body.photo !== undefined && picturesNeedApproval)
          ? HeldFor.Approval
          : null
      if (heldFor === null && body.photo === undefined) {
        throw new AppError(ErrorCode.Conflict, 'Labels go straight onto the wall right now; send it again.')
      }
      const label = {
        id: body.id,
        text: text.value,
        category: body.category,
        x: body.x,
        y: body.y,
        author: who.subject,
        createdAt: Date.now(),
        kind: body.themeId ? LabelKind.Answer : LabelKind.Label,
        ...(body.themeId ? { themeId: body.themeId } : {}),
        ...(who.nickname ? { nickname: who.nickname } : {}),
        ...(body.photo !== undefined ? { photo: body.photo } : {}),
      }
      // The same schema check a label written over the socket meets.
      const { id: _id, ...fields } = label
      const shape = checkLabelRecord(label.id, recordOf({ ...fields, heldFor: heldFor ?? undefined }), board.refs)
      if (shape) throw new AppError(ErrorCode.BadRequest, 'That label cannot be saved.')
      const { maxLabels, maxLabelsPerParticipant } = rooms.limits
      if (heldFor === null) {
        // A picture label with nothing holding it back: the server writes it onto the wall, as the phone
        // cannot (a phone never writes `photo` over the socket; rights.ts refuses it).
        const held = await rooms.withRoom(heldDocName(boardId), (room) =>
          room.read((doc) => ({ has: hasLabel(doc, body.id), counts: countLabelsByAuthor(doc) })),
        )
        if (held.has) return reply.code(200).send({ id: body.id, status: 'held' })
        const posted = await rooms.withRoom(boardId, (room) =>
          room.applyServerChange((doc) => {
            if (hasLabel(doc, body.id)) return 'posted-already'
            const wall = countLabelsByAuthor(doc)
            if (wall.total + held.counts.total >= maxLabels) return 'board-full'
            const mine = (wall.by.get(who.subject) ?? 0) + (held.counts.by.get(who.subject) ?? 0)
            if (mine >= maxLabelsPerParticipant) return 'participant-full'
            addLabel(doc, label)
            return 'posted'
          }),
        )
        if (posted === 'board-full') throw new AppError(ErrorCode.BoardFull, 'The wall is full.')
        if (posted === 'participant-full')
          throw new AppError(ErrorCode.BoardFull, 'You have written as many labels as one person can here.')
        return reply.code(posted === 'posted' ? 201 : 200).send({ id: body.id, status: 'posted' })
      }
      const status = await rooms.withRoom(heldDocName(boardId), (room) =>
        room.applyServerChange((doc) => {
          if (hasLabel(doc, body.id)) return 'held-already'
          // Counted across the wall and the held labels: a reveal must never take the wall past its limits.
          const held = countLabelsByAuthor(doc)
          if (board.counts.total + held.total >= maxLabels) return 'board-full'
          const mine = (board.counts.by.get(who.subject) ?? 0) + (held.by.get(who.subject) ?? 0)
          if (mine >= maxLabelsPerParticipant) return 'participant-full'
          addHeldLabel(doc, label, heldFor)
          return 'held'
        }),
      )
      if (status === 'board-full') throw new AppError(ErrorCode.BoardFull, 'The wall is full.')
      if (status === 'participant-full')
        throw new AppError(ErrorCode.BoardFull, 'You have written as many labels as one person can here.')
      return reply.code(status === 'held' ? 201 : 200).send({ id: body.id, status: 'held' })
    },
  )

  const LabelIds = Type.Object({
    labelIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 500 }),
  })

  app.post(
    '/api/boards/:id/labels/hide',
    {
      preHandler: access.board,
      schema: {
        tags: ['labels'],
        summary:
          'Hide labels: they move to the held document, so no participant or viewer receives their text any more',
        params: Params,
        body: LabelIds,
        response: { 200: Type.Object({ hidden: Type.Number() }), 404: ErrorOut },
      },
    },
    async (req) => {
      const boardId = req.board.id
      const { labelIds } = req.body
      return { hidden: await hideLabels(rooms, boardId, labelIds) }
    },
  )

  app.post(
    '/api/boards/:id/labels/show',
    {
      preHandler: access.board,
      schema: {
        tags: ['labels'],
        summary: 'Show hidden labels again: they return to the wall with the same id, author, theme and position',
        params: Params,
        body: LabelIds,
        response: { 200: Type.Object({ shown: Type.Number() }), 404: ErrorOut },
      },
    },
    async (req) => {
      const boardId = req.board.id
      const { labelIds } = req.body
      const wanted = new Set(labelIds)
      const records = await rooms.withRoom(heldDocName(boardId), (room) =>
        room.read((doc) =>
          readHeldLabels(doc)
            .filter((l) => l.heldFor === HeldFor.Hidden && wanted.has(l.id))
            .flatMap((l) => {
              const stored = readLabelRecord(doc, l.id)
              const r = stored && boundedLabelRecord(stored)
              return r ? [{ id: l.id, record: r }] : []
            }),
        ),
      )
      const shown = await rooms.withRoom(boardId, (room) =>
        room.applyServerChange((doc) => {
          const themes = new Set(readThemes(doc).map((t) => t.id))
          let n = 0
          for (const { id, record } of records) {
            const { heldFor: _why, ...rest } = record
            // Its theme may have been deleted while it was hidden: it comes back unsorted, as a label.
            const lost = typeof rest.themeId === 'string' && !themes.has(rest.themeId)
            const back = lost ? { ...rest, themeId: undefined, themeOrder: undefined, kind: LabelKind.Label } : rest
            if (putLabelRecord(doc, id, back)) n++
          }
          // Labels hidden before hiding moved them off the wall carry a flag instead.
          for (const id of wanted) if (showLegacyHidden(doc, id)) n++
          return n
        }),
      )
      if (records.length > 0) {
        await rooms.withRoom(heldDocName(boardId), (room) =>
          room.applyServerChange((doc) => {
            for (const { id } of records) deleteLabel(doc, id)
          }),
        )
      }
      return { shown }
    },
  )

  app.get(
    '/api/boards/:id/labels/held/mine',
    {
      preHandler: access.participant,
      schema: {
        tags: ['labels'],
        summary: "A participant's own labels that are still held back",
        params: Params,
        response: { 200: Type.Object({ labels: Type.Array(HeldOut) }), 401: ErrorOut },
      },
    },
    async (req) => {
      const { id: boardId } = req.params
      const who = req.participant
      const labels = await rooms.withRoom(heldDocName(boardId), (room) => room.read(readHeldLabels))
      return {
        labels: labels
          .filter((l) => l.author === who.subject)
          .map((l) => ({
            id: l.id,
            text: l.text,
            category: l.category,
            heldFor: l.heldFor,
            createdAt: l.createdAt,
            ...(l.photo ? { photo: l.photo } : {}),
          })),
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
        for (const l of chosen) deleteLabel(doc, l.id)
      }),
    )
    return chosen.length
  }

  app.post(
    '/api/boards/:id/reveal',
    {
      preHandler: access.board,
      schema: {
        tags: ['labels'],
        summary: 'Reveal every privately written label and end private writing',
        params: Params,
        response: { 200: Type.Object({ revealed: Type.Number() }), 404: ErrorOut },
      },
    },
    async (req) => {
      const boardId = req.board.id
      const revealed = await release(boardId, (heldFor) => heldFor === HeldFor.Private)
      await rooms.withRoom(boardId, (room) => room.applyServerChange((doc) => setSetting(doc, 'privateWriting', false)))
      return { revealed }
    },
  )

  const HeldParams = Type.Object({ id: Type.String({ maxLength: 64 }), labelId: Type.String({ maxLength: 64 }) })

  app.post(
    '/api/boards/:id/held/:labelId/approve',
    {
      preHandler: access.board,
      schema: {
        tags: ['labels'],
        summary: 'Approve a held label: it goes onto the wall',
        params: HeldParams,
        response: { 200: Type.Object({ approved: Type.Number() }), 404: ErrorOut },
      },
    },
    async (req) => {
      const boardId = req.board.id
      const { labelId } = req.params
      const approved = await release(boardId, (_, id) => id === labelId)
      if (approved === 0) throw new AppError(ErrorCode.NotFound, 'That label is not waiting any more.')
      return { approved }
    },
  )

  app.post(
    '/api/boards/:id/held/:labelId/reject',
    {
      preHandler: access.board,
      schema: {
        tags: ['labels'],
        summary: 'Reject a held label: it is deleted and never shown',
        params: HeldParams,
        response: { 200: Type.Object({ rejected: Type.Number() }), 404: ErrorOut },
      },
    },
    async (req) => {
      const boardId = req.board.id
      const { labelId } = req.params
      const rejected = await rooms.withRoom(heldDocName(boardId), (room) =>
        room.applyServerChange((doc) => {
          if (!hasLabel(doc, labelId)) return 0
          deleteLabel(doc, labelId)
          return 1
        }),
      )
      if (rejected === 0) throw new AppError(ErrorCode.NotFound, 'That label is not waiting any more.')
      return { rejected }
    },
  )
}

/** Clears the flag of a label hidden the old way (kept on the wall); true if there was one. */
function showLegacyHidden(doc: Y.Doc, id: string): boolean {
  const label = readLabel(doc, id)
  if (!label?.hidden) return false
  setLabelHidden(doc, id, false)
  return true
}
