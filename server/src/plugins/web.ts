/** Serves the built client on the same port, with a single-page-app fallback. */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, gzip, constants as zlibConstants } from 'node:zlib'
import fastifyStatic from '@fastify/static'
import { negotiateLocale, parseAcceptLanguage } from '@vaegavis/shared'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requestLocale, sharedLocalesDir, t } from '../i18n.ts'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

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
    const parsed: unknown = code && JSON.parse(readFileSync(join(dir, name), 'utf8'))
    const common = typeof parsed === 'object' && parsed !== null && 'common' in parsed ? parsed.common : undefined
    if (code && common) texts.set(code, common)
  }
  return texts
}

/** A page with its brotli and gzip forms, made once, off the event loop. */
interface CompressedPage {
  html: string
  etag: string
  br: Promise<Buffer>
  gzip: Promise<Buffer>
}

function compressedPage(html: string): CompressedPage {
  const br = brotli(html, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: html.length,
    },
  })
  const gz = gzipAsync(html, { level: 9 })
  // Not awaited here; a failure shows on the request that awaits it, not as an unhandled rejection.
  br.catch(() => undefined)
  gz.catch(() => undefined)
  const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`
  return { html, etag, br, gzip: gz }
}

/** `br`, else `gzip`, else none, as the request's Accept-Encoding allows (`;q=0` refuses one). */
export function pickEncoding(header: string | string[] | undefined): 'br' | 'gzip' | 'identity' {
  const accepted = new Set<string>()
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
    if (name && (q === undefined || Number(q) > 0)) accepted.add(name)
  }
  if (accepted.has('br')) return 'br'
  if (accepted.has('gzip')) return 'gzip'
  return 'identity'
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
      ? [...phoneTexts()].map(([code, texts]) => [
          code,
          compressedPage(withLang(withPhoneTexts(phoneHtml, code, texts), code)),
        ])
      : [],
  )
  const phoneCodes = [...phonePages.keys()]
  const sendIndex = async (req: FastifyRequest, reply: FastifyReply) => {
    const wanted = parseAcceptLanguage(req.headers['accept-language'])
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').header('vary', 'accept-language')
    const phone = PHONE_PATH.test(req.url) ? phonePages.get(negotiateLocale(wanted, phoneCodes)) : undefined
    if (!phone) return reply.send(pages.get(negotiateLocale(wanted, codes)) ?? html)
    // The whole phone in one page: about 100 KB compressed, 370 KB not. A phone that has it answers with its tag.
    reply.header('vary', 'accept-language, accept-encoding').header('etag', phone.etag)
    if (req.headers['if-none-match'] === phone.etag) return reply.code(304).send()
    const encoding = pickEncoding(req.headers['accept-encoding'])
    if (encoding === 'identity') return reply.send(phone.html)
    const bytes = await phone[encoding]
    return reply.header('content-encoding', encoding).send(bytes)
  }
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
