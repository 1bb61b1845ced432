/**
 * Time that everyone notices, and "I'm done": a facilitator, two phones and a
 * projector. The timer is ended by setting its duration through the
 * facilitator's test bridge (same start, so phones keep their clock
 * estimate), never by waiting a minute; the chime is seen through a wrapped
 * AudioContext and the buzz through a wrapped `navigator.vibrate`.
 */
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, FacilitationWall, FacilitatorPage, openProjector, PhoneView, test } from '../fixtures/index.ts'

const SHOTS = resolve(import.meta.dirname, '../../.reports/timer')

test.describe.configure({ timeout: 300_000 })
test.use({ viewport: { width: 1600, height: 900 } })

declare global {
  interface Window {
    __oscillators?: number
    __vibrations?: unknown[]
  }
}

/** Counts the oscillators the page's WebAudio makes: two a chime. */
function spyOnAudio() {
  const Real = window.AudioContext
  window.__oscillators = 0
  window.AudioContext = class extends Real {
    override createOscillator(): OscillatorNode {
      window.__oscillators = (window.__oscillators ?? 0) + 1
      return super.createOscillator()
    }
  }
}

function spyOnVibrate() {
  window.__vibrations = []
  navigator.vibrate = (pattern: VibratePattern) => {
    window.__vibrations?.push(pattern)
    return true
  }
}

/** Writes the timer through the facilitator's test bridge: `startedAt` as ms before now, `durationMs` as given. */
async function setTimer(
  wall: FacilitationWall,
  shape: (now: number, t: { startedAt: number }) => object,
): Promise<void> {
  const now = Date.now()
  const timer = await wall.page.evaluate(() => {
    // The bridge's Yjs document (client/src/canvas/bridge.ts), beyond what fixtures/bridge.ts types.
    const bridge = window.__vaegavis as unknown as { doc: { getMap(name: string): Map<string, unknown> } }
    return bridge.doc.getMap('settings').get('timer') as { startedAt: number }
  })
  await wall.page.evaluate(
    (next) => {
      const bridge = window.__vaegavis as unknown as { doc: { getMap(name: string): Map<string, unknown> } }
      bridge.doc.getMap('settings').set('timer', next)
    },
    shape(now, timer),
  )
}

/** Ends the running timer in `s` seconds, keeping its start (as a shorter timer would have): phones keep their clock estimate. */
const endTimerIn = (wall: FacilitationWall, s: number) =>
  setTimer(wall, (now, t) => ({ startedAt: t.startedAt, durationMs: now - t.startedAt + s * 1000 }))

const announcement = (page: Page) => page.getByTestId('timer-announcement')

