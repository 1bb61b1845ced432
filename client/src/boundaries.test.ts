/**
 * The client's layers (issue #12): `ui/` holds what every page shares, so it
 * imports no page area; the archive's REST calls and its date formats live in
 * neutral modules (`archiveApi.ts`, `format.ts`) that any page may use.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = fileURLToPath(new URL('.', import.meta.url))

/** [folder, folder it must not import from]. */
const RULES: [string, string][] = [['ui', 'archive']]

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(e.name) ? [path] : []
  })
}

/** Every relative module specifier a file imports or re-exports, static or dynamic. */
function importsOf(source: string): string[] {
  const found: string[] = []
  for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    if (m[1]) found.push(m[1])
  }
  return found
}

/** `file:line → target` for each import in `from/` that lands in `forbidden/`. */
function violations(from: string, forbidden: string): string[] {
  const banned = join(SRC, forbidden)
  return sourceFiles(join(SRC, from)).flatMap((file) =>
    importsOf(readFileSync(file, 'utf8'))
      .filter((spec) => {
        const target = resolve(dirname(file), spec)
        return target === banned || target.startsWith(`${banned}/`)
      })
      .map((spec) => `${relative(SRC, file)} imports ${spec}`),
  )
}

describe('the client’s layers', () => {
  it.each(RULES)('nothing in %s/ imports from %s/', (from, forbidden) => {
    expect(sourceFiles(join(SRC, from)).length).toBeGreaterThan(3)
    expect(violations(from, forbidden)).toEqual([])
  })

  it('the check can fail: static, type-only and lazy imports into archive/ are all seen', () => {
    const source = [
      "import { archiveApi } from '../archive/archiveApi.ts'",
      "import type { Wall } from '../archive/archiveApi.ts'",
      "const ProjectPage = lazy(() => import('../archive/ProjectPage.tsx'))",
      "export { formatDay } from '../archive/format.ts'",
    ].join('\n')
    const file = join(SRC, 'ui', 'Example.tsx')
    const hits = importsOf(source).filter((spec) => resolve(dirname(file), spec).startsWith(join(SRC, 'archive')))
    expect(hits).toHaveLength(4)
  })
})
