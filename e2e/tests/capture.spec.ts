/**
 * The paper wall, digitised: a facilitator uploads a generated photo of a
 * poster with known notes, corrects one note, drops another and puts the
 * rest on the wall, where the poster's groups are themes.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, FacilitationWall, FacilitatorPage, test } from '../fixtures/index.ts'

const SERVER_DIR = resolve(import.meta.dirname, '../../server')

interface Truth {
  photos: { file: string; notes: { text: string; category: string; group: number }[] }[]
}

/** One 2-megapixel photo in a new board's legend colours, from the repository's test-set generator. */
function generatePhoto(): { file: string; truth: Truth['photos'][number]; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vaegavis-e2e-capture-'))
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/capture-testset.ts', dir, '1', '2', '--board-legend'], {
    cwd: SERVER_DIR,
    stdio: 'pipe',
  })
  const truth = (JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth).photos[0]
  if (!truth) throw new Error('the generator wrote no photo')
  return { file: join(dir, truth.file), truth, dir }
}

test.describe.configure({ timeout: 240_000 })
test.use({ viewport: { width: 1920, height: 1080 } })

test('a photo of a paper wall becomes labels in themes after the facilitator reviews it', async ({ page, server }) => {
  const photo = generatePhoto()
  try {
    const facilitator = new FacilitatorPage(page, server.url)
    await facilitator.signIn()
    const { boardId } = await facilitator.createBoard('Plakat fra klubaftenen')

    await page.goto(`${server.url}/b/${encodeURIComponent(boardId)}/foto`)
    await expect(page.getByRole('heading', { name: 'Læs et foto af en papirplakat' })).toBeVisible()
    await page.screenshot({ path: test.info().outputPath('capture-upload-1920.png') })
    await page.getByLabel('Foto af plakaten').setInputFiles(photo.file)
    await page.getByRole('button', { name: 'Læs fotoet' }).click()
    const count = photo.truth.notes.length
    await expect(page.getByTestId('capture-found')).toContainText(`Der er fundet ${count} sedler`, { timeout: 120_000 })
    await expect(page.locator('.capture__note')).toHaveCount(count)
    // Every crop is a picture the browser could load.
    const crops = page.locator('.capture__crop')
    await expect
      .poll(() => crops.evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length))
      .toBe(count)
    await page.screenshot({ path: test.info().outputPath('capture-review-1920.png') })

    // The facilitator corrects note 1 and drops note 2.
    await page.getByLabel('Tekst på seddel 1', { exact: true }).fill('Mere fodbold om fredagen')
    await page.getByRole('button', { name: 'Fjern seddel 2', exact: true }).click()
    await expect(page.locator('.capture__note--dropped')).toHaveCount(1)
    const droppedText = photo.truth.notes[1]?.text

    await page.setViewportSize({ width: 360, height: 640 })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await page.screenshot({ path: test.info().outputPath('capture-review-360.png'), fullPage: true })
    await page.setViewportSize({ width: 1920, height: 1080 })

    await page.getByRole('button', { name: `Sæt ${count - 1} sedler på væggen` }).click()
    await expect(page).toHaveURL(new RegExp(`/b/${boardId}$`))
    const wall = new FacilitationWall(page)
    await wall.waitOnline()
    await expect.poll(async () => (await wall.labels()).length).toBe(count - 1)
    const labels = await wall.labels()
    expect(labels.map((l) => l.text)).toContain('Mere fodbold om fredagen')
    expect(labels.map((l) => l.text.toUpperCase())).not.toContain(droppedText)
    for (const l of labels) expect(l.photo).toMatch(/^[0-9a-f]{64}$/)

    // The poster's groups are the wall's themes, each holding its notes.
    const groups = new Set(photo.truth.notes.map((n) => n.group))
    await expect.poll(async () => (await wall.themes()).length).toBe(groups.size)
    const themes = await wall.themes()
    expect(themes.map((t) => t.name).sort()).toEqual([...groups].map((g) => `Gruppe ${g + 1}`).sort())
    const inThemes = themes.flatMap((t) => t.labelIds)
    expect(inThemes.sort()).toEqual(labels.map((l) => l.id).sort())
    await page.screenshot({ path: test.info().outputPath('capture-wall-1920.png') })
  } finally {
    rmSync(photo.dir, { recursive: true, force: true })
  }
})
