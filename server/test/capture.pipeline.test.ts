import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { levenshtein, normaliseText, scorePhoto } from '../bench/captureScore.ts'
import { renderPhoto, TESTSET_LEGEND } from '../scripts/capture-testset.ts'
import { convexHull, minAreaRect, splitRows } from '../src/capture/detect.ts'
import { createOcr, NoNotesError, type OcrEngine, ocrPaths, runCapture } from '../src/capture/index.ts'

/** Generated photos of 2 megapixels: one of each kind the test set has. */
const PHOTOS = [
  { seed: 11, width: 1600, height: 1200, groups: 3, difficulty: 0.2, style: 'block' as const },
  { seed: 12, width: 1600, height: 1200, groups: 4, difficulty: 0.7, style: 'block' as const },
  { seed: 13, width: 1600, height: 1200, groups: 2, difficulty: 0.5, style: 'hand' as const },
  // A full poster: notes of a group touch, same colours sharing an edge included.
  { seed: 54, width: 1600, height: 1200, groups: 3, difficulty: 0.6, style: 'block' as const, touching: true },
]

let ocr: OcrEngine
beforeAll(async () => {
  ocr = await createOcr({ threads: 1 })
}, 120_000)
afterAll(async () => {
  await ocr?.close()
})

describe('paper-wall capture', { timeout: 240_000 }, () => {
  for (const spec of PHOTOS) {
    it(`finds every note of a generated ${spec.style}-letter photo${spec.touching ? ' of touching notes' : ''} (seed ${spec.seed}) with its colour, group and text`, async () => {
      const { jpeg, truth } = await renderPhoto(spec)
      const result = await runCapture(jpeg, TESTSET_LEGEND, ocr)
      const score = scorePhoto(truth, result.notes)
      // Counts and categories exact.
      expect(result.notes).toHaveLength(truth.notes.length)
      expect(score.matched).toBe(truth.notes.length)
      for (const { truth: t, proposed: p } of score.pairs) expect(p.category, t.text).toBe(t.category)
      // Groups exact: two notes share a proposed group exactly when they share one on the poster.
      expect(score.groupPairs.agree).toBe(score.groupPairs.total)
      expect(result.groups).toBe(new Set(truth.notes.map((n) => n.group)).size)
      // Text within a character error rate of 15 % (block letters) or 30 % (handwriting-style).
      const cer = score.cer[spec.style]
      expect(cer.errors / cer.chars).toBeLessThanOrEqual(spec.style === 'block' ? 0.15 : 0.3)
      // Every note keeps a straightened crop as a JPEG.
      for (const n of result.notes) expect(Buffer.from(n.crop.subarray(0, 3)).toString('hex')).toBe('ffd8ff')
    })
  }

  it('says clearly when a photo has no notes', async () => {
    const { jpeg } = await renderPhoto({ seed: 5, width: 1200, height: 900, groups: 0, difficulty: 0.3, empty: true })
    await expect(runCapture(jpeg, TESTSET_LEGEND, ocr)).rejects.toBeInstanceOf(NoNotesError)
  })

  it('reports progress from finding to reading every note to done', async () => {
    const { jpeg, truth } = await renderPhoto({ ...(PHOTOS[0] as (typeof PHOTOS)[number]), seed: 21 })
    const seen: string[] = []
    await runCapture(jpeg, TESTSET_LEGEND, ocr, (stage, fraction) => seen.push(`${stage}:${fraction.toFixed(2)}`))
    expect(seen[0]).toBe('finding:0.00')
    expect(seen.at(-1)).toBe('done:1.00')
    expect(seen.filter((s) => s.startsWith('reading:')).length).toBe(truth.notes.length + 1)
  })
})

describe('local OCR', { timeout: 240_000 }, () => {
  it('reads its engine and its Danish and English models from npm packages on disk', () => {
    const paths = ocrPaths()
    expect(paths.workerPath).toMatch(/ocrGuard\.cjs$/)
    for (const dir of Object.values(paths.langPath)) expect(dir).toMatch(/node_modules.*@tesseract\.js-data/)
    expect(existsSync(paths.corePath)).toBe(true)
    for (const [code, dir] of Object.entries(paths.langPath))
      expect(existsSync(`${dir}/${code}.traineddata.gz`)).toBe(true)
  })

  it('fails, instead of fetching, if the OCR worker ever tries the network', async () => {
    // A language path that is a URL makes tesseract.js download; the guard in every OCR thread refuses.
    await expect(createOcr({ threads: 1, langPathOverride: 'http://127.0.0.1:9/tessdata' })).rejects.toThrow(
      /VGA_OCR_NETWORK|network/,
    )
  })

  it('reads Danish letters (æ, ø, å) behind that guard, so it never needed the network', async () => {
    const { jpeg, truth } = await renderPhoto({
      seed: 33,
      width: 1600,
      height: 1200,
      groups: 2,
      difficulty: 0,
      style: 'block',
    })
    const score = scorePhoto(truth, (await runCapture(jpeg, TESTSET_LEGEND, ocr)).notes)
    const danish = score.pairs.filter((p) => /[æøå]/i.test(p.truth.text))
    expect(danish.map((p) => p.truth.text)).toEqual(expect.arrayContaining(['ÅBENT FREDAG', 'RENGØRING']))
    for (const p of danish) expect(normaliseText(p.proposed.text)).toBe(normaliseText(p.truth.text))
  })
})

describe('scoring', () => {
  it('counts edits by character, ignoring case and spacing', () => {
    expect(levenshtein('grøn have', 'grøn have')).toBe(0)
    expect(levenshtein(normaliseText('GRØN  HAVE'), normaliseText('grøn have'))).toBe(0)
    expect(levenshtein('kat', 'kåt')).toBe(1)
  })
})

describe('note geometry', () => {
  it('finds the turn and size of a rotated note from its outline', () => {
    const a = (20 * Math.PI) / 180
    const square: [number, number][] = [
      [-50, -30],
      [50, -30],
      [50, 30],
      [-50, 30],
    ]
    const corners = square.map(([x, y]): [number, number] => [
      200 + x * Math.cos(a) - y * Math.sin(a),
      100 + x * Math.sin(a) + y * Math.cos(a),
    ])
    const r = minAreaRect(convexHull(corners))
    expect(r.cx).toBeCloseTo(200, 6)
    expect(r.cy).toBeCloseTo(100, 6)
    expect([r.w, r.h].map((v) => Math.round(v)).sort()).toEqual([100, 60])
    expect(Math.abs(Math.abs(r.angle) - a) < 1e-6 || Math.abs(Math.abs(r.angle) - (Math.PI / 2 - a)) < 1e-6).toBe(true)
  })

  it('cuts two notes of one colour sharing an edge apart, and leaves lone notes whole', () => {
    const note = (cx: number, w = 100) => ({
      rect: { cx, cy: 50, w, h: 100, angle: 0 },
      colour: { l: 0.7, a: 0.1, b: 0 },
      area: w * 100,
    })
    const out = splitRows([note(100), note(300), note(500), note(800, 200)])
    expect(out.map((f) => Math.round(f.rect.cx))).toEqual([100, 300, 500, 750, 850])
    expect(out.every((f) => Math.round(f.rect.w) === 100)).toBe(true)
  })
})
