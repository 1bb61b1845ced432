import type { Label, Theme } from '@vaegavis/shared'
import { describe, expect, it } from 'vitest'
import { CARD } from './cardSize.ts'
import {
  boundingBox,
  cardsIn,
  intersects,
  layoutTheme,
  layoutWall,
  placeNewTheme,
  reorderThemes,
  TARGET_SCREEN,
  THEME,
  THEME_BODY_TOP,
  THEME_WIDTH,
  themeAt,
  tidyUnsorted,
  UNSORTED_AREA,
  WALL_ORIGIN,
} from './wallLayout.ts'

const theme = (id: string, x: number, y: number, extra: Partial<Theme> = {}): Theme => ({
  id,
  name: `Tema ${id}`,
  x,
  y,
  collapsed: false,
  createdAt: 1,
  ...extra,
})

let clock = 1000
const label = (id: string, extra: Partial<Label> = {}): Label => ({
  id,
  text: id,
  category: 'ide',
  x: 40,
  y: 140,
  author: 'p1',
  createdAt: clock++,
  kind: 'label',
  ...extra,
})

/** Card heights come from text measurement in the browser; here every text's length decides. */
const heightOf = (l: Label) => 100 + l.text.length

function overlaps(rects: { x: number; y: number; width: number; height: number }[]): boolean {
  return rects.some((a, i) => rects.some((b, j) => i < j && intersects(a, b)))
}

describe('layoutTheme', () => {
  it('puts labels in rows of a fixed width in the given order, without overlaps', () => {
    const inside = layoutTheme({
      labels: [
        { id: 'a', height: 100 },
        { id: 'b', height: 180 },
        { id: 'c', height: 90 },
        { id: 'd', height: 120 },
        { id: 'e', height: 100 },
      ],
      answers: [],
      questionHeight: 0,
      collapsed: false,
    })
    expect(inside.width).toBe(THEME_WIDTH)
    expect(inside.cards.map((c) => c.id)).toEqual(['a', 'b', 'c', 'd', 'e'])
    const [a, b, c, d, e] = inside.cards
    // Row by row, left to right.
    expect(a?.y).toBe(b?.y)
    expect(b?.x).toBeGreaterThan(a?.x ?? 0)
    expect(c?.x).toBe(a?.x)
    // The second row starts below the tallest card of the first.
    expect(c?.y).toBe((a?.y ?? 0) + 180 + THEME.gap)
    expect(e?.y).toBeGreaterThan(d?.y ?? 0)
    const heights = { a: 100, b: 180, c: 90, d: 120, e: 100 } as Record<string, number>
    const rects = inside.cards.map((p) => ({ x: p.x, y: p.y, width: CARD.width, height: heights[p.id] ?? 0 }))
    expect(overlaps(rects)).toBe(false)
    // Everything inside the box.
    for (const r of rects) {
      expect(r.x + r.width).toBeLessThanOrEqual(inside.width)
      expect(r.y + r.height).toBeLessThanOrEqual(inside.height)
      expect(r.y).toBeGreaterThanOrEqual(THEME_BODY_TOP)
    }
  })

  it('does not move any card already placed when a label is added', () => {
    const before = layoutTheme({
      labels: [
        { id: 'a', height: 100 },
        { id: 'b', height: 150 },
        { id: 'c', height: 120 },
      ],
      answers: [],
      questionHeight: 0,
      collapsed: false,
    })
    const after = layoutTheme({
      labels: [
        { id: 'a', height: 100 },
        { id: 'b', height: 150 },
        { id: 'c', height: 120 },
        { id: 'd', height: 300 },
      ],
      answers: [],
      questionHeight: 0,
      collapsed: false,
    })
    for (const card of before.cards) expect(after.cards.find((c) => c.id === card.id)).toEqual(card)
    expect(after.width).toBe(before.width)
  })

  it('puts the question and its answers under the labels', () => {
    const inside = layoutTheme({
      labels: [{ id: 'a', height: 100 }],
      answers: [
        { id: 'x', height: 110 },
        { id: 'y', height: 90 },
      ],
      questionHeight: 30,
      collapsed: false,
    })
    const a = inside.cards.find((c) => c.id === 'a')
    const x = inside.cards.find((c) => c.id === 'x')
    expect(inside.questionY).toBe((a?.y ?? 0) + 100 + THEME.questionGap)
    expect(x?.answer).toBe(true)
    expect(x?.y).toBe((inside.questionY ?? 0) + 30 + THEME.answersGap)
    expect(inside.height).toBe((x?.y ?? 0) + 110 + THEME.padding)
  })

  it('shows the question in a theme without answers, and leaves room to drop into an empty theme', () => {
    const empty = layoutTheme({ labels: [], answers: [], questionHeight: 0, collapsed: false })
    expect(empty.questionY).toBeNull()
    expect(empty.height).toBe(THEME_BODY_TOP + THEME.emptyBodyHeight + THEME.padding)
    const asked = layoutTheme({ labels: [], answers: [], questionHeight: 28, collapsed: false })
    expect(asked.questionY).not.toBeNull()
    expect(asked.height).toBeGreaterThan(empty.height + 28)
  })

  it('draws a collapsed theme as its header only', () => {
    const inside = layoutTheme({ labels: [{ id: 'a', height: 100 }], answers: [], questionHeight: 30, collapsed: true })
    expect(inside.cards).toEqual([])
    expect(inside.height).toBe(THEME.headerHeight)
  })
})

