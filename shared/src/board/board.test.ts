import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addLabel,
  doneKey,
  extendTimer,
  MAX_TIMER_MS,
  newStep,
  readDone,
  readDoneIds,
  readLabelRecord,
  readStep,
  readTimer,
  setDone,
  setTimer,
  startTimer,
} from '../schema.ts'
import {
  boundedLabelRecord,
  checkCategory,
  checkDone,
  checkLabelField,
  checkLabelRecord,
  checkSetting,
  checkVote,
  isTimestamp,
  MAX_ID,
  MAX_TIMESTAMP,
  recordOf,
} from './fields.ts'
import { docNamesOf, heldDocName, parseDocName } from './names.ts'

const refs = { categoryIds: new Set(['ide']), themeIds: new Set(['t1']) }

describe('the board schema’s field table', () => {
  it('accepts a label as addLabel writes it, and names the field and its bound when one is out of bounds', () => {
    const doc = new Y.Doc()
    const id = addLabel(doc, { text: 'Mere musik', category: 'ide', x: 1, y: 2, author: 'p-1' })
    const record = readLabelRecord(doc, id) ?? {}
    expect(checkLabelRecord(id, recordOf(record), refs)).toBeNull()
    expect(checkLabelRecord(id, recordOf({ ...record, heldFor: 'x'.repeat(100_000) }), refs)).toMatch(/heldFor/)
    expect(checkLabelRecord(id, recordOf({ ...record, createdAt: 1e20 }), refs)).toMatch(/createdAt/)
    expect(checkLabelRecord(id, recordOf({ ...record, pad: 1 }), refs)).toMatch(/"pad"/)
    expect(checkLabelRecord('x'.repeat(MAX_ID + 1), recordOf(record), refs)).toMatch(/id/)
    expect(checkLabelRecord(id, recordOf({ ...record, category: 'ukendt' }), refs)).toBe('unknown category')
  })

  it('bounds timestamps to 1970–2200 and refuses removing a field every label needs', () => {
    expect([0, Date.now(), MAX_TIMESTAMP].every(isTimestamp)).toBe(true)
    expect([-1, MAX_TIMESTAMP + 1, 1e20, Number.NaN, '1'].some(isTimestamp)).toBe(false)
    expect(checkLabelField('text', undefined, refs)).toMatch(/needs text/)
    expect(checkLabelField('themeId', undefined, refs)).toBeNull()
  })

  it('refuses settings, legend entries and votes that carry more than their fields', () => {
    expect(checkSetting('timer', { startedAt: 1, durationMs: 60_000 })).toBeNull()
    expect(checkSetting('timer', { startedAt: 1, durationMs: 60_000, pad: 'x' })).not.toBeNull()
    expect(checkSetting('nyt', true)).toMatch(/unknown setting/)
    const c = { id: 'ny', colour: '#D55E00', meaning: 'Ny', icon: 'star', order: 1 }
    expect(checkCategory('ny', c)).toBeNull()
    expect(checkCategory('andet', c)).toMatch(/own id/)
    expect(checkVote(`r/${'p'.repeat(MAX_ID + 1)}/0`, 'l1')).toMatch(/vote key/)
  })
})

describe('moving a label stored before the bounds', () => {
  it('keeps it, with an out-of-range time set to now and an out-of-bounds optional field left out', () => {
    const record = { text: 'Gammel', category: 'ide', x: 0, y: 0, author: 'p', createdAt: 1e20, kind: 'label' }
    expect(boundedLabelRecord({ ...record, themeOrder: 'x'.repeat(1000), pad: 1 }, 42)).toEqual({
      ...record,
      createdAt: 42,
    })
    expect(boundedLabelRecord({ ...record, text: '' })).toBeNull()
  })
})

describe('the held document’s name', () => {
  it('is built and read in one place', () => {
    expect(parseDocName(heldDocName('b1'))).toEqual({ boardId: 'b1', held: true })
    expect(parseDocName('b1')).toEqual({ boardId: 'b1', held: false })
    expect(docNamesOf('b1')).toEqual(['b1', heldDocName('b1')])
  })
})

describe('time and "I’m done" in the document', () => {
  it('+1 minute keeps the start and adds 60 s, never past a day; without a timer it does nothing', () => {
    const doc = new Y.Doc()
    extendTimer(doc, 60_000)
    expect(readTimer(doc)).toBeNull()
    startTimer(doc, 60_000)
    const { startedAt } = readTimer(doc) ?? { startedAt: 0 }
    extendTimer(doc, 60_000)
    expect(readTimer(doc)).toEqual({ startedAt, durationMs: 120_000 })
    setTimer(doc, { startedAt, durationMs: MAX_TIMER_MS - 1_000 })
    extendTimer(doc, 60_000)
    expect(readTimer(doc)?.durationMs).toBe(MAX_TIMER_MS)
    expect(checkSetting('timer', readTimer(doc))).toBeNull()
  })

  it('done is per step: a new timer or a new round starts everyone over and drops the old step’s keys', () => {
    const doc = new Y.Doc()
    setDone(doc, 'p-1', true)
    setDone(doc, 'p-2', true)
    expect(readDoneIds(doc)).toEqual(new Set(['p-1', 'p-2']))
    setDone(doc, 'p-2', false)
    expect(readDone(doc, 'p-2')).toBe(false)
    const first = readStep(doc)
    startTimer(doc, 60_000)
    expect(readStep(doc)).not.toBe(first)
    expect(readDoneIds(doc).size).toBe(0)
    expect(doc.getMap('done').size).toBe(0)
    setDone(doc, 'p-1', true)
    newStep(doc)
    expect(readDone(doc, 'p-1')).toBe(false)
    expect(checkSetting('step', readStep(doc))).toBeNull()
  })

  it('a done key is two bounded ids, and its value only true', () => {
    expect(checkDone(doneKey('s', 'p'), true)).toBeNull()
    expect(checkDone(doneKey('s', 'p'), undefined)).toBeNull()
    expect(checkDone(doneKey('s', 'p'), 1)).toMatch(/true/)
    expect(checkDone('s/p/x', true)).toMatch(/done key/)
    expect(checkDone(doneKey('s', 'p'.repeat(MAX_ID + 1)), true)).toMatch(/done key/)
    expect(checkDone('/p', true)).toMatch(/done key/)
  })
})
