/**
 * Generates photos of paper walls with known notes, for the capture tests and
 * benchmark: coloured notes in the legend's colours with short Danish and
 * English texts, in block letters (Oswald) or a handwriting-style font
 * (Patrick Hand), both from @fontsource npm packages, on varied backgrounds,
 * with rotation, perspective, uneven light, blur, noise and JPEG artefacts.
 * Deterministic: the same seed gives the same photos and ground truth.
 *
 *   pnpm --filter @vaegavis/server exec tsx scripts/capture-testset.ts [outDir] [count] [megapixels] [--board-legend]
 *
 * writes `photo-NN.jpg` and `truth.json` (default: <tmp>/vaegavis-capture-testset/, 32 photos, 12 MP, in
 * five legend colours; `--board-legend`: only the three of a new board's default legend).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { inflateSync } from 'node:zlib'
import { Resvg } from '@resvg/resvg-js'
import sharp from 'sharp'
import type { LegendColour } from '../src/capture/colour.ts'

const require = createRequire(import.meta.url)

/** The legend the photos are drawn in: the default three plus two more Okabe–Ito colours. */
export const TESTSET_LEGEND: LegendColour[] = [
  { id: 'problem', colour: '#D55E00' },
  { id: 'ide', colour: '#56B4E9' },
  { id: 'onske', colour: '#F0E442' },
  { id: 'godt', colour: '#009E73' },
  { id: 'sporgsmal', colour: '#CC79A7' },
]

export type NoteStyle = 'block' | 'hand'

export interface NoteTruth {
  category: string
  text: string
  style: NoteStyle
  /** Ground-truth group (cluster on the poster), numbered in reading order of the generator's layout. */
  group: number
  /** Centre in the final photo, pixels. */
  cx: number
  cy: number
  /** Side of the note in the final photo, pixels (approximately, after perspective). */
  size: number
}

export interface PhotoTruth {
  file: string
  width: number
  height: number
  background: string
  notes: NoteTruth[]
}

const TEXTS = [
  'mere klub',
  'fodbold',
  'bedre lys',
  'åbent fredag',
  'pizza aften',
  'musikstudie',
  'ingen plads',
  'tur til skoven',
  'lektiehjælp',
  'mere tid',
  'gaming aften',
  'kedeligt',
  'for mange regler',
  'hyggeligt rum',
  'nye sofaer',
  'wifi virker ikke',
  'lave mad sammen',
  'sommerlejr',
  'dans',
  'boksning',
  'grøn have',
  'støj om aftenen',
  'flere voksne',
  'sikker vej hjem',
  'more music',
  'open late',
  'film night',
  'cheap food',
  'basketball',
  'quiet room',
  'skate park',
  'art wall',
  'færre skærme',
  'cykelværksted',
  'koncert',
  'rengøring',
  'hjælp til job',
  'bål og pølser',
  'bedre stole',
  'ture ud',
]

const BACKGROUNDS = ['#F7F5F0', '#FFFFFF', '#E4E4E2', '#E8DCC8', '#E6EAEE', '#D9D9D6', '#EFE8DA']

/** Small, seeded PRNG (mulberry32), so a test set is the same on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * WOFF (version 1) to TrueType: @fontsource ships WOFF and WOFF2 only, resvg
 * reads TrueType. WOFF 1 is the TrueType tables, each zlib-compressed, behind
 * a new header; undoing it is a table copy.
 */
export function woffToTtf(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF file')
  const flavor = woff.readUInt32BE(4)
  const numTables = woff.readUInt16BE(12)
  const tables: { tag: number; checksum: number; data: Buffer }[] = []
  for (let i = 0; i < numTables; i++) {
    const e = 44 + i * 20
    const tag = woff.readUInt32BE(e)
    const offset = woff.readUInt32BE(e + 4)
    const compLength = woff.readUInt32BE(e + 8)
    const origLength = woff.readUInt32BE(e + 12)
    const checksum = woff.readUInt32BE(e + 16)
    const raw = woff.subarray(offset, offset + compLength)
    tables.push({ tag, checksum, data: compLength < origLength ? inflateSync(raw) : Buffer.from(raw) })
  }
  let entrySelector = 0
  while (1 << (entrySelector + 1) <= numTables) entrySelector++
  const searchRange = (1 << entrySelector) * 16
  const header = Buffer.alloc(12 + numTables * 16)
  header.writeUInt32BE(flavor, 0)
  header.writeUInt16BE(numTables, 4)
  header.writeUInt16BE(searchRange, 6)
  header.writeUInt16BE(entrySelector, 8)
  header.writeUInt16BE(numTables * 16 - searchRange, 10)
  let offset = header.length
  const bodies: Buffer[] = []
  tables.forEach((t, i) => {
    header.writeUInt32BE(t.tag, 12 + i * 16)
    header.writeUInt32BE(t.checksum, 16 + i * 16)
    header.writeUInt32BE(offset, 20 + i * 16)
    header.writeUInt32BE(t.data.length, 24 + i * 16)
    const padded = Buffer.alloc((t.data.length + 3) & ~3)
    t.data.copy(padded)
    bodies.push(padded)
    offset += padded.length
  })
  return Buffer.concat([header, ...bodies])
}

