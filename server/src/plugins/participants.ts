/** Facilitator routes about the people on a board (the door itself is a board setting, written over the socket). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { ParticipantParams, RemoveParticipantBody, RemoveParticipantOut } from '@vaegavis/shared/api'
import type { FastifyInstance } from 'fastify'
import { removeParticipant } from '../services/participants.ts'
import type { Store } from '../storage/types.ts'
import type { RoomManager } from '../sync/index.ts'
import { ErrorOut } from './apiTypes.ts'
import { guards } from './guards.ts'

export interface ParticipantsPluginOptions {
  store: Store
  rooms: RoomManager
}

export async function participantsPlugin(base: FastifyInstance, opts: ParticipantsPluginOptions): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const access = guards(opts.store)

  app.post(
    '/api/boards/:id/participants/:participantId/remove',
    {
      preHandler: access.board,
      schema: {
        tags: ['participants'],
        summary:
          'Take a participant off the board: their sockets close (4410) on every instance, their token stops working, and their labels stay or go',
        params: ParticipantParams,
        body: RemoveParticipantBody,
        response: { 200: RemoveParticipantOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut },
      },
    },
    async (req) => {
      const { deleted } = await removeParticipant(
        opts.store,
        opts.rooms,
        req.board.id,
        req.params.participantId,
        req.body.labels,
      )
      return { removed: true as const, deletedLabels: deleted }
    },
  )
}
