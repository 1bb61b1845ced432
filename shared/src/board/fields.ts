/**
 * Every field of every record a client can write into a board's document,
 * each with its type, its bound and its validator, and the role-independent
 * shape check built from them. The server's rights check (`rights.ts`) adds
 * only who may change what; REST routes that write labels run the same check,
 * so a record is bounded the same way whichever way it comes in.
 */
import {
  HeldFor,
  ICONS,
  isPhotoHash,
  LabelKind,
  MAX_DOTS,
  MAX_LABEL_TEXT,
  MAX_NICKNAME,
  MAX_SHORT_TEXT,
  MAX_TIMER_MS,
  PALETTE,
  parseDoneKey,
  parseVoteKey,
  SCHEMA_VERSION,
} from '../schema.ts'
import { charLength, isCoordinate, isShortText, validateLabelText } from '../validate.ts'

/** Longest id (label, theme, category, author, vote round), in characters. */
export const MAX_ID = 64
/**
 * Latest timestamp a record may carry (ms since the epoch, 1 January 2200).
 * Far past any real clock, however wrong a phone's is, and far inside what a
 * `Date` can show, so an export never meets an invalid date.
 */
export const MAX_TIMESTAMP = Date.UTC(2200, 0, 1)
/** Largest zoom a followed view may carry. */
export const MAX_VIEW_SCALE = 100

/** One field: what it holds and how far it may go. */
export interface FieldRule {
  readonly type: 'string' | 'number' | 'boolean' | 'enum' | 'object'
  /** The bound in words, used in refusals. */
  readonly bound: string
  /** Strings: most characters. Numbers: largest value. */
  readonly max?: number
  /** Strings: fewest characters. Numbers: smallest value. */
  readonly min?: number
  readonly integer?: boolean
  /** The only values an enum field takes. */
  readonly values?: readonly unknown[]
  valid(v: unknown): boolean
}

const idRule: FieldRule = {
  type: 'string',
  bound: `1 to ${MAX_ID} characters`,
  min: 1,
  max: MAX_ID,
  valid: (v) => isId(v),
}
/** True for an id: a non-empty string of at most {@link MAX_ID} characters. */
export function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_ID
}

/** True for a timestamp in ms between the epoch and {@link MAX_TIMESTAMP}. */
export function isTimestamp(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_TIMESTAMP
}

