import { expect, FacilitatorPage, test, WallView } from '../fixtures/index.ts'

test('a phone posts a label, the projector shows it, a drag is seen live, and a restart keeps the wall', async ({
  browser,
  server,
  startMeeting,
  joinPhone,
}) => {
  const { facilitator, wall, boardId, code } = await startMeeting('Hvad skal vi lave i klubben?')
  const phone = await joinPhone(code, 'Mira')
  await phone.postSaved('Idé', 'Filmaften hver fredag')

  await expect.poll(async () => (await wall.label('Filmaften hver fredag'))?.category).toBe('ide')

  const secondContext = await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 800 } })
  const second = new WallView(await secondContext.newPage())
  await facilitator.signInContext(secondContext)
  await second.open(server.url, boardId)
  await expect.poll(async () => (await second.labels()).length).toBe(1)

  const before = await wall.label('Filmaften hver fredag')
  if (!before) throw new Error('label missing')
  await wall.drag(before.id, 240, 120)
  await expect
    .poll(async () => {
      const l = await second.label('Filmaften hver fredag')
      return l ? Math.round(l.x - before.x) : 0
    })
    .toBeGreaterThan(150)
  const moved = await wall.label('Filmaften hver fredag')

  await server.restart('SIGKILL')
  await second.page.reload()
  await second.waitOnline()
  await expect
    .poll(async () => (await second.labels()).map((l) => [l.text, l.x, l.y]))
    .toEqual([['Filmaften hver fredag', moved?.x, moved?.y]])
  await secondContext.close()
})

test('a label over 280 characters gets a clear message and cannot be sent', async ({ startMeeting, joinPhone }) => {
  const { code } = await startMeeting('Lange tanker')
  const phone = await joinPhone(code)
  await phone.page.getByRole('radio', { name: 'Problem' }).check()
  await phone.page.getByLabel('Din label').fill('a'.repeat(285))
  await expect(phone.page.getByText('højst 280 tegn')).toBeVisible()
  await expect(phone.page.getByRole('button', { name: 'Send' })).toBeDisabled()
  // Nothing was cut: the text is all still there.
  await expect(phone.page.getByLabel('Din label')).toHaveValue('a'.repeat(285))
})

test('the start page takes a code typed in lower case with a space', async ({ page, server, newPhone }) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  const { code } = await facilitator.createBoard('Koder')
  const phonePage = await (await newPhone()).newPage()
  await phonePage.goto(server.url)
  await phonePage
    .getByRole('textbox')
    .first()
    .fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3).toLowerCase()}`)
  await phonePage.getByRole('button', { name: 'Videre' }).click()
  await expect(phonePage).toHaveURL(new RegExp(`/j/${code}$`))
  await expect(phonePage.getByRole('heading', { name: 'Koder' })).toBeVisible()
})

test('a code no wall has says so, whether the phone waits or taps Deltag at once', async ({ server, newPhone }) => {
  const phone = await (await newPhone()).newPage()
  // Well-formed (so it is asked about), but no wall has it.
  await phone.goto(`${server.url}/j/XXXXXX`)
  await expect(phone.getByRole('alert')).toHaveText('Koden findes ikke. Tjek koden på væggen og prøv igen.')
  await expect(phone.getByRole('link', { name: 'Skriv en anden kode' })).toBeVisible()

  // The join form shows before the wall's title has arrived; joining with an unknown code fails just as clearly.
  await phone.route('**/api/join/*', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    await route.continue()
  })
  await phone.reload()
  await phone.getByRole('button', { name: 'Deltag' }).click()
  await expect(phone.getByRole('alert').first()).toHaveText('Koden findes ikke. Tjek koden på væggen og prøv igen.')
})
