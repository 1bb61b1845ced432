/**
 * Lays a wall out once, as drawing primitives in wall units (1 unit = 1 CSS
 * pixel at zoom 1, cards the size the projector shows them). The SVG and the
 * PDF painters draw the same primitives, so every format shows the same wall.
 *
 * The export arranges the wall for reading rather than copying positions:
 * each theme is a box with its name, the board question and its cards
 * (labels, then answers), and unsorted labels get a box of their own.
 * `layoutWall` puts the boxes side by side (SVG, PNG, thumbnails);
 * `flowWall` flows them into page columns (PDF), never splitting a card.
 */
import {
  CARD,
  CARD_LINE_HEIGHT,
  CARD_PHOTO,
  CardShape,
  type Category,
  cardFrame,
  cardTextWidth,
  fitPicture,
  type Icon,
} from '@vaegavis/shared'
import { t } from '../i18n.ts'
import { ellipsize, isolate, textWidth, type Weight, wrapText } from './fonts.ts'
import type { WallLabel, WallModel } from './model.ts'
import type { WallPicture, WallPictures } from './pictures.ts'
import { describeRound } from './words.ts'

export type Prim =
  | {
      kind: 'rect'
      x: number
      y: number
      w: number
      h: number
      fill: string
      stroke?: string
      strokeWidth?: number
      radius?: number
      dashed?: boolean
    }
  | { kind: 'circle'; cx: number; cy: number; r: number; fill: string }
  /** `y` is the baseline. */
  | {
      kind: 'text'
      x: number
      y: number
      text: string
      size: number
      weight: Weight
      fill: string
      anchor?: 'start' | 'middle'
      /** Width of the space the line is set in: a right-to-left line is aligned to its right edge. */
      box?: number
    }
  /** A category's shape inside the square at (x, y) of side `size`. */
  | { kind: 'icon'; icon: Icon; colour: string; x: number; y: number; size: number }
  /** A label's picture, stretched to exactly w × h (the layout keeps its aspect). */
  | { kind: 'image'; x: number; y: number; w: number; h: number; picture: WallPicture }

export interface WallLayout {
  width: number
  /** Title, question, vote round and legend. */
  header: Prim[]
  headerHeight: number
  /** Theme boxes and cards, with y = 0 at the top of the body. */
  body: Prim[]
  bodyHeight: number
}

/** Cards are the wall's cards (shared layout.ts), so a PDF shows the card the projector shows. */
export { CARD }

const NO_PICTURES: WallPictures = new Map()

const MARGIN = 40
const BOX_PAD = 16
const BOX_W = CARD.width + 2 * BOX_PAD
const GAP = 28
const CARD_GAP = 12
const MAX_COLS = 5
const MIN_WIDTH = 720
const INK = '#1a1a1a'
const MUTED = '#4a4a4a'
const UNKNOWN_COLOUR = '#999999'