const timestampRule: FieldRule = {
  type: 'number',
  bound: `a time from 1970 to 2200 in ms`,
  min: 0,
  max: MAX_TIMESTAMP,
  valid: isTimestamp,
}
const coordinateRule: FieldRule = {
  type: 'number',
  bound: 'a finite number within ±1,000,000',
  min: -1_000_000,
  max: 1_000_000,
  valid: isCoordinate,
}
const booleanRule: FieldRule = { type: 'boolean', bound: 'true or false', valid: (v) => typeof v === 'boolean' }
const shortTextRule: FieldRule = {
  type: 'string',
  bound: `1 to ${MAX_SHORT_TEXT} characters, not blank`,
  min: 1,
  max: MAX_SHORT_TEXT,
  valid: isShortText,
}
const enumRule = (values: readonly unknown[]): FieldRule => ({
  type: 'enum',
  bound: `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
  values,
  valid: (v) => values.includes(v),
})
const objectRule = (bound: string, valid: (v: unknown) => boolean, nullable = false): FieldRule => ({
  type: 'object',
  bound,
  valid: (v) => (nullable && v === null) || valid(v),
})

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
/** A plain object with exactly these keys (extra keys would carry unbounded data). */
function hasExactKeys(v: unknown, keys: readonly string[]): v is Record<string, unknown> {
  if (!isRecord(v)) return false
  const own = Object.keys(v)
  return own.length === keys.length && own.every((k) => keys.includes(k))
}

/** The fields of a label (a Y.Map under `labels`, or in the held document). */
export const LabelFieldRules = {
  text: {
    type: 'string',
    bound: `1 to ${MAX_LABEL_TEXT} characters, trimmed`,
    min: 1,
    max: MAX_LABEL_TEXT,
    valid: (v) => {
      const r = validateLabelText(v)
      return r.ok && r.value === v
    },
  },
  category: idRule,
  x: coordinateRule,
  y: coordinateRule,
  author: idRule,
  createdAt: timestampRule,
  kind: enumRule(Object.values(LabelKind)),
  themeId: idRule,
  /** Legacy: a hidden label now lives in the held document (see `HeldFor.Hidden`). */
  hidden: enumRule([true]),
  nickname: {
    type: 'string',
    bound: `at most ${MAX_NICKNAME} characters`,
    min: 0,
    max: MAX_NICKNAME,
    valid: (v) => typeof v === 'string' && charLength(v) <= MAX_NICKNAME,
  },
  themeOrder: timestampRule,
  heldFor: enumRule(Object.values(HeldFor)),
  /** The label's picture in the board's blob store, by content hash (the image never enters the document). */
  photo: { type: 'string', bound: 'a SHA-256 hash, 64 hex digits', min: 64, max: 64, valid: (v) => isPhotoHash(v) },
} as const satisfies Record<string, FieldRule>
export type LabelFieldName = keyof typeof LabelFieldRules
/** Fields every label has. */
export const LABEL_REQUIRED: readonly LabelFieldName[] = ['text', 'category', 'x', 'y', 'author', 'createdAt', 'kind']

/** The fields of a theme (a Y.Map under `themes`). */
export const ThemeFieldRules = {
  name: shortTextRule,
  x: coordinateRule,
  y: coordinateRule,
  collapsed: booleanRule,
  createdAt: timestampRule,
} as const satisfies Record<string, FieldRule>
export type ThemeFieldName = keyof typeof ThemeFieldRules
export const THEME_REQUIRED: readonly ThemeFieldName[] = ['name', 'x', 'y']

/** One legend entry (a plain value under `legend`, replaced whole). */
export const CategoryFieldRules = {
  id: idRule,
  colour: enumRule(PALETTE),
  meaning: shortTextRule,
  icon: enumRule(ICONS),
  order: coordinateRule,
} as const satisfies Record<string, FieldRule>
const CATEGORY_KEYS = Object.keys(CategoryFieldRules)

const VOTE_ROUND_KEYS = ['id', 'target', 'dots', 'open']
const TIMER_KEYS = ['startedAt', 'durationMs']
const FOLLOW_KEYS = ['x', 'y', 'scale']

/** Keys of `settings`, each a plain value. */
export const SettingFieldRules = {
  locked: booleanRule,
  participantsMayMove: booleanRule,
  privateWriting: booleanRule,
  approveFirst: booleanRule,
  doorClosed: booleanRule,
  picturesNeedApproval: booleanRule,
  voteRound: objectRule(
    `{ id, target: "labels" | "themes", dots: 1 to ${MAX_DOTS}, open }`,
    (v) =>
      hasExactKeys(v, VOTE_ROUND_KEYS) &&
      isId(v.id) &&
      (v.target === 'labels' || v.target === 'themes') &&
      Number.isInteger(v.dots) &&
      (v.dots as number) >= 1 &&
      (v.dots as number) <= MAX_DOTS &&
      typeof v.open === 'boolean',
  ),
  timer: objectRule(
    '{ startedAt: a time, durationMs: at most a day } or null',
    (v) =>
      hasExactKeys(v, TIMER_KEYS) &&
      isTimestamp(v.startedAt) &&
      Number.isInteger(v.durationMs) &&
      (v.durationMs as number) >= 0 &&
      (v.durationMs as number) <= MAX_TIMER_MS,
    true,
  ),
  /** The current step, for "I'm done": a new timer or a new round starts one. */
  step: idRule,
  follow: objectRule(
    `{ x, y: coordinates, scale: above 0, at most ${MAX_VIEW_SCALE} } or null`,
    (v) =>
      hasExactKeys(v, FOLLOW_KEYS) &&
      isCoordinate(v.x) &&
      isCoordinate(v.y) &&
      typeof v.scale === 'number' &&
      v.scale > 0 &&
      v.scale <= MAX_VIEW_SCALE,
    true,
  ),
} as const satisfies Record<string, FieldRule>

/** Keys of `meta`, each a plain value. */
export const MetaFieldRules = {
  schemaVersion: {
    type: 'number',
    bound: `a whole number from 1 to ${SCHEMA_VERSION}`,
    min: 1,
    max: SCHEMA_VERSION,
    integer: true,
    valid: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= SCHEMA_VERSION,
  },
  title: shortTextRule,
  question: {
    type: 'string',
    bound: `at most ${MAX_LABEL_TEXT} characters`,
    min: 0,
    max: MAX_LABEL_TEXT,
    valid: (v) => typeof v === 'string' && charLength(v) <= MAX_LABEL_TEXT,
  },
} as const satisfies Record<string, FieldRule>

/** What a shape check reads of a record: a Y.Map or a plain object's entries. */
export interface RecordLike {
  keys(): Iterable<string>
  get(key: string): unknown
}

/** What a label may refer to, after the change. */
export interface BoardRefs {
  categoryIds: ReadonlySet<string>
  themeIds: ReadonlySet<string>
}

/** Why a record is refused, for the log and the close reason; null when it is well-formed. */
export type ShapeError = string | null

function checkRule(rules: Record<string, FieldRule>, what: string, field: string, v: unknown): ShapeError {
  const rule = rules[field]
  if (!rule) return `${what} cannot have a field "${field.slice(0, MAX_ID)}"`
  return rule.valid(v) ? null : `${what} ${field} must be ${rule.bound}`
}

/** A whole new label: only known fields, every one valid, required ones present, references resolved. */
export function checkLabelRecord(id: string, record: RecordLike, refs: BoardRefs): ShapeError {
  if (!isId(id)) return `a label id must be ${idRule.bound}`
  for (const key of record.keys()) {
    const r = checkRule(LabelFieldRules, 'a label', key, record.get(key))
    if (r) return r
  }
  for (const key of LABEL_REQUIRED) {
    if (record.get(key) === undefined) return `a label needs ${key}`
  }
  const category = record.get('category') as string
  if (!refs.categoryIds.has(category)) return 'unknown category'
  const themeId = record.get('themeId')
  if (themeId !== undefined && !refs.themeIds.has(themeId as string)) return 'unknown theme'
  if (record.get('kind') === LabelKind.Answer && themeId === undefined) return 'an answer belongs to a theme'
  return null
}

/** One field of an existing label set to `value`, or deleted when `value` is undefined. */
export function checkLabelField(field: string, value: unknown, refs: BoardRefs): ShapeError {
  if (value === undefined) {
    if (!(field in LabelFieldRules)) return `labels cannot have a field "${field.slice(0, MAX_ID)}"`
    return (LABEL_REQUIRED as readonly string[]).includes(field) ? `a label needs ${field}` : null
  }
  const r = checkRule(LabelFieldRules, 'a label', field, value)
  if (r) return r
  if (field === 'category' && !refs.categoryIds.has(value as string)) return 'unknown category'
  if (field === 'themeId' && !refs.themeIds.has(value as string)) return 'unknown theme'
  return null
}

/** A whole new theme. */
export function checkThemeRecord(id: string, record: RecordLike): ShapeError {
  if (!isId(id)) return `a theme id must be ${idRule.bound}`
  for (const key of record.keys()) {
    const r = checkRule(ThemeFieldRules, 'a theme', key, record.get(key))
    if (r) return r
  }
  for (const key of THEME_REQUIRED) if (record.get(key) === undefined) return `a theme needs ${key}`
  return null
}

/** One field of an existing theme set to `value`, or deleted when undefined. */
export function checkThemeField(field: string, value: unknown): ShapeError {
  if (value === undefined) {
    if (!(field in ThemeFieldRules)) return `themes cannot have a field "${field.slice(0, MAX_ID)}"`
    return (THEME_REQUIRED as readonly string[]).includes(field) ? `a theme needs ${field}` : null
  }
  return checkRule(ThemeFieldRules, 'a theme', field, value)
}

/** A legend entry under `key`: exactly the category's fields, and its id is its key. */
export function checkCategory(key: string, value: unknown): ShapeError {
  if (!hasExactKeys(value, CATEGORY_KEYS)) return `a legend entry has exactly ${CATEGORY_KEYS.join(', ')}`
  for (const field of CATEGORY_KEYS) {
    const r = checkRule(CategoryFieldRules, 'a legend entry', field, value[field])
    if (r) return r
  }
  return value.id === key ? null : 'a legend entry is kept under its own id'
}

/** A key of `settings` set to `value` (undefined: deleted). */
export function checkSetting(key: string, value: unknown): ShapeError {
  if (!(key in SettingFieldRules)) return `unknown setting "${key.slice(0, MAX_ID)}"`
  return value === undefined ? null : checkRule(SettingFieldRules, 'the setting', key, value)
}

/** A key of `meta` set to `value` (undefined: deleted). */
export function checkMeta(key: string, value: unknown): ShapeError {
  if (!(key in MetaFieldRules)) return `unknown board field "${key.slice(0, MAX_ID)}"`
  if (value === undefined) return 'board fields cannot be removed'
  return checkRule(MetaFieldRules, 'the board', key, value)
}

/** A dot under `key` naming `value` (undefined: taken back): a vote key with bounded parts and an id. */
export function checkVote(key: string, value: unknown): ShapeError {
  const k = parseVoteKey(key)
  if (!k || !isId(k.roundId) || !isId(k.participantId) || k.slot >= MAX_DOTS) return 'invalid vote key'
  return value === undefined || isId(value) ? null : 'invalid vote'
}

/** An "I'm done" under `key` (undefined: taken back): a done key with two ids, and only `true`. */
export function checkDone(key: string, value: unknown): ShapeError {
  const k = parseDoneKey(key)
  if (!k || !isId(k.stepId) || !isId(k.participantId)) return 'invalid done key'
  return value === undefined || value === true ? null : '"done" can only be true'
}

/** Reads a plain object as a record, for REST routes that build one. */
export function recordOf(o: Record<string, unknown>): RecordLike {
  const defined = Object.entries(o).filter(([, v]) => v !== undefined)
  const map = new Map(defined)
  return { keys: () => map.keys(), get: (k) => map.get(k) }
}

/**
 * A label's stored fields made to fit their bounds, for the server when it moves a label between a
 * board's documents: a label stored before the bounds (say a creation time of 1e20) is kept, with
 * an out-of-range time set to `now` and any other optional field that is out of bounds left out.
 * Null when a required field cannot be kept (the label stays where it is).
 */
export function boundedLabelRecord(
  record: Readonly<Record<string, unknown>>,
  now: number = Date.now(),
): Record<string, unknown> | null {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(record)) {
    const rule = (LabelFieldRules as Record<string, FieldRule>)[key]
    if (!rule) continue
    if (rule.valid(value)) out[key] = value
    else if (key === 'createdAt') out[key] = now
    else if ((LABEL_REQUIRED as readonly string[]).includes(key)) return null
  }
  return out
}
