/**
 * Photo and drawing labels from a phone (issue #14): made while offline, kept
 * through a reload, sent once when the phone is back, held for the
 * facilitator's approval (the default), approved from a queue that shows the
 * picture, and on the wall exactly once, without the photo's GPS position.
 */
import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { expect as baseExpect, FacilitationWall, FacilitatorPage, PhoneView, test } from '../fixtures/index.ts'

test.describe.configure({ timeout: 240_000 })
test.use({ viewport: { width: 1600, height: 900 } })
const expect = baseExpect.configure({ timeout: 20_000 })

const SHOTS = resolve(import.meta.dirname, '../test-results/phone-pictures')

interface Sharp {
  jpeg(): Sharp
  withExif(exif: Record<string, Record<string, string>>): Sharp
  toBuffer(): Promise<Buffer>
}
// The server's image library makes the test photo: the e2e package has no image code of its own.
const sharp = createRequire(resolve(import.meta.dirname, '../../server/package.json'))('sharp') as (o: {
  create: { width: number; height: number; channels: 3; background: { r: number; g: number; b: number } }
}) => Sharp

/** A phone camera's JPEG: 2000×1500, with the camera's make and a GPS position in its EXIF. */
function cameraPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 2000, height: 1500, channels: 3, background: { r: 30, g: 140, b: 90 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Secret Model 12' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 40/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '12/1 34/1 0/1' },
    })
    .toBuffer()
}

