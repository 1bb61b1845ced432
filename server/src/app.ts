/**
 * buildApp registers every plugin and returns the Fastify instance without
 * listening, so tests drive it through inject() or on port 0.
 */
import type { IncomingMessage } from 'node:http'
import fastifyCookie from '@fastify/cookie'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifySwagger from '@fastify/swagger'
import fastifyWebsocket from '@fastify/websocket'
import { CSRF_HEADER, ErrorCode, httpStatusOf } from '@vaegavis/shared'
import Fastify, { type FastifyInstance } from 'fastify'
import { stripBasePath } from './basePath.ts'
import type { Config } from './config.ts'
import { AppError } from './errors.ts'
import { describeRoute, ErrorOut, securitySchemes } from './openapi.ts'
import { archivePlugin } from './plugins/archive.ts'
import { authPlugin } from './plugins/auth.ts'
import { boardsPlugin } from './plugins/boards.ts'
import { capturePlugin } from './plugins/capture.ts'
import { dataExportPlugin } from './plugins/dataExport.ts'
import { imagesPlugin } from './plugins/images.ts'
import { importPlugin } from './plugins/importBoard.ts'
import { labelsPlugin } from './plugins/labels.ts'
import { projectsPlugin } from './plugins/projects.ts'
import { sharePlugin } from './plugins/share.ts'
import { syncPlugin } from './plugins/sync.ts'
import { readPhonePage, webPlugin } from './plugins/web.ts'
import { scheduleRetention } from './services/retention.ts'
import type { Store } from './storage/types.ts'
import { DEFAULT_LIMITS, type Fanout, type Logger, type RoomLimits, RoomManager } from './sync/index.ts'

export interface AppOptions {
  config: Config
  store: Store
  /** Fan-out to other instances, or a factory given the app's logger. Closed with the app. */
  fanout?: Fanout | ((log: Logger) => Promise<Fanout>)
  limits?: Partial<RoomLimits>
  /**
   * Requests per minute per IP for sign-in, join-code look-ups and share-link (viewer) routes, and
   * held labels and pictures per minute per participant.
   */
  rateLimits?: { login?: number; join?: number; share?: number; labels?: number; images?: number }
  /** Pass `false` to silence logs in tests. */
  logger?: boolean | { level: string }
}

declare module 'fastify' {
  interface FastifyInstance {
    rooms: RoomManager
    store: Store
  }
}

