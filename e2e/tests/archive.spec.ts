/**
 * The archive (issue 4): save a wall into a project's meeting, read it back,
 * recap it the next time, carry on from it, and share it read-only.
 */
import type { Page } from '@playwright/test'
import {
  ArchivePage,
  expect as baseExpect,
  FacilitationWall,
  FacilitatorPage,
  PhoneView,
  test,
  WallView,
} from '../fixtures/index.ts'

test.describe.configure({ timeout: 180_000 })
test.use({ viewport: { width: 1600, height: 900 } })
const expect = baseExpect.configure({ timeout: 20_000 })

/** A date `days` from today in the browser's (and this machine's) calendar, `YYYY-MM-DD`. */
function localDate(days: number): string {
  const d = new Date()
  d.setDate(d.getDate() + days)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

const CSRF = { 'x-vaegavis': '1' }

async function postJson<T>(page: Page, url: string, data: unknown): Promise<T> {
  const res = await page.request.post(url, { data, headers: CSRF })
  expect(res.ok(), `${url}: ${res.status()} ${await res.text()}`).toBe(true)
  return (await res.json()) as T
}

test('save the wall, find it in the archive, recap it next time and carry on from it', async ({
  page,
  server,
  newPhone,
}) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  const archive = new ArchivePage(page, server.url)
  const projectId = await archive.createProject('Ungerådet')

  // Last meeting was yesterday; its board comes from the dashboard.
  await archive.addMeeting('Første møde', localDate(-1))
  await archive.addBoard('Første møde', 'Hvad savner I?')
  await archive
    .board('Hvad savner I?')
    .getByRole('link', { name: /Åbn væg/ })
    .click()
  await expect(page).toHaveURL(/\/b\/[^/]+$/)
  const wall = new FacilitationWall(page)
  await wall.waitOnline()
  const boardId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '')
  const code = ((await page.getByTestId('join-code').textContent()) ?? '').replace(/\s/g, '')

  // A phone posts a label; the facilitator puts it in a theme on the wall.
  const phone = await PhoneView.open(await newPhone(), server.url, code)
  await phone.join('Mira')
  await phone.post('Idé', 'Filmaften hver fredag')
  await phone.expectSaved('Filmaften hver fredag')
  const film = await wall.labelId('Filmaften hver fredag')
  await wall.createTheme('Fritid')
  await wall.dropOnTheme(film, 'Fritid')
  await expect.poll(async () => (await wall.theme('Fritid'))?.labelIds).toEqual([film])

  // "Gem væggen" on the project page: the snapshot appears under the meeting.
  await archive.open(projectId)
  await archive
    .board('Hvad savner I?')
    .getByRole('button', { name: /Gem væggen/ })
    .click()
  await expect(page.getByText(/^Gemt: /)).toBeVisible()
  const saved = archive.meeting('Første møde').locator('li[data-snapshot-id]')
  await expect(saved).toHaveCount(1)
  await expect(saved).toContainText('1 label')
  for (const f of ['SVG', 'PNG', 'PDF', 'MD', 'CSV']) await expect(saved.getByRole('link', { name: f })).toBeVisible()

  // Read-only view: theme by theme, with the legend, no nicknames, nothing to edit.
  await saved.getByRole('link', { name: /Vis gemt væg/ }).click()
  await expect(page).toHaveURL(/\/arkiv\/[^/]+$/)
  const theme = page.getByRole('region', { name: 'Fritid' })
  await expect(theme.getByRole('heading', { name: 'Fritid' })).toBeVisible()
  await expect(theme.getByRole('listitem')).toHaveText(/Idé:\s*Filmaften hver fredag/)
  await expect(page.getByRole('heading', { name: 'Farverne betyder' })).toBeVisible()
  await expect(page.getByText('Mira')).toHaveCount(0)
  await expect(page.getByRole('textbox')).toHaveCount(0)

  // Recap, next time: theme by theme, with buttons and arrow keys.
  await archive.open(projectId)
  await page.getByRole('link', { name: 'Sidst vi mødtes…' }).click()
  await expect(page).toHaveURL(/\/projekter\/[^/]+\/recap$/)
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Første møde')
  await expect(page.getByTestId('recap-step')).toContainText('Tema 1 af 1')
  await expect(page.getByRole('heading', { name: 'Fritid' })).toBeVisible()
  await expect(page.getByText('Filmaften hver fredag')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Forrige' })).toBeDisabled()
  await expect(page.getByRole('button', { name: 'Næste' })).toBeDisabled()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('recap-step')).toContainText('Tema 1 af 1')

  // "Fortsæt" opens today's board, which already holds the label.
  await page.getByRole('button', { name: 'Fortsæt' }).click()
  await expect(page).toHaveURL(/\/b\/[^/]+$/)
  const today = new WallView(page)
  await today.waitOnline()
  const todayId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '')
  expect(todayId).not.toBe(boardId)
  await expect.poll(async () => (await today.label('Filmaften hver fredag'))?.text).toBe('Filmaften hver fredag')

  // The timeline now has today's meeting with that board.
  await archive.open(projectId)
  await expect(page.locator(`li[data-board-id="${todayId}"]`)).toBeVisible()
})

