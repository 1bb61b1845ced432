/**
 * Generators of board records field by field, from the schema's own field
 * table: each field absent, valid within its bound, or invalid (wrong type,
 * past its bound, an extreme number, a long string). Used by the fuzzer and
 * by the rights check's property test, which knows from the draw alone
 * whether the record must be accepted.
 */
import {
  type FieldRule,
  LABEL_REQUIRED,
  type LabelFieldName,
  LabelFieldRules,
  SettingFieldRules,
  THEME_REQUIRED,
  ThemeFieldRules,
} from '@vaegavis/shared'
import fc from 'fast-check'
import * as Y from 'yjs'

/** Ids a generated label may refer to; the target board must have them. */
export const REFS = { categoryIds: new Set(['ide', 'problem']), themeIds: new Set(['tema-1']) }

const printable = (min: number, max: number) =>
  fc.string({ unit: 'grapheme', minLength: min, maxLength: max }).filter((s) => s.trim() === s && s !== '')

/** A value the rule accepts (never the edge of a reference: those are drawn by the record). */
export function validArb(rule: FieldRule): fc.Arbitrary<unknown> {
  switch (rule.type) {
    case 'boolean':
      return fc.boolean()
    case 'enum':
      return fc.constantFrom(...(rule.values ?? []))
    case 'number': {
      const min = rule.min ?? -1e6
      const max = rule.max ?? 1e6
      return (rule.integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true })).filter((v) =>
        rule.valid(v),
      )
    }
    case 'string': {
      const max = Math.min(rule.max ?? 40, 40)
      return fc
        .oneof(printable(Math.max(1, rule.min ?? 0), max), fc.constant('x'.repeat(rule.max ?? 1)))
        .filter((v) => rule.valid(v))
    }
    case 'object':
      return fc.constant(null).filter((v) => rule.valid(v))
  }
}

/** A value the rule refuses: the other types, past the bound, extreme numbers, a long string, smuggled keys. */
export function invalidArb(rule: FieldRule): fc.Arbitrary<unknown> {
  const past = rule.type === 'string' ? (rule.max ?? 64) : 64
  return fc
    .oneof(
      fc.constantFrom(1e20, -1e20, Number.NaN, Number.POSITIVE_INFINITY, -1, 2 ** 53, 0.5, ''),
      fc.constant('x'.repeat(past + 1)),
      fc.integer({ min: past + 1, max: past + 100_000 }).map((n) => 'ø'.repeat(n)),
      fc.constantFrom(null, true, false, 0, 'label', ' padded ', [], {}),
      fc.constant({ id: 'r', target: 'labels', dots: 3, open: true, pad: 'x'.repeat(10_000) }),
      fc.double({ noNaN: false }),
      fc.string({ maxLength: 8 }),
    )
    .filter((v) => !rule.valid(v))
}

export type Draw = 'absent' | 'valid' | 'invalid'

/** One generated field: how it was drawn and its value. */
export interface FieldDraw {
  draw: Draw
  value: unknown
}

/** How often a field is left out, drawn valid or drawn invalid: most records are good but for a field or two. */
type Weights = [absent: number, valid: number, invalid: number]
const REQUIRED_WEIGHTS: Weights = [1, 30, 3]
const OPTIONAL_WEIGHTS: Weights = [15, 15, 3]
/** Fields only the server writes: mostly absent, so records a role may write are common. */
const SERVER_WEIGHTS: Weights = [40, 2, 2]

function fieldArb(
  rule: FieldRule,
  valid: fc.Arbitrary<unknown> = validArb(rule),
  [absent, good, bad]: Weights = OPTIONAL_WEIGHTS,
): fc.Arbitrary<FieldDraw> {
  return fc.oneof(
    { weight: absent, arbitrary: fc.constant<FieldDraw>({ draw: 'absent', value: undefined }) },
    { weight: good, arbitrary: valid.map((value): FieldDraw => ({ draw: 'valid', value })) },
    { weight: bad, arbitrary: invalidArb(rule).map((value): FieldDraw => ({ draw: 'invalid', value })) },
  )
}

const weightsOf = (name: string, required: readonly string[]): Weights =>
  name === 'hidden' || name === 'heldFor' || name === 'photo'
    ? SERVER_WEIGHTS
    : required.includes(name)
      ? REQUIRED_WEIGHTS
      : OPTIONAL_WEIGHTS

export type LabelDraw = Record<LabelFieldName, FieldDraw>

