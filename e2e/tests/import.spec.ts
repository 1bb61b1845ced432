/**
 * Bringing boards in (issue 13): a facilitator picks a Padlet CSV on the
 * boards page and lands on a wall whose sections are themes with the posts in
 * them; a file that is not one is refused with what is wrong, and no board
 * appears.
 */
import { expect as baseExpect, FacilitationWall, FacilitatorPage, test } from '../fixtures/index.ts'

test.describe.configure({ timeout: 120_000 })
test.use({ viewport: { width: 1600, height: 900 } })
const expect = baseExpect.configure({ timeout: 20_000 })

const PADLET = [
  'Subject,Body,Attachment,Author,Section',
  'Fodbold,Om fredagen,,Sofie Jensen,Aktiviteter',
  'Bordtennis,,,Ali,Aktiviteter',
  ',Mere plads i caféen,,Mads,Rummet',
  'Længere åbent,,,Noah,',
].join('\n')

test('a Padlet CSV becomes a wall with its sections as themes', async ({ page, server }) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  await page.getByLabel('Fil (.json eller .csv)').setInputFiles({
    name: 'padlet-klubben.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(PADLET),
  })
  await page.getByLabel('Navn på væggen (valgfrit)').fill('Fra Padlet')
  await page.getByRole('button', { name: 'Hent ind' }).click()
  await expect(page).toHaveURL(/\/b\/[^/]+$/)
  const wall = new FacilitationWall(page)
  await wall.waitOnline()
  await expect(page.getByRole('heading', { name: 'Fra Padlet' }).first()).toBeVisible()

  await expect.poll(async () => (await wall.themes()).map((t) => t.name).sort()).toEqual(['Aktiviteter', 'Rummet'])
  const labels = await wall.labels()
  const themeName = new Map((await wall.themes()).map((t) => [t.id, t.name]))
  expect(labels.map((l) => [l.text, l.themeId ? themeName.get(l.themeId) : null])).toEqual([
    ['Fodbold\nOm fredagen', 'Aktiviteter'],
    ['Bordtennis', 'Aktiviteter'],
    ['Mere plads i caféen', 'Rummet'],
    ['Længere åbent', null],
  ])
  // Every brought-in label is drawn inside the wall's view, in its theme's box where it has one.
  const stage = await page.evaluate(() => window.__vaegavis?.stage?.container().getBoundingClientRect().toJSON())
  for (const l of labels) {
    const card = await wall.screenRect(`#${l.id}`)
    expect(card.x).toBeGreaterThanOrEqual(stage.left - 1)
    expect(card.y).toBeGreaterThanOrEqual(stage.top - 1)
    expect(card.x + card.width).toBeLessThanOrEqual(stage.right + 1)
    expect(card.y + card.height).toBeLessThanOrEqual(stage.bottom + 1)
  }
  await page.screenshot({ path: test.info().outputPath('imported-wall.png') })

  // Opened straight from its address (a bookmark, a reload), every tool is named in words, not text keys.
  await page.reload()
  await wall.waitOnline()
  await expect(page.getByRole('heading', { name: 'Hent som' })).toBeVisible()
  expect(await page.locator('body').innerText()).not.toMatch(/\b(app|wall|archive|common|capture)\.[a-z]+[A-Z]\w*/)
})

test('a file that is not an export is refused with what is wrong, and no wall appears', async ({ page, server }) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  const before = await page.locator('.board-list__item').count()
  await page.getByLabel('Fil (.json eller .csv)').setInputFiles({
    name: 'adresser.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Navn,Email\nPia,pia@klub.dk\n'),
  })
  await page.getByRole('button', { name: 'Hent ind' }).click()
  const alert = page.getByRole('alert')
  await expect(alert).toContainText('Filen kunne ikke hentes ind, og intet er gemt')
  await expect(alert).toContainText('"Subject" or "Body"')
  await expect(page).toHaveURL(/\/boards$/)
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Dine vægge' })).toBeVisible()
  await expect(page.locator('.board-list__item')).toHaveCount(before)
})
