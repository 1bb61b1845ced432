/**
 * The websocket transport: authenticates before the upgrade (a 401, not an
 * open-then-close), then hands raw frames to the sync core. Thin on purpose.
 *
 * A phone may also join and open the board in one request:
 * `/ws/<join code>?join=1&token=<token it made>[&nickname=…]`. The join is
 * checked and stored before the upgrade, like `POST /api/join`; the first
 * frame then tells the phone its board and participant id (`Joined`). On a
 * slow connection that saves a whole round trip before the first label.
 */

import type { ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { CloseCode, ErrorCode, parseDocName, Role, validateNickname, WS_PATH } from '@vaegavis/shared'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { WebSocket } from 'ws'
import { hashToken } from '../auth/secrets.ts'
import { AppError } from '../errors.ts'
import { canManageBoard } from '../services/access.ts'
import { CLIENT_TOKEN, joinBoard } from '../services/join.ts'
import { moveLegacyHidden } from '../services/moderation.ts'
import type { Store, TokenRecord } from '../storage/types.ts'
import type { RoomManager } from '../sync/index.ts'
import { encodeJoined, encodeSyncStep1 } from '../sync/protocol.ts'

export interface SyncPluginOptions {
  store: Store
  rooms: RoomManager
  /** Origins (besides the server's own) allowed to open sockets. */
  allowedOrigins: string[]
  /** Joins per minute and address through the socket, as for `POST /api/join`. */
  joinPerMinute: number
}

declare module 'fastify' {
  interface FastifyRequest {
    boardToken?: TokenRecord
    /** Set when this request joined the board (`?join=1`): the board's title for the `Joined` frame. */
    joinedTitle?: string
  }
}

function deny(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ code, message })
}

/**
 * What the socket address carries. Not validated by a schema: `authorize` runs before validation and
 * answers a bad token or nickname with its own code, and a repeated key arrives as an array.
 */
interface SocketRoute {
  Params: { boardId: string }
  Querystring: Partial<Record<'token' | 'nickname' | 'join' | 'ack', string | string[]>>
}
type SocketRequest = FastifyRequest<SocketRoute>

