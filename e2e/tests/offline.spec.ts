import { expect, FacilitatorPage, PhoneView, test, WallView } from '../fixtures/index.ts'

test('a label written offline waits on the phone, survives a reload, is sent on reconnect and never doubled', async ({
  page,
  server,
  newPhone,
}) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  const { code } = await facilitator.createBoard('Dårligt net')
  const wall = new WallView(page)

  const context = await newPhone()
  // The phone's websockets go through this switch: while `online` is false nothing reaches the server.
  let online = true
  const open: { close(o: { code: number }): Promise<void> }[] = []
  await context.routeWebSocket(/\/ws\//, (ws) => {
    if (!online) {
      void ws.close({ code: 1001 })
      return
    }
    ws.connectToServer()
    open.push(ws)
  })
  const phone = await PhoneView.open(context, server.url, code)
  await phone.join()
  await phone.post('Idé', 'Første label')
  await phone.expectSaved('Første label')

  // The phone loses the network: its websocket is cut and nothing reaches the server.
  online = false
  for (const ws of open.splice(0)) await ws.close({ code: 1001 })
  await expect(phone.page.locator('.connection[data-status="offline"]')).toBeVisible()
  await phone.post('Idé', 'Skrevet uden net')
  await expect(phone.myLabel('Skrevet uden net').locator('[data-status]')).toHaveAttribute('data-status', 'saving')

  // The page is reloaded while the connection is still down: the label is kept and still waiting.
  await phone.page.reload()
  await expect(phone.myLabel('Skrevet uden net').locator('[data-status]')).toHaveAttribute('data-status', 'saving')
  expect((await wall.labels()).map((l) => l.text)).toEqual(['Første label'])

  // The connection returns: the label is sent, saved, and on the wall exactly once.
  online = true
  await phone.expectSaved('Skrevet uden net')
  await expect
    .poll(async () => (await wall.labels()).map((l) => l.text).sort())
    .toEqual(['Første label', 'Skrevet uden net'])
  await phone.page.reload()
  await phone.expectSaved('Skrevet uden net')
  await expect.poll(async () => (await wall.labels()).length).toBe(2)
})