test('+1 minute reaches projector and phones; start, last minute and end are announced; the projector chimes unless switched off, phones buzz; "I\'m done" is counted and starts over with each step', async ({
  browser,
  page,
  server,
  newPhone,
}) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  const { boardId, code } = await facilitator.createBoard('Tid og færdig')
  const wall = new FacilitationWall(page)
  const projector = await openProjector(browser, facilitator, server.url, boardId)
  await projector.page.addInitScript(spyOnAudio)
  await projector.page.reload()
  await projector.waitOnline()

  const phones: PhoneView[] = []
  for (const name of ['Mira', 'Ali']) {
    const ctx = await newPhone()
    await ctx.addInitScript(spyOnVibrate)
    const phone = await PhoneView.open(ctx, server.url, code)
    await phone.join(name)
    phones.push(phone)
  }
  const [mira, ali] = phones as [PhoneView, PhoneView]
  const done = projector.page.getByTestId('pulse-done')
  const doneButton = (p: PhoneView) => p.page.getByRole('button', { name: 'Jeg er færdig' })

  // "I'm done": a count on the projector, nobody named.
  await expect(done).toHaveText('0 af 2 er færdige')
  await doneButton(mira).click()
  await expect(doneButton(mira)).toHaveAttribute('aria-pressed', 'true')
  await doneButton(ali).click()
  await expect(done).toHaveText('2 af 2 er færdige')
  await expect(projector.page.getByTestId('pulse')).not.toContainText(/Mira|Ali/)
  mkdirSync(SHOTS, { recursive: true })
  await mira.page.screenshot({ path: `${SHOTS}/phone-done.png` })

  // A new timer is a new step: everyone starts over.
  await wall.tools.getByRole('button', { name: 'Start 1 minut' }).click()
  await expect(done).toHaveText('0 af 2 er færdige')
  await expect(doneButton(mira)).toHaveAttribute('aria-pressed', 'false')
  for (const p of [projector.page, mira.page, ali.page]) {
    await expect(announcement(p)).toHaveText('Tiden er startet: 1 minut')
  }

  // +1 minute while it runs: about two minutes on every screen, and the start is not said again.
  await wall.tools.getByRole('button', { name: 'Læg 1 minut til tiden' }).click()
  await expect(projector.page.getByTestId('timer')).toHaveText(/^(1:[0-5]\d|2:00)$/)
  await expect(projector.page.getByTestId('timer')).not.toHaveText(/^0:/)
  for (const phone of phones) {
    await expect
      .poll(async () => Number(await phone.page.getByTestId('timer').getAttribute('data-seconds-left')))
      .toBeGreaterThan(60)
    await expect(announcement(phone.page)).toHaveText('Tiden er startet: 1 minut')
  }
  await projector.page.screenshot({ path: `${SHOTS}/projector.png` })

  // Somebody is done mid-step; "Ny runde" starts them over too.
  await doneButton(ali).click()
  await expect(done).toHaveText('1 af 2 er færdige')
  await wall.tools.getByRole('button', { name: 'Ny runde' }).click()
  await expect(done).toHaveText('0 af 2 er færdige')
  await expect(doneButton(ali)).toHaveAttribute('aria-pressed', 'false')

  // The last minute, then the end: said once each; the projector chimes and the phones buzz. A timer is
  // only in its last minute after a minute has passed, so the phones open again to take this one as it is
  // (a timer already running when a phone opens is not taken as the moment it started: see PhoneTimer).
  expect(await projector.page.evaluate(() => window.__oscillators)).toBe(0)
  await setTimer(wall, (now) => ({ startedAt: now - 100_000, durationMs: 120_000 }))
  await expect(announcement(projector.page)).toHaveText('1 minut tilbage')
  for (const phone of phones) {
    await phone.page.reload()
    await expect(phone.page.locator('.connection[data-status="online"]')).toBeVisible()
    await expect(announcement(phone.page)).toHaveText('1 minut tilbage')
  }
  for (const p of [projector.page, mira.page, ali.page]) {
    await expect(announcement(p)).toHaveText('Tiden er gået', { timeout: 30_000 })
  }
  await expect.poll(() => projector.page.evaluate(() => window.__oscillators)).toBe(2)
  for (const phone of phones) {
    await expect.poll(() => phone.page.evaluate(() => window.__vibrations)).toEqual([[200, 100, 200]])
  }
  // The facilitator's own screen stays quiet: the sound is the projector's.
  await expect(announcement(page)).toHaveText('Tiden er gået')

  // Switched off on the projector, and kept there across a reload: the next end is silent.
  const sound = projector.page.getByRole('button', { name: 'Lyd ved tidens slut' })
  await expect(sound).toHaveAttribute('aria-pressed', 'true')
  await sound.click()
  await projector.page.reload()
  await projector.waitOnline()
  await expect(sound).toHaveAttribute('aria-pressed', 'false')
  await wall.tools.getByRole('button', { name: 'Start 1 minut' }).click()
  await expect(announcement(projector.page)).toHaveText('Tiden er startet: 1 minut')
  await endTimerIn(wall, 3)
  await expect(announcement(projector.page)).toHaveText('Tiden er gået', { timeout: 20_000 })
  await expect(announcement(mira.page)).toHaveText('Tiden er gået', { timeout: 20_000 })
  expect(await projector.page.evaluate(() => window.__oscillators)).toBe(0)
  await projector.page.context().close()
})
