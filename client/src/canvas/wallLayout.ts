/**
 * Where everything sits on the wall, as pure functions of the board: the
 * "Usorteret" area around unsorted labels, each theme box with its labels in a
 * grid and its answers under the question, and the themes flowing in rows and
 * columns chosen to fill a projector screen.
 *
 * Labels in a theme ignore their own x/y: they fill a grid of fixed width in
 * the order they joined the theme (`labelsInTheme`), row by row, so a new
 * label only ever lands after the last one. Unsorted labels keep the place a
 * facilitator dragged them to; those still on the slot a phone (or a reveal)
 * gave them flow side by side in the unsorted area, oldest first. Themes keep
 * their order (their stored positions, read top to bottom, left to right) but
 * not their place: the wall puts them in rows of as many columns as make the
 * whole wall fill a 16:9 screen beside the join panel best. Every screen
 * computes the same places from the same board, so "follow me" and pointing
 * at "the theme top right" mean the same thing everywhere. Card heights are
 * measured outside (Konva) and passed in, so this runs in unit tests.
 */
import {
  isUnsortedSlot,
  type Label,
  LabelKind,
  labelsInTheme,
  SLOT_SCATTER,
  type Theme,
  UNSORTED_SLOTS,
} from '@vaegavis/shared'
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
  padding: 12,
  gap: 10,
  headerHeight: 50,
  /** Body height of a theme without labels, so there is room to drop the first one. */
  emptyBodyHeight: 96,
  /** Space above the divider that starts the question section. */
  questionGap: 18,
  /** Space between the question text and the first answer. */
  answersGap: 8,
} as const

/** Where a theme's first row of cards starts, below its header. */
export const THEME_BODY_TOP = THEME.headerHeight + THEME.gap

/** Width of every theme box. */
export const THEME_WIDTH = 2 * THEME.padding + THEME.columns * CARD.width + (THEME.columns - 1) * THEME.gap
/** Width available to the question text inside a theme. */
export const QUESTION_WIDTH = THEME_WIDTH - 2 * THEME.padding

/** The unsorted area: padding around its labels, room for its heading, and where it sits when empty. */
export const UNSORTED_AREA = {
  padding: THEME.padding,
  headingHeight: 40,
  empty: { x: 20, y: 80, width: 2 * THEME.padding + CARD.width, height: 200 },
} as const

/**
 * Where the wall starts (top-left of the unsorted area, or of the first theme).
 * The first flowing label sits at the far corner of the first slot's scatter,
 * so a label dragged from there moves by at least as much as it was dragged.
 */
export const WALL_ORIGIN = {
  x: UNSORTED_SLOTS.originX + SLOT_SCATTER - UNSORTED_AREA.padding,
  y: UNSORTED_SLOTS.originY + SLOT_SCATTER - UNSORTED_AREA.padding - UNSORTED_AREA.headingHeight,
} as const
/** Space between themes, and between a theme and the unsorted area. */
export const THEME_MARGIN = 24
/**
 * The screen shape the themes are arranged for, in pixels: a 1920×1080
 * projector less the join panel, the title strip and a margin. One shape for every
 * screen, so all of them draw the same wall.
 */
export const TARGET_SCREEN = { width: 1528, height: 972 } as const
/** Most theme columns tried. */
const MAX_COLUMNS = 8

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
  /** Whether the unsorted area is drawn: when it holds labels, or as the first place to post on an empty wall. */
  unsortedShown: boolean
  /** The arrangement chosen (pass it back to keep it while someone drags). */
  arrangement: Arrangement
  /** Each theme's place in the flow (a dragged theme is drawn elsewhere until it is dropped). */
  slots: ReadonlyMap<string, Point>
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
  /** A theme being dragged right now, drawn at this position instead of its slot. */
  themeOverride?: { id: string; x: number; y: number } | null
  /** Keep this arrangement (while someone drags, so nothing jumps under the pointer). */
  arrangement?: Arrangement | null
}

/** How the wall is arranged: theme columns, and columns of the flowing unsorted labels. */
export interface Arrangement {
  columns: number
  unsortedColumns: number
}

/** The order themes are shown in: by stored position, top to bottom in bands, then left to right. */
export function themeOrder<T extends Pick<Theme, 'x' | 'y' | 'createdAt' | 'id'>>(themes: readonly T[]): T[] {
  const band = (y: number) => Math.floor(y / 40)
  return [...themes].sort(
    (a, b) => band(a.y) - band(b.y) || a.x - b.x || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1),
  )
}

interface Item {
  id: string
  height: number
}

/**
 * Puts theme boxes in rows of `columns`, left to right, top to bottom, around
 * `blocked` (the unsorted area, which keeps its place at the top left): a row
 * that starts beside it uses only the columns right of it.
 */
