/**
 * The capture pipeline: a clean photo of a paper wall in, proposed notes out
 * (straightened crop, nearest legend category, OCR text, group). Runs inside
 * the capture worker thread (`worker.ts`), never on the server's event loop.
 */
import type Sharp from 'sharp'
import { lazyRequire } from '../lazy.ts'
import { type LegendColour, nearestCategory } from './colour.ts'
import { DEFAULT_DETECT, findNotes, groupNotes, type RotatedRect } from './detect.ts'
import type { OcrEngine } from './ocr.ts'

const sharp = lazyRequire<typeof Sharp>('sharp')

/** Long side of the copy notes are searched on: enough for a note of 1 % of the photo, fast on any phone photo. */
const DETECT_SIDE = 1024
/** Long side of a note's kept crop, in pixels. */
const CROP_SIDE = 480
/** Width the text is read at: letters then stand 30–50 px tall, where tesseract reads best. */
const OCR_WIDTH = 320

/** Stages the pipeline reports progress for. */
export const CaptureStage = { Finding: 'finding', Reading: 'reading', Done: 'done' } as const
export type CaptureStage = (typeof CaptureStage)[keyof typeof CaptureStage]

export type Progress = (stage: CaptureStage, fraction: number) => void

/** One note found on the photo. Box coordinates are fractions of the photo's width and height. */
export interface CaptureNote {
  box: { cx: number; cy: number; w: number; h: number; angle: number }
  category: string
  /** CIEDE2000 distance to the chosen category's colour (smaller is surer). */
  colourDistance: number
  text: string
  /** OCR confidence, 0–100. */
  confidence: number
  /** Proposed group, 0-based, in reading order. */
  group: number
  /** The straightened crop, JPEG. */
  crop: Uint8Array
}

export interface CaptureResult {
  width: number
  height: number
  notes: CaptureNote[]
  groups: number
}

/** The photo has no notes the pipeline could find. */
export class NoNotesError extends Error {
  constructor() {
    super('No notes were found on the photo.')
    this.name = 'NoNotesError'
  }
}

