/** Serves the built client on the same port, with a single-page-app fallback. */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import { negotiateLocale, parseAcceptLanguage } from '@vaegavis/shared'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requestLocale, t } from '../i18n.ts'

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

const PHONE_TEXTS = /locales\/([\w-]+)\.json\?area=common$/

/**
 * The built chunk of each language's phone texts, by language code, from the
 * Vite manifest. The client loads exactly one of them before it renders.
 */
export function phoneTextChunks(manifestJson: string): Map<string, string> {
  const manifest = JSON.parse(manifestJson) as Record<string, { file?: string }>
  const chunks = new Map<string, string>()
  for (const [key, chunk] of Object.entries(manifest)) {
    const code = PHONE_TEXTS.exec(key)?.[1]
    if (code && chunk.file) chunks.set(code, chunk.file)
  }
  return chunks
}

/**
 * The page with a modulepreload of one language's phone texts, so a phone
 * fetches them alongside the entry chunk instead of one round trip after
 * it: on a slow 3G connection that round trip is most of a second.
 */
export function withPreload(html: string, file: string): string {
  return html.replace(/<\/head>/i, `  <link rel="modulepreload" crossorigin href="${file}" />\n  </head>`)
}

/** The page's `<html lang>` set to the language it will most likely show, for screen readers before the app runs. */
export function withLang(html: string, code: string): string {
  return html.replace(/<html\b[^>]*>/i, `<html lang="${code}">`)
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
  // Read and rewritten once: the same small page answers every app route, in one variant per language.
  const html = withBaseHref(readFileSync(index, 'utf8'), opts.basePath)
  const manifest = join(opts.clientDir, '.vite', 'manifest.json')
  const chunks = existsSync(manifest) ? phoneTextChunks(readFileSync(manifest, 'utf8')) : new Map<string, string>()
  const pages = new Map([...chunks].map(([code, file]) => [code, withLang(withPreload(html, file), code)]))
  const codes = [...pages.keys()]
  // The browser's languages decide; a visitor who picked another with the switch loads that one themselves.
  const pageFor = (req: FastifyRequest) =>
    pages.get(negotiateLocale(parseAcceptLanguage(req.headers['accept-language']), codes)) ?? html
  const sendIndex = (req: FastifyRequest, reply: FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('vary', 'accept-language')
      .send(pageFor(req))
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
  // The installed app's description and language follow the visitor's, like the page.
  const manifestFile = join(opts.clientDir, 'manifest.webmanifest')
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>
    app.get('/manifest.webmanifest', { schema: { hide: true } }, (req, reply) => {
      const lang = requestLocale(req)
      return reply
        .type('application/manifest+json; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('vary', 'accept-language')
        .send(JSON.stringify({ ...manifest, lang, description: t(lang, 'exports.appDescription') }))
    })
  }
  app.get('/', { schema: { hide: true } }, sendIndex)
  app.get('/index.html', { schema: { hide: true } }, sendIndex)
  app.setNotFoundHandler((req, reply) => {
    const url = req.url
    if (req.method !== 'GET' || url.startsWith('/api/') || url.startsWith('/ws') || url.startsWith('/assets/')) {
      return reply.code(404).send({ code: 'VGA_ERR_NOT_FOUND', message: 'Not found.' })
    }
    return sendIndex(req, reply)
  })
}
