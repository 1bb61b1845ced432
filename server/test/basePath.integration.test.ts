/**
 * Vægavis behind a reverse proxy at a path prefix (/vaegavis/): proxies that
 * strip the prefix and proxies that pass it on both work, the page tells the
 * client its prefix, and every link the server makes carries it.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join as joinPath } from 'node:path'
import { CSRF_HEADER } from '@vaegavis/shared'
import QRCode from 'qrcode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stripBasePath } from '../src/basePath.ts'
import { ConfigError, loadConfig } from '../src/config.ts'
import { withBaseHref } from '../src/plugins/web.ts'
import { boardFixture, FACILITATOR, startServer, type TestServer, tempDir, upgradeStatus } from './helpers.ts'

const csrf = { [CSRF_HEADER]: '1' }

/** A stand-in for client/dist: the page with the build's default <base>, and one hashed asset. */
function fakeClient(): string {
  const dir = tempDir()
  mkdirSync(joinPath(dir, 'assets'))
  writeFileSync(
    joinPath(dir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8" /><base href="/" />' +
      '<script type="module" src="./assets/index-abc.js"></script></head><body><div id="root"></div></body></html>',
  )
  writeFileSync(joinPath(dir, 'assets', 'index-abc.js'), 'export {}\n')
  return dir
}

describe('behind a proxy at /vaegavis', () => {
  let server: TestServer
  let clientDir: string
  beforeAll(async () => {
    clientDir = fakeClient()
    server = await startServer({ env: { BASE_PATH: '/vaegavis/', CLIENT_DIR: clientDir, TRUST_PROXY: 'loopback' } })
  })
  afterAll(async () => {
    await server.destroy()
    rmSync(clientDir, { recursive: true, force: true })
  })

  it('serves the page with the prefix as its <base>, for the start page and deep links, with or without the prefix', async () => {
    for (const url of [
      '/vaegavis/',
      '/vaegavis',
      '/vaegavis/b/abc',
      '/b/abc',
      '/',
      '/index.html',
      '/vaegavis/index.html',
    ]) {
      const res = await server.app.inject({ method: 'GET', url })
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['content-type'], url).toMatch(/^text\/html/)
      expect(res.headers['cache-control'], url).toBe('no-cache')
      expect(res.body, url).toContain('<base href="/vaegavis/" />')
      expect(res.body, url).not.toContain('<base href="/" />')
    }
  })

  it('keeps the strict content security policy, which allows a same-origin <base>', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/vaegavis/' })
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain("base-uri 'self'")
    expect(csp).not.toContain('unsafe-inline')
  })

  it('serves assets and answers unknown API paths with a JSON 404 under the prefix', async () => {
    const asset = await server.app.inject({ method: 'GET', url: '/vaegavis/assets/index-abc.js' })
    expect(asset.statusCode).toBe(200)
    expect(asset.headers['cache-control']).toContain('immutable')
    const missing = await server.app.inject({ method: 'GET', url: '/vaegavis/api/nope' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().code).toBe('VGA_ERR_NOT_FOUND')
  })

  it('signs in under the prefix with a cookie scoped to it, and the API answers with or without the prefix', async () => {
    const login = await server.app.inject({
      method: 'POST',
      url: '/vaegavis/api/auth/login',
      headers: csrf,
      payload: FACILITATOR,
    })
    expect(login.statusCode).toBe(200)
    const cookie = login.cookies.find((c) => c.name === 'vg_session')
    expect(cookie?.path).toBe('/vaegavis')
    const header = `vg_session=${cookie?.value}`
    for (const url of ['/vaegavis/api/me', '/api/me']) {
      const me = await server.app.inject({ method: 'GET', url, headers: { cookie: header } })
      expect(me.statusCode, url).toBe(200)
      expect(me.json().user.email).toBe(FACILITATOR.email)
    }
    const logout = await server.app.inject({ method: 'POST', url: '/vaegavis/api/auth/logout', headers: csrf })
    expect(logout.cookies.find((c) => c.name === 'vg_session')?.path).toBe('/vaegavis')
  })

  it('still refuses a state-changing API call under the prefix without the CSRF header', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/vaegavis/api/auth/login', payload: FACILITATOR })
    expect(res.statusCode).toBe(403)
  })

  it('puts the prefix in the join QR code and in share links when no PUBLIC_URL is set', async () => {
    const { cookie, board } = await boardFixture(server)
    const qr = await fetch(`${server.url}/vaegavis/api/boards/${board.id}/qr.svg`, { headers: { cookie } })
    expect(qr.status).toBe(200)
    const host = new URL(server.url).host
    const expected = await QRCode.toString(`http://${host}/vaegavis/j/${board.joinCode}`, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
    })
    expect(await qr.text()).toBe(expected)

    const project = await fetch(`${server.url}/vaegavis/api/projects`, {
      method: 'POST',
      headers: { cookie, ...csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Klubrådet' }),
    }).then((r) => r.json() as Promise<{ project: { id: string } }>)
    // As a prefix-stripping proxy would forward it, telling us the public host.
    const share = await server.app.inject({
      method: 'POST',
      url: `/api/projects/${project.project.id}/shares`,
      headers: { cookie, ...csrf, 'x-forwarded-host': 'club.example.dk', 'x-forwarded-proto': 'https' },
      payload: {},
    })
    expect(share.statusCode).toBe(201)
    expect(share.json().url).toMatch(/^https:\/\/club\.example\.dk\/vaegavis\/s\/[^/]+$/)
  })

  it('opens a board websocket at /vaegavis/ws and at /ws', async () => {
    const { board, facToken } = await boardFixture(server)
    const ws = server.url.replace(/^http/, 'ws')
    expect(await upgradeStatus(`${ws}/vaegavis/ws/${board.id}?token=${facToken}`)).toBe(101)
    expect(await upgradeStatus(`${ws}/ws/${board.id}?token=${facToken}`)).toBe(101)
  })

  it('answers health checks at the root, as container health checks call it', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
    expect((await server.app.inject({ method: 'GET', url: '/vaegavis/healthz' })).statusCode).toBe(200)
  })
})

