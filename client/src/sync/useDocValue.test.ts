import { addLabel, castVote, initBoard, readLabels, readMyVotes, setTitle, startVoteRound } from '@vaegavis/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readBoard } from './hooks.ts'
import { readDoc, subscribeDoc } from './useDocValue.ts'

const board = () => {
  const doc = new Y.Doc()
  initBoard(doc, { title: 'Fritidsklub' })
  return doc
}
const label = (doc: Y.Doc, text: string) =>
  addLabel(doc, { text, category: readBoard(doc).legend[0]?.id ?? '', x: 0, y: 0, author: 'p1' })

describe('one reader of the board document', () => {
  it('gives the same value until the document changes, so nothing re-renders for nothing', () => {
    const doc = board()
    const first = readDoc(doc, readBoard)
    expect(readDoc(doc, readBoard)).toBe(first)
    label(doc, 'Mere musik')
    const second = readDoc(doc, readBoard)
    expect(second).not.toBe(first)
    expect(second.labels.map((l) => l.text)).toEqual(['Mere musik'])
  })

  it('tells every listener once per change, and shows a change made while nobody listened', () => {
    const doc = board()
    expect(readDoc(doc, readBoard).title).toBe('Fritidsklub')
    setTitle(doc, 'Ungdomsrådet')
    let calls = 0
    const stop = subscribeDoc(doc, () => calls++)
    expect(readDoc(doc, readBoard).title).toBe('Ungdomsrådet')
    label(doc, 'Flere bænke')
    expect(calls).toBe(1)
    stop()
    label(doc, 'Længere åbent')
    expect(calls).toBe(1)
    expect(
      readDoc(doc, readLabels)
        .map((l) => l.text)
        .sort(),
    ).toEqual(['Flere bænke', 'Længere åbent'])
  })

  it('reads again for another argument: each phone sees its own dots', () => {
    const doc = board()
    const id = label(doc, 'Mere musik')
    startVoteRound(doc, 'labels', 3)
    castVote(doc, 'p1', id)
    expect(readDoc(doc, readMyVotes, 'p1').left).toBe(2)
    expect(readDoc(doc, readMyVotes, 'p2').left).toBe(3)
    expect(readDoc(doc, readMyVotes, 'p1').used.get(id)).toBe(1)
  })
})