let fontFilesCache: string[] | undefined
/** TrueType copies of the two fonts, written once to a temp directory for resvg. */
export function testsetFonts(): string[] {
  if (fontFilesCache) return fontFilesCache
  const dir = join(tmpdir(), 'vaegavis-capture-fonts')
  mkdirSync(dir, { recursive: true })
  const files: [string, string][] = [
    ['@fontsource/oswald/files/oswald-latin-500-normal.woff', 'oswald-500.ttf'],
    ['@fontsource/patrick-hand/files/patrick-hand-latin-400-normal.woff', 'patrick-hand.ttf'],
  ]
  fontFilesCache = files.map(([pkgPath, name]) => {
    const { readFileSync } = require('node:fs') as typeof import('node:fs')
    const out = join(dir, name)
    writeFileSync(out, woffToTtf(readFileSync(require.resolve(pkgPath))))
    return out
  })
  return fontFilesCache
}

export interface PhotoSpec {
  seed: number
  width: number
  height: number
  /** Number of clusters (groups) of notes. */
  groups: number
  /** Force every note to one style; default: mixed. */
  style?: NoteStyle
  /** Strength of the distortions, 0 (clean) to 1 (the worst the test set has). */
  difficulty: number
  /** Colours to draw notes in (default {@link TESTSET_LEGEND}). */
  legend?: readonly LegendColour[]
  /** No notes at all: an empty poster, for the "no notes found" case. */
  empty?: boolean
  /** Notes of a group butt up against each other (edges and corners touch), as on a full poster. */
  touching?: boolean
}

type Mat = number[]

/** Homography mapping 4 points `from` onto 4 points `to` (8 unknowns, Gaussian elimination). */
function homography(from: [number, number][], to: [number, number][]): Mat {
  const A: number[][] = []
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i] as [number, number]
    const [u, v] = to[i] as [number, number]
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y, v])
  }
  for (let c = 0; c < 8; c++) {
    let p = c
    for (let r = c + 1; r < 8; r++)
      if (Math.abs((A[r] as number[])[c] as number) > Math.abs((A[p] as number[])[c] as number)) p = r
    ;[A[c], A[p]] = [A[p] as number[], A[c] as number[]]
    const row = A[c] as number[]
    for (let r = 0; r < 8; r++) {
      if (r === c) continue
      const other = A[r] as number[]
      const f = (other[c] as number) / (row[c] as number)
      for (let k = c; k < 9; k++) other[k] = (other[k] as number) - f * (row[k] as number)
    }
  }
  const h = A.map((row, i) => (row[8] as number) / (row[i] as number))
  return [...h, 1]
}

