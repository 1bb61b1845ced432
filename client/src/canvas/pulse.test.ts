import type { Label } from '@vaegavis/shared'
import { describe, expect, it } from 'vitest'
import { CARRIED_OVER_LEEWAY_MS, countAuthors, countDone, countParticipants, writtenToday } from './usePulse.ts'

const label = (id: string, author: string, createdAt = 0): Label => ({
  id,
  text: id,
  category: 'ide',
  x: 0,
  y: 0,
  author,
  createdAt,
  kind: 'label',
})

describe('participation pulse', () => {
  it('counts each participant who wrote once, on the wall or held back, and not the facilitator', () => {
    const wall = [label('a', 'p1'), label('b', 'p1'), label('c', 'p2'), label('d', 'facilitator')]
    const held = [label('e', 'p2'), label('f', 'p3')]
    expect(countAuthors(wall, held)).toBe(3)
  })

  it('counts only the screens that announce a participant', () => {
    expect(countParticipants([{ role: 'participant' }, {}, { role: 'participant' }, null, { role: 'wall' }])).toBe(2)
  })

  it('on a board continued from last time, counts only who wrote today', () => {
    const created = Date.UTC(2026, 2, 11, 17)
    const lastWeek = created - 7 * 24 * 3600_000
    const wall = [
      label('old1', 'p1', lastWeek),
      label('old2', 'p2', lastWeek),
      label('new', 'p3', created + 60_000),
      // A phone whose clock runs a few minutes slow still counts.
      label('slow', 'p4', created - CARRIED_OVER_LEEWAY_MS / 2),
    ]
    expect(countAuthors(writtenToday(wall, created), [])).toBe(2)
  })
})

describe('how many are done', () => {
  it('counts those done, never more than are here (a phone that said done and left)', () => {
    expect(countDone(new Set(['p-1', 'p-2']), 12)).toBe(2)
    expect(countDone(new Set(['p-1', 'p-2', 'p-3']), 2)).toBe(2)
    expect(countDone(new Set(), 0)).toBe(0)
  })
})
