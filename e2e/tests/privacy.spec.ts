import type { BrowserContext, Page } from '@playwright/test'
import { expect, FacilitationWall, FacilitatorPage, PhoneView, test } from '../fixtures/index.ts'

/** Records every request a page makes, including websockets. */
function recordRequests(page: Page): string[] {
  const urls: string[] = []
  page.on('request', (r) => urls.push(r.url()))
  page.on('websocket', (ws) => urls.push(ws.url()))
  return urls
}

test('no page makes a request to anywhere but the server it came from', async ({ page, server, newPhone }) => {
  const origin = new URL(server.url)
  const wallRequests = recordRequests(page)
  const facilitator = new FacilitatorPage(page, server.url)
  await page.goto(server.url)
  await facilitator.signIn()
  const { code } = await facilitator.createBoard('Privatliv')

  const phoneContext = await newPhone()
  const phonePage = await phoneContext.newPage()
  const phoneRequests = recordRequests(phonePage)
  await phonePage.goto(`${server.url}/j/${code}`)
  const phone = new PhoneView(phonePage)
  await phone.join()
  await phone.post('Ønske', 'Mere musik')
  await phone.expectSaved('Mere musik')
  await page.reload()
  await expect(page.getByTestId('join-code')).toBeVisible()

  const all = [...wallRequests, ...phoneRequests]
  expect(all.length).toBeGreaterThan(5)
  const elsewhere = all.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:')) return false
    const url = new URL(u)
    return url.hostname !== origin.hostname || url.port !== origin.port
  })
  expect(elsewhere).toEqual([])
})

test('label text with HTML, script and javascript: links is shown as plain text', async ({
  page,
  server,
  newPhone,
}) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  const { code } = await facilitator.createBoard('Uskadelig tekst')
  let dialogs = 0
  const phonePage = await (await newPhone()).newPage()
  phonePage.on('dialog', (d) => {
    dialogs++
    void d.dismiss()
  })
  page.on('dialog', (d) => {
    dialogs++
    void d.dismiss()
  })
  await phonePage.goto(`${server.url}/j/${code}`)
  const phone = new PhoneView(phonePage)
  await phone.join('<b>Mig</b>')
  const evil = '<img src=x onerror=alert(1)><script>alert(2)</script> [klik](javascript:alert(3)) =HYPERLINK("x")'
  await phone.post('Problem', evil)
  await phone.expectSaved('<img src=x')
  await expect(phone.myLabel('<img src=x')).toContainText('<script>alert(2)</script>')
  await expect(phonePage.locator('img[src="x"]')).toHaveCount(0)
  expect(dialogs).toBe(0)
})

/**
 * Every byte a page's websockets receive, from now on. What a device was sent is what it could
 * show or keep, whatever the page draws: these tests look there, not at the screen.
 */
function recordFrames(page: Page): { received(): Buffer; since(): () => Buffer } {
  const frames: Buffer[] = []
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => frames.push(typeof payload === 'string' ? Buffer.from(payload) : payload)),
  )
  return {
    received: () => Buffer.concat(frames),
    since: () => {
      const from = frames.length
      return () => Buffer.concat(frames.slice(from))
    },
  }
}

async function phoneAt(context: BrowserContext, baseUrl: string, code: string) {
  const page = await context.newPage()
  const frames = recordFrames(page)
  await page.goto(`${baseUrl}/j/${code}`)
  const phone = new PhoneView(page)
  await phone.join()
  return { phone, frames }
}

test('a label written privately reaches the facilitator’s socket and no other phone’s, until it is revealed', async ({
  page,
  server,
  newPhone,
}) => {
  const SECRET = 'Hemmelig tanke 7361'
  const wallFrames = recordFrames(page)
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  const { code } = await facilitator.createBoard('Skriv privat')
  const wall = new FacilitationWall(page)
  await wall.waitOnline()
  const writer = await phoneAt(await newPhone(), server.url, code)
  const other = await phoneAt(await newPhone(), server.url, code)

  await wall.toggle('Skriv hver for sig (skjult til I afslører)')
  await expect(writer.phone.page.getByText('Skriv i fred: ingen ser dine labels')).toBeVisible()
  await writer.phone.post('Problem', SECRET)
  await expect(writer.phone.myLabel(SECRET)).toBeVisible()
  // The test can fail: the secret does travel, to the facilitator's held document.
  await expect.poll(() => wallFrames.received().includes(SECRET), { timeout: 20_000 }).toBe(true)
  await expect(wall.tools.getByRole('button', { name: 'Afslør (1)' })).toBeVisible()
  // A change made after it reaches the other phone: one socket keeps order, so the secret would be in by now.
  const marker = other.frames.since()
  await wall.tools
    .getByRole('button', { name: /^Start \d+ minut/ })
    .first()
    .click()
  await expect.poll(() => marker().includes('durationMs'), { timeout: 20_000 }).toBe(true)
  expect(other.frames.received().includes(SECRET)).toBe(false)

  await wall.tools.getByRole('button', { name: 'Afslør (1)' }).click()
  await expect.poll(() => other.frames.received().includes(SECRET), { timeout: 20_000 }).toBe(true)
})

test('a label the facilitator hides leaves the other phones: a reloaded or new phone is never sent its text', async ({
  page,
  server,
  newPhone,
}) => {
  const SECRET = 'Navn paa en bestemt person 4411'
  const wallFrames = recordFrames(page)
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  const { code } = await facilitator.createBoard('Skjul')
  const wall = new FacilitationWall(page)
  await wall.waitOnline()
  const writer = await phoneAt(await newPhone(), server.url, code)
  const other = await phoneAt(await newPhone(), server.url, code)
  await writer.phone.post('Problem', SECRET)
  await writer.phone.expectSaved(SECRET)
  // Before hiding it is on every screen: the other phone was sent it.
  await expect.poll(() => other.frames.received().includes(SECRET), { timeout: 20_000 }).toBe(true)

  const id = await wall.labelId(SECRET)
  const at = await wall.cardCentre(id)
  await page.mouse.click(at.x, at.y)
  await expect.poll(() => wall.selection()).toEqual([id])
  const toWall = wallFrames.since()
  await wall.tools.getByRole('button', { name: 'Skjul', exact: true }).click()
  // The facilitator keeps it (in the held document), listed to show again.
  await expect(wall.tools.getByRole('list', { name: 'Skjulte labels (1)' })).toContainText(SECRET)
  expect(toWall().includes(SECRET)).toBe(true)
  await expect(writer.phone.myLabel(SECRET)).toContainText('Skjult af facilitator')

  // The phone that was there reloads, and a new one joins: neither is sent the text.
  const afterReload = other.frames.since()
  await other.phone.page.reload()
  await expect(other.phone.page.locator('.connection[data-status="online"]')).toBeVisible()
  const newcomer = await phoneAt(await newPhone(), server.url, code)
  await newcomer.phone.post('Idé', 'Ny telefon 9050')
  await newcomer.phone.expectSaved('Ny telefon 9050')
  await expect.poll(() => afterReload().includes('Ny telefon 9050'), { timeout: 20_000 }).toBe(true)
  expect(afterReload().includes(SECRET)).toBe(false)
  expect(newcomer.frames.received().includes(SECRET)).toBe(false)
})
