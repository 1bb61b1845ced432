/**
 * Property test of the rights check against the schema's field table: records
 * are generated field by field (absent, valid within the bound, or invalid),
 * sent as a new device's update, and the verdict must follow from the draw
 * alone — every field valid and the required ones present, and the role's own
 * rules kept — never from what the check happens to do.
 */
import {
  addTheme,
  DEFAULT_SETTINGS,
  initBoard,
  Role,
  readLegend,
  readStep,
  readThemes,
  readVoteRound,
  typeRoots,
} from '@vaegavis/shared'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  entityUpdate,
  entryUpdate,
  labelDrawArb,
  labelIsWellFormed,
  settingDrawArb,
  themeDrawArb,
  themeIsWellFormed,
} from '../../scripts/records.ts'
import { applyAndCollect } from './changes.ts'
import { checkChanges } from './rights.ts'

const PARTICIPANT = 'p-egen'

/** The board every record is sent to: the default legend and one theme, `tema-1`. */
const BOARD = (() => {
  const doc = new Y.Doc()
  initBoard(doc, { title: 'Egenskaber' })
  addTheme(doc, { id: 'tema-1', name: 'Et tema', x: 0, y: 0 })
  return Y.encodeStateAsUpdate(doc)
})()

function verdict(update: Uint8Array, role: Role, subject: string): boolean {
  const probe = new Y.Doc()
  typeRoots(probe)
  Y.applyUpdate(probe, BOARD)
  const changes = applyAndCollect(probe, update, null)
  const refusal = checkChanges(changes, {
    role,
    subject,
    settings: { ...DEFAULT_SETTINGS },
    categoryIds: new Set(readLegend(probe).map((c) => c.id)),
    themeIds: new Set(readThemes(probe).map((t) => t.id)),
    step: readStep(probe),
    voteRound: readVoteRound(probe),
    labelExists: () => false,
    categoryInUse: () => false,
  })
  probe.destroy()
  return refusal === null
}

const runs = { numRuns: 1_500, seed: 11_2026 }

describe('every field of a record is checked against its bound, for every role', () => {
  it('a facilitator’s new label is accepted exactly when every field is within its bound and none is the server’s own', () => {
    fc.assert(
      fc.property(labelDrawArb('facilitator'), (d) => {
        const expected = labelIsWellFormed(d) && d.hidden.draw === 'absent' && d.heldFor.draw === 'absent'
        expect(verdict(entityUpdate('labels', 'label-egen-1', d), Role.Facilitator, 'u-1')).toBe(expected)
      }),
      runs,
    )
  })

  it('a participant’s new label is accepted exactly when it is well-formed, in their name, unsorted and not hidden', () => {
    fc.assert(
      fc.property(labelDrawArb(PARTICIPANT), (d) => {
        const sorted = d.themeId.draw === 'valid' && d.kind.value === 'label'
        // Pictures come only from the facilitator's capture (rights.ts).
        const expected =
          labelIsWellFormed(d) &&
          d.hidden.draw === 'absent' &&
          d.heldFor.draw === 'absent' &&
          d.photo.draw === 'absent' &&
          !sorted
        expect(verdict(entityUpdate('labels', 'label-egen-2', d), Role.Participant, PARTICIPANT)).toBe(expected)
      }),
      runs,
    )
  })

  it('a theme is accepted from the facilitator exactly when it is well-formed, and never from a participant', () => {
    fc.assert(
      fc.property(themeDrawArb(), (d) => {
        const update = entityUpdate('themes', 'tema-egen', d)
        expect(verdict(update, Role.Facilitator, 'u-1')).toBe(themeIsWellFormed(d))
        expect(verdict(update, Role.Participant, PARTICIPANT)).toBe(false)
      }),
      runs,
    )
  })

  it('a setting is accepted from the facilitator exactly when its value is within its bound', () => {
    fc.assert(
      fc.property(settingDrawArb(), (d) => {
        expect(verdict(entryUpdate('settings', d.key, d.value, BOARD), Role.Facilitator, 'u-1')).toBe(
          d.draw === 'valid',
        )
      }),
      runs,
    )
  })

  it('the generators reach both verdicts for labels (the property is not vacuous)', () => {
    const draws = fc.sample(labelDrawArb('facilitator'), { numRuns: 2_000, seed: 7 })
    const good = draws.filter((d) => labelIsWellFormed(d) && d.hidden.draw === 'absent' && d.heldFor.draw === 'absent')
    expect(good.length).toBeGreaterThan(20)
    expect(draws.length - good.length).toBeGreaterThan(200)
  })
})
