/**
 * The page names the phone texts of the visitor's language for preloading,
 * so a phone on a slow connection fetches them alongside the entry chunk.
 * The join page (`/j/`) is one page: the phone build's script, style and
 * texts written in, its CSP allowing that script and style by hash.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import da from '../../shared/locales/da.json' with { type: 'json' }
import en from '../../shared/locales/en.json' with { type: 'json' }
import { pickEncoding } from '../src/plugins/web.ts'
import { startServer, type TestServer, tempDir } from './helpers.ts'

/** A stand-in for client/dist with a Vite manifest naming a Danish and an English phone-text chunk. */
function fakeClient(): string {
  const dir = tempDir()
  mkdirSync(join(dir, 'assets'))
  mkdirSync(join(dir, '.vite'))
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="da"><head><base href="/" /><script type="module" src="./assets/index-abc.js"></script></head><body></body></html>',
  )
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'export {}\n')
  writeFileSync(
    join(dir, 'manifest.webmanifest'),
    JSON.stringify({ name: 'Vægavis', lang: 'da', description: 'fra filen', start_url: './' }),
  )
  writeFileSync(
    join(dir, '.vite', 'manifest.json'),
    JSON.stringify({
      'index.html': { file: 'assets/index-abc.js', isEntry: true },
      '../shared/locales/da.json?area=common': { file: 'assets/da-111.js', isDynamicEntry: true },
      '../shared/locales/en.json?area=common': { file: 'assets/en-222.js', isDynamicEntry: true },
      '../shared/locales/en.json?area=wall': { file: 'assets/en-333.js', isDynamicEntry: true },
    }),
  )
  return dir
}

