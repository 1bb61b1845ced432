/** Boards for facilitators, and joining a board with its code for young people. */
import { Type } from '@sinclair/typebox'
import { CloseCode, ErrorCode, heldDocName, MAX_SHORT_TEXT, normalizeJoinCode, Role, validateNickname } from '@vaegavis/shared'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import QRCode from 'qrcode'
import { hashToken, newRandomId, newToken } from '../auth/secrets.ts'
import { AppError } from '../errors.ts'
import { createBoard, deleteBoard } from '../services/boards.ts'
import type { BoardRecord, Store, UserRecord } from '../storage/types.ts'
import type { RoomManager } from '../sync/index.ts'
import { requireUser } from './auth.ts'

const FACILITATOR_TOKEN_MS = 24 * 3600 * 1000

const BoardOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  joinCode: Type.String(),
  createdAt: Type.Number(),
})
const ErrorOut = Type.Object({ code: Type.String(), message: Type.String() })
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

const boardOut = (b: BoardRecord) => ({ id: b.id, title: b.title, joinCode: b.joinCode, createdAt: b.createdAt })

export interface BoardsPluginOptions {
  store: Store
  rooms: RoomManager
  publicUrl: string | undefined
  joinPerMinute: number
}

export async function boardsPlugin(app: FastifyInstance, opts: BoardsPluginOptions): Promise<void> {
  const { store, rooms } = opts

  async function ownBoard(req: FastifyRequest, user: UserRecord): Promise<BoardRecord> {
    const { id } = req.params as { id: string }
    const board = await store.app.getBoard(id)
    // Someone else's board answers like a missing one: ids are not to be probed.
    if (!board || board.ownerId !== user.id) throw new AppError(ErrorCode.NotFound, 'No such board.')
    return board
  }

  app.get(
    '/api/boards',
    { schema: { tags: ['boards'], summary: "The signed-in facilitator's boards", response: { 200: Type.Object({ boards: Type.Array(BoardOut) }) } } },
    async (req) => {
      const user = await requireUser(store, req)
      return { boards: (await store.app.listBoards(user.id)).map(boardOut) }
    },
  )

  app.post(
    '/api/boards',
    {
      schema: {
        tags: ['boards'],
        summary: 'Create a board with the default legend (Problem / Idé / Ønske)',
        body: Type.Object({ title: Type.String({ minLength: 1, maxLength: MAX_SHORT_TEXT }) }),
        response: { 201: Type.Object({ board: BoardOut }), 400: ErrorOut, 401: ErrorOut },
      },
    },
    async (req, reply) => {
      const user = await requireUser(store, req)
      const title = (req.body as { title: string }).title.trim()
      if (title === '') throw new AppError(ErrorCode.BadRequest, 'Give the board a name.')
      const board = await createBoard(store, user.id, title)
      return reply.code(201).send({ board: boardOut(board) })
    },
  )

  app.get(
    '/api/boards/:id',
    { schema: { tags: ['boards'], summary: 'One of your boards', params: IdParams, response: { 200: Type.Object({ board: BoardOut }), 404: ErrorOut } } },
    async (req) => ({ board: boardOut(await ownBoard(req, await requireUser(store, req))) }),
  )

  app.delete(
    '/api/boards/:id',
    { schema: { tags: ['boards'], summary: 'Delete a board and everything on it', params: IdParams, response: { 204: Type.Null(), 404: ErrorOut } } },
    async (req, reply) => {
      const board = await ownBoard(req, await requireUser(store, req))
      await rooms.evict(board.id, CloseCode.BoardGone, 'board deleted')
      await rooms.evict(heldDocName(board.id), CloseCode.BoardGone, 'board deleted')
      await deleteBoard(store, board.id)
      return reply.code(204).send()
    },
  )

  app.post(
    '/api/boards/:id/token',
    {
      schema: {
        tags: ['boards'],
        summary: 'A facilitator token for the board websocket',
        params: IdParams,
        response: { 200: Type.Object({ token: Type.String() }), 404: ErrorOut },
      },
    },
    async (req) => {
      const user = await requireUser(store, req)
      const board = await ownBoard(req, user)
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
    { schema: { tags: ['boards'], summary: 'QR code (SVG) of the join link', params: IdParams } },
    async (req, reply) => {
      const board = await ownBoard(req, await requireUser(store, req))
      const svg = await QRCode.toString(`${originOf(req, opts.publicUrl)}/j/${board.joinCode}`, {
        type: 'svg',
        errorCorrectionLevel: 'M',
        margin: 2,
      })
      return reply.type('image/svg+xml').header('cache-control', 'private, max-age=3600').send(svg)
    },
  )

  const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 32 }) })
  const joinLimit = { rateLimit: { max: opts.joinPerMinute, timeWindow: '1 minute' } }

  async function boardForCode(raw: string): Promise<BoardRecord> {
    const code = normalizeJoinCode(raw)
    const board = code ? await store.app.getBoardByJoinCode(code) : undefined
    if (!board) throw new AppError(ErrorCode.UnknownJoinCode, 'There is no wall with that code. Check the code on the wall.')
    return board
  }

  app.get(
    '/api/join/:code',
    {
      schema: { tags: ['join'], summary: 'Check a join code', params: CodeParams, response: { 200: Type.Object({ title: Type.String() }), 404: ErrorOut } },
      config: joinLimit,
    },
    async (req) => ({ title: (await boardForCode((req.params as { code: string }).code)).title }),
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
          200: Type.Object({ boardId: Type.String(), token: Type.String(), participantId: Type.String(), title: Type.String() }),
          400: ErrorOut,
          404: ErrorOut,
        },
      },
      config: joinLimit,
    },
    async (req) => {
      const body = req.body as { code: string; nickname?: string }
      const nickname = validateNickname(body.nickname)
      if (!nickname.ok) throw new AppError(nickname.code, 'Your nickname is too long. Use at most 30 characters.')
      const board = await boardForCode(body.code)
      const token = newToken()
      const participantId = `p-${newRandomId()}`
      await store.app.createToken({
        tokenHash: hashToken(token),
        boardId: board.id,
        role: Role.Participant,
        subject: participantId,
        nickname: nickname.value,
        createdAt: Date.now(),
        expiresAt: null,
      })
      return { boardId: board.id, token, participantId, title: board.title }
    },
  )
}

/** The origin young people's phones should use: PUBLIC_URL, or how this request reached us. */
export function originOf(req: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl
  return `${req.protocol}://${req.host}`
}
