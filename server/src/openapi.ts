/**
 * What `/api/openapi.json` tells an integrator beyond each route's own schema:
 * how to authenticate (the session cookie, a board token), the CSRF header every
 * state-changing request must carry, and every error a route can answer with
 * its codes. Derived from the route (its guard, method, schema, rate limit), so
 * the document cannot drift from what the server enforces.
 */
import { CSRF_HEADER, ErrorCode, httpStatusOf } from '@vaegavis/shared'
import type { RouteOptions } from 'fastify'

export { ErrorOut } from './plugins/apiTypes.ts'

import { type GuardName, guardOf, SESSION_COOKIE } from './plugins/guards.ts'

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** The error codes answered with one HTTP status. */
export function errorCodesOf(status: number): ErrorCode[] {
  return Object.values(ErrorCode).filter((code) => httpStatusOf[code] === status)
}

function errorOut(status: number, why: string) {
  const codes = errorCodesOf(status)
  return {
    description: `${why} (code ${codes.join(', ')})`,
    type: 'object',
    required: ['code', 'message'],
    properties: {
      code: { type: 'string', enum: codes },
      message: { type: 'string' },
    },
  }
}

export const securitySchemes = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'A facilitator’s session: `POST /api/auth/login` sets it (HTTP-only, SameSite=Strict).',
  },
  boardToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'A board token, as `POST /api/join` (a participant) or `POST /api/boards/{id}/token` returns it.',
  },
  boardTokenQuery: {
    type: 'apiKey',
    in: 'query',
    name: 'token',
    description: 'A board token in `?token=`, for addresses an <img> loads (it cannot send a header).',
  },
} as const

const SECURITY: Record<GuardName | 'none', Record<string, string[]>[]> = {
  none: [],
  user: [{ session: [] }],
  board: [{ session: [] }],
  project: [{ session: [] }],
  meeting: [{ session: [] }],
  snapshot: [{ session: [] }],
  participant: [{ boardToken: [] }],
  boardOrToken: [{ session: [] }, { boardTokenQuery: [] }],
  tokenOrBoard: [{ boardToken: [] }, { session: [] }],
}

type Schema = Record<string, unknown> & {
  response?: Record<string, unknown>
  headers?: unknown
  body?: unknown
  params?: unknown
  querystring?: unknown
}

/** `transform` for @fastify/swagger: the route's schema as the document shows it. */
export function describeRoute({ schema, url, route }: { schema: unknown; url: string; route: RouteOptions }) {
  const own = (schema ?? {}) as Schema
  if (own.hide) return { schema: own, url }
  const guard = guardOf(route.preHandler)
  const methods = ([] as string[]).concat(route.method)
  const unsafe = methods.some((m) => UNSAFE.has(m))
  const checked = own.body !== undefined || own.params !== undefined || own.querystring !== undefined
  const config = route.config as { rateLimit?: unknown } | undefined
  const errors: Record<number, string> = {}
  if (checked || unsafe) errors[400] = 'The request is not one this route accepts (see its schema)'
  if (guard !== 'none') errors[401] = guard === 'participant' ? 'No live board token for this board' : 'Not signed in'
  if (unsafe) errors[403] = `The ${CSRF_HEADER} header is missing, or this role may not do this`
  if (guard !== 'none' && guard !== 'user' && guard !== 'participant') {
    errors[404] = 'No such thing, or not one you may reach (the same answer, so ids cannot be probed)'
  } else if (own.params !== undefined) errors[404] = 'Nothing at this address'
  if (own.body !== undefined) errors[413] = 'The body is too large'
  if (config?.rateLimit !== undefined) errors[429] = 'Too many requests: wait a minute'
  const response: Record<string, unknown> = { ...own.response }
  for (const [status, why] of Object.entries(errors)) response[status] ??= errorOut(Number(status), why)
  // A route's own error schemas get the codes of their status too.
  for (const status of Object.keys(response)) {
    const n = Number(status)
    if (n >= 400 && errorCodesOf(n).length > 0 && !(n in errors)) response[status] = errorOut(n, 'Error')
    else if (n >= 400 && n in errors) response[status] = errorOut(n, errors[n] ?? 'Error')
  }
  const headers = unsafe
    ? {
        type: 'object',
        required: [CSRF_HEADER],
        properties: {
          [CSRF_HEADER]: {
            type: 'string',
            enum: ['1'],
            description:
              'Required on every POST, PUT, PATCH and DELETE (cross-site request forgery guard); any value works, send 1',
          },
        },
      }
    : own.headers
  return {
    schema: { ...own, response, security: SECURITY[guard], ...(headers !== undefined ? { headers } : {}) },
    url,
  }
}
