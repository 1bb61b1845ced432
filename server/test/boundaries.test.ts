/**
 * The board has one home, `shared/` (issue #12): outside it, no source file
 * reaches into the document's roots by name or builds a held document's name
 * by hand. Tests are exempt: they play hostile clients that write raw maps.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
// Product code; server/scripts/ is attack tooling (the fuzzer writes raw maps on purpose, as tests do).
const SOURCES = ['server/src', 'client/src']

/** What only `shared/` may write: a root reached by name, the raw roots, the held document's suffix. */
const FORBIDDEN: [RegExp, string][] = [
  [/\.getMap\s*[<(]/, 'reaches a root of the document with getMap'],
  [/\brootsOf\b/, 'uses the raw roots'],
  [/~held|HELD_SUFFIX/, "builds or parses a held document's name by hand"],
]

function sourceFiles(dir: string): string[] {
  return readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path)
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : []
  })
}

describe('the board’s keys live in shared/ alone', () => {
  it('no server or client source file outside shared/ touches the document’s roots or the held document’s name', () => {
    const found: string[] = []
    const files = SOURCES.flatMap(sourceFiles)
    expect(files.length).toBeGreaterThan(50)
    for (const file of files) {
      const rel = relative(REPO, join(REPO, file))
      const lines = readFileSync(join(REPO, file), 'utf8').split('\n')
      lines.forEach((line, i) => {
        for (const [pattern, what] of FORBIDDEN) if (pattern.test(line)) found.push(`${rel}:${i + 1} ${what}`)
      })
    }
    expect(found).toEqual([])
  })

  it('the check can fail: a file that reaches a root by name is caught', () => {
    const [pattern] = FORBIDDEN[0] ?? []
    expect(pattern?.test("doc.getMap('labels').set(id, m)")).toBe(true)
    expect(FORBIDDEN[2]?.[0].test('`${board.id}~held`')).toBe(true)
  })
})
