import { CSRF_HEADER, ErrorCode } from '@vaegavis/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.ts'
import { boardFixture, createBoard, FACILITATOR, join, signIn, startServer, type TestServer } from './helpers.ts'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server.destroy()
})

const csrf = { [CSRF_HEADER]: '1' }

describe('facilitator sign-in', () => {
  it('a wrong password is refused with a clear code and no cookie', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: csrf,
      payload: { email: FACILITATOR.email, password: 'forkert' },
    })
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe(ErrorCode.InvalidCredentials)
    expect(res.cookies).toHaveLength(0)
  })

  it('the session cookie is HTTP-only and SameSite, and email is case-insensitive', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: csrf,
      payload: { email: FACILITATOR.email.toUpperCase(), password: FACILITATOR.password },
    })
    expect(res.statusCode).toBe(200)
    const cookie = res.cookies.find((c) => c.name === 'vg_session')
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' })
  })

  it('board routes need a signed-in facilitator', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/boards' })
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe(ErrorCode.Unauthorized)
  })

  it('a state-changing request without the CSRF header is refused', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: FACILITATOR })
    expect(res.statusCode).toBe(403)
  })
})

describe('boards', () => {
  it('a facilitator creates a board and sees it listed with a join code', async () => {
    const cookie = await signIn(server.app)
    const board = await createBoard(server.app, cookie, 'Ungdomsrådet')
    expect(board.joinCode).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{6}$/)
    const list = await server.app.inject({ method: 'GET', url: '/api/boards', headers: { cookie } })
    expect(list.json().boards.map((b: { title: string }) => b.title)).toContain('Ungdomsrådet')
  })

  it('an invalid body is a 400 with an error code', async () => {
    const cookie = await signIn(server.app)
    for (const payload of [{}, { title: '' }, { title: 42 }, { title: 'x'.repeat(500) }]) {
      const res = await server.app.inject({ method: 'POST', url: '/api/boards', headers: { cookie, ...csrf }, payload })
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe(ErrorCode.BadRequest)
    }
  })

  it('an unknown board is a 404', async () => {
    const cookie = await signIn(server.app)
    const res = await server.app.inject({ method: 'GET', url: '/api/boards/nope', headers: { cookie } })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe(ErrorCode.NotFound)
  })

  it('the QR code encodes the join link', async () => {
    const { cookie, board } = await boardFixture(server)
    const res = await server.app.inject({ method: 'GET', url: `/api/boards/${board.id}/qr.svg`, headers: { cookie } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('image/svg+xml')
    expect(res.body).toContain('<svg')
  })
})

describe('joining with a code', () => {
  it('joins with the code typed in lower case and spaces, without a nickname', async () => {
    const { board } = await boardFixture(server)
    const typed = `${board.joinCode.slice(0, 3).toLowerCase()} ${board.joinCode.slice(3).toLowerCase()}`
    const res = await join(server.app, typed)
    expect(res.boardId).toBe(board.id)
    expect(res.participantId).toMatch(/^p-/)
    expect(res.token.length).toBeGreaterThan(30)
  })

  it('an unknown code gets a message a young person understands', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/join',
      headers: csrf,
      payload: { code: 'AAAAAA' },
    })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ code: ErrorCode.UnknownJoinCode, message: expect.stringContaining('code') })
  })

  it('a nickname over 30 characters is refused with its own code', async () => {
    const { board } = await boardFixture(server)
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/join',
      headers: csrf,
      payload: { code: board.joinCode, nickname: 'n'.repeat(31) },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe(ErrorCode.NicknameTooLong)
  })
})

describe('service endpoints', () => {
  it('GET /healthz answers 200', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
  })

  it('the REST API is described by an OpenAPI document', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/openapi.json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toMatch(/^3\./)
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/boards', '/api/join', '/api/auth/login']))
    // What an integrator needs beyond the routes: openapi.integration.test.ts checks them route by route.
    expect(Object.keys(doc.components.securitySchemes)).toEqual(expect.arrayContaining(['session', 'boardToken']))
    expect(doc.components.schemas.ErrorOut.properties.code.enum).toContain(ErrorCode.UnknownJoinCode)
  })

  it('responses carry a strict content security policy without inline scripts', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/healthz' })
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
  })
})

describe('configuration', () => {
  it('a bad value stops the server with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError)
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/)
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/)
    expect(() => loadConfig({ VAEGAVIS_ADMIN_EMAIL: 'a@b.dk' })).toThrow(/VAEGAVIS_ADMIN_PASSWORD/)
  })

  it('defaults to port 8080 and ./data', () => {
    expect(loadConfig({})).toMatchObject({ port: 8080, dataDir: './data', maxMessageBytes: 1024 * 1024 })
  })
})

describe('logs', () => {
  it('never contain a board token or a share-link token', async () => {
    const { redactUrl } = await import('../src/app.ts')
    expect(redactUrl('/ws/abc?token=SECRET&ack=1')).toBe('/ws/abc?token=…&ack=1')
    expect(redactUrl('/api/share/SECRET/report.pdf')).toBe('/api/share/…/report.pdf')
    expect(redactUrl('/api/boards')).toBe('/api/boards')
  })
})
