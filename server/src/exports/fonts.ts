/**
 * Fonts for server-side exports, and text measurement with the same metrics
 * the PDF uses. DejaVu Sans is preferred (it covers Danish and much more);
 * without it the PDF falls back to Helvetica (Latin-1 only) and the PNG to
 * whatever system fonts resvg finds.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import PDFDocument from 'pdfkit'

export type Weight = 'regular' | 'bold' | 'italic'

/** Font files by weight; null when not found (then built-in PDF fonts are used). */
export interface FontFiles {
  regular: string
  bold: string
  italic: string
}

const DIRS = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu',
  '/usr/share/fonts/TTF',
  '/usr/local/share/fonts/dejavu',
  '/Library/Fonts',
]
const FILES: FontFiles = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italic: 'DejaVuSans-Oblique.ttf' }

/** Family name written into SVG; resvg and browsers fall back to sans-serif. */
export const SVG_FONT_FAMILY = "'DejaVu Sans', Verdana, Arial, sans-serif"

const BUILTIN: Record<Weight, string> = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' }

let found: FontFiles | null | undefined

/** The DejaVu font files on this machine (`VAEGAVIS_FONT_DIR` first), or null. Looked up once. */
export function fontFiles(): FontFiles | null {
  if (found !== undefined) return found
  const dirs = process.env.VAEGAVIS_FONT_DIR ? [process.env.VAEGAVIS_FONT_DIR, ...DIRS] : DIRS
  found = null
  for (const dir of dirs) {
    const candidate = {
      regular: join(dir, FILES.regular),
      bold: join(dir, FILES.bold),
      italic: join(dir, FILES.italic),
    }
    if (existsSync(candidate.regular) && existsSync(candidate.bold) && existsSync(candidate.italic)) {
      found = candidate
      break
    }
  }
  return found
}

/** What pdfkit's `doc.font()` takes for a weight: a file path, or a built-in font name. */
export function pdfFont(weight: Weight): string {
  const files = fontFiles()
  return files ? files[weight] : BUILTIN[weight]
}

/** Height of the ascender as a fraction of the font size (baseline below the top of a line). */
export function ascentRatio(): number {
  return fontFiles() ? 0.928 : 0.718
}

let measurer: PDFKit.PDFDocument | null = null
const widths = new Map<string, number>()

/** Width of `text` at `size` in the export font, in the same units as `size`. */
export function textWidth(text: string, size: number, weight: Weight = 'regular'): number {
  const key = `${weight}\u0000${text}`
  let unit = widths.get(key)
  if (unit === undefined) {
    measurer ??= new PDFDocument({ autoFirstPage: false })
    unit = measurer.font(pdfFont(weight)).fontSize(1000).widthOfString(text) / 1000
    // Bounded: a long-running server must not grow this without limit.
    if (widths.size > 20_000) widths.clear()
    widths.set(key, unit)
  }
  return unit * size
}

/**
 * Wraps text into lines no wider than `width`: at spaces where possible,
 * inside a word only when the word alone is too wide. Newlines are kept.
 */
export function wrapText(text: string, width: number, size: number, weight: Weight = 'regular'): string[] {
  const lines: string[] = []
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = ''
    for (const word of paragraph.split(/[ \t]+/).filter((w) => w !== '')) {
      const candidate = line === '' ? word : `${line} ${word}`
      if (textWidth(candidate, size, weight) <= width) {
        line = candidate
        continue
      }
      if (line !== '') lines.push(line)
      line = ''
      if (textWidth(word, size, weight) <= width) {
        line = word
        continue
      }
      // A word wider than the line (a long link, "aaaaaa…"): break it by characters.
      for (const ch of word) {
        if (line !== '' && textWidth(line + ch, size, weight) > width) {
          lines.push(line)
          line = ''
        }
        line += ch
      }
    }
    lines.push(line)
  }
  return lines
}

/** Cuts a single line to `width`, ending in "…" when shortened. */
export function ellipsize(text: string, width: number, size: number, weight: Weight = 'regular'): string {
  if (textWidth(text, size, weight) <= width) return text
  let out = ''
  for (const ch of text) {
    if (textWidth(`${out}${ch}…`, size, weight) > width) break
    out += ch
  }
  return `${out}…`
}
