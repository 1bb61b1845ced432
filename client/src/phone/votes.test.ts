import { type Label, LabelKind, type Theme } from '@vaegavis/shared'
import { describe, expect, it } from 'vitest'
import { voteGroups } from './votes.ts'

const label = (id: string, extra: Partial<Label> = {}): Label => ({
  id,
  text: `text ${id}`,
  category: 'ide',
  x: 0,
  y: 0,
  author: 'p1',
  createdAt: 1,
  kind: LabelKind.Label,
  ...extra,
})
const theme = (id: string, name: string): Theme => ({ id, name, x: 0, y: 0, collapsed: false, createdAt: 1 })

describe('what a phone can vote on', () => {
  it('lists the themes by name when the round is about themes', () => {
    expect(voteGroups('themes', [label('a')], [theme('t1', 'Sport')])).toEqual([
      { heading: null, targets: [{ id: 't1', text: 'Sport' }] },
    ])
  })

  it('groups labels and answers under their theme, then the unsorted ones, and leaves hidden labels out', () => {
    const labels = [
      label('a', { themeId: 't1' }),
      label('b'),
      label('c', { themeId: 't1', kind: LabelKind.Answer }),
      label('d', { hidden: true }),
      label('e', { themeId: 'gone' }),
    ]
    const groups = voteGroups('labels', labels, [theme('t1', 'Sport'), theme('t2', 'Tomt')])
    expect(groups.map((g) => [g.heading, g.targets.map((x) => x.id)])).toEqual([
      ['Sport', ['a', 'c']],
      ['', ['b', 'e']],
    ])
    expect(groups[0]?.targets[0]).toEqual({ id: 'a', text: 'text a', category: 'ide' })
  })

  it('carries a label’s picture, so the phone can show what the note looked like', () => {
    const photo = 'ab'.repeat(32)
    const [group] = voteGroups('labels', [label('a', { photo }), label('b')], [])
    expect(group?.targets.map((x) => x.photo)).toEqual([photo, undefined])
  })

  it('uses one plain list on a wall without themes', () => {
    expect(voteGroups('labels', [label('a')], [])).toEqual([
      { heading: null, targets: [{ id: 'a', text: 'text a', category: 'ide' }] },
    ])
  })
})
