/**
 * Fonts for server-side exports and text measurement. The fonts ship as npm
 * dependencies (Noto, OFL), never read from the host: Noto Sans for Latin,
 * Greek and Cyrillic (Danish, Somali, Turkish…), Noto Sans Arabic, Noto Sans
 * Ethiopic (Tigrinya, Amharic) and Noto Emoji. Every painter (PDF, SVG, PNG)
 * draws a line as the same pieces: runs of one font and one direction, in
 * visual order, at x offsets measured here with fontkit — so a label wraps and
 * reads the same in every format, and Arabic is joined and right to left.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type bidiFactory from 'bidi-js'
import type * as fontkit from 'fontkit'
import { lazy, lazyRequire } from '../lazy.ts'

const loadFontkit = lazyRequire<typeof fontkit>('fontkit')
const loadBidi = lazyRequire<typeof bidiFactory>('bidi-js')

export type Weight = 'regular' | 'bold' | 'italic'

export const Script = { Latin: 'latin', Arabic: 'arabic', Ethiopic: 'ethiopic', Emoji: 'emoji' } as const
export type Script = (typeof Script)[keyof typeof Script]

/** Fallback order for a character: the first font that has it draws it. */
const ORDER: readonly Script[] = [Script.Latin, Script.Arabic, Script.Ethiopic, Script.Emoji]

/** Family names as written in the font files (SVG and resvg select by these). */
export const FAMILY: Record<Script, string> = {
  latin: 'Noto Sans',
  arabic: 'Noto Sans Arabic',
  ethiopic: 'Noto Sans Ethiopic',
  emoji: 'Noto Emoji',
}

const PACKAGES: Record<Script, { pkg: string; files: Record<Weight, string> }> = {
  latin: {
    pkg: '@expo-google-fonts/noto-sans',
    files: {
      regular: '400Regular/NotoSans_400Regular.ttf',
      bold: '700Bold/NotoSans_700Bold.ttf',
      italic: '400Regular_Italic/NotoSans_400Regular_Italic.ttf',
    },
  },
  // No italic cut exists for these scripts; the upright face stands in.
  arabic: {
    pkg: '@expo-google-fonts/noto-sans-arabic',
    files: {
      regular: '400Regular/NotoSansArabic_400Regular.ttf',
      bold: '700Bold/NotoSansArabic_700Bold.ttf',
      italic: '400Regular/NotoSansArabic_400Regular.ttf',
    },
  },
  ethiopic: {
    pkg: '@expo-google-fonts/noto-sans-ethiopic',
    files: {
      regular: '400Regular/NotoSansEthiopic_400Regular.ttf',
      bold: '700Bold/NotoSansEthiopic_700Bold.ttf',
      italic: '400Regular/NotoSansEthiopic_400Regular.ttf',
    },
  },
  emoji: {
    pkg: '@expo-google-fonts/noto-emoji',
    files: {
      regular: '400Regular/NotoEmoji_400Regular.ttf',
      bold: '700Bold/NotoEmoji_700Bold.ttf',
      italic: '400Regular/NotoEmoji_400Regular.ttf',
    },
  },
}

const require = createRequire(import.meta.url)
const packageDirs = new Map<string, string>()

/** Path of the font file for a script and weight, inside its npm package. */
export function fontFile(script: Script, weight: Weight): string {
  const { pkg, files } = PACKAGES[script]
  let dir = packageDirs.get(pkg)
  if (dir === undefined) {
    dir = dirname(require.resolve(`${pkg}/package.json`))
    packageDirs.set(pkg, dir)
  }
  return join(dir, files[weight])
}

/** Every font file the exports use (for resvg). */
export function allFontFiles(): string[] {
  const all = new Set<string>()
  for (const s of ORDER) for (const w of ['regular', 'bold', 'italic'] as const) all.add(fontFile(s, w))
  return [...all]
}

const WEIGHT_CSS: Record<Weight, { weight: number; style: 'normal' | 'italic' }> = {
  regular: { weight: 400, style: 'normal' },
  bold: { weight: 700, style: 'normal' },
  italic: { weight: 400, style: 'italic' },
}
export function cssWeight(weight: Weight): { weight: number; style: 'normal' | 'italic' } {
  return WEIGHT_CSS[weight]
}