/** A label field by field; references are drawn from {@link REFS} when valid, the author as `author`. */
export function labelDrawArb(author: string): fc.Arbitrary<LabelDraw> {
  const refs = {
    category: fc.constantFrom(...REFS.categoryIds),
    themeId: fc.constantFrom(...REFS.themeIds),
    author: fc.constant(author),
    photo: fc.stringMatching(/^[0-9a-f]{64}$/),
  }
  const fields = Object.fromEntries(
    Object.entries(LabelFieldRules).map(([name, rule]) => [
      name,
      fieldArb(
        rule,
        (refs as Record<string, fc.Arbitrary<unknown>>)[name] ?? validArb(rule),
        weightsOf(name, LABEL_REQUIRED),
      ),
    ]),
  )
  return fc.record(fields) as fc.Arbitrary<LabelDraw>
}

/** Whether a label drawn this way is well-formed by the schema (before any role rule). */
export function labelIsWellFormed(d: LabelDraw): boolean {
  const all = Object.values(d).every((f) => f.draw !== 'invalid')
  const required = LABEL_REQUIRED.every((k) => d[k].draw === 'valid')
  const answer = d.kind.value === 'answer'
  return all && required && (!answer || d.themeId.draw === 'valid')
}

export type ThemeDraw = Record<keyof typeof ThemeFieldRules, FieldDraw>

export function themeDrawArb(): fc.Arbitrary<ThemeDraw> {
  return fc.record(
    Object.fromEntries(
      Object.entries(ThemeFieldRules).map(([n, r]) => [n, fieldArb(r, validArb(r), weightsOf(n, THEME_REQUIRED))]),
    ),
  ) as fc.Arbitrary<ThemeDraw>
}

export function themeIsWellFormed(d: ThemeDraw): boolean {
  return Object.values(d).every((f) => f.draw !== 'invalid') && THEME_REQUIRED.every((k) => d[k].draw === 'valid')
}

/** A setting key and a value for it, valid or not. */
export function settingDrawArb(): fc.Arbitrary<{ key: string } & FieldDraw> {
  const good: Record<string, fc.Arbitrary<unknown>> = {
    voteRound: fc.record({
      id: printable(1, 16),
      target: fc.constantFrom('labels', 'themes'),
      dots: fc.integer({ min: 1, max: 20 }),
      open: fc.boolean(),
    }),
    timer: fc.oneof(
      fc.constant(null),
      fc.record({
        startedAt: fc.integer({ min: 0, max: Date.UTC(2199, 0, 1) }),
        durationMs: fc.integer({ min: 0, max: 24 * 3600 * 1000 }),
      }),
    ),
    follow: fc.oneof(
      fc.constant(null),
      fc.record({
        x: fc.integer({ min: -1e6, max: 1e6 }),
        y: fc.integer({ min: -1e6, max: 1e6 }),
        scale: fc.double({ min: 0.01, max: 100, noNaN: true }),
      }),
    ),
  }
  return fc.constantFrom(...Object.keys(SettingFieldRules)).chain((key) => {
    const rule = SettingFieldRules[key as keyof typeof SettingFieldRules]
    return fc
      .oneof(
        // fast-check builds records without a prototype; a device would send plain objects.
        (good[key] ?? validArb(rule)).map((value): FieldDraw => ({ draw: 'valid', value: plain(value) })),
        invalidArb(rule).map((value): FieldDraw => ({ draw: 'invalid', value })),
      )
      .map((f) => ({ key, ...f }))
  })
}

const plain = (v: unknown): unknown => (typeof v === 'object' && v !== null ? { ...v } : v)

/** The update a brand-new device sends to add `record` under `root` (a Y.Map per entity). */
export function entityUpdate(root: 'labels' | 'themes', id: string, fields: Record<string, FieldDraw>): Uint8Array {
  const doc = new Y.Doc()
  let update: Uint8Array = new Uint8Array()
  doc.on('update', (u: Uint8Array) => {
    update = u
  })
  doc.transact(() => {
    const m = new Y.Map<unknown>()
    for (const [k, f] of Object.entries(fields)) if (f.draw !== 'absent') m.set(k, f.value)
    doc.getMap(root).set(id, m)
  })
  doc.destroy()
  return update
}

/** The update a device sends to set one key of a root map (after receiving `base`, when given). */
export function entryUpdate(root: 'settings' | 'meta', key: string, value: unknown, base?: Uint8Array): Uint8Array {
  const doc = new Y.Doc()
  // Built on the board as it is, so the write replaces what is there instead of racing it.
  if (base) Y.applyUpdate(doc, base)
  let update: Uint8Array = new Uint8Array()
  doc.on('update', (u: Uint8Array) => {
    update = u
  })
  doc.getMap(root).set(key, value)
  doc.destroy()
  return update
}