export function flowThemes(items: readonly Item[], columns: number, blocked: Rect | null): Map<string, Point> {
  const out = new Map<string, Point>()
  const pitch = THEME_WIDTH + THEME_MARGIN
  const blockedColumns = blocked
    ? Math.max(0, Math.ceil((blocked.x + blocked.width + THEME_MARGIN - WALL_ORIGIN.x) / pitch))
    : 0
  const below = blocked ? blocked.y + blocked.height + THEME_MARGIN : WALL_ORIGIN.y
  let y: number = WALL_ORIGIN.y
  let i = 0
  while (i < items.length) {
    const first = blocked !== null && y < below ? blockedColumns : 0
    if (first >= columns) {
      y = below
      continue
    }
    let bottom = y
    for (let c = first; c < columns && i < items.length; c++, i++) {
      const item = items[i] as Item
      out.set(item.id, { x: WALL_ORIGIN.x + c * pitch, y })
      bottom = Math.max(bottom, y + item.height)
    }
    y = bottom + THEME_MARGIN
  }
  return out
}

/** Places the unsorted cards nobody placed in rows of `columns`, around the ones placed by hand. */
export function flowUnsorted(cards: readonly Sized[], columns: number, placed: readonly Rect[]): Map<string, Point> {
  const out = new Map<string, Point>()
  const left = WALL_ORIGIN.x + UNSORTED_AREA.padding
  let y = WALL_ORIGIN.y + UNSORTED_AREA.headingHeight + UNSORTED_AREA.padding
  let i = 0
  while (i < cards.length) {
    let rowHeight = 0
    for (let c = 0; c < columns && i < cards.length; c++) {
      const card = cards[i] as Sized
      const at = { x: left + c * (CARD.width + THEME.gap), y }
      if (placed.some((r) => intersects(r, { ...at, width: CARD.width, height: card.height }))) continue
      out.set(card.id, at)
      rowHeight = Math.max(rowHeight, card.height)
      i++
    }
    y += (rowHeight || CARD.width / 2) + THEME.gap
  }
  return out
}

/** The zoom that fits a wall of this size on {@link TARGET_SCREEN}. */
function fitScale(r: Rect | null): number {
  if (!r) return 1
  return Math.min(TARGET_SCREEN.width / Math.max(1, r.width), TARGET_SCREEN.height / Math.max(1, r.height))
}