export async function syncPlugin(base: FastifyInstance, opts: SyncPluginOptions): Promise<void> {
  // Request types come from each route's schema, so a handler cannot read a field the schema does not check.
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const { store, rooms } = opts
  const joinLimit = app.rateLimit({ max: opts.joinPerMinute, timeWindow: '1 minute' })

  async function authorizeJoin(req: SocketRequest, reply: FastifyReply) {
    await joinLimit.call(app, req, reply)
    const query = req.query
    const { boardId: code } = req.params
    const token = query.token
    if (typeof token !== 'string' || !CLIENT_TOKEN.test(token)) {
      return deny(reply, 400, ErrorCode.BadRequest, 'Joining needs a random token of at least 43 characters.')
    }
    const nickname = validateNickname(query.nickname)
    if (!nickname.ok) return deny(reply, 400, nickname.code, 'Your nickname is too long. Use at most 30 characters.')
    // A plain GET (the phone asking why its socket failed) learns about the code but joins nothing.
    if (req.headers.upgrade?.toLowerCase() !== 'websocket') {
      if (!(await store.app.getBoardByJoinCode(code)))
        return deny(reply, 404, ErrorCode.UnknownJoinCode, 'There is no wall with that code.')
      return deny(reply, 426, ErrorCode.BadRequest, 'Open this address as a websocket.')
    }
    try {
      const joined = await joinBoard(store, { code, nickname: nickname.value, token })
      const record = await store.app.getToken(hashToken(joined.token))
      if (!record) return deny(reply, 401, ErrorCode.Unauthorized, 'This token does not open this board.')
      await moveLegacyHidden(rooms, record.boardId)
      req.boardToken = record
      req.joinedTitle = joined.board.title
      return undefined
    } catch (e: unknown) {
      if (e instanceof AppError && e.code === ErrorCode.UnknownJoinCode)
        return deny(reply, 404, ErrorCode.UnknownJoinCode, 'There is no wall with that code.')
      if (e instanceof AppError && e.code === ErrorCode.Unauthorized)
        return deny(reply, 401, ErrorCode.Unauthorized, 'This token does not open this board.')
      throw e
    }
  }

  async function authorize(req: SocketRequest, reply: FastifyReply) {
    const origin = req.headers.origin
    if (origin !== undefined && !sameOrigin(origin, req) && !opts.allowedOrigins.includes(origin)) {
      return deny(reply, 403, ErrorCode.Forbidden, 'This origin may not open a board.')
    }
    if (req.query.join === '1') return authorizeJoin(req, reply)
    const { boardId: room } = req.params
    // The board's held document keeps labels held back or hidden: facilitators only.
    const { boardId, held } = parseDocName(room)
    const token = req.query.token
    if (typeof token !== 'string' || token === '') {
      return deny(reply, 401, ErrorCode.Unauthorized, 'A token is needed to open a board.')
    }
    const record = await store.app.getToken(hashToken(token))
    if (!record || record.boardId !== boardId || (record.expiresAt !== null && record.expiresAt < Date.now())) {
      // Unknown board and wrong token answer alike, so board ids cannot be probed with a valid token.
      const board = await store.app.getBoard(boardId)
      if (!board) return deny(reply, 404, ErrorCode.NotFound, 'No such board.')
      return deny(reply, 401, ErrorCode.Unauthorized, 'This token does not open this board.')
    }
    if (held && record.role !== Role.Facilitator) {
      return deny(reply, 403, ErrorCode.Forbidden, 'Only the facilitator sees labels that are held back.')
    }
    // A facilitator's token outlives a change of hands: one removed from the project must not get back in with it.
    if (record.role === Role.Facilitator) {
      const board = await store.app.getBoard(boardId)
      if (!board || !(await canManageBoard(store, record.subject, board))) {
        return deny(reply, 401, ErrorCode.Unauthorized, 'You no longer facilitate this board.')
      }
    }
    // A label hidden before hiding moved labels off the wall would reach this device: move it first.
    // Facilitators see hidden labels anyway, so their wall opens a cold board without replaying it.
    if (!held && record.role !== Role.Facilitator) await moveLegacyHidden(rooms, boardId)
    req.boardToken = record
    return undefined
  }

  app.get<SocketRoute>(
    `${WS_PATH}/:boardId`,
    { websocket: true, preValidation: authorize, schema: { hide: true } },
    (socket, req) => {
      const record = req.boardToken
      if (!record) {
        socket.close(CloseCode.Unauthorized, 'unauthorized')
        return
      }
      const query = req.query
      const joined = req.joinedTitle !== undefined
      // A joining socket names the board by its code; it syncs the board the code opened.
      const room = joined ? record.boardId : req.params.boardId
      // Before the sync core says anything: the phone needs its participant id before it writes.
      if (joined) socket.send(encodeJoined(record.boardId, record.subject, req.joinedTitle ?? ''), { binary: true })
      const handle = rooms.connect(room, toSyncSocket(socket), {
        role: record.role as Role,
        subject: record.subject,
        wantsAck: query.ack === '1',
      })
      // A phone that joins has nothing of the board yet, so its sync step 1 can only be the empty one. Asked for
      // it now, the board goes out right behind `Joined` instead of one round trip later (0.4 s on Slow 3G); the
      // phone's own empty step 1, its first message, is then answered already and is not sent the board twice.
      let answered = joined
      if (joined) handle.receive(EMPTY_SYNC_STEP_1)
      // Attached synchronously: the core buffers messages while the board loads.
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary) {
          socket.close(CloseCode.MalformedMessage, 'binary messages only')
          return
        }
        const message = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
        if (answered) {
          answered = false
          if (sameBytes(message, EMPTY_SYNC_STEP_1)) return
        }
        handle.receive(message)
      })
      const log = app.log
      const boardId = record.boardId
      releaseUpgrade(socket, req)
      socket.on('error', (err) => {
        // An unclean disconnect, or a frame ws refused: this socket is done (as the library's handler did).
        log.debug({ err, board: boardId }, 'websocket error')
        socket.terminate()
      })
      socket.on('close', () => handle.closed())
    },
  )
}

/**
 * Lets go of the HTTP upgrade once the socket is open. @fastify/websocket keeps the request and reply
 * alive as long as the socket: its own 'error' listener closes over both, and the response it made for
 * routing stays assigned to the TCP socket. That is headers, query, a child logger, the Fastify request
 * and reply and the Node request and response: ~6 KB of heap per open socket, for nothing a board
 * socket reads after this handler (scripts/memory.ts, issue #15). Our own 'error' listener replaces the
 * library's (which only logs), so the socket is never without one.
 */
function releaseUpgrade(socket: WebSocket, req: FastifyRequest): void {
  socket.removeAllListeners('error')
  const tcp = req.raw.socket as Socket & { _httpMessage?: ServerResponse | null }
  const res = tcp._httpMessage
  if (res) res.detachSocket(tcp)
}

/** Sync step 1 of a client that has nothing: an empty state vector. */
const EMPTY_SYNC_STEP_1 = encodeSyncStep1(Uint8Array.of(0))

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i])
}

function toSyncSocket(socket: WebSocket) {
  return {
    send(data: Uint8Array) {
      if (socket.readyState === socket.OPEN) socket.send(data, { binary: true })
    },
    close(code: number, reason: string) {
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason)
    },
  }
}

function sameOrigin(origin: string, req: FastifyRequest): boolean {
  try {
    return new URL(origin).host === req.host
  } catch {
    return false
  }
}