describe('PUBLIC_URL with a path', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer({ env: { PUBLIC_URL: 'https://club.example.dk/vaegavis/' } })
  })
  afterAll(async () => {
    await server.destroy()
  })

  it('sets the prefix, so share links and the cookie carry it', async () => {
    const { cookie } = await boardFixture(server)
    const login = await server.app.inject({
      method: 'POST',
      url: '/vaegavis/api/auth/login',
      headers: csrf,
      payload: FACILITATOR,
    })
    expect(login.cookies.find((c) => c.name === 'vg_session')?.path).toBe('/vaegavis')
    const created = await server.app.inject({
      method: 'POST',
      url: '/vaegavis/api/projects',
      headers: { cookie, ...csrf },
      payload: { title: 'Forløb' },
    })
    const share = await server.app.inject({
      method: 'POST',
      url: `/vaegavis/api/projects/${created.json().project.id}/shares`,
      headers: { cookie, ...csrf },
      payload: {},
    })
    expect(share.json().url).toMatch(/^https:\/\/club\.example\.dk\/vaegavis\/s\/[^/]+$/)
  })
})

describe('base path configuration', () => {
  it('comes from BASE_PATH, without a trailing slash, and is empty at the root', () => {
    expect(loadConfig({ BASE_PATH: '/vaegavis/' }).basePath).toBe('/vaegavis')
    expect(loadConfig({ BASE_PATH: '/klub/vaegavis' }).basePath).toBe('/klub/vaegavis')
    expect(loadConfig({ BASE_PATH: '/' }).basePath).toBe('')
    expect(loadConfig({}).basePath).toBe('')
  })

  it('comes from the path of PUBLIC_URL when BASE_PATH is not set', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://club.example.dk/vaegavis/' })).toMatchObject({
      basePath: '/vaegavis',
      publicUrl: 'https://club.example.dk/vaegavis',
    })
    expect(loadConfig({ PUBLIC_URL: 'https://vg.example.dk/' })).toMatchObject({
      basePath: '',
      publicUrl: 'https://vg.example.dk',
    })
  })

  it('is added to a PUBLIC_URL without a path, so join links carry it', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://club.example.dk', BASE_PATH: '/vaegavis' })).toMatchObject({
      basePath: '/vaegavis',
      publicUrl: 'https://club.example.dk/vaegavis',
    })
  })

  it('stops the server with a coded message naming the variable for a bad value', () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{ BASE_PATH: 'vaegavis' }, /^BASE_PATH: must start with "\/"/],
      [{ BASE_PATH: '/vægavis' }, /^BASE_PATH: must be a plain path/],
      [{ BASE_PATH: '/a b' }, /^BASE_PATH/],
      [{ BASE_PATH: '/a//b' }, /^BASE_PATH/],
      [{ BASE_PATH: '/../etc' }, /^BASE_PATH/],
      [{ BASE_PATH: '/x"><script>' }, /^BASE_PATH/],
      [{ BASE_PATH: '/vaegavis?x=1' }, /^BASE_PATH/],
      [{ PUBLIC_URL: 'https://club.example.dk/vaegavis?x=1' }, /^PUBLIC_URL/],
      [{ PUBLIC_URL: 'https://club.example.dk/andet', BASE_PATH: '/vaegavis' }, /^BASE_PATH: .*does not match/],
    ]
    for (const [env, message] of bad) {
      let error: unknown
      try {
        loadConfig(env)
      } catch (e: unknown) {
        error = e
      }
      expect(error, JSON.stringify(env)).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).message, JSON.stringify(env)).toMatch(message)
      expect((error as ConfigError).code).toBe('VGA_ERR_CONFIG')
    }
  })
})

describe('stripping the prefix from a request URL', () => {
  it('removes it only when it is a whole path segment', () => {
    expect(stripBasePath('/vaegavis/api/me', '/vaegavis')).toBe('/api/me')
    expect(stripBasePath('/vaegavis', '/vaegavis')).toBe('/')
    expect(stripBasePath('/vaegavis?projektor', '/vaegavis')).toBe('/?projektor')
    expect(stripBasePath('/vaegavisen/x', '/vaegavis')).toBe('/vaegavisen/x')
    expect(stripBasePath('/api/me', '/vaegavis')).toBe('/api/me')
    expect(stripBasePath('/vaegavis/x', '')).toBe('/vaegavis/x')
  })
})

describe('the page <base>', () => {
  it('replaces the default base of the build, or adds one first in <head>', () => {
    expect(withBaseHref('<head><base href="/" /><title>x</title></head>', '/vaegavis')).toBe(
      '<head><base href="/vaegavis/" /><title>x</title></head>',
    )
    expect(withBaseHref('<head><base href="/"></head>', '')).toBe('<head><base href="/" /></head>')
    expect(withBaseHref('<html><head lang="da"><title>x</title></head>', '/vaegavis')).toBe(
      '<html><head lang="da">\n    <base href="/vaegavis/" /><title>x</title></head>',
    )
  })
})
