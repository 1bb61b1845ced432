/**
 * Pictures of labels (issue #14): notes read from a photo of a paper wall keep
 * their crop as their picture; the facilitator sees each picture inside its
 * card on the wall (never over the text), and in a snapshot and through a
 * share link after the labels are gone from the wall.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, FacilitationWall, FacilitatorPage, test } from '../fixtures/index.ts'

const SERVER_DIR = resolve(import.meta.dirname, '../../server')
const CSRF = { 'x-vaegavis': '1' }

type Rect = { x: number; y: number; width: number; height: number }
const inside = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5

/** How many label pictures the wall has drawn (loaded, not the pending frame). */
const drawnPictures = (page: Page) =>
  page.evaluate(
    () =>
      (window.__vaegavis?.stage as unknown as { find(s: string): unknown[] } | null)?.find('.label-picture').length ??
      0,
  )

/** One photo of a poster in a new board's legend colours, from the repository's test-set generator. */
function generatePhoto(): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vaegavis-e2e-pictures-'))
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/capture-testset.ts', dir, '1', '3', '--board-legend'], {
    cwd: SERVER_DIR,
    stdio: 'pipe',
  })
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as { photos: { file: string }[] }
  return { file: join(dir, truth.photos[0]?.file ?? ''), dir }
}

/** Reads the photo through the capture routes and puts every note found on the wall, each with its crop. */
async function placePoster(page: Page, baseUrl: string, boardId: string, file: string): Promise<number> {
  const api = `${baseUrl}/api/boards/${boardId}/capture`
  const up = await page.request.post(api, {
    data: readFileSync(file),
    headers: { ...CSRF, 'content-type': 'image/jpeg' },
  })
  expect(up.status(), await up.text()).toBe(202)
  let session: { id: string; status: string; notes: { id: string; text: string; category: string; group: number }[] }
  await expect
    .poll(
      async () => {
        session = await (await page.request.get(api)).json()
        return session.status
      },
      { timeout: 150_000, intervals: [500] },
    )
    .toBe('done')
  const notes = session!.notes.map((n, i) => ({
    id: n.id,
    text: n.text.trim() || `Seddel ${i + 1}`,
    category: n.category,
  }))
  const groups = [...new Set(session!.notes.map((n) => n.group))]
  const placed = await page.request.post(`${api}/place`, {
    data: { sessionId: session!.id, notes, themes: groups.map((g) => ({ group: g, name: `Gruppe ${g + 1}` })) },
    headers: CSRF,
  })
  expect(placed.ok(), await placed.text()).toBe(true)
  return notes.length
}

test.describe.configure({ timeout: 300_000 })
test.use({ viewport: { width: 1920, height: 1080 } })