/** Replaces bearer tokens in a URL (query `token=` and `/share/<token>` paths) with `…`. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&]*/g, '$1…').replace(/(\/share\/)[^/?]+/g, '$1…')
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config, store } = opts
  const app = Fastify({
    // Tokens travel in websocket query strings and share-link paths: keep them out of logs.
    logger: opts.logger ?? {
      level: config.logLevel,
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) }),
      },
    },
    bodyLimit: 256 * 1024,
    // Only the proxies the operator names may say who the client is (X-Forwarded-For): rate limits key on it.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(config.trustProxy)
        : config.trustProxy,
    // A number where text belongs is a mistake to report, not to paper over.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    // Behind a proxy at /vaegavis/ that passes the prefix on, routes still match; one that strips it needs nothing.
    ...(config.basePath
      ? { rewriteUrl: (req: IncomingMessage) => stripBasePath(req.url ?? '/', config.basePath) }
      : {}),
  })
  const fanout = typeof opts.fanout === 'function' ? await opts.fanout(app.log) : opts.fanout
  // The byte bucket must hold the largest message the socket accepts (an offline backlog sent in one go).
  const byteBurst = Math.max(opts.limits?.byteBurst ?? DEFAULT_LIMITS.byteBurst, config.maxMessageBytes)
  const rooms = new RoomManager({
    store: store.docs,
    log: app.log,
    limits: { ...opts.limits, byteBurst },
    ...(fanout ? { fanout } : {}),
  })
  app.decorate('rooms', rooms)
  app.decorate('store', store)

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) return reply.code(err.statusCode).send({ code: err.code, message: err.message })
    const e = err as { validation?: unknown; statusCode?: number; message?: string }
    if (e.validation) {
      return reply.code(400).send({ code: ErrorCode.BadRequest, message: e.message ?? 'Invalid request.' })
    }
    if (e.statusCode === 429) {
      return reply
        .code(429)
        .send({ code: ErrorCode.RateLimited, message: 'Too many attempts. Wait a minute and try again.' })
    }
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.code(e.statusCode).send({ code: ErrorCode.BadRequest, message: e.message ?? 'Bad request.' })
    }
    req.log.error({ err }, 'request failed')
    return reply
      .code(httpStatusOf[ErrorCode.Internal])
      .send({ code: ErrorCode.Internal, message: 'Something went wrong on the server.' })
  })

  // Its inline script and style are allowed by hash, computed from the build this server serves.
  const phonePage = config.clientDir ? readPhonePage(config.clientDir) : undefined
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...(phonePage?.scriptSrc ?? [])],
        styleSrc: ["'self'", ...(phonePage?.styleSrc ?? [])],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        manifestSrc: ["'self'"],
        workerSrc: ["'self'"],
      },
    },
    // Clubs often run Vægavis on plain HTTP inside their own network.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  })
  await app.register(fastifyCookie)
  await app.register(fastifyRateLimit, { global: false })
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Vægavis API',
        version: '0.1.0',
        description:
          'Boards, joining, facilitator sign-in, projects and meetings, snapshots and the archive, templates, exports and share links.' +
          ` Every POST, PUT, PATCH and DELETE needs the ${CSRF_HEADER} header; every error is an ErrorOut with a code.`,
      },
      components: { securitySchemes, schemas: { ErrorOut } },
    },
    transform: describeRoute,
  })
  await app.register(fastifyWebsocket, { options: { maxPayload: config.maxMessageBytes } })

  // Cross-site request forgery: browsers cannot add this header cross-site without a preflight we never grant.
  // Checked on every state-changing request that reached a route, by method alone: the raw URL can spell a
  // route many ways (`/%61pi/…`, `//api/…`) and the router decodes them all to the same handler.
  app.addHook('onRequest', async (req) => {
    if (UNSAFE.has(req.method) && req.routeOptions.url !== undefined && req.headers[CSRF_HEADER] === undefined) {
      throw new AppError(ErrorCode.Forbidden, `Missing ${CSRF_HEADER} header.`)
    }
  })

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }))
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  const rateLimits = {
    login: opts.rateLimits?.login ?? 10,
    join: opts.rateLimits?.join ?? 300,
    share: opts.rateLimits?.share ?? 300,
    // A young person writes a label in seconds, not several a second.
    labels: opts.rateLimits?.labels ?? 60,
    // A picture takes a while to take or draw; a few a minute is plenty.
    images: opts.rateLimits?.images ?? 20,
  }
  await app.register(authPlugin, {
    store,
    cookieSecure: config.cookieSecure,
    loginPerMinute: rateLimits.login,
    basePath: config.basePath,
  })
  await app.register(boardsPlugin, {
    store,
    rooms,
    publicUrl: config.publicUrl,
    basePath: config.basePath,
    joinPerMinute: rateLimits.join,
  })
  // First: it opens the picture store (`app.blobs`) the routes below use.
  await app.register(capturePlugin, { store, rooms, config })
  await app.register(imagesPlugin, { store, blobs: app.blobs, imagesPerMinute: rateLimits.images })
  await app.register(labelsPlugin, { store, rooms, blobs: app.blobs, labelsPerMinute: rateLimits.labels })
  await app.register(projectsPlugin, { store, rooms, publicUrl: config.publicUrl, basePath: config.basePath })
  await app.register(archivePlugin, { store, publicUrl: config.publicUrl, basePath: config.basePath })
  await app.register(sharePlugin, {
    store,
    perMinute: rateLimits.share,
    publicUrl: config.publicUrl,
    basePath: config.basePath,
  })
  await app.register(dataExportPlugin, { store, rooms, blobs: app.blobs })
  await app.register(importPlugin, { store })
  await app.register(syncPlugin, {
    store,
    rooms,
    allowedOrigins: config.allowedOrigins,
    joinPerMinute: rateLimits.join,
  })
  if (config.clientDir)
    await app.register(webPlugin, { clientDir: config.clientDir, basePath: config.basePath, phonePage })

  const stopRetention =
    config.retentionMonths > 0 ? scheduleRetention(store, rooms, app.blobs, config.retentionMonths, app.log) : null
  app.addHook('onClose', async () => {
    stopRetention?.()
    await rooms.close()
    await fanout?.close()
  })
  return app
}
