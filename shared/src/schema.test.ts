import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addLabel,
  defaultLegend,
  deleteLabel,
  editLabel,
  initBoard,
  moveLabel,
  PALETTE,
  readLabel,
  readLabels,
  readLegend,
  readSchemaVersion,
  readSettings,
  readTitle,
  SCHEMA_VERSION,
  setLabelHidden,
  setLabelTheme,
  setSetting,
} from './schema.ts'

function board() {
  const doc = new Y.Doc()
  initBoard(doc, { title: 'Klubaften' })
  return doc
}

describe('board document', () => {
  it('a new board has the Danish default legend Problem / Idé / Ønske, each with a colour and an icon', () => {
    const legend = readLegend(board())
    expect(legend.map((c) => c.meaning)).toEqual(['Problem', 'Idé', 'Ønske'])
    expect(new Set(legend.map((c) => c.icon)).size).toBe(3)
    for (const c of legend) expect(PALETTE).toContain(c.colour)
    expect(defaultLegend()).toEqual(legend)
  })

  it('records its title and schema version, with every switch off but picture approval', () => {
    const doc = board()
    expect(readTitle(doc)).toBe('Klubaften')
    expect(readSchemaVersion(doc)).toBe(SCHEMA_VERSION)
    expect(readSettings(doc)).toEqual({
      locked: false,
      participantsMayMove: false,
      privateWriting: false,
      approveFirst: false,
      picturesNeedApproval: true,
    })
    setSetting(doc, 'locked', true)
    expect(readSettings(doc).locked).toBe(true)
  })

  it('holds pictures back on a board stored before the setting existed, until the facilitator says otherwise', () => {
    const doc = board()
    doc.getMap('settings').delete('picturesNeedApproval')
    expect(readSettings(doc).picturesNeedApproval).toBe(true)
    setSetting(doc, 'picturesNeedApproval', false)
    expect(readSettings(doc).picturesNeedApproval).toBe(false)
  })

  it('labels are added, moved, edited, hidden, sorted into themes and deleted through the helpers', () => {
    const doc = board()
    const id = addLabel(doc, { text: 'Mere plads', category: 'problem', x: 1, y: 2, author: 'p-1', nickname: 'Sam' })
    expect(readLabel(doc, id)).toMatchObject({
      text: 'Mere plads',
      category: 'problem',
      x: 1,
      y: 2,
      author: 'p-1',
      kind: 'label',
      nickname: 'Sam',
    })
    moveLabel(doc, id, 50, 60)
    editLabel(doc, id, { text: 'Mere plads til os' })
    setLabelHidden(doc, id, true)
    setLabelTheme(doc, id, 't1')
    expect(readLabel(doc, id)).toMatchObject({ x: 50, y: 60, text: 'Mere plads til os', hidden: true, themeId: 't1' })
    setLabelTheme(doc, id, undefined)
    expect(readLabel(doc, id)?.themeId).toBeUndefined()
    deleteLabel(doc, id)
    expect(readLabels(doc)).toEqual([])
  })

  it('a concurrent move and text edit of the same label both survive', () => {
    const a = board()
    const id = addLabel(a, { text: 'før', category: 'ide', x: 0, y: 0, author: 'p-1' })
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    moveLabel(a, id, 10, 10)
    editLabel(b, id, { text: 'efter' })
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    for (const d of [a, b]) expect(readLabel(d, id)).toMatchObject({ x: 10, y: 10, text: 'efter' })
  })

  it('labels are listed oldest first', () => {
    const doc = board()
    addLabel(doc, { text: 'to', category: 'ide', x: 0, y: 0, author: 'p', createdAt: 2000 })
    addLabel(doc, { text: 'en', category: 'ide', x: 0, y: 0, author: 'p', createdAt: 1000 })
    expect(readLabels(doc).map((l) => l.text)).toEqual(['en', 'to'])
  })
})