test('picture labels show their picture inside the card on the wall, in a snapshot and through a share link', async ({
  page,
  server,
}) => {
  const photo = generatePhoto()
  try {
    const facilitator = new FacilitatorPage(page, server.url)
    await facilitator.signIn()
    const { boardId } = await facilitator.createBoard('Plakat med billeder')
    const count = await placePoster(page, server.url, boardId, photo.file)

    const wall = new FacilitationWall(page)
    await wall.open(server.url, boardId)
    await expect.poll(async () => (await wall.labels()).length).toBe(count)
    const labels = await wall.labels()
    for (const l of labels) expect(l.photo).toMatch(/^[0-9a-f]{64}$/)

    // Every card draws its picture (loaded, not the pending frame), inside the card and above the text.
    await expect.poll(() => drawnPictures(page)).toBe(count)
    for (const l of labels) {
      const card = await wall.screenRect(`#${l.id}`)
      const picture = await wall.screenRect(`#${l.id}`, '.label-picture')
      const text = await wall.screenRect(`#${l.id}`, '.label-text')
      expect(picture.width).toBeGreaterThan(40)
      expect(picture.height).toBeGreaterThan(40)
      expect(inside(picture, card), `picture ${JSON.stringify(picture)} in card ${JSON.stringify(card)}`).toBe(true)
      expect(inside(text, card)).toBe(true)
      // The text starts below the picture: they never overlap.
      expect(text.y).toBeGreaterThanOrEqual(picture.y + picture.height - 0.5)
    }
    // The picture is the stored crop: its natural size is the crop's, drawn with its aspect kept.
    const drawn = await page.evaluate((id) => {
      const node = window.__vaegavis?.stage?.findOne(`#${id}`) as unknown as
        | { findOne(s: string): { image(): HTMLImageElement; width(): number; height(): number } | undefined }
        | undefined
      const img = node?.findOne('.label-picture')
      return img
        ? { natural: img.image().naturalWidth / img.image().naturalHeight, drawn: img.width() / img.height() }
        : null
    }, labels[0]!.id)
    expect(drawn).not.toBeNull()
    expect(drawn!.drawn).toBeCloseTo(drawn!.natural, 1)
    await page.screenshot({ path: test.info().outputPath('pictures-wall-1920.png') })
    // The projector draws the same cards.
    await page.goto(`${server.url}/b/${encodeURIComponent(boardId)}?projektor`)
    await wall.waitOnline()
    await expect.poll(() => drawnPictures(page)).toBe(count)
    await page.screenshot({ path: test.info().outputPath('pictures-projector-1920.png') })

    // Save the wall, then clear it: the snapshot keeps its pictures.
    const snap = await page.request.post(`${server.url}/api/boards/${boardId}/snapshots`, {
      data: { name: 'Med billeder' },
      headers: CSRF,
    })
    const snapshotId = ((await snap.json()) as { snapshot: { id: string } }).snapshot.id
    await page.goto(`${server.url}/b/${encodeURIComponent(boardId)}`)
    await wall.waitOnline()
    await page.evaluate(() => {
      const bridge = window.__vaegavis as unknown as {
        doc: { transact(f: () => void): void; getMap(n: string): Map<string, unknown> }
      }
      const labelsMap = bridge.doc.getMap('labels')
      bridge.doc.transact(() => {
        for (const id of [...labelsMap.keys()]) labelsMap.delete(id)
      })
    })
    await expect.poll(async () => (await wall.labels()).length).toBe(0)
    const gone = labels[0]!.photo!
    await expect
      .poll(async () => (await page.request.get(`${server.url}/api/boards/${boardId}/images/${gone}`)).status())
      .toBe(404)

    await page.goto(`${server.url}/arkiv/${encodeURIComponent(snapshotId)}`)
    const pictures = page.locator('.archive-label__picture')
    await expect(pictures).toHaveCount(count)
    await expect
      .poll(() => pictures.evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length))
      .toBe(count)
    const first = pictures.first()
    await expect(first).toHaveAttribute('alt', /^Billede af sedlen: /)
    const box = (await first.boundingBox())!
    const item = (await page.locator('.archive-label').first().boundingBox())!
    expect(inside(box, item)).toBe(true)
    await page.screenshot({ path: test.info().outputPath('pictures-snapshot-1920.png'), fullPage: true })

    // A share link of the snapshot shows them to someone without an account.
    const share = await page.request.post(`${server.url}/api/snapshots/${snapshotId}/shares`, {
      data: {},
      headers: CSRF,
    })
    const { url } = (await share.json()) as { url: string }
    const viewer = await page
      .context()
      .browser()!
      .newContext({ viewport: { width: 1920, height: 1080 } })
    try {
      const view = await viewer.newPage()
      await view.goto(url)
      const shared = view.locator('.archive-label__picture')
      await expect(shared).toHaveCount(count)
      await expect
        .poll(() => shared.evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length))
        .toBe(count)
    } finally {
      await viewer.close()
    }
  } finally {
    rmSync(photo.dir, { recursive: true, force: true })
  }
})
