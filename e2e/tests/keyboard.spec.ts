/**
 * The facilitator's wall without a mouse: every step below is reached with
 * Tab (no clicks, no `focus()`) and done with Enter, Space, arrows or typing.
 */
import type { Locator, Page } from '@playwright/test'
import { expect, FacilitationWall, FacilitatorPage, PhoneView, test } from '../fixtures/index.ts'

test.describe.configure({ timeout: 180_000 })
test.use({ viewport: { width: 1600, height: 900 } })

/** Presses Tab until `target` has the focus; fails if it is not reachable within `max` presses. */
async function tabTo(page: Page, target: Locator, max = 250): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`not reachable with Tab: ${target}`)
}

test('with only the keyboard the facilitator creates a theme, moves a phone’s label into it, starts a vote and renames the theme', async ({
  page,
  server,
  newPhone,
}) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  const { code } = await facilitator.createBoard('Tastaturet')
  const wall = new FacilitationWall(page)

  const phone = await PhoneView.open(await newPhone(), server.url, code)
  await phone.join('Mira')
  await phone.post('Idé', 'Fodbold om torsdagen')
  await phone.expectSaved('Fodbold om torsdagen')
  await phone.post('Ønske', 'Bordtennisbord')
  await phone.expectSaved('Bordtennisbord')
  const labelId = await wall.labelId('Fodbold om torsdagen')
  const otherId = await wall.labelId('Bordtennisbord')

  // Start from the top of the page, as a keyboard user does.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())

  // Create a theme: type its name and press Enter.
  await tabTo(page, wall.tools.getByLabel('Navn på nyt tema'))
  await page.keyboard.type('Sport')
  await page.keyboard.press('Enter')
  await expect.poll(async () => (await wall.theme('Sport'))?.id).toBeTruthy()

  // Open the list view, then move the label into the theme with its select and the Flyt button.
  await tabTo(page, page.getByRole('button', { name: 'Liste' }))
  await page.keyboard.press('Enter')
  const list = page.getByRole('region', { name: 'Væggen som liste' })
  await expect(list).toBeVisible()
  await tabTo(page, list.getByRole('combobox', { name: 'Flyt „Fodbold om torsdagen“ til tema' }))
  await page.keyboard.press('ArrowDown')
  await expect(list.getByRole('combobox', { name: 'Flyt „Fodbold om torsdagen“ til tema' })).toHaveValue(
    (await wall.theme('Sport'))?.id ?? '',
  )
  await page.keyboard.press('Tab')
  await expect(list.getByRole('button', { name: 'Flyt „Fodbold om torsdagen“' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect.poll(async () => (await wall.theme('Sport'))?.labelIds).toEqual([labelId])
  await expect(list.getByRole('list', { name: 'Labels i Sport' })).toContainText('Fodbold om torsdagen')
  await expect(list.getByRole('status')).toHaveText('„Fodbold om torsdagen“ er flyttet til Sport.')
  // The moved label keeps the focus in its new place.
  await expect(list.locator(`li[data-list-label="${labelId}"]`)).toBeFocused()
  // ↓/↑ walk from label to label (here into the unsorted ones and back).
  await page.keyboard.press('ArrowDown')
  await expect(list.locator(`li[data-list-label="${otherId}"]`)).toBeFocused()
  await page.keyboard.press('ArrowUp')
  await expect(list.locator(`li[data-list-label="${labelId}"]`)).toBeFocused()

  // Start a vote on the labels, 2 dots each.
  await tabTo(page, wall.tools.getByRole('radio', { name: 'Labels' }))
  await page.keyboard.press('Space')
  await expect(wall.tools.getByRole('radio', { name: 'Labels' })).toBeChecked()
  await tabTo(page, wall.tools.getByLabel('Prikker pr. deltager'))
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type('2')
  await tabTo(page, wall.tools.getByRole('button', { name: 'Start afstemning' }))
  await page.keyboard.press('Enter')
  await expect(wall.tools).toContainText('Afstemning i gang på labels: 2 prikker hver.')
  await expect(phone.page.getByRole('tab', { name: 'Stem' })).toBeVisible()

  // Rename the theme: its Omdøb button opens a form with the focus in the name field.
  await tabTo(page, wall.tools.getByRole('button', { name: 'Omdøb temaet Sport' }))
  await page.keyboard.press('Enter')
  await expect(wall.tools.getByLabel('Nyt navn')).toBeFocused()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type('Sport og spil')
  await page.keyboard.press('Enter')
  await expect.poll(async () => (await wall.theme('Sport og spil'))?.labelIds).toEqual([labelId])
})