test('a share link shows the saved wall without nicknames to anyone, until it is revoked', async ({
  page,
  browser,
  server,
  newPhone,
}) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()

  // Setup through the API with the facilitator's session.
  const { project } = await postJson<{ project: { id: string } }>(page, `${server.url}/api/projects`, {
    title: 'Klubaften',
  })
  const { meeting } = await postJson<{ meeting: { id: string } }>(
    page,
    `${server.url}/api/projects/${project.id}/meetings`,
    { title: 'Aftenmøde', date: localDate(0) },
  )
  const { board } = await postJson<{ board: { id: string; joinCode: string } }>(page, `${server.url}/api/boards`, {
    title: 'Idéer til sommeren',
    projectId: project.id,
    meetingId: meeting.id,
  })
  const phone = await PhoneView.open(await newPhone(), server.url, board.joinCode)
  await phone.join('Mira')
  await phone.post('Ønske', 'Tur til stranden')
  await phone.expectSaved('Tur til stranden')
  await postJson(page, `${server.url}/api/boards/${board.id}/snapshots`, { name: 'Efter mødet' })

  // The facilitator makes a link to that saved wall on the project page.
  const archive = new ArchivePage(page, server.url)
  await archive.open(project.id)
  await page.getByLabel('Link til én gemt væg').selectOption({ label: 'Efter mødet' })
  await page.getByRole('button', { name: 'Lav link' }).click()
  const url = await page.getByLabel('Link til at kopiere').inputValue()
  expect(url).toMatch(/\/s\/[^/]+$/)

  // A colleague without an account.
  const viewer = await (await browser.newContext({ locale: 'da-DK' })).newPage()
  await viewer.goto(url)
  await expect(viewer.getByRole('heading', { level: 1 })).toContainText('Efter mødet')
  await expect(viewer.getByText('Tur til stranden')).toBeVisible()
  await expect(viewer.getByText('Mira')).toHaveCount(0)
  await expect(viewer.getByRole('button')).toHaveCount(0)
  await expect(viewer.getByRole('textbox')).toHaveCount(0)
  await expect(viewer.getByRole('link', { name: 'Udskrift MD' })).toBeVisible()
  const md = await viewer.request.get(
    await viewer
      .getByRole('link', { name: 'Udskrift MD' })
      .getAttribute('href')
      .then((h) => new URL(h ?? '', url).toString()),
  )
  expect(md.ok()).toBe(true)
  const text = await md.text()
  expect(text).toContain('Tur til stranden')
  expect(text).not.toContain('Mira')

  // Revoked: the link says so clearly.
  const link = page.locator('li[data-share-id]').filter({ hasText: 'Efter mødet' })
  await link.getByRole('button', { name: /Luk link/ }).click()
  await link.getByRole('button', { name: 'Ja, luk linket' }).click()
  await expect(link).toHaveAttribute('data-status', 'revoked')
  await viewer.reload()
  await expect(viewer.getByRole('alert')).toHaveText(/Linket virker ikke længere/)
  await expect(viewer.getByText('Tur til stranden')).toHaveCount(0)
  await viewer.context().close()
})
