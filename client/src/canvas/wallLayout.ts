/**
 * Where everything sits on the wall, as pure functions of the board: the
 * "Usorteret" area around unsorted labels, each theme box with its labels in a
 * grid and its answers under the question, and where a new theme goes.
 *
 * Labels in a theme ignore their own x/y: they fill a grid of fixed width in
 * the order they joined the theme (`labelsInTheme`), row by row. A new label
 * only ever lands after the last one, so nothing already on the projector
 * moves when one is added. Card heights are measured outside (Konva) and
 * passed in, so this module runs in unit tests without a canvas.
 */
import { type Label, LabelKind, labelsInTheme, type Theme } from '@vaegavis/shared'
import { CARD } from './cardSize.ts'

export interface Point {
  x: number
  y: number
}

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** Theme box metrics, wall units. */
export const THEME = {
  /** Cards per row: fixed, so a theme's width never changes and no card moves sideways. */
  columns: 2,
  padding: 20,
  gap: 16,
  headerHeight: 64,
  /** Body height of a theme without labels, so there is room to drop the first one. */
  emptyBodyHeight: 120,
  /** Space above the divider that starts the question section. */
  questionGap: 24,
  /** Space between the question text and the first answer. */
  answersGap: 14,
} as const

/** Where a theme's first row of cards starts, below its header. */
export const THEME_BODY_TOP = THEME.headerHeight + THEME.gap

/** Width of every theme box. */
export const THEME_WIDTH = 2 * THEME.padding + THEME.columns * CARD.width + (THEME.columns - 1) * THEME.gap
/** Width available to the question text inside a theme. */
export const QUESTION_WIDTH = THEME_WIDTH - 2 * THEME.padding

/** The unsorted area: padding around its labels, room for its heading, and where it sits when empty. */
export const UNSORTED_AREA = {
  padding: 20,
  headingHeight: 48,
  empty: { x: 20, y: 80, width: 2 * 20 + CARD.width, height: 200 },
} as const

/** A card to draw: absolute wall position and size. */
export interface CardPlacement extends Rect {
  id: string
  /** Theme the card is drawn in; undefined for unsorted cards. */
  themeId?: string
  /** An answer to the board's question (drawn differently from the labels that formed the theme). */
  answer: boolean
}

/** A theme box: absolute position and size, what it holds, and where its question section starts. */
export interface ThemeBox extends Rect {
  id: string
  name: string
  collapsed: boolean
  /** Labels (not answers) in theme order. */
  labelIds: string[]
  /** Answers in theme order. */
  answerIds: string[]
  /** Top of the question section, relative to the box; null when the theme has no question section. */
  questionY: number | null
}

export interface WallLayout {
  /** Every drawn card by label id. Labels of collapsed themes and hidden labels are not drawn. */
  cards: Map<string, CardPlacement>
  /** Theme boxes, oldest first (drawn in this order, so later ones are on top). */
  themes: ThemeBox[]
  /** The "Usorteret" area around all unsorted cards. */
  unsorted: Rect
}

export interface Sized {
  id: string
  height: number
}

/** A theme's inside, relative to its top-left corner. */
export interface ThemeInside {
  width: number
  height: number
  cards: (Point & { id: string; answer: boolean })[]
  questionY: number | null
}

/** Places cards of known heights in rows of `THEME.columns`, starting at `top`; returns where the last row ends. */
function grid(items: readonly Sized[], top: number, answer: boolean, out: ThemeInside['cards']): number {
  let y = top
  for (let start = 0; start < items.length; start += THEME.columns) {
    const row = items.slice(start, start + THEME.columns)
    row.forEach((item, col) => {
      out.push({ id: item.id, answer, x: THEME.padding + col * (CARD.width + THEME.gap), y })
    })
    y += Math.max(...row.map((r) => r.height)) + THEME.gap
  }
  return items.length > 0 ? y - THEME.gap : y
}

/**
 * Lays out one theme: header, its labels in a grid in the given order, then
 * (when there is a question or an answer) the question and the answers in the
 * same grid. `questionHeight` is the measured height of the question text (0
 * for none). A collapsed theme is only its header.
 */