/** Lays out the whole wall. Hidden labels are left out everywhere. */
export function layoutWall(input: WallInput): WallLayout {
  const visible = input.labels.filter((l) => !l.hidden)
  const byId = new Map(visible.map((l) => [l.id, l]))
  const ordered = themeOrder(input.themes)
  const themeIds = new Set(ordered.map((t) => t.id))
  const heights = new Map<string, number>()
  const heightOf = (l: Label) => {
    let h = heights.get(l.id)
    if (h === undefined) {
      h = input.heightOf(l)
      heights.set(l.id, h)
    }
    return h
  }

  // A theme's inside does not depend on where the theme goes.
  const insides = ordered.map((t) => {
    const labels = labelsInTheme(visible, t.id, LabelKind.Label)
    const answers = labelsInTheme(visible, t.id, LabelKind.Answer)
    const sized = (ls: Label[]) => ls.map((l) => ({ id: l.id, height: heightOf(l) }))
    const inside = layoutTheme({
      labels: sized(labels),
      answers: sized(answers),
      questionHeight:
        input.questionHeight > 0 || answers.length === 0 ? input.questionHeight : (input.answersHeadingHeight ?? 0),
      collapsed: t.collapsed,
    })
    return { theme: t, labels, answers, inside }
  })

  // A label whose theme was deleted meanwhile (or never arrived) is unsorted, not lost.
  const unsorted = visible
    .filter((l) => !(l.themeId && themeIds.has(l.themeId)))
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
  const byHand: CardPlacement[] = []
  const unplaced: Sized[] = []
  for (const l of unsorted) {
    if (isUnsortedSlot(l.x, l.y)) unplaced.push({ id: l.id, height: heightOf(l) })
    else byHand.push({ id: l.id, x: l.x, y: l.y, width: CARD.width, height: heightOf(l), answer: false })
  }

  // Labels placed by hand stay where they were put and are no part of the flow: dragging one (which
  // every screen sees live) moves nothing else.
  const arrange = (a: Arrangement) => {
    const flowed = flowUnsorted(unplaced, a.unsortedColumns, [])
    const flowing: CardPlacement[] = []
    for (const c of unplaced) {
      const at = flowed.get(c.id)
      if (at) flowing.push({ id: c.id, ...at, width: CARD.width, height: c.height, answer: false })
    }
    const unsortedCards = [...byHand, ...flowing]
    const area = flowing.length > 0 ? unsortedArea(flowing) : null
    const slots = flowThemes(
      insides.map((i) => ({ id: i.theme.id, height: i.inside.height })),
      a.columns,
      area,
    )
    const boxes = insides.map((i) => ({ ...(slots.get(i.theme.id) ?? WALL_ORIGIN), ...i.inside }))
    return { unsortedCards, area, slots, bounds: boundingBox([...(area ? [area] : []), ...boxes]) }
  }

  let arrangement: Arrangement = input.arrangement ?? { columns: 1, unsortedColumns: 2 }
  let done = input.arrangement ? arrange(input.arrangement) : null
  if (!done) {
    let best = Number.NEGATIVE_INFINITY
    // Two columns first: then the unsorted area is exactly one theme wide and sits in the grid like a theme.
    const unsortedChoices = unplaced.length === 0 ? [2] : ordered.length > 0 ? [2, 1, 3, 4] : [2, 1, 3, 4, 5, 6, 7, 8]
    const columnChoices = Math.max(1, Math.min(MAX_COLUMNS, ordered.length))
    for (const unsortedColumns of unsortedChoices) {
      for (let columns = 1; columns <= columnChoices; columns++) {
        const a = { columns, unsortedColumns }
        const r = arrange(a)
        const s = fitScale(r.bounds)
        // Only a clearly larger wall wins: between near-equal ones, the first (fewer columns) stays.
        if (s > best * 1.001) {
          best = s
          arrangement = a
          done = r
        }
      }
    }
  }
  const result = done ?? arrange(arrangement)

  const cards = new Map<string, CardPlacement>()
  const themes: ThemeBox[] = []
  for (const { theme: t, labels, answers, inside } of insides) {
    const slot = result.slots.get(t.id) ?? WALL_ORIGIN
    const at = input.themeOverride?.id === t.id ? input.themeOverride : slot
    for (const c of inside.cards) {
      const l = byId.get(c.id)
      cards.set(c.id, {
        id: c.id,
        x: at.x + c.x,
        y: at.y + c.y,
        width: CARD.width,
        height: l ? heightOf(l) : 0,
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
  for (const c of result.unsortedCards) cards.set(c.id, c)

  return {
    cards,
    themes,
    // Empty, it waits left of the wall for a label dragged out of a theme, taking no place in the flow.
    unsorted:
      result.area ??
      (themes.length > 0 || byHand.length > 0
        ? {
            ...UNSORTED_AREA.empty,
            x: WALL_ORIGIN.x - UNSORTED_AREA.empty.width - THEME_MARGIN,
            y: WALL_ORIGIN.y,
          }
        : { ...UNSORTED_AREA.empty, x: WALL_ORIGIN.x, y: WALL_ORIGIN.y }),
    unsortedShown: result.area !== null || (themes.length === 0 && byHand.length === 0),
    arrangement,
    slots: result.slots,
  }
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

/**
 * Where a new theme is stored so that it comes after every other theme
 * (right of the last one in reading order); the flow then gives it its slot.
 */
export function placeNewTheme(themes: readonly Pick<Theme, 'x' | 'y' | 'createdAt' | 'id'>[]): Point {
  const last = themeOrder(themes).at(-1)
  if (!last) return { x: WALL_ORIGIN.x, y: WALL_ORIGIN.y }
  return { x: last.x + THEME_WIDTH + THEME_MARGIN, y: last.y }
}

/**
 * The theme order after `id` was dropped with its top-left at `at`: it takes
 * the slot nearest to where it was dropped, the others keep their order.
 * Returns the stored positions that give every theme its new place.
 */
export function reorderThemes(layout: Pick<WallLayout, 'themes' | 'slots'>, id: string, at: Point): Map<string, Point> {
  const order = layout.themes.map((t) => t.id)
  const slots = order.map((tid) => layout.slots.get(tid) ?? WALL_ORIGIN)
  let nearest = Math.max(0, order.indexOf(id))
  let best = Number.POSITIVE_INFINITY
  slots.forEach((s, i) => {
    const d = (s.x - at.x) ** 2 + (s.y - at.y) ** 2
    if (d < best) {
      best = d
      nearest = i
    }
  })
  const rest = order.filter((t) => t !== id)
  rest.splice(nearest, 0, id)
  const out = new Map<string, Point>()
  rest.forEach((tid, i) => {
    out.set(tid, slots[i] ?? WALL_ORIGIN)
  })
  return out
}

/** Positions that send unsorted labels back to flowing side by side in the unsorted area ("Ryd op"). */
export function tidyUnsorted(labels: readonly Pick<Sized, 'id'>[]): Map<string, Point> {
  const out = new Map<string, Point>()
  for (const l of labels) out.set(l.id, { x: UNSORTED_SLOTS.originX, y: UNSORTED_SLOTS.originY })
  return out
}