const faces = new Map<string, fontkit.Font>()

function face(script: Script, weight: Weight): fontkit.Font {
  const file = fontFile(script, weight)
  let f = faces.get(file)
  if (!f) {
    f = loadFontkit().create(readFileSync(file)) as fontkit.Font
    faces.set(file, f)
  }
  return f
}

/**
 * Characters that steer layout but have no glyph (zero-width spaces, bidi
 * embeddings, marks, the BOM): dropped before drawing so they never show as a
 * box. ZWJ and ZWNJ stay: emoji sequences and Arabic joining need them.
 */
const INVISIBLE = /[\u00AD\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u206A-\u206F\uFEFF\uFFF9-\uFFFB]/g
/**
 * Isolates (U+2066–2069) keep a name from dragging the words around it into
 * its direction ("Tema: أنشطة — 5 labels"): exports wrap people's text in them
 * with {@link isolate}; they steer the bidi algorithm and are then dropped.
 * Overrides and embeddings are removed instead, so no label can reverse others.
 */
const ISOLATES = /[\u2066-\u2069]/g

/** People's text inside words of ours, isolated for the bidi algorithm. */
export function isolate(text: string): string {
  return `\u2068${text.replace(ISOLATES, '')}\u2069`
}

/** Text as it is drawn: invisible controls removed, tabs and odd spaces as plain spaces. */
export function drawable(text: string): string {
  return (
    text
      .replace(INVISIBLE, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters have no glyph in any font.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '')
      .replace(/[\t\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/g, ' ')
      // A lone surrogate is not a character; show the replacement sign instead.
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
  )
}

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\uFE0F|\u20E3/u
const scriptOf = new Map<string, Script | null>()

/** The font a grapheme is drawn in; null for spaces and marks that take the font around them. */
function graphemeScript(g: string, weight: Weight): Script | null {
  const key = `${weight}\u0000${g}`
  const known = scriptOf.get(key)
  if (known !== undefined) return known
  const cp = g.codePointAt(0) ?? 32
  let script: Script | null = null
  if (/^\s+$/u.test(g) || /^[\p{M}\u200C\u200D]/u.test(g)) script = null
  else if (EMOJI.test(g) && face(Script.Emoji, weight).hasGlyphForCodePoint(cp)) script = Script.Emoji
  // A character no font has is drawn by the Latin font, as its "missing" box.
  else script = ORDER.find((s) => face(s, weight).hasGlyphForCodePoint(cp)) ?? Script.Latin
  if (scriptOf.size > 50_000) scriptOf.clear()
  scriptOf.set(key, script)
  return script
}

const bidi = lazy(() => loadBidi()())
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' })

/** A run of one font and one direction, at `x` units (of font size 1) from the start of the line. */
export interface Piece {
  text: string
  script: Script
  /** Offset from the start of the line, in units of the font size. */
  x: number
  /** Width in units of the font size. */
  width: number
  rtl: boolean
}

interface Shaped {
  pieces: Piece[]
  width: number
  /** The line reads right to left (its first strong character is Arabic): painters align it right. */
  rtl: boolean
}

const shapedCache = new Map<string, Shaped>()

function advance(script: Script, weight: Weight, text: string): number {
  const f = face(script, weight)
  try {
    return f.layout(text).advanceWidth / f.unitsPerEm
  } catch {
    // fontkit fails on some broken sequences; measure character by character.
    let w = 0
    for (const ch of text) w += (f.glyphForCodePoint(ch.codePointAt(0) ?? 32)?.advanceWidth ?? 0) / f.unitsPerEm
    return w
  }
}

/**
 * One line of text as pieces in visual order (left to right), each one font
 * and one direction. The line's own direction comes from its first strong
 * character, as in a browser. Right-to-left runs are split at spaces so each
 * word is shaped alone; the words are then placed right to left.
 */
export function shapeLine(line: string, weight: Weight = 'regular'): Shaped {
  const key = `${weight}\u0000${line}`
  const cached = shapedCache.get(key)
  if (cached) return cached
  const text = drawable(line)
  // bidi-js files emoji outside the BMP as left-to-right; Unicode (and browsers) treat them as neutral.
  const neutral = text.replace(/\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}/gu, (m) =>
    '!'.repeat(m.length),
  )
  const embedding = bidi().getEmbeddingLevels(neutral, 'auto')
  const levels = embedding.levels
  const rtl = embedding.paragraphs[0]?.level === 1
  type Run = { text: string; script: Script | null; level: number; space: boolean }
  const runs: Run[] = []
  let index = 0
  for (const { segment } of graphemes.segment(text)) {
    const level = levels[index] ?? 0
    index += segment.length
    if (/^[\u2066-\u2069]$/.test(segment)) continue
    const script = graphemeScript(segment, weight)
    const space = /^\s+$/u.test(segment)
    const last = runs.at(-1)
    const joins =
      last !== undefined &&
      last.level === level &&
      // A space takes the font around it, except the emoji font's (as wide as an emoji).
      (script === null ? last.script !== Script.Emoji : last.script === null ? !last.space : last.script === script) &&
      // Right to left: every word and space on its own, so the words can be reversed.
      (level % 2 === 0 || last.space === space)
    if (last && joins) {
      last.text += segment
      last.script ??= script
      if (!space) last.space = false
    } else runs.push({ text: segment, script, level, space })
  }
  // Unicode rule L2: from the highest level down to the lowest odd one, reverse every run of that level or higher.
  const order = runs.map((r) => ({ ...r, script: r.script ?? Script.Latin }))
  const max = Math.max(0, ...order.map((r) => r.level))
  for (let level = max; level >= 1; level--) {
    for (let i = 0; i < order.length; i++) {
      if (order[i]!.level < level) continue
      let j = i
      while (j + 1 < order.length && order[j + 1]!.level >= level) j++
      order.splice(i, j - i + 1, ...order.slice(i, j + 1).reverse())
      i = j
    }
  }
  const pieces: Piece[] = []
  let x = 0
  for (const r of order) {
    const width = advance(r.script, weight, r.text)
    pieces.push({ text: r.text, script: r.script, x, width, rtl: r.level % 2 === 1 })
    x += width
  }
  const shaped = { pieces, width: x, rtl }
  // Bounded: a long-running server must not grow this without limit.
  if (shapedCache.size > 20_000) shapedCache.clear()
  shapedCache.set(key, shaped)
  return shaped
}

