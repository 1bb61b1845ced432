/**
 * Renewals of phones that all joined in the same second (as after the join code goes up on the
 * projector), in fake time. Stock y-protocols would renew them all in the same second every 15–18 s
 * (`pnpm bench -- --only=renewals` shows it on a real server).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Awareness, outdatedTimeout } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { RENEW_AFTER_MS, spreadRenewals } from './renewals.ts'

const PHONES = 30
const SECONDS = 120

/** A fixed sequence of numbers in [0, 1): the same spread on every run. */
function seeded(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31
    return s / 2 ** 31
  }
}

describe('spreadRenewals', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it(`spreads ${PHONES} phones that joined together: a few renewals a second, none ever late`, () => {
    const started = Date.now()
    const perSecond = new Array<number>(SECONDS).fill(0)
    const phones = Array.from({ length: PHONES }, (_, i) => {
      const phone = new Awareness(new Y.Doc())
      spreadRenewals(phone, seeded(i + 1))
      phone.setLocalState({ role: 'participant' })
      const sent = [Date.now()]
      phone.on('update', ({ updated }: { updated: number[] }, origin: unknown) => {
        if (origin !== 'local' || !updated.includes(phone.clientID)) return
        sent.push(Date.now())
        perSecond[Math.floor((Date.now() - started) / 1000)]! += 1
      })
      return { phone, sent }
    })
    vi.advanceTimersByTime(SECONDS * 1000)

    // As many renewals as before: one per 10–20 s and phone.
    const total = perSecond.reduce((a, b) => a + b, 0)
    expect(total).toBeGreaterThan((PHONES * SECONDS) / (RENEW_AFTER_MS.max / 1000) - PHONES)
    expect(total).toBeLessThanOrEqual((PHONES * SECONDS) / (RENEW_AFTER_MS.min / 1000))
    // Never the whole board at once: 2 a second on average, at most a handful.
    expect(Math.max(...perSecond)).toBeLessThanOrEqual(8)
    // Every phone renews well before others would drop it (30 s).
    const gaps = phones.flatMap(({ sent }) => sent.slice(1).map((t, k) => t - sent[k]!))
    expect(Math.max(...gaps)).toBeLessThanOrEqual(RENEW_AFTER_MS.max)
    expect(Math.max(...gaps)).toBeLessThan(outdatedTimeout)
    for (const { phone } of phones) phone.destroy()
  })

  it('stops with the awareness: a destroyed phone renews nothing', () => {
    const phone = new Awareness(new Y.Doc())
    spreadRenewals(phone, () => 0)
    let renewals = 0
    phone.on('update', () => renewals++)
    phone.destroy()
    const after = renewals
    vi.advanceTimersByTime(60_000)
    expect(renewals).toBe(after)
  })
})
