/**
 * Who may call a route, in one place. Each route names its guard in
 * `preHandler` (after its schema checked the request, so a malformed request
 * still answers 400 before anyone is asked to sign in); the guard loads what the
 * handler works on into the request. A handler reads `req.user`, `req.board`,
 * … only on a route whose guard sets them: elsewhere they are undefined and the
 * handler fails (500), it never acts for nobody.
 */
import { ErrorCode } from '@vaegavis/shared'
import type { FastifyRequest } from 'fastify'
import { hashToken } from '../auth/secrets.ts'
import { AppError } from '../errors.ts'
import { manageableBoard, manageableSnapshot, memberMeeting, memberProject } from '../services/access.ts'
import type {
  BoardRecord,
  MeetingRecord,
  ProjectRecord,
  SnapshotRecord,
  Store,
  TokenRecord,
  UserRecord,
} from '../storage/types.ts'

/** The facilitator's session (HTTP-only, SameSite=Strict; set by `POST /api/auth/login`). */
export const SESSION_COOKIE = 'vg_session'

/** The signed-in facilitator, or a 401. */
export async function requireUser(store: Store, req: FastifyRequest): Promise<UserRecord> {
  const token = req.cookies[SESSION_COOKIE]
  if (token) {
    const session = await store.app.getSession(hashToken(token))
    if (session && session.expiresAt > Date.now()) {
      const user = await store.app.getUserById(session.userId)
      if (user) return user
    }
  }
  throw new AppError(ErrorCode.Unauthorized, 'Please sign in.')
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in facilitator (guards `user`, `board`, `project`, `meeting`, `snapshot`). */
    user: UserRecord
    /** The board in `:id` the facilitator manages (guard `board`), or the snapshot's board (guard `snapshot`). */
    board: BoardRecord
    /** The project in `:id` the facilitator is a member of (guard `project`), or the meeting's project. */
    project: ProjectRecord
    /** The meeting in `:id` of a project the facilitator is a member of (guard `meeting`). */
    meeting: MeetingRecord
    /** The board token (`Authorization: Bearer …`) of a participant or viewer of the board in `:id` (guard `participant`). */
    participant: TokenRecord
    /** The snapshot in `:id` of a board the facilitator manages (guard `snapshot`). */
    snapshot: SnapshotRecord
  }
}

/**
 * The `:id` of the route. Guards serve many routes whose params differ past `:id`, so they take any
 * request and read `:id` after the route's schema has checked it is a string.
 */
function idOf(req: FastifyRequest): string {
  const params: unknown = req.params
  if (typeof params === 'object' && params !== null && 'id' in params && typeof params.id === 'string') return params.id
  throw new AppError(ErrorCode.NotFound, 'Not found.')
}

/** The board token in `Authorization: Bearer …`. */
export function bearerOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined
}

/** The `?token=` of the route, when it has one. */
function tokenOf(req: FastifyRequest): string | undefined {
  const query: unknown = req.query
  if (typeof query === 'object' && query !== null && 'token' in query && typeof query.token === 'string')
    return query.token
  return undefined
}

export interface Guards {
  /** A signed-in facilitator, or 401. */
  user: (req: FastifyRequest) => Promise<void>
  /** A signed-in facilitator who manages the board in `:id`; 401, or 404 as if it did not exist. */
  board: (req: FastifyRequest) => Promise<void>
  /** A member of the project in `:id`; 401, or 404. */
  project: (req: FastifyRequest) => Promise<void>
  /** A member of the project of the meeting in `:id`; 401, or 404. */
  meeting: (req: FastifyRequest) => Promise<void>
  /** Whoever holds a live board token for the board in `:id` in `Authorization: Bearer …`; 401. */
  participant: (req: FastifyRequest) => Promise<void>
  /** A facilitator who manages the board of the snapshot in `:id`; 401, or 404. */
  snapshot: (req: FastifyRequest) => Promise<void>
  /**
   * The board in `:id` for whoever holds its token (`?token=`, a phone), else for a facilitator
   * who manages it; sets `req.user` and `req.board` only in the second case.
   */
  boardOrToken: (req: FastifyRequest) => Promise<void>
  /**
   * Whoever holds a live token of the board in `:id` in `Authorization: Bearer …` (sets
   * `req.participant`), else a facilitator who manages it (sets `req.user` and `req.board`).
   */
  tokenOrBoard: (req: FastifyRequest) => Promise<void>
}

export type GuardName = keyof Guards
const GUARD_NAMES = [
  'user',
  'board',
  'project',
  'meeting',
  'participant',
  'snapshot',
  'boardOrToken',
  'tokenOrBoard',
] as const satisfies readonly GuardName[]
const NAMES = new WeakMap<object, GuardName>()

/** The guard a route runs (its `preHandler`), or `'none'` for a public route; the OpenAPI document shows it. */
export function guardOf(preHandler: unknown): GuardName | 'none' {
  for (const handler of [preHandler].flat()) {
    const name = typeof handler === 'function' ? NAMES.get(handler) : undefined
    if (name) return name
  }
  return 'none'
}

export function guards(store: Store): Guards {
  const user = async (req: FastifyRequest) => {
    req.user = await requireUser(store, req)
  }
  const board = async (req: FastifyRequest) => {
    await user(req)
    req.board = await manageableBoard(store, req.user, idOf(req))
  }
  /** A live token of the board in `:id`, or 401 (the same answer for a wrong board, so boards cannot be probed). */
  const boardToken = async (req: FastifyRequest, token: string | undefined): Promise<TokenRecord> => {
    const record = token ? await store.app.getToken(hashToken(token)) : undefined
    if (!record || record.boardId !== idOf(req) || (record.expiresAt !== null && record.expiresAt < Date.now())) {
      throw new AppError(ErrorCode.Unauthorized, 'Join the wall again with its code.')
    }
    return record
  }
  const all: Guards = {
    user,
    board,
    participant: async (req) => {
      req.participant = await boardToken(req, bearerOf(req))
    },
    project: async (req) => {
      await user(req)
      req.project = await memberProject(store, req.user, idOf(req))
    },
    meeting: async (req) => {
      await user(req)
      const { meeting, project } = await memberMeeting(store, req.user, idOf(req))
      req.meeting = meeting
      req.project = project
    },
    snapshot: async (req) => {
      await user(req)
      const { snapshot, board: of } = await manageableSnapshot(store, req.user, idOf(req))
      req.snapshot = snapshot
      req.board = of
    },
    boardOrToken: async (req) => {
      const token = tokenOf(req)
      if (token === undefined) return board(req)
      await boardToken(req, token)
    },
    tokenOrBoard: async (req) => {
      const token = bearerOf(req)
      if (token === undefined) return board(req)
      req.participant = await boardToken(req, token)
    },
  }
  for (const name of GUARD_NAMES) NAMES.set(all[name], name)
  return all
}
