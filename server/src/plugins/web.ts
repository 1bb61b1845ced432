/** Serves the built client on the same port, with a single-page-app fallback. */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import { negotiateLocale, parseAcceptLanguage } from '@vaegavis/shared'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requestLocale, sharedLocalesDir, t } from '../i18n.ts'

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

/** A CSP source allowing exactly this inline script or style. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
}

/** The phone page of the client build with its script and style written in, and the CSP hashes of both. */
export interface PhonePage {
  html: string
  scriptSrc: string[]
  styleSrc: string[]
}

// The tags Vite writes for phone.html's entry and its CSS; their files are relative to the build's root.
const MODULE_TAG = /<script type="module" crossorigin src="\.\/([\w./-]+\.js)"><\/script>/
const STYLE_TAG = /<link rel="stylesheet" crossorigin href="\.\/([\w./-]+\.css)">/
// Inside a <script> element these would end it early, or (`<!--`, then `<script`) make the parser skip its end.
// React's code holds "<script><\/script>", which is harmless without a `<!--` before it.
const UNSAFE_IN_SCRIPT = /<\/script|<!--/i
const UNSAFE_IN_STYLE = /<\/style/i

/**
 * `/j/:code` without a request for its script: the phone build (`vite build
 * --mode phone`, client/vite.config.ts) is one module that imports nothing,
 * written into the page with its CSS, so a phone on a weak connection waits
 * for the page and then the socket, not for a script in between (−1 request
 * latency: 2 s on Slow 3G). Undefined when the build has no phone page, or it
 * cannot be inlined as it is; `/j/` then gets the app's page.
 */
export function readPhonePage(clientDir: string): PhonePage | undefined {
  const page = join(clientDir, 'phone.html')
  if (!existsSync(page)) return undefined
  let html = readFileSync(page, 'utf8')
  const scriptSrc: string[] = []
  const styleSrc: string[] = []
  const script = MODULE_TAG.exec(html)
  if (!script?.[1]) return undefined
  const js = readFileSync(join(clientDir, script[1]), 'utf8')
  if (UNSAFE_IN_SCRIPT.test(js)) return undefined
  // A function as replacement: `$` in the code must stay as it is.
  html = html.replace(MODULE_TAG, () => `<script type="module">${js}</script>`)
  scriptSrc.push(cspHash(js))
  const style = STYLE_TAG.exec(html)
  if (style?.[1]) {
    const css = readFileSync(join(clientDir, style[1]), 'utf8')
    if (UNSAFE_IN_STYLE.test(css)) return undefined
    html = html.replace(STYLE_TAG, () => `<style>${css}</style>`)
    styleSrc.push(cspHash(css))
  }
  return { html, scriptSrc, styleSrc }
}

/**
 * The page with one language's phone texts written in as JSON (data, not a
 * script: the CSP does not apply), where the client's i18n looks first.
 */
export function withPhoneTexts(html: string, code: string, texts: unknown): string {
  // `<` escaped, so no text can close the element; JSON.parse reads \u003c back.
  const json = JSON.stringify(texts).replace(/</g, '\\u003c')
  const tag = `<script type="application/json" id="vaegavis-texts" data-locale="${code}">${json}</script>`
  return html.replace(/<script type="module">/, () => `${tag}\n    <script type="module">`)
}

/** The `common` (phone) texts of every language file, by code. */
function phoneTexts(): Map<string, unknown> {
  const dir = sharedLocalesDir()
  const texts = new Map<string, unknown>()
  for (const name of readdirSync(dir)) {
    const code = /^([\w-]+)\.json$/.exec(name)?.[1]
    if (code) texts.set(code, (JSON.parse(readFileSync(join(dir, name), 'utf8')) as { common?: unknown }).common)
  }
  return texts
}

const PHONE_PATH = /^\/j\/[^/?#]+\/?(?:[?#]|$)/

export async function webPlugin(
  app: FastifyInstance,
  opts: { clientDir: string; basePath: string; phonePage?: PhonePage },
): Promise<void> {
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
  const phoneHtml = opts.phonePage && withBaseHref(opts.phonePage.html, opts.basePath)
  const phonePages = new Map(
    phoneHtml
      ? [...phoneTexts()].map(([code, texts]) => [code, withLang(withPhoneTexts(phoneHtml, code, texts), code)])
      : [],
  )
  const pageFor = (req: FastifyRequest) => {
    const wanted = parseAcceptLanguage(req.headers['accept-language'])
    if (phonePages.size > 0 && PHONE_PATH.test(req.url)) {
      const page = phonePages.get(negotiateLocale(wanted, [...phonePages.keys()]))
      if (page) return page
    }
    return pages.get(negotiateLocale(wanted, codes)) ?? html
  }
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
