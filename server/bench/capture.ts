/**
 * `pnpm --filter @vaegavis/server bench:capture` — how well the paper-wall
 * capture reads generated photos with known notes (scripts/capture-testset.ts):
 * per photo and overall, notes found (recall, precision), category accuracy,
 * OCR character error rate (block letters and handwriting-style separately),
 * seconds per photo and peak memory. The capture runs as in the server: in
 * its worker thread, OCR models already loaded (the first load is reported apart).
 *
 *   bench:capture                         32 photos of 12 megapixels
 *   bench:capture -- --photos=8 --mp=2    fewer, smaller photos
 *   bench:capture -- --dir=path           keep the generated set there (reused when present)
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { type PhotoTruth, renderPhoto, TESTSET_LEGEND, testsetSpecs } from '../scripts/capture-testset.ts'
import { createCaptureRunner } from '../src/capture/runner.ts'
import { type PhotoScore, scorePhoto } from './captureScore.ts'
import { machineLines } from './machine.ts'

const { values } = parseArgs({
  options: {
    photos: { type: 'string', default: '32' },
    mp: { type: 'string', default: '12' },
    dir: { type: 'string' },
  },
})
const count = Number(values.photos)
const mp = Number(values.mp)
const dir = values.dir ?? join(tmpdir(), `vaegavis-capture-bench-${count}x${mp}mp`)
const print = (line = '') => process.stdout.write(`${line}\n`)
const pct = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)} %`)

async function testset(): Promise<PhotoTruth[]> {
  const truthFile = join(dir, 'truth.json')
  if (existsSync(truthFile)) return (JSON.parse(readFileSync(truthFile, 'utf8')) as { photos: PhotoTruth[] }).photos
  mkdirSync(dir, { recursive: true })
  const photos: PhotoTruth[] = []
  for (const [i, spec] of testsetSpecs(count, mp).entries()) {
    const file = `photo-${String(i + 1).padStart(2, '0')}.jpg`
    const { jpeg, truth } = await renderPhoto(spec)
    writeFileSync(join(dir, file), jpeg)
    photos.push({ file, ...truth })
    process.stdout.write(`\rgenerating test set: ${i + 1}/${count}`)
  }
  process.stdout.write('\n')
  writeFileSync(truthFile, JSON.stringify({ legend: TESTSET_LEGEND, photos }))
  return photos
}

async function main(): Promise<void> {
  for (const line of machineLines()) print(line)
  const photos = await testset()
  print(`RSS before the capture worker starts: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`)
  const runner = createCaptureRunner({ idleMs: 60_000 })
  let peak = 0
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 10)
  try {
    // Warm-up on the first photo: starts the worker thread and loads both OCR models.
    const first = photos[0] as PhotoTruth
    const w0 = performance.now()
    await runner.run(readFileSync(join(dir, first.file)), TESTSET_LEGEND)
    print(`first photo with worker start and model load: ${((performance.now() - w0) / 1000).toFixed(2)} s\n`)

    print('photo      MP  notes found  recall  precision  category  CER block  CER hand  groups   seconds  peak RSS')
    const scores: (PhotoScore & { seconds: number })[] = []
    for (const p of photos) {
      const photo = readFileSync(join(dir, p.file))
      peak = process.memoryUsage().rss
      const t0 = performance.now()
      const result = await runner.run(photo, TESTSET_LEGEND).catch(() => ({ notes: [] }))
      const seconds = (performance.now() - t0) / 1000
      const s = { ...scorePhoto(p, result.notes), seconds }
      scores.push(s)
      print(
        [
          p.file.padEnd(10),
          ((p.width * p.height) / 1e6).toFixed(1).padStart(4),
          `${s.found}/${s.truth}`.padStart(12),
          pct(s.matched, s.truth).padStart(7),
          pct(s.matched, s.found).padStart(10),
          pct(s.categoryRight, s.matched).padStart(9),
          pct(s.cer.block.errors, s.cer.block.chars).padStart(10),
          pct(s.cer.hand.errors, s.cer.hand.chars).padStart(9),
          pct(s.groupPairs.agree, s.groupPairs.total).padStart(7),
          seconds.toFixed(2).padStart(9),
          `${(peak / 2 ** 20).toFixed(0)} MiB`.padStart(9),
        ].join(' '),
      )
    }
    const sum = (f: (s: PhotoScore) => number) => scores.reduce((a, s) => a + f(s), 0)
    const secs = scores.map((s) => s.seconds).sort((a, b) => a - b)
    print('\noverall')
    print(`  notes: ${sum((s) => s.truth)} on ${scores.length} photos of ${mp} MP`)
    print(
      `  recall ${pct(
        sum((s) => s.matched),
        sum((s) => s.truth),
      )} (target ≥ 95 %)`,
    )
    print(
      `  precision ${pct(
        sum((s) => s.matched),
        sum((s) => s.found),
      )} (target ≥ 95 %)`,
    )
    print(
      `  category accuracy ${pct(
        sum((s) => s.categoryRight),
        sum((s) => s.matched),
      )} (target ≥ 95 %)`,
    )
    print(
      `  OCR character error rate, block letters ${pct(
        sum((s) => s.cer.block.errors),
        sum((s) => s.cer.block.chars),
      )} (target ≤ 15 %); handwriting-style ${pct(
        sum((s) => s.cer.hand.errors),
        sum((s) => s.cer.hand.chars),
      )} (no target)`,
    )
    print(
      `  group pairs agreeing with the poster ${pct(
        sum((s) => s.groupPairs.agree),
        sum((s) => s.groupPairs.total),
      )}`,
    )
    print(
      `  seconds per photo: median ${(secs[Math.floor(secs.length / 2)] ?? 0).toFixed(2)}, max ${(secs[secs.length - 1] ?? 0).toFixed(2)} (target ≤ 5 s for 12 MP on two cores)`,
    )
    print(`  peak RSS of the process (server side + worker + OCR threads): ${(peak / 2 ** 20).toFixed(0)} MiB`)
    print('  CER is case-folded with whitespace collapsed.')
  } finally {
    clearInterval(sampler)
    await runner.close()
    if (!values.dir) rmSync(dir, { recursive: true, force: true })
  }
}

await main()
