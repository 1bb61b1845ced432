/**
 * A short run of the sync-core fuzzer (scripts/fuzz.ts has the long one): random,
 * framed, mutated and known-bad messages against the decoder and a real room.
 */
import { describe, expect, it } from 'vitest'
import { fuzz, KNOWN_BAD } from '../../scripts/fuzz.ts'

describe('fuzzing the sync core', () => {
  it('accepts or closes with a defined code on every generated message, and the room stays whole', async () => {
    // Crashes and whole-room checks only: how long an input takes depends on the machine, so the
    // long run (scripts/fuzz.ts) reports slow inputs as figures, and a hang stops its watchdog.
    const stats = await fuzz({ runs: 2_000, seed: 20_261_126, checkEvery: 500, slowMs: 5_000 })
    expect({ crashes: stats.crashes, samples: stats.crashSamples }).toEqual({ crashes: 0, samples: [] })
    expect(stats.tried).toBeGreaterThanOrEqual(2_000 + KNOWN_BAD.length)
    // The mix is not all noise: some inputs are accepted, most bad ones are malformed.
    expect(stats.accepted).toBeGreaterThan(0)
    expect(stats.closedByCode[4400] ?? 0).toBeGreaterThan(0)
  }, 120_000)
})
