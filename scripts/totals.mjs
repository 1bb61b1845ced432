// Prints "N passed, N failed, N skipped" from the Vitest and Playwright JSON reports.
// A missing report counts as one failure, and so does a runner that ran no test,
// so a run that tested nothing shows. Skipped tests are reported, never counted as passed.
import { existsSync, readFileSync } from 'node:fs'

let passed = 0
let failed = 0
let skipped = 0
const problems = []
const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null)

const vitest = read('.reports/vitest.json')
if (vitest) {
  const ran = (vitest.numPassedTests ?? 0) + (vitest.numFailedTests ?? 0)
  passed += vitest.numPassedTests ?? 0
  failed += vitest.numFailedTests ?? 0
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0)
  if (ran === 0) problems.push('Vitest ran no test')
  // A suite that failed to load (syntax error, failing hook) fails no test but fails the run.
  else if (vitest.success === false && (vitest.numFailedTests ?? 0) === 0) problems.push('Vitest failed outside a test')
} else {
  problems.push('no Vitest report (.reports/vitest.json)')
}

const pw = read('.reports/playwright.json')
if (pw) {
  const s = pw.stats ?? {}
  const ran = (s.expected ?? 0) + (s.flaky ?? 0) + (s.unexpected ?? 0)
  passed += (s.expected ?? 0) + (s.flaky ?? 0)
  failed += s.unexpected ?? 0
  skipped += s.skipped ?? 0
  if (ran === 0) problems.push('Playwright ran no test')
  if ((pw.errors ?? []).length > 0) problems.push('Playwright reported errors outside a test')
} else {
  problems.push('no Playwright report (.reports/playwright.json)')
}

for (const p of problems) process.stderr.write(`${p}: counted as a failure\n`)
failed += problems.length
process.stdout.write(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`)
process.exit(failed > 0 || skipped > 0 ? 1 : 0)