describe('layoutWall', () => {
  it('orders a theme by when labels joined it, not by when they were written or where they lie', () => {
    const labels = [
      label('old', { themeId: 't', themeOrder: 30, x: 0, y: 0 }),
      label('new', { themeId: 't', themeOrder: 10, x: 9999, y: 9999 }),
      label('mid', { themeId: 't', themeOrder: 20 }),
    ]
    const layout = layoutWall({ labels, themes: [theme('t', 1200, 100)], heightOf, questionHeight: 0 })
    expect(layout.themes[0]?.labelIds).toEqual(['new', 'mid', 'old'])
    const first = layout.cards.get('new')
    const box = layout.themes[0]
    expect(first?.themeId).toBe('t')
    expect(first?.x).toBe((box?.x ?? 0) + THEME.padding)
    expect(first?.y).toBe((box?.y ?? 0) + THEME_BODY_TOP)
  })

  it('keeps answers apart from the labels that formed the theme', () => {
    const labels = [label('l1', { themeId: 't', themeOrder: 1 }), label('a1', { themeId: 't', kind: 'answer' })]
    const layout = layoutWall({ labels, themes: [theme('t', 0, 0)], heightOf, questionHeight: 30 })
    expect(layout.themes[0]?.labelIds).toEqual(['l1'])
    expect(layout.themes[0]?.answerIds).toEqual(['a1'])
    expect(layout.cards.get('a1')?.answer).toBe(true)
    expect(layout.cards.get('a1')?.y).toBeGreaterThan(layout.cards.get('l1')?.y ?? 0)
  })

  it('leaves hidden labels and labels of collapsed themes undrawn, and treats a missing theme as unsorted', () => {
    const labels = [
      label('hidden', { hidden: true }),
      label('folded', { themeId: 'c' }),
      label('orphan', { themeId: 'gone', x: 300, y: 400 }),
    ]
    const layout = layoutWall({
      labels,
      themes: [theme('c', 1200, 100, { collapsed: true })],
      heightOf,
      questionHeight: 0,
    })
    expect([...layout.cards.keys()]).toEqual(['orphan'])
    expect(layout.cards.get('orphan')).toMatchObject({ x: 300, y: 400 })
    expect(layout.cards.get('orphan')?.themeId).toBeUndefined()
    expect(layout.themes[0]?.labelIds).toEqual(['folded'])
  })

  it('draws the unsorted area around the unsorted labels, with room for its heading', () => {
    const labels = [label('u1', { x: 40, y: 140 }), label('u2', { x: 333, y: 330 })]
    const layout = layoutWall({ labels, themes: [], heightOf, questionHeight: 0 })
    const u = layout.unsorted
    // Around the labels that flow there (u1, where a phone put it); u2 was dragged away by hand.
    for (const c of [layout.cards.get('u1')]) {
      if (!c) throw new Error('u1 not drawn')
      expect(c.x).toBeGreaterThanOrEqual(u.x)
      expect(c.x + c.width).toBeLessThanOrEqual(u.x + u.width)
      expect(c.y).toBeGreaterThanOrEqual(u.y + UNSORTED_AREA.headingHeight)
      expect(c.y + c.height).toBeLessThanOrEqual(u.y + u.height)
    }
    expect(layoutWall({ labels: [], themes: [], heightOf, questionHeight: 0 }).unsorted).toMatchObject({
      ...WALL_ORIGIN,
      width: UNSORTED_AREA.empty.width,
    })
    // A label dragged somewhere by hand stays there.
    expect(layout.cards.get('u2')).toMatchObject({ x: 333, y: 330 })
  })

  it('draws a theme being dragged at the drag position, cards included', () => {
    const labels = [label('l', { themeId: 't' })]
    const layout = layoutWall({
      labels,
      themes: [theme('t', 0, 0)],
      heightOf,
      questionHeight: 0,
      themeOverride: { id: 't', x: 500, y: 600 },
    })
    expect(layout.themes[0]).toMatchObject({ x: 500, y: 600 })
    expect(layout.cards.get('l')).toMatchObject({ x: 500 + THEME.padding, y: 600 + THEME_BODY_TOP })
  })

  it('finds the topmost theme under a point and the cards in a rectangle', () => {
    const layout = layoutWall({
      labels: [label('u', { x: 40, y: 140 })],
      themes: [theme('a', 1000, 100), theme('b', 1100, 150, { createdAt: 2 })],
      heightOf,
      questionHeight: 0,
      themeOverride: { id: 'b', x: 1100, y: 150 },
    })
    const a = layout.themes.find((t) => t.id === 'a')
    expect(themeAt(layout, { x: 1150, y: 200 })?.id).toBe('b')
    expect(themeAt(layout, { x: (a?.x ?? 0) + 10, y: (a?.y ?? 0) + 10 })?.id).toBe('a')
    expect(themeAt(layout, { x: 10, y: 10 })).toBeUndefined()
    const u = layout.cards.get('u')
    expect(cardsIn(layout, { x: u?.x ?? 0, y: u?.y ?? 0, width: 10, height: 10 })).toEqual(['u'])
    expect(cardsIn(layout, { x: 0, y: 0, width: 10, height: 10 })).toEqual([])
  })
})

