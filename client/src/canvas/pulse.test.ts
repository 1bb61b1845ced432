import type { Label } from '@vaegavis/shared'
import { describe, expect, it } from 'vitest'
import { countAuthors, countParticipants } from './usePulse.ts'

const label = (id: string, author: string): Label => ({
  id,
  text: id,
  category: 'ide',
  x: 0,
  y: 0,
  author,
  createdAt: 0,
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
})