function apply(h: Mat, x: number, y: number): [number, number] {
  const w = (h[6] as number) * x + (h[7] as number) * y + (h[8] as number)
  return [
    ((h[0] as number) * x + (h[1] as number) * y + (h[2] as number)) / w,
    ((h[3] as number) * x + (h[4] as number) * y + (h[5] as number)) / w,
  ]
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Splits a text into at most two lines of similar length. */
function lines(text: string): string[] {
  const words = text.split(' ')
  if (words.length < 2 || text.length < 10) return [text]
  let best = 1
  let bestDiff = Number.POSITIVE_INFINITY
  for (let i = 1; i < words.length; i++) {
    const d = Math.abs(words.slice(0, i).join(' ').length - words.slice(i).join(' ').length)
    if (d < bestDiff) {
      bestDiff = d
      best = i
    }
  }
  return [words.slice(0, best).join(' '), words.slice(best).join(' ')]
}

/** Renders one photo and its ground truth. */
export async function renderPhoto(spec: PhotoSpec): Promise<{ jpeg: Buffer; truth: Omit<PhotoTruth, 'file'> }> {
  const rand = rng(spec.seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T
  const { width: W, height: H, difficulty: d } = spec
  const background = pick(BACKGROUNDS)
  let side = W * (0.085 + rand() * 0.03)

  // Clusters on a coarse grid of the poster, so groups never touch.
  const cols = spec.groups <= 2 ? 2 : spec.groups <= 4 ? 2 : 3
  const rows = Math.ceil(spec.groups / cols)
  const cellW = W / cols
  const cellH = H / rows
  const shapes = Array.from({ length: spec.empty ? 0 : spec.groups }, () => {
    const perRow = rand() < 0.5 ? 2 : 3
    return { perRow, count: Math.min(perRow * 2, 2 + Math.floor(rand() * 4)) }
  })
  // Notes small enough that every cluster fits its cell with at least a note's width to the next one.
  for (const { perRow, count } of shapes) {
    const nx = Math.min(perRow, count)
    const ny = Math.ceil(count / perRow)
    side = Math.min(side, cellW / ((nx - 1) * 1.5 + 2.3), cellH / ((ny - 1) * 1.5 + 2.3))
  }
  const notes: (NoteTruth & { x: number; y: number; rot: number; colour: string })[] = []
  const usedTexts = new Set<string>()
  for (const [g, { perRow, count }] of shapes.entries()) {
    const gx = (g % cols) * cellW
    const gy = Math.floor(g / cols) * cellH
    const pitch = side * (spec.touching ? 1.0 + rand() * 0.03 : 1.42 + rand() * 0.08)
    const blockW = Math.min(perRow, count) * pitch
    const blockH = Math.ceil(count / perRow) * pitch
    const ox = gx + (cellW - blockW) / 2 + pitch / 2
    const oy = gy + (cellH - blockH) / 2 + pitch / 2
    for (let i = 0; i < count; i++) {
      let text = pick(TEXTS)
      while (usedTexts.has(text)) text = pick(TEXTS)
      usedTexts.add(text)
      const style: NoteStyle = spec.style ?? (rand() < 0.5 ? 'block' : 'hand')
      const category = pick(spec.legend ?? TESTSET_LEGEND)
      notes.push({
        category: category.id,
        colour: category.colour,
        text: style === 'block' ? text.toUpperCase() : text,
        style,
        group: g,
        x: ox + (i % perRow) * pitch + (rand() - 0.5) * side * (spec.touching ? 0.04 : 0.12),
        y: oy + Math.floor(i / perRow) * pitch + (rand() - 0.5) * side * (spec.touching ? 0.04 : 0.12),
        rot: (rand() - 0.5) * 2 * (4 + 6 * d),
        cx: 0,
        cy: 0,
        size: side,
      })
    }
  }

  const noteSvg = notes
    .map((n) => {
      const ls = lines(n.text)
      const fs = n.style === 'block' ? side * 0.17 : side * 0.2
      const family = n.style === 'block' ? 'Oswald' : 'Patrick Hand'
      const lh = fs * 1.15
      const y0 = -((ls.length - 1) * lh) / 2 + fs * 0.35
      const textEls = ls
        .map(
          (l, i) =>
            `<text x="0" y="${(y0 + i * lh).toFixed(1)}" font-family="${family}" font-size="${fs.toFixed(1)}" fill="#1d1d24" text-anchor="middle">${escapeXml(l)}</text>`,
        )
        .join('')
      const s = side
      return `<g transform="translate(${n.x.toFixed(1)} ${n.y.toFixed(1)}) rotate(${n.rot.toFixed(2)})"><rect x="${(-s / 2 + s * 0.03).toFixed(1)}" y="${(-s / 2 + s * 0.04).toFixed(1)}" width="${s.toFixed(1)}" height="${s.toFixed(1)}" fill="#000" opacity="0.18"/><rect x="${(-s / 2).toFixed(1)}" y="${(-s / 2).toFixed(1)}" width="${s.toFixed(1)}" height="${s.toFixed(1)}" fill="${n.colour}"/>${textEls}</g>`
    })
    .join('')
  // Faint ruled lines and a title scribble, like a flip-chart sheet.
  const lineEls = Array.from(
    { length: 12 },
    (_, i) =>
      `<line x1="0" x2="${W}" y1="${((i + 1) * H) / 13}" y2="${((i + 1) * H) / 13}" stroke="#b9bcc4" stroke-width="${(W / 1600).toFixed(2)}" opacity="0.5"/>`,
  ).join('')
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><rect width="${W}" height="${H}" fill="${background}"/>${rand() < 0.5 ? lineEls : ''}${noteSvg}</svg>`
  const rendered = new Resvg(svg, {
    font: { fontFiles: testsetFonts(), loadSystemFonts: false, defaultFontFamily: 'Oswald' },
    fitTo: { mode: 'original' },
  }).render()
  const flat = await sharp(rendered.asPng()).removeAlpha().raw().toBuffer()

  // Perspective (the camera not square to the wall) and a slight turn of the whole poster.
  const k = 0.02 + 0.06 * d * rand()
  const turn = (rand() - 0.5) * 0.04 * d
  const src: [number, number][] = [
    [0, 0],
    [W, 0],
    [W, H],
    [0, H],
  ]
  const dst: [number, number][] = [
    [W * k + turn * H, H * k * 0.5],
    [W * (1 - k) + turn * H, H * k * 0.5 - turn * W],
    [W, H - turn * W],
    [0, H],
  ]
  const forward = homography(src, dst)
  const inverse = homography(dst, src)
  for (const n of notes) {
    ;[n.cx, n.cy] = apply(forward, n.x, n.y)
    const [ex] = apply(forward, n.x + side / 2, n.y)
    n.size = 2 * Math.abs(ex - n.cx)
  }

  // Uneven light: a gradient from one side and a darker corner, slightly warm.
  const gain0 = 0.72 + 0.2 * (1 - d) + rand() * 0.08
  const lightAngle = rand() * Math.PI * 2
  const lx = Math.cos(lightAngle)
  const ly = Math.sin(lightAngle)
  const noise = 3 + 7 * d
  const out = Buffer.alloc(W * H * 3)
  const edge = Buffer.from(background === '#FFFFFF' ? [60, 60, 64] : [70, 64, 58])
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const [sx, sy] = apply(inverse, x, y)
      const o = (y * W + x) * 3
      const t = ((x / W - 0.5) * lx + (y / H - 0.5) * ly + 0.7) / 1.4
      const gain = gain0 + (1.08 - gain0) * t
      let r: number
      let g: number
      let b: number
      if (sx < 0 || sy < 0 || sx >= W - 1 || sy >= H - 1) {
        r = edge[0] as number
        g = edge[1] as number
        b = edge[2] as number
      } else {
        const x0 = sx | 0
        const y0 = sy | 0
        const fx = sx - x0
        const fy = sy - y0
        const i00 = (y0 * W + x0) * 3
        const i10 = i00 + 3
        const i01 = i00 + W * 3
        const i11 = i01 + 3
        const mix = (c: number) =>
          ((flat[i00 + c] as number) * (1 - fx) + (flat[i10 + c] as number) * fx) * (1 - fy) +
          ((flat[i01 + c] as number) * (1 - fx) + (flat[i11 + c] as number) * fx) * fy
        r = mix(0)
        g = mix(1)
        b = mix(2)
      }
      const n = (rand() + rand() - 1) * noise
      out[o] = Math.max(0, Math.min(255, r * gain * 1.02 + n))
      out[o + 1] = Math.max(0, Math.min(255, g * gain + n))
      out[o + 2] = Math.max(0, Math.min(255, b * gain * 0.96 + n))
    }
  }
  const blur = 0.4 + 1.1 * d * rand()
  const quality = Math.round(85 - 30 * d * rand())
  const jpeg = await sharp(out, { raw: { width: W, height: H, channels: 3 } })
    .blur(blur)
    .jpeg({ quality })
    .toBuffer()
  return {
    jpeg,
    truth: {
      width: W,
      height: H,
      background,
      notes: notes.map(({ category, text, style, group, cx, cy, size }) => ({
        category,
        text,
        style,
        group,
        cx,
        cy,
        size,
      })),
    },
  }
}

/** The benchmark's photos: varied sizes of groups, styles and difficulty. */
export function testsetSpecs(count: number, megapixels: number): PhotoSpec[] {
  const width = Math.round(Math.sqrt(megapixels * 1e6 * (4 / 3)))
  const height = Math.round((width * 3) / 4)
  return Array.from({ length: count }, (_, i) => ({
    seed: 1000 + i,
    width,
    height,
    groups: 2 + (i % 4),
    difficulty: (i % 8) / 7,
    ...(i % 3 === 0 ? { style: 'block' as const } : i % 3 === 1 ? { style: 'hand' as const } : {}),
    // Every fourth poster is full: notes of a group touch, same colours included.
    ...(i % 4 === 1 ? { touching: true } : {}),
  }))
}

/** The default legend of a new board (problem, idé, ønske): for photos uploaded to a fresh board. */
export const BOARD_LEGEND: LegendColour[] = TESTSET_LEGEND.slice(0, 3)

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'board-legend': { type: 'boolean', default: false } },
  })
  const outDir = positionals[0] ?? join(tmpdir(), 'vaegavis-capture-testset')
  const count = Number(positionals[1] ?? 32)
  const mp = Number(positionals[2] ?? 12)
  const legend = values['board-legend'] ? BOARD_LEGEND : TESTSET_LEGEND
  mkdirSync(outDir, { recursive: true })
  const truths: PhotoTruth[] = []
  for (const [i, spec] of testsetSpecs(count, mp).entries()) {
    const file = `photo-${String(i + 1).padStart(2, '0')}.jpg`
    const { jpeg, truth } = await renderPhoto({ ...spec, legend })
    writeFileSync(join(outDir, file), jpeg)
    truths.push({ file, ...truth })
    process.stdout.write(`${file}: ${truth.notes.length} notes\n`)
  }
  writeFileSync(join(outDir, 'truth.json'), JSON.stringify({ legend, photos: truths }, null, 2))
  process.stdout.write(`wrote ${truths.length} photos and truth.json to ${outDir}\n`)
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) await main()
