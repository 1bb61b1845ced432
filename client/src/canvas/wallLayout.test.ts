import type { Label, Theme } from '@vaegavis/shared'
import { describe, expect, it } from 'vitest'
import { CARD } from './cardSize.ts'
import {
  cardsIn,
  intersects,
  layoutTheme,
  layoutWall,
  placeNewTheme,
  THEME,
  THEME_BODY_TOP,
  THEME_WIDTH,
  themeAt,
  tidyUnsorted,
  UNSORTED_AREA,
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
    expect(first?.themeId).toBe('t')
    expect(first?.x).toBe(1200 + THEME.padding)
    expect(first?.y).toBe(100 + THEME_BODY_TOP)
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
    const labels = [label('u1', { x: 40, y: 140 }), label('u2', { x: 300, y: 330 })]
    const layout = layoutWall({ labels, themes: [], heightOf, questionHeight: 0 })
    const u = layout.unsorted
    for (const c of layout.cards.values()) {
      expect(c.x).toBeGreaterThanOrEqual(u.x)
      expect(c.x + c.width).toBeLessThanOrEqual(u.x + u.width)
      expect(c.y).toBeGreaterThanOrEqual(u.y + UNSORTED_AREA.headingHeight)
      expect(c.y + c.height).toBeLessThanOrEqual(u.y + u.height)
    }
    expect(layoutWall({ labels: [], themes: [], heightOf, questionHeight: 0 }).unsorted).toEqual(UNSORTED_AREA.empty)
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
    })
    expect(themeAt(layout, { x: 1150, y: 200 })?.id).toBe('b')
    expect(themeAt(layout, { x: 1010, y: 110 })?.id).toBe('a')
    expect(themeAt(layout, { x: 10, y: 10 })).toBeUndefined()
    expect(cardsIn(layout, { x: 0, y: 0, width: 100, height: 200 })).toEqual(['u'])
    expect(cardsIn(layout, { x: 0, y: 0, width: 10, height: 10 })).toEqual([])
  })
})

describe('placeNewTheme', () => {
  it('puts new themes right of the unsorted labels, never on top of anything', () => {
    const labels = [label('u', { x: 40, y: 140 }), label('v', { x: 820, y: 500 })]
    let themes: Theme[] = []
    for (let i = 0; i < 9; i++) {
      const layout = layoutWall({ labels, themes, heightOf, questionHeight: 0 })
      const p = placeNewTheme(layout)
      expect(p.x).toBeGreaterThan(layout.unsorted.x + layout.unsorted.width)
      themes = [...themes, theme(`t${i}`, p.x, p.y, { createdAt: i })]
      const after = layoutWall({ labels, themes, heightOf, questionHeight: 0 })
      expect(overlaps([after.unsorted, ...after.themes])).toBe(false)
    }
  })
})

describe('placeNewTheme, as labels leave the unsorted area', () => {
  it('lines up themes made one after another without gaps', () => {
    let labels = Array.from({ length: 8 }, (_, i) =>
      label(`u${i}`, { x: 40 + (i % 4) * 260, y: 140 + Math.floor(i / 4) * 190 }),
    )
    let themes: Theme[] = []
    for (let i = 0; i < 3; i++) {
      const p = placeNewTheme(layoutWall({ labels, themes, heightOf, questionHeight: 0 }))
      themes = [...themes, theme(`t${i}`, p.x, p.y, { createdAt: i })]
      // Sorting empties the unsorted area from the end.
      labels = labels.slice(0, -3)
    }
    const xs = themes.map((t) => t.x)
    expect(themes.every((t) => t.y === themes[0]?.y)).toBe(true)
    expect((xs[1] ?? 0) - (xs[0] ?? 0)).toBe((xs[2] ?? 0) - (xs[1] ?? 0))
    expect((xs[1] ?? 0) - (xs[0] ?? 0)).toBeLessThan(2 * THEME_WIDTH)
  })
})

describe('tidyUnsorted', () => {
  it('puts unsorted labels in rows without overlaps', () => {
    const sized = [
      { id: 'a', height: 100 },
      { id: 'b', height: 250 },
      { id: 'c', height: 100 },
      { id: 'd', height: 100 },
      { id: 'e', height: 100 },
    ]
    const at = tidyUnsorted(sized)
    const rects = sized.map((s) => ({ ...(at.get(s.id) ?? { x: 0, y: 0 }), width: CARD.width, height: s.height }))
    expect(overlaps(rects)).toBe(false)
    expect(at.get('e')?.y).toBeGreaterThanOrEqual((at.get('a')?.y ?? 0) + 250)
  })
})
