/**
 * One typed API (issue #12): a handler's body, params and query get their
 * types from the route's schema through the TypeBox type provider. A cast
 * (`req.body as {…}`) would claim a shape no schema checks, so none is allowed.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as shared from '@vaegavis/shared/api'
import { describe, expect, it } from 'vitest'
import * as apiTypes from '../src/plugins/apiTypes.ts'

const PLUGINS = fileURLToPath(new URL('../src/plugins', import.meta.url))

/** Every way a request part can be cast: `req.body as …`, `(req.params as …)`, `<T>req.query`, or an alias of it. */
const CAST =
  /\b(?:req|request)\s*\.\s*(?:body|params|query)\s*\)?\s*as\b|<[^<>]+>\s*(?:req|request)\s*\.\s*(?:body|params|query)\b/

function casts(source: string): string[] {
  return source.split('\n').filter((line) => CAST.test(line))
}

const plugins = readdirSync(PLUGINS)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, source: readFileSync(join(PLUGINS, name), 'utf8') }))

describe('request types come from the route schemas', () => {
  it('recognises each form of cast it forbids (so the scan below can fail)', () => {
    expect(casts('const b = req.body as { title: string }')).toHaveLength(1)
    expect(casts('const id = (req.params as { id: string }).id')).toHaveLength(1)
    expect(casts('const q = req.query  as ExportQuery')).toHaveLength(1)
    expect(casts('const q = <ExportQuery>request.query')).toHaveLength(1)
    expect(casts('const { id } = req.params')).toHaveLength(0)
  })

  it('no plugin casts req.body, req.params or req.query', () => {
    expect(plugins.length).toBeGreaterThan(8)
    const found = plugins.flatMap(({ name, source }) => casts(source).map((line) => `${name}: ${line.trim()}`))
    expect(found).toEqual([])
  })

  it('every plugin that declares routes declares them on the TypeBox-typed instance', () => {
    const untyped = plugins
      .filter(({ source }) => /\bapp\.(?:get|post|put|patch|delete|route)\s*[<(]/.test(source))
      .filter(({ source }) => !/withTypeProvider<TypeBoxTypeProvider>\(\)/.test(source))
      .map(({ name }) => name)
    // web.ts serves pages and files: no route of it reads a body, params or a query.
    expect(untyped.filter((name) => name !== 'web.ts')).toEqual([])
  })
})

describe('who may call a route is decided in one place', () => {
  it('only guards.ts signs the facilitator in or loads a board, project, meeting or snapshot for them', () => {
    const inline =
      /\b(?:requireUser|manageableBoard|memberProject|memberMeeting|manageableSnapshot)\s*\(|headers\.authorization/
    const found = plugins
      .filter(({ name }) => name !== 'guards.ts')
      .flatMap(({ name, source }) =>
        source
          .split('\n')
          .filter((line) => inline.test(line))
          .map((line) => `${name}: ${line.trim()}`),
      )
    expect(found).toEqual([])
  })
})

describe('one set of API schemas, from shared/', () => {
  it('the server answers with the very schemas @vaegavis/shared/api exports', () => {
    const pairs = {
      BoardOut: [apiTypes.BoardOut, shared.BoardOut],
      ErrorOut: [apiTypes.ErrorOut, shared.ErrorOut],
      JoinOut: [apiTypes.JoinOut, shared.JoinOut],
      ProjectOut: [apiTypes.ProjectOut, shared.ProjectOut],
      SnapshotOut: [apiTypes.SnapshotOut, shared.SnapshotOut],
      ShareOut: [apiTypes.ShareOut, shared.ShareOut],
      TemplateOut: [apiTypes.TemplateOut, shared.TemplateOut],
      WallOut: [apiTypes.WallOut, shared.WallOut],
    }
    for (const [name, [server, own]] of Object.entries(pairs)) {
      expect(server, name).toBeDefined()
      expect(server, name).toBe(own)
    }
  })

  it('the client imports them as types only, so TypeBox never reaches a browser bundle', () => {
    const CLIENT = fileURLToPath(new URL('../../client/src', import.meta.url))
    const files = (readdirSync(CLIENT, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f))
    expect(files.length).toBeGreaterThan(20)
    const imports = (f: string) =>
      readFileSync(join(CLIENT, f), 'utf8').match(/^import\s[\s\S]*?from\s+'[^']+'/gm) ?? []
    const valueImports = files.filter((f) =>
      imports(f).some((i) => i.endsWith("'@vaegavis/shared/api'") && !i.startsWith('import type ')),
    )
    expect(valueImports).toEqual([])
    expect(files.some((f) => readFileSync(join(CLIENT, f), 'utf8').includes("from '@vaegavis/shared/api'"))).toBe(true)
  })
})
