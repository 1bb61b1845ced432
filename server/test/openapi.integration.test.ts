/**
 * `/api/openapi.json` is enough to integrate with (issue #12): how to sign in,
 * which header a state-changing request needs, and every error with its codes.
 * The last test is a new integrator who reads only the document.
 */
import { ErrorCode } from '@vaegavis/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FACILITATOR, startServer, type TestServer } from './helpers.ts'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server.destroy()
})

interface Parameter {
  in: string
  name: string
  required?: boolean
  schema?: { enum?: string[] }
}
interface Operation {
  parameters?: Parameter[]
  security?: Record<string, string[]>[]
  requestBody?: { content: Record<string, { schema: { required?: string[] } }> }
  responses: Record<string, { content?: Record<string, { schema: { properties?: { code?: { enum?: string[] } } } }> }>
}
interface Spec {
  paths: Record<string, Record<string, Operation>>
  components: { securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }> }
}

const UNSAFE = ['post', 'put', 'patch', 'delete']

async function spec(): Promise<Spec> {
  const res = await fetch(`${server.url}/api/openapi.json`)
  expect(res.status).toBe(200)
  return (await res.json()) as Spec
}

function operations(doc: Spec): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method, path, op })),
  )
}

/** The headers an operation says are required, each with the first value it allows. */
function requiredHeaders(op: Operation): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const p of op.parameters ?? []) {
    if (p.in === 'header' && p.required) headers[p.name] = p.schema?.enum?.[0] ?? 'x'
  }
  return headers
}

describe('the OpenAPI document', () => {
  it('names how to authenticate: the session cookie and board tokens', async () => {
    const { securitySchemes } = (await spec()).components
    expect(securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'vg_session' })
    expect(securitySchemes.boardToken).toMatchObject({ type: 'http', scheme: 'bearer' })
  })

  it('every route says who may call it, with a scheme the document defines', async () => {
    const doc = await spec()
    const ops = operations(doc)
    expect(ops.length).toBeGreaterThan(50)
    const undeclared = ops.filter(({ op }) => op.security === undefined).map(({ method, path }) => `${method} ${path}`)
    expect(undeclared).toEqual([])
    const schemes = new Set(ops.flatMap(({ op }) => (op.security ?? []).flatMap((s) => Object.keys(s))))
    for (const name of schemes) expect(doc.components.securitySchemes[name]).toBeDefined()
    const security = (method: string, path: string) => doc.paths[path]?.[method]?.security
    expect(security('post', '/api/boards')).toEqual([{ session: [] }])
    expect(security('post', '/api/boards/{id}/labels')).toEqual([{ boardToken: [] }])
    // A phone (its board token) or the facilitator (session) sends a picture.
    expect(security('post', '/api/boards/{id}/images')).toEqual([{ boardToken: [] }, { session: [] }])
    expect(security('post', '/api/auth/login')).toEqual([])
  })

  it('every POST, PUT, PATCH and DELETE documents the required CSRF header', async () => {
    const missing = operations(await spec())
      .filter(({ method }) => UNSAFE.includes(method))
      .filter(({ op }) => !op.parameters?.some((p) => p.in === 'header' && p.name === 'x-vaegavis' && p.required))
      .map(({ method, path }) => `${method} ${path}`)
    expect(missing).toEqual([])
  })

  it('every route documents its 4xx errors, each with the codes it can carry', async () => {
    const ops = operations(await spec())
    const without = ops
      .filter(({ op }) => !Object.keys(op.responses).some((s) => s.startsWith('4')))
      .map(({ method, path }) => `${method} ${path}`)
    expect(without).toEqual([])
    const known = new Set<string>(Object.values(ErrorCode))
    for (const { method, path, op } of ops) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (!status.startsWith('4')) continue
        const codes = response.content?.['application/json']?.schema.properties?.code?.enum
        expect(codes, `${method} ${path} ${status}`).toBeDefined()
        for (const code of codes ?? []) expect(known.has(code), `${method} ${path} ${status}: ${code}`).toBe(true)
      }
    }
    const login = ops.find(({ method, path }) => method === 'post' && path === '/api/auth/login')?.op
    expect(login?.responses['401']?.content?.['application/json']?.schema.properties?.code?.enum).toContain(
      ErrorCode.InvalidCredentials,
    )
    expect(login?.responses['429']).toBeDefined()
    const images = ops.find(({ method, path }) => method === 'post' && path === '/api/boards/{id}/images')?.op
    expect(images?.responses['415']?.content?.['application/json']?.schema.properties?.code?.enum).toContain(
      ErrorCode.ImageInvalid,
    )
    expect(images?.responses['429']).toBeDefined()
    const labels = ops.find(({ method, path }) => method === 'post' && path === '/api/boards/{id}/labels')?.op
    expect(labels?.responses['403']?.content?.['application/json']?.schema.properties?.code?.enum).toContain(
      ErrorCode.ImageNotYours,
    )
    const update = ops.find(({ method, path }) => method === 'patch' && path === '/api/boards/{id}')?.op
    expect(Object.keys(update?.responses ?? {})).toEqual(expect.arrayContaining(['400', '401', '403', '404']))
  })

  it('a new integrator signs in and creates a board following only the document', async () => {
    const doc = await spec()
    const login = doc.paths['/api/auth/login']?.post
    const create = doc.paths['/api/boards']?.post
    if (!login || !create) throw new Error('the document lacks sign-in or board creation')
    expect(login.requestBody?.content['application/json']?.schema.required).toEqual(
      expect.arrayContaining(['email', 'password']),
    )
    const signedIn = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...requiredHeaders(login) },
      body: JSON.stringify(FACILITATOR),
    })
    expect(signedIn.status).toBe(200)
    // The scheme create asks for names the cookie to send back.
    const scheme = doc.components.securitySchemes[Object.keys(create.security?.[0] ?? {})[0] ?? '']
    expect(scheme).toMatchObject({ type: 'apiKey', in: 'cookie' })
    const session = signedIn.headers.getSetCookie().find((c) => c.startsWith(`${scheme?.name}=`))
    expect(session).toBeDefined()
    const body: Record<string, string> = {}
    for (const field of create.requestBody?.content['application/json']?.schema.required ?? [])
      body[field] = 'Klubaften'
    const created = await fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session?.split(';')[0] ?? '', ...requiredHeaders(create) },
      body: JSON.stringify(body),
    })
    expect(created.status).toBe(201)
    expect((await created.json()).board.title).toBe('Klubaften')
  })
})
