/** Serves the built client on the same port, with a single-page-app fallback. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

export async function webPlugin(app: FastifyInstance, opts: { clientDir: string }): Promise<void> {
  const index = join(opts.clientDir, 'index.html')
  if (!existsSync(index)) {
    app.log.warn(
      { clientDir: opts.clientDir },
      'client not built: only the API is served (run pnpm --filter @vaegavis/client build)',
    )
    return
  }
  await app.register(fastifyStatic, {
    root: opts.clientDir,
    index: 'index.html',
    // The client build writes .br and .gz beside every asset: phones on little data get them compressed.
    preCompressed: true,
    cacheControl: false,
    // Hashed assets never change; everything else is revalidated.
    setHeaders: (res, path) => {
      res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })
  app.setNotFoundHandler((req, reply) => {
    const url = req.url
    if (req.method !== 'GET' || url.startsWith('/api/') || url.startsWith('/ws') || url.startsWith('/assets/')) {
      return reply.code(404).send({ code: 'VGA_ERR_NOT_FOUND', message: 'Not found.' })
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html')
  })
}
