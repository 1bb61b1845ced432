/** Serves the built client on the same port, with a single-page-app fallback. */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'

const BASE_TAG = /<base\b[^>]*>/i

/**
 * The page with `<base href="{basePath}/">`, replacing the build's default
 * `<base href="/">` (or added first in `<head>` if a build lacks one). The
 * client is built with relative URLs and reads its prefix from the base, so
 * one build serves any prefix. `basePath` is validated by config to URL-safe
 * characters, so it needs no HTML escaping.
 */
export function withBaseHref(html: string, basePath: string): string {
  const tag = `<base href="${basePath}/" />`
  if (BASE_TAG.test(html)) return html.replace(BASE_TAG, tag)
  return html.replace(/<head\b[^>]*>/i, (head) => `${head}\n    ${tag}`)
}

export async function webPlugin(app: FastifyInstance, opts: { clientDir: string; basePath: string }): Promise<void> {
  const index = join(opts.clientDir, 'index.html')
  if (!existsSync(index)) {
    app.log.warn(
      { clientDir: opts.clientDir },
      'client not built: only the API is served (run pnpm --filter @vaegavis/client build)',
    )
    return
  }
  // Read and rewritten once: the same small page answers every app route.
  const html = withBaseHref(readFileSync(index, 'utf8'), opts.basePath)
  const sendIndex = (reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html)
  await app.register(fastifyStatic, {
    root: opts.clientDir,
    // index.html is only ever sent rewritten (routes below), never as the file on disk.
    index: false,
    // The client build writes .br and .gz beside every asset: phones on little data get them compressed.
    preCompressed: true,
    cacheControl: false,
    // Hashed assets never change; everything else is revalidated.
    setHeaders: (res, path) => {
      res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })
  app.get('/', { schema: { hide: true } }, (_req, reply) => sendIndex(reply))
  app.get('/index.html', { schema: { hide: true } }, (_req, reply) => sendIndex(reply))
  app.setNotFoundHandler((req, reply) => {
    const url = req.url
    if (req.method !== 'GET' || url.startsWith('/api/') || url.startsWith('/ws') || url.startsWith('/assets/')) {
      return reply.code(404).send({ code: 'VGA_ERR_NOT_FOUND', message: 'Not found.' })
    }
    return sendIndex(reply)
  })
}
