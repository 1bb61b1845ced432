import type { Page } from '@playwright/test'
import { expect, FacilitatorPage, PhoneView, test } from '../fixtures/index.ts'

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