/** Width of `text` at `size` in the export fonts, in the same units as `size`. */
export function textWidth(text: string, size: number, weight: Weight = 'regular'): number {
  return shapeLine(text, weight).width * size
}

/**
 * Wraps text into lines no wider than `width`: at spaces where possible,
 * inside a word only when the word alone is too wide. Newlines are kept.
 */
export function wrapText(text: string, width: number, size: number, weight: Weight = 'regular'): string[] {
  const lines: string[] = []
  for (const paragraph of drawable(text).split(/\r\n|\r|\n/)) {
    let line = ''
    for (const word of paragraph.split(/ +/).filter((w) => w !== '')) {
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
      // A word wider than the line (a long link, "aaaaaa…"): break it between characters, never inside an emoji.
      for (const { segment } of graphemes.segment(word)) {
        if (line !== '' && textWidth(line + segment, size, weight) > width) {
          lines.push(line)
          line = ''
        }
        line += segment
      }
    }
    lines.push(line)
  }
  return lines
}

/** Cuts a single line to `width`, ending in "…" when shortened. */
export function ellipsize(text: string, width: number, size: number, weight: Weight = 'regular'): string {
  const clean = drawable(text).replace(/\s+/g, ' ')
  if (textWidth(clean, size, weight) <= width) return clean
  let out = ''
  for (const { segment } of graphemes.segment(clean)) {
    if (textWidth(`${out}${segment}…`, size, weight) > width) break
    out += segment
  }
  return `${out}…`
}
