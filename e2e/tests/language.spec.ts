/**
 * Danish and English: the phone follows the browser's language, the switch
 * changes it and is remembered, and the facilitator's pages (dates too)
 * follow English. Expected texts come from the language files themselves, so
 * the spec checks that the right file is shown, not a copy of its wording.
 */
import da from '../../shared/locales/da.json' with { type: 'json' }
import en from '../../shared/locales/en.json' with { type: 'json' }
import { expect, FacilitatorPage, PhoneView, test } from '../fixtures/index.ts'
import { FACILITATOR } from '../fixtures/server.ts'

test('a phone follows an English browser, and the switch turns it Danish for good', async ({
  page,
  server,
  newPhone,
}) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  const { code } = await facilitator.createBoard('Hvad skal vi lave i klubben?')

  const phone = await PhoneView.open(await newPhone({ locale: 'en-GB' }), server.url, code)
  const p = phone.page
  await expect(p.locator('html')).toHaveAttribute('lang', 'en')
  await p.getByRole('button', { name: en.common.joinSubmit }).click()
  await expect(p.locator('.connection[data-status="online"]')).toHaveText(en.common.statusOnline)

  // The board's own words (its legend, made by a Danish facilitator) stay as written.
  await p.getByRole('radio', { name: 'Idé' }).check()
  await p.getByRole('textbox', { name: en.common.labelTextLabel }).fill('Film night every Friday')
  await p.getByRole('button', { name: en.common.send, exact: true }).click()
  await expect(phone.myLabel('Film night every Friday')).toContainText(en.common.saved)
  await expect(p.getByRole('heading', { name: en.common.myLabels })).toBeVisible()

  await p.getByLabel(en.common.language).selectOption({ label: 'Dansk' })
  await expect(p.locator('html')).toHaveAttribute('lang', 'da')
  await expect(phone.myLabel('Film night every Friday')).toContainText(da.common.saved)
  await expect(p.getByRole('heading', { name: da.common.myLabels })).toBeVisible()

  await p.reload()
  await expect(p.getByRole('heading', { name: da.common.myLabels })).toBeVisible()
  await expect(p.getByLabel(da.common.language)).toHaveValue('da')
  await expect(p.getByRole('button', { name: da.common.send, exact: true })).toBeVisible()
})

test('the facilitator signs in, sees the dashboard with English dates, and facilitates in English', async ({
  browser,
  server,
}) => {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  await page.goto(`${server.url}/login`)
  await page.getByLabel(en.app.emailLabel).fill(FACILITATOR.email)
  await page.getByLabel(en.app.passwordLabel).fill(FACILITATOR.password)
  await page.getByRole('button', { name: en.app.loginSubmit }).click()
  await expect(page.getByRole('heading', { name: en.app.boardsHeading })).toBeVisible()

  await page.getByLabel(en.app.newBoardTitleLabel).fill('What shall we do at the club?')
  await page.getByRole('button', { name: en.app.newBoardSubmit }).click()
  // A new board opens at once; the dashboard lists it when the facilitator comes back.
  await expect(page).toHaveURL(/\/b\/[^/]+$/)
  await page.goBack()
  const row = page.getByRole('listitem').filter({ hasText: 'What shall we do at the club?' })
  // "26 Nov 2026" as en-GB writes it: not "26. nov. 2026" (Danish) nor "Nov 26, 2026" (US).
  const today = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' }).format(new Date())
  await expect(row).toContainText(today)

  await row.getByRole('link', { name: en.app.openWall }).click()
  const tools = page.getByRole('complementary', { name: en.wall.panelLabel })
  await expect(tools.getByRole('heading', { name: en.wall.themesHeading })).toBeVisible()
  await tools.getByLabel(en.wall.themeNameLabel).fill('Evenings')
  await tools.getByRole('button', { name: en.wall.createTheme }).click()
  await expect(page.getByRole('button', { name: en.app.zoomIn })).toBeVisible()
  await context.close()
})

test('a colleague reading a share link in English gets the page and the transcript in English', async ({
  browser,
  page,
  server,
  startMeeting,
  joinPhone,
}) => {
  const { boardId, code } = await startMeeting('Idéer til sommeren')
  const phone = await joinPhone(code)
  await phone.postSaved('Ønske', 'Tur til stranden')
  const post = async <T>(path: string, data: unknown): Promise<T> => {
    const res = await page.request.post(`${server.url}${path}`, { data, headers: { 'x-vaegavis': '1' } })
    expect(res.ok(), `${path}: ${res.status()} ${await res.text()}`).toBe(true)
    return (await res.json()) as T
  }
  const { snapshot } = await post<{ snapshot: { id: string } }>(`/api/boards/${boardId}/snapshots`, {
    name: 'Efter mødet',
  })
  const { url } = await post<{ url: string }>(`/api/snapshots/${snapshot.id}/shares`, {})

  const viewer = await (await browser.newContext({ locale: 'en-US' })).newPage()
  await viewer.goto(url)
  await expect(viewer.getByText(en.archive.shareLead)).toBeVisible()
  await expect(viewer.getByText('Tur til stranden')).toBeVisible()
  const transcript = viewer.getByRole('link', { name: `${en.archive.transcript} MD` })
  const href = await transcript.getAttribute('href')
  expect(href).toContain('lang=en')
  const md = await (await viewer.request.get(new URL(href ?? '', viewer.url()).toString())).text()
  expect(md).toContain(en.exports.transcriptHeading.replace('{{title}}', 'Idéer til sommeren'))
  expect(md).toContain('Tur til stranden')
  expect(md).not.toContain(da.exports.transcriptHeading.replace('{{title}}', ''))
  await viewer.context().close()
})