describe('the page preloads the phone texts of the browser language and says which it is', () => {
  let server: TestServer
  let clientDir: string
  beforeAll(async () => {
    clientDir = fakeClient()
    server = await startServer({ env: { CLIENT_DIR: clientDir } })
  })
  afterAll(async () => {
    await server.destroy()
    rmSync(clientDir, { recursive: true, force: true })
  })

  const preloads = (html: string) =>
    [...html.matchAll(/<link rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1])

  it.each([
    ['en-GB,en;q=0.9,da;q=0.5', 'assets/en-222.js', 'en'],
    ['da-DK,da;q=0.9,en;q=0.8', 'assets/da-111.js', 'da'],
    ['de-DE,fr;q=0.9', 'assets/da-111.js', 'da'],
    [undefined, 'assets/da-111.js', 'da'],
  ])('Accept-Language %s → %s, and only that one, in a page of that language', async (acceptLanguage, file, lang) => {
    const res = await server.app.inject({
      method: 'GET',
      url: '/j/ABC123',
      headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {},
    })
    expect(res.statusCode).toBe(200)
    expect(preloads(res.body)).toEqual([file])
    expect(res.body).toContain(`<html lang="${lang}">`)
    expect(res.headers.vary).toMatch(/accept-language/i)
  })

  it.each([
    ['en-GB,en;q=0.9', 'en', en.exports.appDescription],
    ['da', 'da', da.exports.appDescription],
  ])('the installable app describes itself in the visitor language (%s)', async (acceptLanguage, lang, description) => {
    const res = await server.app.inject({
      method: 'GET',
      url: '/manifest.webmanifest',
      headers: { 'accept-language': acceptLanguage },
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/manifest\+json/)
    expect(res.json()).toEqual({ name: 'Vægavis', lang, description, start_url: './' })
  })
})

/** `fakeClient` plus a phone build: phone.html naming its one script and its CSS, as Vite writes them. */
function fakeClientWithPhone(js: string): string {
  const dir = fakeClient()
  writeFileSync(
    join(dir, 'phone.html'),
    '<!doctype html><html lang="da"><head><base href="/" />\n' +
      '<script type="module" crossorigin src="./phone-xyz.js"></script>\n' +
      '<link rel="stylesheet" crossorigin href="./assets/phone-phone-xyz.css">\n' +
      '</head><body><div id="root"></div></body></html>',
  )
  writeFileSync(join(dir, 'phone-xyz.js'), js)
  writeFileSync(join(dir, 'assets', 'phone-phone-xyz.css'), '.page{color:#123}\n')
  return dir
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
const PHONE_JS = 'const s="$&<script><\\/script>";document.body.dataset.ran=s\n'

describe('the join page carries its script, style and texts, allowed by hash', () => {
  let server: TestServer
  let clientDir: string
  beforeAll(async () => {
    clientDir = fakeClientWithPhone(PHONE_JS)
    server = await startServer({ env: { CLIENT_DIR: clientDir } })
  })
  afterAll(async () => {
    await server.destroy()
    rmSync(clientDir, { recursive: true, force: true })
  })

  const scriptTags = (html: string) => [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])

  it('sends /j/:code with the script inline, byte for byte, and no script to fetch', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/j/ABC123', headers: { 'accept-language': 'da' } })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(`<script type="module">${PHONE_JS}</script>`)
    expect(res.body).toContain('<style>.page{color:#123}\n</style>')
    expect(scriptTags(res.body).filter((tag) => tag.includes('src='))).toEqual([])
    expect(res.body).not.toContain('rel="modulepreload"')
    expect(res.headers['cache-control']).toBe('no-cache')
  })

  it('allows exactly that script and that style by their sha256, never any inline code', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/j/ABC123' })
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain(`script-src 'self' ${sha256(PHONE_JS)}`)
    expect(csp).toContain(`style-src 'self' ${sha256('.page{color:#123}\n')}`)
    expect(csp).not.toContain('unsafe-inline')
  })

  it.each([
    ['en-GB,en;q=0.9', 'en', en.common],
    ['da-DK', 'da', da.common],
    [undefined, 'da', da.common],
  ])('writes in the phone texts of the browser language (%s → %s)', async (acceptLanguage, lang, texts) => {
    const res = await server.app.inject({
      method: 'GET',
      url: '/j/ABC123?x=1',
      headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {},
    })
    const match = /<script type="application\/json" id="vaegavis-texts" data-locale="([\w-]+)">([^<]*)<\/script>/.exec(
      res.body,
    )
    expect(match?.[1]).toBe(lang)
    expect(JSON.parse(match?.[2] ?? 'null')).toEqual(texts)
    expect(res.body).toContain(`<html lang="${lang}">`)
  })

  it.each([
    ['br', brotliDecompressSync],
    ['gzip, deflate', gunzipSync],
  ] as const)(
    'sends it compressed when the browser takes %s, and not again to a phone that has it',
    async (accept, unpack) => {
      const res = await server.app.inject({ method: 'GET', url: '/j/ABC123', headers: { 'accept-encoding': accept } })
      expect(res.headers['content-encoding']).toBe(accept.split(',')[0])
      expect(res.headers.vary).toMatch(/accept-encoding/i)
      expect(unpack(res.rawPayload).toString('utf8')).toContain(`<script type="module">${PHONE_JS}</script>`)
      const etag = String(res.headers.etag)
      const again = await server.app.inject({
        method: 'GET',
        url: '/j/ABC123',
        headers: { 'accept-encoding': accept, 'if-none-match': etag },
      })
      expect(again.statusCode).toBe(304)
      expect(again.body).toBe('')
    },
  )

  it('picks br, then gzip, then none, and honours q=0', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br')
    expect(pickEncoding('br;q=0, gzip;q=0.5')).toBe('gzip')
    expect(pickEncoding('deflate')).toBe('identity')
    expect(pickEncoding(undefined)).toBe('identity')
  })

  it.each(['/', '/b/some-board', '/login', '/j'])(
    'keeps %s on the app page, which loads its script by URL',
    async (url) => {
      const res = await server.app.inject({ method: 'GET', url })
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain('src="./assets/index-abc.js"')
      expect(res.body).not.toContain('<script type="module">')
    },
  )
})

describe('a phone script that cannot sit inside a <script> element', () => {
  let server: TestServer
  let clientDir: string
  beforeAll(async () => {
    clientDir = fakeClientWithPhone('document.write("</script><b>")\n')
    server = await startServer({ env: { CLIENT_DIR: clientDir } })
  })
  afterAll(async () => {
    await server.destroy()
    rmSync(clientDir, { recursive: true, force: true })
  })

  it('leaves /j/ on the app page and its CSP without hashes', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/j/ABC123' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('src="./assets/index-abc.js"')
    expect(res.body).not.toContain('</script><b>')
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self';")
  })
})
