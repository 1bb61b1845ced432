/**
 * A card in an export is the card the projector shows (issue #12): both the
 * wall (client/src/canvas) and the exports lay it out with the one frame in
 * @vaegavis/shared layout.ts. Measured here from what each side draws: the
 * export's SVG rectangles and text, the wall's layout of the same board.
 */
import {
  addLabel,
  addTheme,
  CARD,
  CARD_LINE_HEIGHT,
  CARD_META_ROW,
  CardShape,
  cardFrame,
  cardTextWidth,
  initBoard,
  readLabels,
  readThemes,
} from '@vaegavis/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
// The wall's own pure layout, as the browser runs it: the point is that both sides agree.
import { CARD as WALL_CARD } from '../../client/src/canvas/cardSize.ts'
import { layoutWall as layoutOnWall } from '../../client/src/canvas/wallLayout.ts'
import { wrapText } from '../src/exports/fonts.ts'
import { layoutWall as layoutExport, type Prim } from '../src/exports/layout.ts'
import { wallModel } from '../src/exports/model.ts'
import { renderSvg } from '../src/exports/svg.ts'

const TEXTS = ['Kort', 'Der er for koldt om vinteren, og radiatorerne i det store lokale virker ikke']

function board(): Y.Doc {
  const doc = new Y.Doc()
  initBoard(doc, { title: 'Klubaften' })
  addTheme(doc, { id: 't', name: 'Tema', x: 0, y: 0 })
  TEXTS.forEach((text, i) => {
    addLabel(doc, {
      id: `l${i}`,
      text,
      category: 'problem',
      x: 0,
      y: 0,
      author: 'p',
      themeId: 't',
      createdAt: 1 + i,
      ...(i === 0 ? { nickname: 'Ali' } : {}),
    })
  })
  return doc
}

type RectPrim = Extract<Prim, { kind: 'rect' }>

describe('a label card is laid out alike on the wall and in the exports', () => {
  it('the exported card has the wall card’s width, padding, text size and height for its lines', () => {
    const doc = board()
    const model = wallModel(doc, { nicknames: true })
    const layout = layoutExport(model, { locale: 'da' })
    const colour = model.legend.find((c) => c.id === 'problem')?.colour
    const cards = layout.body.filter((p): p is RectPrim => p.kind === 'rect' && p.stroke === colour)
    expect(cards).toHaveLength(2)

    // Measured in the SVG a user downloads: every card is as wide as on the projector.
    const svg = renderSvg(layout)
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"[^>]*rx="8"[^>]*stroke-width="4"/g)].map((m) =>
      Number(m[1]),
    )
    expect(widths).toEqual([256, 256])
    expect(WALL_CARD.width).toBe(256)

    TEXTS.forEach((text, i) => {
      const rect = cards[i] as RectPrim
      const lines = wrapText(text, cardTextWidth(CardShape.Above), CARD.fontSize)
      const frame = cardFrame(lines.length * CARD_LINE_HEIGHT, i === 0, CardShape.Above)
      expect(rect.h).toBeCloseTo(frame.height, 6)
      // The text starts one padding in, at the wall's font size, one wall line apart.
      const texts = layout.body.filter(
        (p): p is Extract<Prim, { kind: 'text' }> =>
          p.kind === 'text' && p.size === CARD.fontSize && p.y > rect.y && p.y < rect.y + rect.h,
      )
      expect(texts).toHaveLength(lines.length)
      expect(texts[0]?.x).toBe(rect.x + 10)
      if (texts.length > 1) expect((texts[1]?.y ?? 0) - (texts[0]?.y ?? 0)).toBeCloseTo(24 * 1.2, 6)
    })
  })

  it('the wall lays the same card out one shape row shorter: the same frame with its shape beside the text', () => {
    const doc = board()
    const model = wallModel(doc, { nicknames: true })
    const exported = layoutExport(model, { locale: 'da' })
    const colour = model.legend.find((c) => c.id === 'problem')?.colour
    const exportedCards = exported.body.filter((p): p is RectPrim => p.kind === 'rect' && p.stroke === colour)

    // The wall measures its text with Konva; here it is given the export's line count, so only the frame differs.
    const lineCount = (text: string) => wrapText(text, cardTextWidth(CardShape.Above), CARD.fontSize).length
    const wall = layoutOnWall({
      labels: readLabels(doc),
      themes: readThemes(doc),
      heightOf: (l) => cardFrame(lineCount(l.text) * CARD_LINE_HEIGHT, l.nickname !== undefined).height,
      questionHeight: 0,
    })
    TEXTS.forEach((_, i) => {
      const onWall = wall.cards.get(`l${i}`)
      const inExport = exportedCards[i] as RectPrim
      expect(onWall?.width).toBe(inExport.w)
      expect(inExport.h - (onWall?.height ?? 0)).toBeCloseTo(CARD_META_ROW, 6)
    })
  })

  it('beside the text or above it, the shape is the same size and the foot line the same height', () => {
    const beside = cardFrame(3 * CARD_LINE_HEIGHT, true, CardShape.Beside)
    const above = cardFrame(3 * CARD_LINE_HEIGHT, true, CardShape.Above)
    expect([beside.width, above.width]).toEqual([256, 256])
    expect(beside.icon.width).toBe(above.icon.width)
    expect(beside.foot?.height).toBe(above.foot?.height)
    expect(beside.height - beside.text.height).toBe(above.height - above.text.height - CARD_META_ROW)
    // A card is never shorter than its shape beside the text.
    expect(cardFrame(0, false).height).toBe(10 + 24 + 10)
  })
})