/** Tidies OCR output: one line, no stray marks tesseract reads from the paper's edge or shadow. */
export function tidyText(raw: string): string {
  return raw
    .split('\n')
    .map((line) =>
      line
        .replace(/[|_~`¦§©®{}[\]<>\\]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((line) => /[\p{L}\p{N}]/u.test(line))
    .join(' ')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}!?.]+$/gu, '')
    .slice(0, 280)
}

/**
 * Grey text on white from a coloured note: the brightest channel (HSV value)
 * keeps every legend colour light and ink dark, where plain luminance makes
 * a red or green note as dark as its writing. Then paper is stretched to
 * white and ink to black.
 */
export function inkOnWhite(rgb: Buffer): Buffer {
  const n = rgb.length / 3
  const v = Buffer.alloc(n)
  const hist = new Uint32Array(256)
  for (let p = 0, i = 0; p < n; p++, i += 3) {
    const m = Math.max(rgb[i] as number, rgb[i + 1] as number, rgb[i + 2] as number)
    v[p] = m
    hist[m] = (hist[m] as number) + 1
  }
  const level = (fraction: number) => {
    let seen = 0
    for (let k = 0; k < 256; k++) {
      seen += hist[k] as number
      if (seen >= n * fraction) return k
    }
    return 255
  }
  const ink = level(0.01)
  // Paper covers most of a note: its median is the paper's level, even in a shadow.
  const paper = level(0.5)
  const span = Math.max(1, paper - ink)
  for (let p = 0; p < n; p++) v[p] = Math.max(0, Math.min(255, Math.round((((v[p] as number) - ink) * 255) / span)))
  return v
}

/** Straightened pixels of one note from the full photo (raw RGB), as a sharp pipeline's input. */
async function straighten(
  raw: Buffer,
  width: number,
  height: number,
  r: RotatedRect,
  inset: number,
): Promise<{ data: Buffer; width: number; height: number }> {
  const half = Math.ceil(Math.hypot(r.w, r.h) / 2) + 2
  const left = Math.max(0, Math.floor(r.cx - half))
  const top = Math.max(0, Math.floor(r.cy - half))
  const right = Math.min(width, Math.ceil(r.cx + half))
  const bottom = Math.min(height, Math.ceil(r.cy + half))
  const bw = right - left
  const bh = bottom - top
  const deg = (-r.angle * 180) / Math.PI
  // The note's box is copied out by rows first: handing sharp the whole photo once per note would
  // have libvips hold a copy of it per note in flight (tens of megabytes each).
  const box = Buffer.allocUnsafe(bw * bh * 3)
  for (let y = 0; y < bh; y++)
    raw.copy(box, y * bw * 3, ((top + y) * width + left) * 3, ((top + y) * width + right) * 3)
  const rotated = await sharp()(box, { raw: { width: bw, height: bh, channels: 3 } })
    .rotate(deg, { background: '#ffffff' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  // Where the note's centre went: rotation about the box centre, then the canvas grew evenly.
  const dx = r.cx - (left + bw / 2)
  const dy = r.cy - (top + bh / 2)
  const phi = -r.angle
  const nx = rotated.info.width / 2 + dx * Math.cos(phi) - dy * Math.sin(phi)
  const ny = rotated.info.height / 2 + dx * Math.sin(phi) + dy * Math.cos(phi)
  const w = Math.max(8, Math.round(r.w * (1 - 2 * inset)))
  const h = Math.max(8, Math.round(r.h * (1 - 2 * inset)))
  const x0 = Math.min(Math.max(0, Math.round(nx - w / 2)), rotated.info.width - 1)
  const y0 = Math.min(Math.max(0, Math.round(ny - h / 2)), rotated.info.height - 1)
  const cw = Math.min(w, rotated.info.width - x0)
  const ch = Math.min(h, rotated.info.height - y0)
  const data = await sharp()(rotated.data, {
    raw: { width: rotated.info.width, height: rotated.info.height, channels: 3 },
  })
    .extract({ left: x0, top: y0, width: cw, height: ch })
    .raw()
    .toBuffer()
  return { data, width: cw, height: ch }
}

/**
 * Finds, straightens, classifies and reads every note on a photo (JPEG/PNG
 * bytes that already passed image validation). Throws {@link NoNotesError}
 * when there are none.
 */
export async function runCapture(
  photo: Uint8Array,
  legend: readonly LegendColour[],
  ocr: OcrEngine,
  onProgress: Progress = () => {},
): Promise<CaptureResult> {
  onProgress(CaptureStage.Finding, 0)
  const full = await sharp()(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const { width, height } = full.info
  const scale = Math.min(1, DETECT_SIDE / Math.max(width, height))
  const small = await sharp()(full.data, { raw: { width, height, channels: 3 } })
    .resize(Math.round(width * scale), Math.round(height * scale), { kernel: 'linear' })
    .median(3)
    .raw()
    .toBuffer({ resolveWithObject: true })
  const found = findNotes(small.data, small.info.width, small.info.height, legend, DEFAULT_DETECT)
  if (found.length === 0) throw new NoNotesError()
  const sx = width / small.info.width
  const sy = height / small.info.height
  const rects = found.map((f) => ({
    ...f.rect,
    cx: (f.rect.cx + 0.5) * sx,
    cy: (f.rect.cy + 0.5) * sy,
    w: f.rect.w * sx,
    h: f.rect.h * sy,
  }))
  const groups = groupNotes(rects)
  onProgress(CaptureStage.Reading, 0)

  let done = 0
  const notes = await Promise.all(
    found.map(async (f, i): Promise<CaptureNote> => {
      const rect = rects[i] as RotatedRect
      const note = await straighten(full.data, width, height, rect, 0.02)
      const input = { raw: { width: note.width, height: note.height, channels: 3 as const } }
      const long = Math.max(note.width, note.height)
      const crop = await sharp()(note.data, input)
        .resize(long > CROP_SIDE ? Math.round((note.width * CROP_SIDE) / long) : note.width)
        .jpeg({ quality: 85 })
        .toBuffer()
      // Read without the paper's edge (shadow, neighbours), as ink on white.
      const ix = Math.round(note.width * 0.05)
      const iy = Math.round(note.height * 0.05)
      const inner = await sharp()(note.data, input)
        .extract({ left: ix, top: iy, width: note.width - 2 * ix, height: note.height - 2 * iy })
        .raw()
        .toBuffer({ resolveWithObject: true })
      const forOcr = await sharp()(inkOnWhite(inner.data), {
        raw: { width: inner.info.width, height: inner.info.height, channels: 1 },
      })
        .resize(OCR_WIDTH)
        .extend({ top: 24, bottom: 24, left: 24, right: 24, background: '#ffffff' })
        .png()
        .toBuffer()
      const read = await ocr.read(forOcr)
      const category = nearestCategory(f.colour, legend)
      done++
      onProgress(CaptureStage.Reading, done / found.length)
      return {
        box: { cx: rect.cx / width, cy: rect.cy / height, w: rect.w / width, h: rect.h / height, angle: rect.angle },
        category: category.id,
        colourDistance: category.distance,
        text: tidyText(read.text),
        confidence: read.confidence,
        group: groups[i] ?? 0,
        crop: new Uint8Array(crop),
      }
    }),
  )
  notes.sort((a, b) => a.group - b.group || readingOrder(a, b))
  onProgress(CaptureStage.Done, 1)
  return { width, height, notes, groups: new Set(groups).size }
}

/** Top to bottom by rows (notes within half a note's height share a row), then left to right. */
function readingOrder(a: CaptureNote, b: CaptureNote): number {
  const row = Math.min(a.box.h, b.box.h) / 2
  return Math.abs(a.box.cy - b.box.cy) < row ? a.box.cx - b.box.cx : a.box.cy - b.box.cy
}