/** A wall of `themes` themes with `per` labels each (and two answers), plus `loose` unsorted labels. */
function meeting(themes: number, per: number, loose: number) {
  const ts = Array.from({ length: themes }, (_, i) => theme(`t${i}`, 20 + i * 600, 80, { createdAt: i }))
  const labels: Label[] = []
  ts.forEach((t, i) => {
    for (let j = 0; j < per; j++) labels.push(label(`l${i}-${j}`, { themeId: t.id, themeOrder: j }))
    for (let j = 0; j < 2; j++) labels.push(label(`a${i}-${j}`, { themeId: t.id, kind: 'answer' }))
  })
  // Where phones put them: a slot far down (the board has many labels already), scattered a little.
  for (let j = 0; j < loose; j++)
    labels.push(label(`u${j}`, { x: 40 + (j % 4) * 260 + (j % 17), y: 140 + 190 * (10 + j) + ((j * 7) % 17) }))
  return { labels, themes: ts }
}
/** Card heights of a wall of short labels: one or two lines of text. */
const shortCards = (l: Label) => (l.id.endsWith('1') ? 84 : 54)

describe('the wall flows into rows and columns that fill a projector', () => {
  it('puts five themes of eight labels in rows, so they are drawn at 20 px or more on a 16:9 screen', () => {
    const layout = layoutWall({ ...meeting(5, 8, 3), heightOf: shortCards, questionHeight: 30 })
    const b = boundingBox([...layout.themes, layout.unsorted])
    const scale = Math.min(TARGET_SCREEN.width / (b?.width ?? 1), TARGET_SCREEN.height / (b?.height ?? 1))
    expect(scale * 24).toBeGreaterThanOrEqual(20)
    // More than one row, and more than one column.
    expect(new Set(layout.themes.map((t) => t.y)).size).toBeGreaterThan(1)
    expect(new Set(layout.themes.map((t) => t.x)).size).toBeGreaterThan(1)
    // The wall's shape is close to the screen's.
    const aspect = (b?.width ?? 1) / (b?.height ?? 1)
    expect(aspect).toBeGreaterThan(1.2)
    expect(aspect).toBeLessThan(2.2)
  })

  it('never draws a theme over another theme or over the unsorted labels, however the themes grow', () => {
    for (const per of [0, 3, 8, 15]) {
      for (const loose of [0, 2, 12]) {
        const layout = layoutWall({ ...meeting(6, per, loose), heightOf: shortCards, questionHeight: 30 })
        const cards = [...layout.cards.values()]
        expect(overlaps([...layout.themes, ...(loose > 0 ? [layout.unsorted] : [])])).toBe(false)
        expect(overlaps(cards)).toBe(false)
      }
    }
  })

  it('flows labels left where a phone put them side by side, close to the top, oldest first', () => {
    const { labels } = meeting(0, 0, 6)
    const layout = layoutWall({ labels, themes: [], heightOf: shortCards, questionHeight: 0 })
    const cards = labels.map((l) => layout.cards.get(l.id))
    expect(overlaps(cards.filter((c) => c !== undefined))).toBe(false)
    // Phones gave them slots far down the wall (a board with many sorted labels); they are drawn at the top.
    for (const c of cards) expect(c?.y ?? 9999).toBeLessThan(400)
    expect(cards[1]?.x).toBeGreaterThan(cards[0]?.x ?? 0)
  })

  it('keeps the order of the themes, and a dropped theme takes the place nearest to where it was let go', () => {
    const { labels, themes } = meeting(3, 2, 0)
    const layout = layoutWall({ labels, themes, heightOf: shortCards, questionHeight: 0 })
    expect(layout.themes.map((t) => t.id)).toEqual(['t0', 't1', 't2'])
    const last = layout.slots.get('t2')
    const order = reorderThemes(layout, 't0', { x: (last?.x ?? 0) + 30, y: (last?.y ?? 0) + 10 })
    const moved = themes.map((t) => ({ ...t, ...order.get(t.id) }))
    const after = layoutWall({ labels, themes: moved, heightOf: shortCards, questionHeight: 0 })
    expect(after.themes.map((t) => t.id)).toEqual(['t1', 't2', 't0'])
    expect(after.slots.get('t0')).toEqual(last)
  })

  it('puts a new theme after all the others', () => {
    const { labels, themes } = meeting(4, 1, 0)
    const at = placeNewTheme(themes)
    const next = [...themes, theme('new', at.x, at.y, { createdAt: 99 })]
    expect(layoutWall({ labels, themes: next, heightOf, questionHeight: 0 }).themes.at(-1)?.id).toBe('new')
    expect(placeNewTheme([])).toEqual(WALL_ORIGIN)
  })

  it('moves no theme while a label placed by hand is dragged around', () => {
    const { labels, themes } = meeting(3, 4, 2)
    const before = layoutWall({ labels, themes, heightOf: shortCards, questionHeight: 0 })
    for (const at of [
      { x: 333, y: 365 },
      { x: 900, y: 700 },
      { x: 1500, y: 90 },
    ]) {
      const moved = labels.map((l) => (l.id === 'u0' ? { ...l, ...at } : l))
      const during = layoutWall({ labels: moved, themes, heightOf: shortCards, questionHeight: 0 })
      expect(during.cards.get('u0')).toMatchObject(at)
      expect(during.themes.map((t) => [t.x, t.y])).toEqual(before.themes.map((t) => [t.x, t.y]))
    }
  })

  it('keeps the arrangement it is given, so nothing jumps while someone drags', () => {
    const { labels, themes } = meeting(5, 8, 0)
    const free = layoutWall({ labels, themes, heightOf: shortCards, questionHeight: 0 })
    const kept = layoutWall({
      labels: labels.slice(0, 10),
      themes,
      heightOf: shortCards,
      questionHeight: 0,
      arrangement: free.arrangement,
    })
    expect(kept.arrangement).toEqual(free.arrangement)
    expect(kept.themes.map((t) => t.x)).toEqual(free.themes.map((t) => t.x))
  })
})

describe('tidyUnsorted', () => {
  it('sends unsorted labels back to flowing side by side, without overlaps', () => {
    const sized = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, height: id === 'b' ? 250 : 100 }))
    const at = tidyUnsorted(sized)
    const labels = sized.map((s) => label(s.id, { ...at.get(s.id) }))
    const layout = layoutWall({ labels, themes: [], heightOf: (l) => (l.id === 'b' ? 250 : 100), questionHeight: 0 })
    expect(overlaps([...layout.cards.values()])).toBe(false)
    expect(layout.cards.size).toBe(5)
  })
})
