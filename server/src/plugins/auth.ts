/** Facilitator sign-in with an HTTP-only session cookie. */

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ErrorCode } from '@vaegavis/shared'
import type { FastifyInstance } from 'fastify'
import { hashToken, newToken, verifyPassword } from '../auth/secrets.ts'
import { AppError } from '../errors.ts'
import type { Store } from '../storage/types.ts'
import { ErrorOut, UserOut } from './apiTypes.ts'
import { guards, SESSION_COOKIE } from './guards.ts'

const SESSION_MS = 14 * 24 * 3600 * 1000

export interface AuthPluginOptions {
  store: Store
  cookieSecure: boolean
  loginPerMinute: number
  /** Base path behind a proxy (`/vaegavis`, or `''`): the session cookie is scoped to it. */
  basePath: string
}

export async function authPlugin(base: FastifyInstance, opts: AuthPluginOptions): Promise<void> {
  // Request types come from each route's schema, so a handler cannot read a field the schema does not check.
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const access = guards(opts.store)
  const { store } = opts
  // Another app on the same host outside our prefix never sees the session.
  const cookiePath = opts.basePath || '/'
  const Login = Type.Object({
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  })

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in as a facilitator; sets the session cookie',
        body: Login,
        response: { 200: Type.Object({ user: UserOut }), 401: ErrorOut },
      },
      config: { rateLimit: { max: opts.loginPerMinute, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const { email, password } = req.body
      const user = await store.app.getUserByEmail(email)
      // Verify even for unknown emails so timing does not reveal which accounts exist.
      const ok = await verifyPassword(password, user?.passwordHash ?? 'scrypt$16384$AAAA$AAAA')
      if (!user || !ok) throw new AppError(ErrorCode.InvalidCredentials, 'Wrong email or password.')
      const token = newToken()
      await store.app.createSession({
        tokenHash: hashToken(token),
        userId: user.id,
        expiresAt: Date.now() + SESSION_MS,
      })
      reply.setCookie(SESSION_COOKIE, token, {
        path: cookiePath,
        httpOnly: true,
        sameSite: 'strict',
        secure: opts.cookieSecure,
        maxAge: SESSION_MS / 1000,
      })
      return { user: { id: user.id, email: user.email } }
    },
  )

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: Type.Null() } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE]
      if (token) await store.app.deleteSession(hashToken(token))
      reply.clearCookie(SESSION_COOKIE, { path: cookiePath })
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/me',
    {
      preHandler: access.user,
      schema: {
        tags: ['auth'],
        summary: 'The signed-in facilitator',
        response: { 200: Type.Object({ user: UserOut }), 401: ErrorOut },
      },
    },
    async (req) => {
      const { user } = req
      return { user: { id: user.id, email: user.email } }
    },
  )
}
