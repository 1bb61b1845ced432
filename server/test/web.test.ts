/**
 * The page names the phone texts of the visitor's language for preloading,
 * so a phone on a slow connection fetches them alongside the entry chunk.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import da from '../../shared/locales/da.json' with { type: 'json' }
import en from '../../shared/locales/en.json' with { type: 'json' }
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
