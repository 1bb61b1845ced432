/**
 * The phone in a meeting: every view at 360×640 with touch, at normal text
 * and at 200 % text, measured as rendered (no sideways scroll, no word split
 * over two lines, every button inside the screen, big enough and reachable);
 * editing and deleting one's own labels; captions that say what became of a
 * label; a phone scrolled down that still sees a vote or the timer start.
 */
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Page } from '@playwright/test'
import {
  expect,
  FacilitationWall,
  FacilitatorPage,
  openProjector,
  ParticipantPhone,
  PhoneView,
  phoneLayoutProblems,
  setTextSize,
  test,
} from '../fixtures/index.ts'

const README_PICTURE = resolve(import.meta.dirname, '../../docs/phone.png')
const SHOTS = resolve(import.meta.dirname, '../../.reports/phone')

test.describe.configure({ timeout: 300_000 })
test.use({ viewport: { width: 1600, height: 900 } })

/** Long Danish words where the issue saw them break: title, themes, colours, labels. */
const TITLE = 'Fredagsbar i Ungdomsklubben'
const LABELS: [[string, string], ...[string, string][]] = [
  ['Idé', 'Fredagsbar med sodavand og brætspil'],
  ['Problem', 'Ungdomsklubben lukker alt for tidligt'],
  ['Ønske', 'Fodboldturnering mod Nordbyklubben'],
]

/** Checks a view at 100 % and 200 % text and saves both pictures. */
async function checkView(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  for (const size of [100, 200]) {
    await setTextSize(page, size)
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: `${SHOTS}/${name}-${size}.png` })
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
    await page.screenshot({ path: `${SHOTS}/${name}-${size}-end.png` })
    const problems = await phoneLayoutProblems(page)
    expect.soft(problems.sideways, `${name} at ${size} %: scrolls sideways`).toEqual([])
    expect.soft(problems.brokenWords, `${name} at ${size} %: words split over two lines`).toEqual([])
    expect.soft(problems.untappable, `${name} at ${size} %: buttons that cannot be tapped`).toEqual([])
  }
  await setTextSize(page, 200)
}

test('every phone view fits 360×640 at 200 % text: no sideways scroll, no split words, every button tappable', async ({
  page,
  server,
  newPhone,
}) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  const { code } = await facilitator.createBoard(TITLE)
  const wall = new FacilitationWall(page)

  const phone = ParticipantPhone.from(await PhoneView.open(await newPhone(), server.url, code))
  const p = phone.page
  await expect(p.getByRole('button', { name: 'Deltag' })).toBeVisible()
  await expect(p.getByRole('heading', { name: TITLE })).toBeVisible()
  await checkView(p, 'join')

  await phone.join('Mira')
  for (const [category, text] of LABELS) {
    await phone.post(category, text)
    await phone.expectSaved(text)
  }
  await checkView(p, 'compose')

  // The facilitator sorts one label into a theme and asks the question of every theme.
  await wall.shiftClick(await wall.labelId(LABELS[0][1]))
  await wall.createTheme('Fredagsbaren', { fromSelection: true })
  await wall.createTheme('Ungdomsklubben')
  await wall.setQuestion('Hvad kan vi gøre ved det?')
  await expect(p.getByRole('tab', { name: 'Spørgsmål' })).toBeVisible()
  await phone.openTab('Spørgsmål')
  await checkView(p, 'answer')

  await wall.startVote('Labels', 3)
  await expect(p.getByRole('tab', { name: /Stem/ })).toBeVisible()
  await phone.openTab('Stem')
  await checkView(p, 'vote')

  await phone.openTab('Skriv')
  await wall.tools.getByRole('button', { name: 'Start 5 minutter' }).click()
  await expect(p.getByTestId('timer')).toBeVisible()
  await checkView(p, 'timer')

  await wall.tools.getByRole('button', { name: 'Lås væggen' }).click()
  await expect(p.getByTestId('locked')).toContainText('Væggen er låst')
  await checkView(p, 'locked')
})
