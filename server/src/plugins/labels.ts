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
import { ErrorCode, Role } from '@vaegavis/shared'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { hashToken } from '../auth/secrets.ts'
import type { BlobStore } from '../blobs/index.ts'
import { AppError } from '../errors.ts'
import { approveHeld, heldOf, postLabel, rejectHeld, revealPrivate } from '../services/held.ts'
import { hideLabels, showLabels } from '../services/moderation.ts'
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
      // Only a picture this participant sent: not another phone's, not the facilitator's, not one never sent.
      if (body.photo !== undefined && !(await opts.blobs.uploadedBy(boardId, body.photo, who.subject))) {
        throw new AppError(ErrorCode.ImageNotYours, 'That picture did not come from your phone. Take or draw it again.')
      }
      const posted = await postLabel(rooms, boardId, who, body)
      return reply.code(posted.created ? 201 : 200).send({ id: body.id, status: posted.status })
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
    async (req) => ({ shown: await showLabels(rooms, req.board.id, req.body.labelIds) }),
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
      return {
        labels: (await heldOf(rooms, boardId, who.subject)).map((l) => ({
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
      return { revealed: await revealPrivate(rooms, req.board.id) }
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
      return { approved: await approveHeld(rooms, req.board.id, req.params.labelId) }
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
      return { rejected: await rejectHeld(rooms, req.board.id, req.params.labelId) }
    },
  )
}
