/**
 * Automated accessibility checks: axe on every page (no serious or critical
 * violations), and the phone at 360×640 with touch and text enlarged to 200 %.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, FacilitationWall, FacilitatorPage, PhoneView, test } from '../fixtures/index.ts'

test.describe.configure({ timeout: 120_000 })

/** Runs axe on the page as it is now; fails listing every serious or critical violation. */
async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze()
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  const summary = serious.map(
    (v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
  expect.soft(summary, `${what}: serious or critical axe violations`).toEqual([])
}

test('every page passes axe without serious or critical violations', async ({ page, server, newPhone }) => {
  await page.setViewportSize({ width: 1600, height: 900 })
  await page.goto(`${server.url}/`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expectNoSeriousViolations(page, 'start page')

  await page.goto(`${server.url}/findes-ikke`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expectNoSeriousViolations(page, '404')

  await page.goto(`${server.url}/login`)
  await expect(page.getByLabel('E-mail')).toBeVisible()
  await expectNoSeriousViolations(page, 'login')

  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  await expect(page.getByLabel('Titel')).toBeVisible()
  await expectNoSeriousViolations(page, 'boards (empty)')

  const { code } = await facilitator.createBoard('Tilgængelig væg')
  const wall = new FacilitationWall(page)
  await expectNoSeriousViolations(page, 'wall as facilitator')

  const phoneContext = await newPhone()
  const phone = await PhoneView.open(phoneContext, server.url, code)
  await expect(phone.page.getByRole('button', { name: 'Deltag' })).toBeVisible()
  await expectNoSeriousViolations(phone.page, 'phone join form')
  await phone.join('Mira')
  await phone.post('Idé', 'Filmaften hver fredag')
  await phone.expectSaved('Filmaften hver fredag')
  await expectNoSeriousViolations(phone.page, 'phone board with a label')

  // The wall with a label on it, and its list view.
  await expect.poll(async () => (await wall.labels()).length).toBe(1)
  await expectNoSeriousViolations(page, 'wall with a label')
  await page.getByRole('button', { name: 'Liste' }).click()
  await expect(page.getByRole('region', { name: 'Væggen som liste' })).toBeVisible()
  await expectNoSeriousViolations(page, 'wall list view')
  // The high-contrast projector theme.
  await page.getByRole('button', { name: 'Høj kontrast' }).click()
  await expect(page.getByRole('button', { name: 'Høj kontrast' })).toHaveAttribute('aria-pressed', 'true')
  await expectNoSeriousViolations(page, 'wall in high contrast with the list')

  await page.goto(`${server.url}/boards`)
  await expect(page.getByRole('link', { name: 'Åbn væg' })).toBeVisible()
  await expectNoSeriousViolations(page, 'boards (one board)')
})

/** Elements that stick out to the right of the viewport (empty when the page does not scroll sideways). */
const overflowsSideways = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth
    if (document.documentElement.scrollWidth <= width + 1) return []
    return Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)}px)`)
  })

test('the phone works at 360×640 with touch and text enlarged to 200 %', async ({ page, server, newPhone }) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  const { code } = await facilitator.createBoard('Stor tekst')

  const phone = await PhoneView.open(await newPhone(), server.url, code)
  const p = phone.page
  expect(await p.evaluate(() => navigator.maxTouchPoints > 0)).toBe(true)
  await p.evaluate(() => {
    document.documentElement.style.fontSize = '200%'
  })
  await expect(p.getByRole('button', { name: 'Deltag' })).toBeVisible()
  expect(await overflowsSideways(p), 'join form scrolls sideways at 200 %').toEqual([])
  await phone.join('Mira')
  // The board re-renders; keep the text enlarged.
  await p.evaluate(() => {
    document.documentElement.style.fontSize = '200%'
  })
  expect(await overflowsSideways(p), 'phone board scrolls sideways at 200 %').toEqual([])

  await p.getByRole('radio', { name: 'Idé' }).check()
  await p.getByLabel('Din label').fill('En meget lang idé om at lave filmaften hver eneste fredag i klubben')
  const send = p.getByRole('button', { name: 'Send' })
  await send.scrollIntoViewIfNeeded()
  await expect(send).toBeInViewport()
  const box = await send.boundingBox()
  expect(box).not.toBeNull()
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(360)
  await send.tap()
  await phone.expectSaved('En meget lang idé om at lave filmaften hver eneste fredag i klubben')
  // "Gemt ✓" is announced: the status sits in a polite live region, and the focus is back in the text box.
  await expect(
    phone.myLabel('En meget lang idé').locator('xpath=ancestor::*[@aria-live="polite"]').first(),
  ).toBeAttached()
  await expect(p.getByLabel('Din label')).toBeFocused()
  // Reduced motion (the config asks for it): nothing animates.
  expect(await send.evaluate((el) => getComputedStyle(el).transitionDuration)).toMatch(/^(0s|1e-05s)$/)
  expect(await overflowsSideways(p), 'phone board with a label scrolls sideways at 200 %').toEqual([])
  await expectNoSeriousViolations(p, 'phone at 200 %')
})
