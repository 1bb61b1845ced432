import { defaultLegend, type Label, type Theme } from '@vaegavis/shared'
import { describe, expect, it } from 'vitest'
import { rankVotes } from './ranking.ts'

const label = (id: string, extra: Partial<Label> = {}): Label => ({
  id,
  text: `tekst ${id}`,
  category: 'ide',
  x: 0,
  y: 0,
  author: 'p',
  createdAt: 0,
  kind: 'label',
  ...extra,
})
const theme = (id: string): Theme => ({ id, name: `Tema ${id}`, x: 0, y: 0, collapsed: false, createdAt: 0 })

describe('rankVotes', () => {
  const base = {
    legend: defaultLegend(),
    labels: [label('a'), label('b'), label('c'), label('h', { hidden: true })],
    themes: [theme('t1'), theme('t2')],
  }

  it('lists labels with dots, most first, leaving out those without and hidden ones', () => {
    const ranked = rankVotes({
      ...base,
      voteRound: { id: 'r', target: 'labels', dots: 3, open: true },
      voteCounts: new Map([
        ['a', 1],
        ['c', 4],
        ['h', 9],
        ['t1', 2],
      ]),
    })
    expect(ranked.map((r) => [r.id, r.votes])).toEqual([
      ['c', 4],
      ['a', 1],
    ])
    expect(ranked[0]?.category?.meaning).toBe('Idé')
  })

  it('lists themes by name in a round on themes, and nothing without a round', () => {
    const counts = new Map([['t2', 3]])
    const round = { id: 'r', target: 'themes', dots: 3, open: false } as const
    expect(rankVotes({ ...base, voteRound: round, voteCounts: counts })).toEqual([
      { id: 't2', text: 'Tema t2', votes: 3 },
    ])
    expect(rankVotes({ ...base, voteRound: null, voteCounts: counts })).toEqual([])
  })
})