export function layoutTheme(input: {
  labels: readonly Sized[]
  answers: readonly Sized[]
  questionHeight: number
  collapsed: boolean
}): ThemeInside {
  const cards: ThemeInside['cards'] = []
  if (input.collapsed) return { width: THEME_WIDTH, height: THEME.headerHeight, cards, questionY: null }
  const top = THEME_BODY_TOP
  let bottom = input.labels.length > 0 ? grid(input.labels, top, false, cards) : top + THEME.emptyBodyHeight
  let questionY: number | null = null
  if (input.questionHeight > 0 || input.answers.length > 0) {
    questionY = bottom + THEME.questionGap
    bottom = grid(input.answers, questionY + input.questionHeight + THEME.answersGap, true, cards)
    if (input.answers.length === 0) bottom -= THEME.answersGap
  }
  return { width: THEME_WIDTH, height: bottom + THEME.padding, cards, questionY }
}

export interface WallInput {
  labels: readonly Label[]
  themes: readonly Theme[]
  /** Height of a label's card (measured text). */
  heightOf: (label: Label) => number
  /** Height of the board question's text inside a theme; 0 when there is no question. */
  questionHeight: number
  /** Height of the "Svar" heading shown instead of the question when there is none but a theme has answers. */
  answersHeadingHeight?: number
  /** A theme being dragged right now, drawn at this position instead of its stored one. */
  themeOverride?: { id: string; x: number; y: number } | null
}

/** Lays out the whole wall. Hidden labels are left out everywhere. */
export function layoutWall(input: WallInput): WallLayout {
  const cards = new Map<string, CardPlacement>()
  const visible = input.labels.filter((l) => !l.hidden)
  const themeIds = new Set(input.themes.map((t) => t.id))
  const themes: ThemeBox[] = []

  for (const t of input.themes) {
    const at = input.themeOverride?.id === t.id ? input.themeOverride : t
    const labels = labelsInTheme(visible, t.id, LabelKind.Label)
    const answers = labelsInTheme(visible, t.id, LabelKind.Answer)
    const heights = new Map<string, number>()
    const sized = (ls: Label[]) =>
      ls.map((l) => {
        const height = input.heightOf(l)
        heights.set(l.id, height)
        return { id: l.id, height }
      })
    const inside = layoutTheme({
      labels: sized(labels),
      answers: sized(answers),
      questionHeight:
        input.questionHeight > 0 || answers.length === 0 ? input.questionHeight : (input.answersHeadingHeight ?? 0),
      collapsed: t.collapsed,
    })
    for (const c of inside.cards) {
      cards.set(c.id, {
        id: c.id,
        x: at.x + c.x,
        y: at.y + c.y,
        width: CARD.width,
        height: heights.get(c.id) ?? 0,
        themeId: t.id,
        answer: c.answer,
      })
    }
    themes.push({
      id: t.id,
      name: t.name,
      collapsed: t.collapsed,
      x: at.x,
      y: at.y,
      width: inside.width,
      height: inside.height,
      labelIds: labels.map((l) => l.id),
      answerIds: answers.map((l) => l.id),
      questionY: inside.questionY,
    })
  }

  const unsortedCards: CardPlacement[] = []
  for (const l of visible) {
    // A label whose theme was deleted meanwhile (or never arrived) is unsorted, not lost.
    if (l.themeId && themeIds.has(l.themeId)) continue
    const c: CardPlacement = { id: l.id, x: l.x, y: l.y, width: CARD.width, height: input.heightOf(l), answer: false }
    cards.set(l.id, c)
    unsortedCards.push(c)
  }

  return { cards, themes, unsorted: unsortedArea(unsortedCards) }
}

/** The area drawn behind unsorted cards: their bounding box with padding and a heading on top. */
export function unsortedArea(cards: readonly Rect[]): Rect {
  const b = boundingBox(cards)
  if (!b) return { ...UNSORTED_AREA.empty }
  const p = UNSORTED_AREA.padding
  return {
    x: b.x - p,
    y: b.y - p - UNSORTED_AREA.headingHeight,
    width: b.width + 2 * p,
    height: b.height + 2 * p + UNSORTED_AREA.headingHeight,
  }
}

