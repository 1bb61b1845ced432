// Prints "N passed, N failed" from the Vitest and Playwright JSON reports.
// A report that is missing counts as one failure, so a run that tested nothing shows.
import { existsSync, readFileSync } from 'node:fs'

let passed = 0
let failed = 0
const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null)

const vitest = read('.reports/vitest.json')
if (vitest) {
  passed += vitest.numPassedTests ?? 0
  failed +=
    (vitest.numFailedTests ?? 0) +
    (vitest.numTotalTestSuites > 0 && vitest.success === false && vitest.numFailedTests === 0 ? 1 : 0)
} else {
  process.stderr.write('no Vitest report (.reports/vitest.json): counted as a failure\n')
  failed += 1
}

const pw = read('.reports/playwright.json')
if (pw) {
  passed += pw.stats?.expected ?? 0
  passed += pw.stats?.flaky ?? 0
  failed += pw.stats?.unexpected ?? 0
  if ((pw.errors ?? []).length > 0) failed += 1
} else {
  console.error('no Playwright report (.reports/playwright.json): counted as a failure\n')
  failed += 1
}
process.stdout.write(`${passed} passed, ${failed} failed\n`)
