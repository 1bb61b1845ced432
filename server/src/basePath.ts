/**
 * Serving under a path prefix (`/vaegavis`) behind a reverse proxy. A proxy
 * may strip the prefix or pass it through; stripping it here as well makes
 * both work, so routes are always registered at the root.
 */
import type { FastifyRequest } from 'fastify'
import type { Config } from './config.ts'

/** Where the app is reached from outside: PUBLIC_URL (which already ends in the base path) and the base path. */
export type PublicAddress = Pick<Config, 'publicUrl' | 'basePath'>

/**
 * `url` without the base path when it starts with it (`/vaegavis/api/me` →
 * `/api/me`, `/vaegavis` → `/`, `/vaegavis?x` → `/?x`); any other URL as it
 * is (`/vaegavisen` is not under `/vaegavis`). `basePath` is `''` or
 * `/segment…` without a trailing slash.
 */
export function stripBasePath(url: string, basePath: string): string {
  if (basePath === '' || !url.startsWith(basePath)) return url
  const rest = url.slice(basePath.length)
  if (rest === '') return '/'
  if (rest.startsWith('/')) return rest
  if (rest.startsWith('?')) return `/${rest}`
  return url
}

/**
 * The address young people's phones and share links should use, without a
 * trailing slash: PUBLIC_URL, or how this request reached us plus the base
 * path (the proxy may have stripped the prefix, so the request cannot say).
 */
export function appUrlOf(req: FastifyRequest, where: PublicAddress): string {
  if (where.publicUrl) return where.publicUrl
  return `${req.protocol}://${req.host}${where.basePath}`
}