export function boundingBox(rects: Iterable<Rect>): Rect | null {
  let minX = Number.POSITIVE_INFINITY
  let minY = Number.POSITIVE_INFINITY
  let maxX = Number.NEGATIVE_INFINITY
  let maxY = Number.NEGATIVE_INFINITY
  for (const r of rects) {
    minX = Math.min(minX, r.x)
    minY = Math.min(minY, r.y)
    maxX = Math.max(maxX, r.x + r.width)
    maxY = Math.max(maxY, r.y + r.height)
  }
  return minX === Number.POSITIVE_INFINITY ? null : { x: minX, y: minY, width: maxX - minX, height: maxY - minY }
}

export function contains(r: Rect, p: Point): boolean {
  return p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/** The theme a point (wall units) is over: the topmost, i.e. the last drawn. */
export function themeAt(layout: Pick<WallLayout, 'themes'>, p: Point): ThemeBox | undefined {
  for (let i = layout.themes.length - 1; i >= 0; i--) {
    const t = layout.themes[i]
    if (t && contains(t, p)) return t
  }
  return undefined
}

/** Ids of the drawn cards that a selection rectangle touches, in the order they are drawn. */
export function cardsIn(layout: Pick<WallLayout, 'cards'>, r: Rect): string[] {
  const out: string[] = []
  for (const c of layout.cards.values()) if (intersects(c, r)) out.push(c.id)
  return out
}

/** The rectangle spanned by two corners, in any order. */
export function rectFrom(a: Point, b: Point): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) }
}

/** The unsorted grid "Ryd op" puts labels back into: 4 columns from the top-left, rows as tall as their tallest card. */
export const TIDY = { x: 40, y: 140, columns: 4, columnWidth: 260, rowGap: 20 } as const

/** Space kept between a new theme and everything else. */
const THEME_MARGIN = 48
/** Room a new theme reserves below its header, so the next new theme does not land where this one will grow. */
const NEW_THEME_HEIGHT = 360
/** Columns of theme slots tried per row. */
const THEME_SLOTS = 6

/**
 * Where a new theme goes: the first free slot, top row first, in fixed
 * columns to the right of where phones put new labels, never on top of a
 * theme or unsorted labels. The columns do not depend on the unsorted area's
 * current size, so themes made one after another line up without gaps.
 */
export function placeNewTheme(layout: Pick<WallLayout, 'themes' | 'unsorted'>): Point {
  const left = TIDY.x + TIDY.columns * TIDY.columnWidth + THEME_MARGIN
  const top = UNSORTED_AREA.empty.y
  const obstacles: Rect[] = [layout.unsorted, ...layout.themes]
  const rows = [top, ...layout.themes.map((t) => t.y + t.height + THEME_MARGIN)]
    .filter((y) => y >= top)
    .sort((a, b) => a - b)
  for (const y of rows) {
    for (let k = 0; k < THEME_SLOTS; k++) {
      const slot = { x: left + k * (THEME_WIDTH + THEME_MARGIN), y, width: THEME_WIDTH, height: NEW_THEME_HEIGHT }
      const grown = { x: slot.x - THEME_MARGIN / 2, y: slot.y, width: slot.width + THEME_MARGIN, height: slot.height }
      if (!obstacles.some((o) => intersects(o, grown))) return { x: slot.x, y: slot.y }
    }
  }
  const below = boundingBox(obstacles)
  return { x: left, y: (below ? below.y + below.height : top) + THEME_MARGIN }
}

/** Positions that tidy the given unsorted labels into rows, in the order given (oldest first). */
export function tidyUnsorted(labels: readonly Sized[]): Map<string, Point> {
  const out = new Map<string, Point>()
  let y: number = TIDY.y
  for (let start = 0; start < labels.length; start += TIDY.columns) {
    const row = labels.slice(start, start + TIDY.columns)
    row.forEach((l, col) => {
      out.set(l.id, { x: TIDY.x + col * TIDY.columnWidth, y })
    })
    y += Math.max(...row.map((r) => r.height)) + TIDY.rowGap
  }
  return out
}