/** Mixes a colour with white: 1 is the colour, 0 white (as the projector's cards). */
export function tint(hex: string, amount: number): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim())
  if (!m?.[1]) return '#eeeeee'
  const n = Number.parseInt(m[1], 16)
  const rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => Math.round(255 - (255 - c) * amount))
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`
}

const baseline = (top: number, size: number) => top + Math.round(size * 0.95)

function textLines(
  prims: Prim[],
  lines: string[],
  x: number,
  top: number,
  size: number,
  lineHeight: number,
  weight: Weight,
  fill: string,
  box?: number,
): number {
  lines.forEach((line, i) => {
    if (line !== '')
      prims.push({
        kind: 'text',
        x,
        y: baseline(top + i * lineHeight, size),
        text: line,
        size,
        weight,
        fill,
        ...(box !== undefined ? { box } : {}),
      })
  })
  return lines.length * lineHeight
}

function voteBadge(prims: Prim[], cx: number, cy: number, votes: number): void {
  prims.push({ kind: 'circle', cx, cy, r: 14, fill: INK })
  prims.push({
    kind: 'text',
    x: cx,
    y: cy + 5,
    text: String(votes),
    size: 14,
    weight: 'bold',
    fill: '#ffffff',
    anchor: 'middle',
  })
}

/**
 * Draws one card at (x, y) in the wall's card frame, its shape in a row above
 * the text with the category's meaning; returns its height. `unknown` names a
 * colour no longer in the legend.
 */
function card(
  prims: Prim[],
  label: WallLabel,
  category: Category | undefined,
  unknown: string,
  x: number,
  y: number,
  picture: WallPicture | undefined,
  maxHeight = Number.POSITIVE_INFINITY,
): number {
  const colour = category?.colour ?? UNKNOWN_COLOUR
  const nick = label.nickname !== undefined
  const inner = cardTextWidth(CardShape.Above)
  // Its own aspect: an export knows each picture's size (the wall reserves a fixed box, see CARD_PHOTO).
  const photo = picture ? { aspect: picture.height / picture.width } : null
  let lines = label.text.trim() === '' && picture ? [] : wrapText(label.text, inner, CARD.fontSize)
  const fixed = cardFrame(0, nick, CardShape.Above, photo).height + (photo ? CARD_PHOTO.gap : 0)
  const room = Math.max(1, Math.floor((maxHeight - fixed) / CARD_LINE_HEIGHT))
  if (lines.length > room) {
    // Taller than a whole page: the card keeps what fits and says it goes on.
    lines = lines.slice(0, room)
    lines[room - 1] = ellipsize(`${lines[room - 1]}…`, inner, CARD.fontSize)
  }
  const frame = cardFrame(lines.length * CARD_LINE_HEIGHT, nick, CardShape.Above, photo)
  prims.push({
    kind: 'rect',
    x,
    y,
    w: frame.width,
    h: frame.height,
    fill: tint(colour, 0.4),
    stroke: colour,
    strokeWidth: 4,
    radius: CARD.cornerRadius,
  })
  if (category) {
    prims.push({
      kind: 'icon',
      icon: category.icon,
      colour,
      x: x + frame.icon.x,
      y: y + frame.icon.y,
      size: frame.icon.width,
    })
  }
  const meta = frame.meta ?? frame.text
  const badge = label.votes > 0 ? 34 : 0
  prims.push({
    kind: 'text',
    x: x + meta.x,
    y: y + meta.y + 17,
    text: ellipsize(category?.meaning ?? unknown, meta.width - badge, CARD.metaFontSize, 'bold'),
    size: CARD.metaFontSize,
    weight: 'bold',
    fill: INK,
  })
  if (label.votes > 0) voteBadge(prims, x + frame.width - CARD.padding - 12, y + meta.y + 11, label.votes)
  if (picture && frame.photo) {
    const at = fitPicture(frame.photo, picture.width, picture.height)
    prims.push({ kind: 'image', x: x + at.x, y: y + at.y, w: at.width, h: at.height, picture })
  }
  textLines(
    prims,
    lines,
    x + frame.text.x,
    y + frame.text.y,
    CARD.fontSize,
    CARD_LINE_HEIGHT,
    'regular',
    INK,
    frame.text.width,
  )
  if (frame.foot) {
    prims.push({
      kind: 'text',
      x: x + frame.foot.x,
      y: baseline(y + frame.foot.y, CARD.metaFontSize),
      text: ellipsize(`– ${label.nickname}`, frame.foot.width, CARD.metaFontSize, 'italic'),
      size: CARD.metaFontSize,
      weight: 'italic',
      fill: '#333333',
    })
  }
  return frame.height
}

interface BoxInput {
  name: string
  votes: number
  question: string
  labels: WallLabel[]
  answers: WallLabel[]
  unsorted: boolean
}

/** Draws a theme box at (x, y); returns its height. */
function box(
  prims: Prim[],
  input: BoxInput,
  legend: Map<string, Category>,
  pictures: WallPictures,
  locale: string,
  x: number,
  y: number,
): number {
  const unknown = t(locale, 'exports.unknownCategory')
  const inner = BOX_W - 2 * BOX_PAD
  const background: Prim = {
    kind: 'rect',
    x,
    y,
    w: BOX_W,
    h: 0,
    fill: input.unsorted ? '#ffffff' : '#f3f3ee',
    stroke: '#b5b5aa',
    strokeWidth: 2,
    radius: 12,
    ...(input.unsorted ? { dashed: true } : {}),
  }
  prims.push(background)
  let cy = y + BOX_PAD
  const badge = input.votes > 0 ? 36 : 0
  const nameLines = wrapText(input.name, inner - badge, 24, 'bold')
  cy += textLines(prims, nameLines, x + BOX_PAD, cy, 24, 30, input.unsorted ? 'italic' : 'bold', INK, inner - badge)
  if (input.votes > 0) voteBadge(prims, x + BOX_W - BOX_PAD - 14, y + BOX_PAD + 14, input.votes)
  if (!input.unsorted && input.question !== '') {
    cy += 4
    cy += textLines(prims, wrapText(input.question, inner, 15, 'italic'), x + BOX_PAD, cy, 15, 19, 'italic', MUTED)
  }
  cy += 12
  if (input.labels.length === 0 && input.answers.length === 0) {
    prims.push({
      kind: 'text',
      x: x + BOX_PAD,
      y: baseline(cy, 16),
      text: t(locale, 'exports.noLabels'),
      size: 16,
      weight: 'italic',
      fill: MUTED,
    })
    cy += 24
  }
  for (const l of input.labels) {
    cy += card(prims, l, legend.get(l.category), unknown, x + BOX_PAD, cy, pictureOf(pictures, l)) + CARD_GAP
  }
  if (input.answers.length > 0) {
    prims.push({
      kind: 'text',
      x: x + BOX_PAD,
      y: baseline(cy + 4, 16),
      text: t(locale, 'exports.answers'),
      size: 16,
      weight: 'bold',
      fill: INK,
    })
    cy += 28
    for (const l of input.answers) {
      cy += card(prims, l, legend.get(l.category), unknown, x + BOX_PAD, cy, pictureOf(pictures, l)) + CARD_GAP
    }
  }
  // Every branch above leaves a 12-unit gap after its last item; the padding replaces it.
  const height = cy - 12 - y + BOX_PAD
  background.h = height
  return height
}

const pictureOf = (pictures: WallPictures, l: WallLabel) => (l.photo ? pictures.get(l.photo) : undefined)

/** The theme boxes in order, then the unsorted labels (or an empty box for an empty wall). */
function boxInputs(model: WallModel, locale: string): BoxInput[] {
  const boxes: BoxInput[] = model.themes.map((theme) => ({
    name: theme.name,
    votes: theme.votes,
    question: model.question,
    labels: theme.labels,
    answers: theme.answers,
    unsorted: false,
  }))
  if (model.unsorted.length > 0 || boxes.length === 0) {
    boxes.push({
      name: t(locale, 'exports.unsorted'),
      votes: 0,
      question: '',
      labels: model.unsorted,
      answers: [],
      unsorted: true,
    })
  }
  return boxes
}

/** Lays out the wall: header (title, question, legend) and body (theme boxes), with words in `opts.locale`. */
export function layoutWall(
  model: WallModel,
  opts: { locale: string; subtitle?: string; pictures?: WallPictures },
): WallLayout {
  const { locale } = opts
  const pictures = opts.pictures ?? NO_PICTURES
  const legend = new Map(model.legend.map((c) => [c.id, c]))
  const boxes = boxInputs(model, locale)
  const cols = Math.min(boxes.length, MAX_COLS)
  const bodyWidth = 2 * MARGIN + cols * BOX_W + (cols - 1) * GAP
  const width = Math.max(bodyWidth, MIN_WIDTH)

  const body: Prim[] = []
  let rowTop = 0
  for (let start = 0; start < boxes.length; start += cols) {
    let rowHeight = 0
    boxes.slice(start, start + cols).forEach((b, i) => {
      rowHeight = Math.max(rowHeight, box(body, b, legend, pictures, locale, MARGIN + i * (BOX_W + GAP), rowTop))
    })
    rowTop += rowHeight + GAP
  }
  const bodyHeight = rowTop - GAP + MARGIN

  const { prims: header, height: headerHeight } = layoutHeader(model, width, locale, opts.subtitle)
  return { width, header, headerHeight, body, bodyHeight }
}

function layoutHeader(
  model: WallModel,
  width: number,
  locale: string,
  subtitle: string | undefined,
): { prims: Prim[]; height: number } {
  const prims: Prim[] = []
  const inner = width - 2 * MARGIN
  let y = MARGIN
  y += textLines(prims, wrapText(model.title, inner, 34, 'bold'), MARGIN, y, 34, 42, 'bold', INK)
  if (subtitle)
    y += textLines(prims, wrapText(subtitle, inner, 16, 'italic'), MARGIN, y + 2, 16, 22, 'italic', MUTED) + 2
  if (model.question !== '') {
    y += 8
    const question = t(locale, 'exports.question', { question: isolate(model.question) })
    y += textLines(prims, wrapText(question, inner, 20), MARGIN, y, 20, 26, 'regular', INK)
  }
  if (model.voteRound) {
    y +=
      textLines(
        prims,
        wrapText(describeRound(locale, model.voteRound), inner, 16),
        MARGIN,
        y + 4,
        16,
        22,
        'regular',
        MUTED,
      ) + 4
  }
  y += 14
  // The legend: shape, colour and meaning side by side, wrapping like words.
  const heading = `${t(locale, 'exports.legendHeading')}:`
  prims.push({ kind: 'text', x: MARGIN, y: baseline(y + 3, 18), text: heading, size: 18, weight: 'bold', fill: INK })
  let x = MARGIN + textWidth(heading, 18, 'bold') + 18
  for (const c of model.legend) {
    const meaning = ellipsize(c.meaning, inner - 40, 18)
    const w = 28 + 8 + textWidth(meaning, 18) + 24
    if (x + w > width - MARGIN && x > MARGIN) {
      x = MARGIN
      y += 36
    }
    prims.push({
      kind: 'rect',
      x,
      y,
      w: 28,
      h: 28,
      fill: tint(c.colour, 0.4),
      stroke: c.colour,
      strokeWidth: 3,
      radius: 5,
    })
    prims.push({ kind: 'icon', icon: c.icon, colour: c.colour, x: x + 4, y: y + 4, size: 20 })
    prims.push({
      kind: 'text',
      x: x + 36,
      y: baseline(y + 3, 18),
      text: meaning,
      size: 18,
      weight: 'regular',
      fill: INK,
    })
    x += w
  }
  y += 28 + 24
  return { prims, height: y }
}

/** A card's rectangle on a flowed page, in body units from the top-left of the page's wall area. */
export interface CardRect {
  id: string
  x: number
  y: number
  w: number
  h: number
}

export interface FlowPage {
  prims: Prim[]
  cards: CardRect[]
}

/** One thing in a theme box that is never split: its heading, a card, the answers heading. */
interface FlowItem {
  height: number
  /** Keep with the item after it (a heading is never the last thing in a column). */
  keepWithNext: boolean
  draw: (prims: Prim[], x: number, y: number) => void
  card?: string
}

function boxItems(
  input: BoxInput,
  legend: Map<string, Category>,
  pictures: WallPictures,
  locale: string,
  maxCard: number,
): { heading: (continued: boolean) => FlowItem; items: FlowItem[] } {
  const unknown = t(locale, 'exports.unknownCategory')
  const inner = BOX_W - 2 * BOX_PAD
  const badge = input.votes > 0 ? 36 : 0
  const heading = (continued: boolean): FlowItem => {
    const name = continued ? t(locale, 'exports.continued', { name: isolate(input.name) }) : input.name
    const nameLines = wrapText(name, inner - badge, 24, 'bold').slice(0, 4)
    const question =
      !continued && !input.unsorted && input.question !== ''
        ? wrapText(input.question, inner, 15, 'italic').slice(0, 6)
        : []
    const height = nameLines.length * 30 + (question.length > 0 ? 4 + question.length * 19 : 0)
    return {
      height,
      keepWithNext: true,
      draw: (prims, x, y) => {
        const cy = y + textLines(prims, nameLines, x, y, 24, 30, input.unsorted ? 'italic' : 'bold', INK, inner - badge)
        if (input.votes > 0) voteBadge(prims, x + inner - 14, y + 14, input.votes)
        if (question.length > 0) textLines(prims, question, x, cy + 4, 15, 19, 'italic', MUTED)
      },
    }
  }
  const cardItem = (l: WallLabel): FlowItem => {
    const picture = pictureOf(pictures, l)
    const height = card([], l, legend.get(l.category), unknown, 0, 0, picture, maxCard)
    return {
      height,
      keepWithNext: false,
      card: l.id,
      draw: (prims, x, y) => {
        card(prims, l, legend.get(l.category), unknown, x, y, picture, maxCard)
      },
    }
  }
  const items: FlowItem[] = []
  if (input.labels.length === 0 && input.answers.length === 0) {
    items.push({
      height: 20,
      keepWithNext: false,
      draw: (prims, x, y) =>
        prims.push({
          kind: 'text',
          x,
          y: baseline(y, 16),
          text: t(locale, 'exports.noLabels'),
          size: 16,
          weight: 'italic',
          fill: MUTED,
        }),
    })
  }
  items.push(...input.labels.map(cardItem))
  if (input.answers.length > 0) {
    items.push({
      height: 20,
      keepWithNext: true,
      draw: (prims, x, y) =>
        prims.push({
          kind: 'text',
          x,
          y: baseline(y + 2, 16),
          text: t(locale, 'exports.answers'),
          size: 16,
          weight: 'bold',
          fill: INK,
        }),
    })
    items.push(...input.answers.map(cardItem))
  }
  return { heading, items }
}

/** Width in body units of `columns` theme columns side by side. */
export function flowWidth(columns: number): number {
  return columns * BOX_W + (columns - 1) * GAP
}

/**
 * The wall flowed theme by theme into columns of `columnHeight` body units,
 * `columns` to a page, like a newspaper: a theme box that does not fit goes
 * on in the next column (or page) with its name repeated, and the break falls
 * only between cards, so no label is ever cut by a page edge.
 */
export function flowWall(
  model: WallModel,
  opts: { locale: string; columns: number; columnHeight: number; firstColumnHeight?: number; pictures?: WallPictures },
): FlowPage[] {
  const { locale, columns } = opts
  const fullHeight = Math.max(opts.columnHeight, 200)
  // The first page may start lower (a report puts a summary above the wall).
  let columnHeight = Math.max(opts.firstColumnHeight ?? fullHeight, 200)
  const legend = new Map(model.legend.map((c) => [c.id, c]))
  // The tallest card that still fits a column under its box heading.
  const maxCard = Math.min(columnHeight, fullHeight) - 2 * BOX_PAD - 30 - 12
  const pages: FlowPage[] = [{ prims: [], cards: [] }]
  let column = 0
  let y = 0
  const nextColumn = () => {
    column += 1
    y = 0
    if (column >= columns) {
      column = 0
      columnHeight = fullHeight
      pages.push({ prims: [], cards: [] })
    }
  }
  for (const input of boxInputs(model, locale)) {
    const { heading, items } = boxItems(input, legend, opts.pictures ?? NO_PICTURES, locale, maxCard)
    let queue: FlowItem[] = [heading(false), ...items]
    // A box that fits a column whole is not split: it starts the next column instead.
    const whole = 2 * BOX_PAD + queue.reduce((sum, item) => sum + item.height, 0) + (queue.length - 1) * CARD_GAP
    if (y > 0 && y + whole > columnHeight && whole <= columnHeight) nextColumn()
    while (queue.length > 0) {
      // Fill this column with as many whole items as fit, a heading never left alone at the bottom.
      let used = BOX_PAD
      let take = 0
      while (take < queue.length) {
        const item = queue[take]!
        const h = (take > 0 ? CARD_GAP : 0) + item.height
        if (y + used + h + BOX_PAD > columnHeight) break
        used += h
        take += 1
      }
      while (take > 0 && queue[take - 1]!.keepWithNext && take < queue.length) take -= 1
      if (take === 0) {
        if (y > 0) {
          nextColumn()
          continue
        }
        // Nothing fits even in an empty column: place the first item alone (it was already cut to fit).
        take = Math.min(queue.length, queue[0]!.keepWithNext ? 2 : 1)
      }
      const page = pages.at(-1)!
      const x = column * (BOX_W + GAP)
      const background: Prim = {
        kind: 'rect',
        x,
        y,
        w: BOX_W,
        h: 0,
        fill: input.unsorted ? '#ffffff' : '#f3f3ee',
        stroke: '#b5b5aa',
        strokeWidth: 2,
        radius: 12,
        ...(input.unsorted ? { dashed: true } : {}),
      }
      page.prims.push(background)
      let cy = y + BOX_PAD
      queue.slice(0, take).forEach((item, i) => {
        if (i > 0) cy += CARD_GAP
        item.draw(page.prims, x + BOX_PAD, cy)
        if (item.card) page.cards.push({ id: item.card, x: x + BOX_PAD, y: cy, w: CARD.width, h: item.height })
        cy += item.height
      })
      background.h = cy + BOX_PAD - y
      y = cy + BOX_PAD + GAP
      queue = queue.slice(take)
      if (queue.length > 0) {
        nextColumn()
        queue = [heading(true), ...queue]
      }
    }
  }
  return pages
}