test('a drawing and a photo made offline wait on the phone, survive a reload, and reach the wall once after approval', async ({
  page,
  server,
  newPhone,
}) => {
  const facilitator = new FacilitatorPage(page, server.url)
  await facilitator.signIn()
  const { boardId, code } = await facilitator.createBoard('Billeder fra klubben')
  const wall = new FacilitationWall(page)

  const context = await newPhone()
  // Offline means offline: no socket, and no picture or label request reaches the server.
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
  const sent: string[] = []
  await context.route(/\/api\/boards\/[^/]+\/(images|labels)$/, (route) => {
    if (!online) return route.abort('internetdisconnected')
    sent.push(new URL(route.request().url()).pathname.split('/').pop() ?? '')
    return route.continue()
  })
  const phone = await PhoneView.open(context, server.url, code)
  // The picture code is its own file, fetched once the phone is ready: then it works without the network.
  const chunk = phone.page.waitForResponse((r) => /phone-pictures-[\w-]+\.js$/.test(r.url()))
  await phone.join()
  expect((await chunk).ok()).toBe(true)

  online = false
  for (const ws of open.splice(0)) await ws.close({ code: 1001 })
  await expect(phone.page.locator('.connection[data-status="offline"]')).toBeVisible()

  // A finger drawing in the colour of "Idé".
  await phone.page.getByRole('radio', { name: 'Idé' }).check()
  await phone.page.getByRole('button', { name: 'Tegn' }).click()
  const canvas = phone.page.getByRole('img', { name: 'Tegn med fingeren' })
  await expect(canvas).toBeVisible()
  const box = await canvas.boundingBox()
  if (!box) throw new Error('no drawing canvas')
  for (const t of [0.2, 0.6]) {
    await phone.page.mouse.move(box.x + box.width * 0.2, box.y + box.height * t)
    await phone.page.mouse.down()
    await phone.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (t + 0.2), { steps: 8 })
    await phone.page.mouse.move(box.x + box.width * 0.8, box.y + box.height * t, { steps: 8 })
    await phone.page.mouse.up()
  }
  for (const name of ['Fortryd', 'Ryd', 'Annullér', 'Brug tegningen']) {
    const b = await phone.page.getByRole('button', { name, exact: true }).boundingBox()
    expect(b?.width).toBeGreaterThanOrEqual(44)
    expect(b?.height).toBeGreaterThanOrEqual(44)
  }
  // Not "Færdig": the phone's "Jeg er færdig" is on the same screen and means something else.
  await phone.page.getByRole('button', { name: 'Brug tegningen' }).click()
  await expect(phone.page.getByRole('img', { name: 'Dit billede' })).toBeVisible()
  await expect(phone.page.getByText('Billedet venter på at den voksne godkender det')).toBeVisible()
  await phone.page.getByRole('button', { name: 'Send' }).click()
  await expect(phone.myLabel('Tegning').locator('[data-status]')).toHaveAttribute('data-status', 'saving')

  // A photo from the camera, with text.
  await phone.page.getByRole('radio', { name: 'Problem' }).check()
  await phone.page
    .getByLabel('Foto')
    .setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: await cameraPhoto() })
  const preview = phone.page.getByRole('img', { name: 'Dit billede' })
  await expect(preview).toBeVisible()
  // Scaled on the phone before sending: 1280 px on the longest side.
  expect(await preview.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([1280, 960])
  await expect(phone.page.getByText('Teksten er frivillig: billedet kan stå alene.')).toBeVisible()
  await phone.page.getByLabel('Din label').fill('Vores bane')
  mkdirSync(SHOTS, { recursive: true })
  await phone.page.screenshot({ path: resolve(SHOTS, 'composer-360x640.png') })
  await phone.page.evaluate(() => {
    document.documentElement.style.fontSize = '200%'
  })
  await phone.page.screenshot({ path: resolve(SHOTS, 'composer-200pct.png'), fullPage: true })
  await phone.page.evaluate(() => {
    document.documentElement.style.fontSize = ''
  })
  await phone.page.getByRole('button', { name: 'Send' }).click()
  await expect(phone.myLabel('Vores bane').locator('[data-status]')).toHaveAttribute('data-status', 'saving')

  // Reloaded while still offline: both wait, pictures and all.
  await phone.page.reload()
  await expect(phone.myLabel('Tegning').locator('[data-status]')).toHaveAttribute('data-status', 'saving')
  await expect(phone.myLabel('Vores bane').locator('[data-status]')).toHaveAttribute('data-status', 'saving')
  expect(sent).toEqual([])

  // Back online: sent, and held for approval (the default for pictures).
  online = true
  await expect(phone.myLabel('Tegning').locator('[data-status]')).toHaveAttribute('data-status', 'held')
  await expect(phone.myLabel('Vores bane').locator('[data-status]')).toHaveAttribute('data-status', 'held')
  await expect(phone.myLabel('Vores bane').locator('img')).toBeVisible()
  expect(await wall.labels()).toEqual([])

  const queue = wall.tools.getByTestId('approval-queue').getByRole('listitem')
  await expect(queue).toHaveCount(2)
  const thumbs = wall.tools.getByTestId('queue-picture')
  await expect(thumbs).toHaveCount(2)
  await expect
    .poll(() => thumbs.evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth)))
    .toEqual([expect.any(Number), expect.any(Number)])
  for (const w of await thumbs.evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth)))
    expect(w).toBeGreaterThan(0)
  await page.screenshot({ path: resolve(SHOTS, 'approval-queue.png') })
  await wall.tools.getByRole('button', { name: 'Godkend: Tegning' }).click()
  await wall.tools.getByRole('button', { name: 'Godkend: Vores bane' }).click()
  // Nothing waits any more, and approve-first is off: the queue goes.
  await expect(wall.tools.getByTestId('approval-queue')).toHaveCount(0)

  await expect.poll(async () => (await wall.labels()).map((l) => l.text).sort()).toEqual(['Tegning', 'Vores bane'])
  await phone.expectSaved('Tegning')
  await phone.expectSaved('Vores bane')
  const labels = await wall.labels()
  const photo = labels.find((l) => l.text === 'Vores bane')?.photo
  expect(photo).toMatch(/^[0-9a-f]{64}$/)
  expect(labels.find((l) => l.text === 'Tegning')?.photo).toMatch(/^[0-9a-f]{64}$/)

  // What the server serves of the photo: a JPEG it drew itself, without the camera's EXIF or GPS.
  const res = await page.request.get(`${server.url}/api/boards/${boardId}/images/${photo}`)
  expect(res.status()).toBe(200)
  const bytes = await res.body()
  expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8])
  expect(bytes.includes(Buffer.from('Exif'))).toBe(false)
  expect(bytes.includes(Buffer.from('PhoneMaker'))).toBe(false)
  expect(bytes.byteLength).toBeLessThan(400 * 1024)

  // Once, however often the phone reloads: two uploads and two label posts, no more.
  await phone.page.reload()
  await phone.expectSaved('Vores bane')
  expect((await wall.labels()).length).toBe(2)
  expect(sent.sort()).toEqual(['images', 'images', 'labels', 'labels'])
})
