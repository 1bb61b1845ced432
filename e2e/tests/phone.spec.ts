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
const LABELS: [[string, string], [string, string], [string, string]] = [
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
  // The README picture: the compose view at normal text, the text box and Send on top, own labels below.
  await setTextSize(p, 100)
  await p.getByLabel('Din label').evaluate((el) => el.closest('.field')?.scrollIntoView({ block: 'start' }))
  mkdirSync(dirname(README_PICTURE), { recursive: true })
  await p.screenshot({ path: README_PICTURE })
  await setTextSize(p, 200)

  // The facilitator sorts one label into a theme and asks the question of every theme.
  await wall.shiftClick(await wall.labelId(LABELS[0][1]))
  await wall.createTheme('Fredagsbaren', { fromSelection: true })
  await wall.createTheme('Ungdomsklubben')
  await wall.setQuestion('Hvad kan vi gøre ved det?')
  await expect(p.getByRole('tab', { name: 'Spørgsmål' })).toBeVisible()
  await phone.openTab('Spørgsmål')
  await checkView(p, 'answer')
  // Captions say what became of a label: sorted into a theme is not an answer.
  await expect(phone.myLabel(LABELS[0][1]).getByTestId('caption')).toHaveText('I temaet Fredagsbaren')
  await phone.answer('Ungdomsklubben', 'Idé', 'Åbent til klokken 22')
  await phone.expectSaved('Åbent til klokken 22')
  await expect(phone.myLabel('Åbent til klokken 22').getByTestId('caption')).toHaveText('Svar om Ungdomsklubben')
  await expect(phone.myLabel(LABELS[1][1]).getByTestId('caption')).toHaveCount(0)

  await wall.startVote('Labels', 3)
  await expect(p.getByRole('tab', { name: /Stem/ })).toBeVisible()
  await phone.openTab('Stem')
  await checkView(p, 'vote')

  await phone.openTab('Skriv')
  await wall.tools.getByRole('button', { name: 'Start 5 minutter' }).click()
  await expect(p.getByTestId('timer')).toBeVisible()
  await checkView(p, 'timer')
  // "Jeg er færdig", pressed: the toggle is a big button however large the text.
  await p.getByRole('button', { name: 'Jeg er færdig' }).click()
  await expect(p.getByRole('button', { name: 'Jeg er færdig' })).toHaveAttribute('aria-pressed', 'true')
  await checkView(p, 'done')
  await p.getByRole('button', { name: 'Jeg er færdig' }).scrollIntoViewIfNeeded()
  await p.screenshot({ path: `${SHOTS}/done-button-200.png` })

  await wall.tools.getByRole('button', { name: 'Lås væggen' }).click()
  await expect(p.getByTestId('locked')).toContainText('Væggen er låst')
  await checkView(p, 'locked')
  // While the board is locked the server refuses edits: the phone does not offer them.
  await expect(phone.myLabel(LABELS[1][1]).getByRole('button', { name: 'Ret' })).toBeDisabled()
  await expect(phone.myLabel(LABELS[1][1]).getByRole('button', { name: 'Slet' })).toBeDisabled()
})

