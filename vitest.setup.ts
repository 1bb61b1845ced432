/**
 * One margin for every wait in the suite. Vitest's defaults (1 s for
 * `vi.waitFor`, 1 s for `expect.poll`) fail on a busy two-core machine while
 * another process loads both cores; a condition that holds is met at once, so a
 * long timeout costs nothing when the code is right.
 */
import { vi } from 'vitest'

/** How long a wait may take before it fails, in ms. */
export const WAIT_MS = 20_000

const waitFor = vi.waitFor.bind(vi)
vi.waitFor = ((callback, options) =>
  waitFor(
    callback,
    typeof options === 'number' ? options : { timeout: WAIT_MS, interval: 50, ...options },
  )) as typeof vi.waitFor