test('the join link is one page: its script and texts are in it, the CSP allows them by hash, and the phone joins and writes without a script request', async ({
  page,
  server,
  newPhone,
}) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  const { code } = await facilitator.createBoard('Én side')
  const context = await newPhone()
  const scripts: string[] = []
  context.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url())
  })
  // Listens before any of the page's own code runs, so a blocked inline script or style is caught too.
  await context.addInitScript(() => {
    const seen: string[] = []
    Object.assign(window, { __cspViolations: seen })
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`))
  })
  const m = await context.newPage()
  const errors: string[] = []
  m.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  m.on('pageerror', (error) => errors.push(error.message))
  const response = await m.goto(`${server.url}/j/${code}`)
  const csp = response?.headers()['content-security-policy'] ?? ''
  expect(csp).toMatch(/script-src 'self' 'sha256-[\w+/=]+'/)
  expect(csp).not.toContain('unsafe-inline')

  const phone = new PhoneView(m)
  await phone.join()
  await phone.post('Idé', 'Én side er nok')
  await phone.expectSaved('Én side er nok')
  expect(scripts, 'script requests on the way to the first label').toEqual([])
  // The styles of the inlined page apply: the send button is the big one from phone.css, not a bare button.
  const sendHeight = await m.getByRole('button', { name: 'Send' }).evaluate((el) => el.getBoundingClientRect().height)
  expect(sendHeight).toBeGreaterThanOrEqual(44)

  // Another language's texts are a module of their own; the inlined script finds it under the page's base.
  await m.getByLabel('Sprog').selectOption('en')
  await expect(m.getByRole('textbox', { name: 'Your label' })).toBeVisible()
  expect(scripts).toHaveLength(1)
  expect(scripts[0]).toMatch(/\/assets\/[\w-]+\.js$/)

  expect(await m.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([])
  expect(errors).toEqual([])
  await context.close()
})

test('a young person edits and deletes their own labels from the phone; the projector follows; others offer no edit', async ({
  browser,
  page,
  server,
  newPhone,
}) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  const { boardId, code } = await facilitator.createBoard('Rette og slette')
  const projector = await openProjector(browser, facilitator, server.url, boardId)
  const mira = await PhoneView.open(await newPhone(), server.url, code)
  await mira.join('Mira')
  const ali = await PhoneView.open(await newPhone(), server.url, code)
  await ali.join()
  await mira.post('Idé', 'Filmaften')
  await mira.expectSaved('Filmaften')
  await mira.post('Problem', 'For lidt plads')
  await mira.expectSaved('For lidt plads')
  await ali.post('Ønske', 'Fodbold')
  await ali.expectSaved('Fodbold')
  await expect.poll(async () => (await projector.labels()).length).toBe(3)
  const before = await projector.label('Filmaften')
  const wish = (await projector.label('Fodbold'))?.category

  // Edit in place: text and colour, saved once the server has it.
  const m = mira.page
  const film = m.locator(`li[data-label-id="${before?.id}"]`)
  await film.getByRole('button', { name: 'Ret' }).tap()
  const box = film.getByLabel('Ret din label')
  await expect(box).toBeFocused()
  await expect(box).toHaveValue('Filmaften')
  await box.fill('Filmaften hver fredag')
  await film.getByRole('radio', { name: 'Ønske' }).check()
  await film.getByRole('button', { name: 'Gem' }).tap()
  await mira.expectSaved('Filmaften hver fredag')
  await expect.poll(async () => (await projector.label('Filmaften hver fredag'))?.category).toBe(wish)
  expect((await projector.label('Filmaften hver fredag'))?.id).toBe(before?.id)
  expect(await projector.label('Filmaften')).toBeUndefined()

  // Fortryd leaves the label as it was. (While editing, its text is in the box, not on the card.)
  const space = m.locator(`li[data-label-id="${await mira.myLabel('For lidt plads').getAttribute('data-label-id')}"]`)
  await space.getByRole('button', { name: 'Ret' }).tap()
  await space.getByLabel('Ret din label').fill('Noget andet')
  await space.getByRole('button', { name: 'Fortryd' }).tap()
  await expect(space.locator('.mine__text')).toHaveText('For lidt plads')
  expect(await projector.label('Noget andet')).toBeUndefined()

  // Delete asks first; "Nej" keeps it, "Ja" removes it from the phone and the wall.
  await mira.myLabel('For lidt plads').getByRole('button', { name: 'Slet' }).tap()
  await expect(mira.myLabel('For lidt plads')).toContainText('Slette labelen?')
  await mira.myLabel('For lidt plads').getByRole('button', { name: 'Nej, behold den' }).tap()
  await expect(mira.myLabel('For lidt plads').getByRole('button', { name: 'Slet' })).toBeVisible()
  await mira.myLabel('For lidt plads').getByRole('button', { name: 'Slet' }).tap()
  await mira.myLabel('For lidt plads').getByRole('button', { name: 'Ja, slet den' }).tap()
  await expect(mira.myLabel('For lidt plads')).toHaveCount(0)
  await expect(m.getByRole('status').filter({ hasText: 'Din label er slettet.' })).toBeAttached()
  await expect
    .poll(async () => (await projector.labels()).map((l) => l.text).sort())
    .toEqual(['Filmaften hver fredag', 'Fodbold'])

  // Another phone lists only its own labels, each with its own edit; Mira's offers none there.
  await expect(ali.myLabel('Filmaften hver fredag')).toHaveCount(0)
  await expect(ali.page.getByRole('button', { name: 'Ret' })).toHaveCount(1)
  await expect(ali.myLabel('Fodbold').getByRole('button', { name: 'Ret' })).toBeEnabled()
  await projector.page.context().close()
})

test('a phone scrolled down to its labels notices when a vote or the timer starts', async ({
  page,
  server,
  newPhone,
}) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  const { code } = await facilitator.createBoard('Nede i listen')
  const wall = new FacilitationWall(page)
  const phone = ParticipantPhone.from(await PhoneView.open(await newPhone(), server.url, code))
  const p = phone.page
  await phone.join()
  for (const [category, text] of LABELS) {
    await phone.post(category, text)
    await phone.expectSaved(text)
  }
  await setTextSize(p, 200)
  const send = p.getByRole('button', { name: 'Send' })
  // Scrolled to the end of the list, the text box out of sight (a focused box would be kept in view).
  const scrollDown = () =>
    expect(async () => {
      await p.evaluate(() => {
        ;(document.activeElement as HTMLElement | null)?.blur()
        window.scrollTo(0, document.documentElement.scrollHeight)
      })
      await expect(send).not.toBeInViewport({ timeout: 1_000 })
    }).toPass()
  await scrollDown()

  await wall.startVote('Labels', 2)
  const banner = p.getByTestId('vote-banner')
  await expect(banner).toBeInViewport()
  await expect(banner).toHaveText('Afstemningen er åben – stem nu')
  // The banner does not hide what is under the middle of the screen.
  const box = await banner.boundingBox()
  expect((box?.y ?? 640) + (box?.height ?? 0)).toBeLessThan(320)
  await banner.tap()
  await expect(p.getByRole('tab', { name: /Stem/ })).toHaveAttribute('aria-selected', 'true')
  await expect(phone.dotsLeft()).toBeInViewport()
  await expect(banner).toHaveCount(0)

  await phone.openTab('Skriv')
  await scrollDown()
  await wall.tools.getByRole('button', { name: 'Start 5 minutter' }).click()
  await expect(p.getByTestId('timer')).toBeInViewport()
  await expect(p.getByTestId('timer')).toContainText(/[45]:\d\d/)
  await expect(banner).toBeInViewport()
})
