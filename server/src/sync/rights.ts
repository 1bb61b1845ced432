/**
 * What each role may change on a board. Pure: a list of changes and the
 * board's state in, the first refusal (or null) out. The server runs this on
 * every update a client sends — sync step 2 included — before anything is
 * stored or relayed, so a modified client gets no further than an honest one.
 */
import {
  type BoardSettings,
  charLength,
  isCoordinate,
  isPhotoHash,
  isShortText,
  isValidCategory,
  LABEL_FIELDS,
  LabelKind,
  MAX_DOTS,
  MAX_LABEL_TEXT,
  MAX_NICKNAME,
  parseVoteKey,
  Role,
  Root,
  type VoteRound,
  validateLabelText,
} from '@vaegavis/shared'
import * as Y from 'yjs'
import type { Change } from './changes.ts'

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

export interface RightsContext {
  role: Role
  /** Participant id for participants; user id for facilitators. */
  subject: string
  settings: BoardSettings
  /** Category ids in the legend after the change. */
  categoryIds: ReadonlySet<string>
  /** Theme ids after the change. */
  themeIds: ReadonlySet<string>
  /** The vote round after the change (participants cannot change it). */
  voteRound: VoteRound | null
  /** Whether a label exists after the change. */
  labelExists(id: string): boolean
  /** Whether any label uses a category after the change. */
  categoryInUse(id: string): boolean
}

export interface Refusal {
  reason: string
}

const refuse = (reason: string): Refusal => ({ reason })

/** Returns why the changes are refused, or null when the role may make all of them. */
export function checkChanges(changes: readonly Change[], ctx: RightsContext): Refusal | null {
  if (ctx.role === Role.Viewer) return changes.length > 0 ? refuse('viewers cannot write') : null
  for (const change of changes) {
    const r = ctx.role === Role.Facilitator ? checkFacilitator(change, ctx) : checkParticipant(change, ctx)
    if (r) return r
  }
  return null
}

/** Facilitators may change anything, but only into a well-formed board. */
function checkFacilitator(c: Change, ctx: RightsContext): Refusal | null {
  if (c.kind === 'unknown') return refuse(`outside the board schema: ${c.detail}`)
  if (c.kind === 'entry' && c.root === Root.Labels && c.action !== 'delete') {
    return c.newValue instanceof Y.Map ? checkLabelShape(c.newValue, ctx, null) : refuse('a label must be a map')
  }
  if (c.kind === 'entry' && c.root === Root.Legend && c.action !== 'delete' && !isValidCategory(c.newValue)) {
    return refuse('invalid legend entry')
  }
  if (c.kind === 'entry' && c.root === Root.Legend && c.action === 'delete' && ctx.categoryInUse(c.key)) {
    return refuse('a category in use cannot be removed; move its labels first')
  }
  if (c.kind === 'field' && c.root === Root.Labels) return checkLabelField(c, ctx)
  if (c.root === Root.Themes) return checkTheme(c)
  if (c.root === Root.Votes) return c.action === 'delete' ? null : refuse('only participants vote')
  if (c.kind === 'entry' && c.root === Root.Settings) return checkSetting(c)
  if (c.kind === 'entry' && c.root === Root.Meta) return checkMeta(c)
  return c.kind === 'field' ? refuse(`${c.root} has no fields`) : null
}

function checkTheme(c: Change): Refusal | null {
  if (c.kind === 'unknown') return refuse(c.detail)
  if (c.kind === 'entry') {
    if (c.action === 'delete') return null
    if (!(c.newValue instanceof Y.Map)) return refuse('a theme must be a map')
    const m = c.newValue
    for (const key of m.keys()) if (!THEME_FIELDS.includes(key)) return refuse(`themes cannot have a field "${key}"`)
    return isShortText(m.get('name')) && isCoordinate(m.get('x')) && isCoordinate(m.get('y'))
      ? null
      : refuse('invalid theme')
  }
  switch (c.field) {
    case 'name':
      return isShortText(c.newValue) ? null : refuse('invalid theme name')
    case 'x':
    case 'y':
      return isCoordinate(c.newValue) ? null : refuse('invalid coordinate')
    case 'collapsed':
      return typeof c.newValue === 'boolean' ? null : refuse('invalid collapsed flag')
    default:
      return refuse(`themes cannot have a field "${c.field}"`)
  }
}

const THEME_FIELDS = ['name', 'x', 'y', 'collapsed', 'createdAt']
const FLAGS = ['locked', 'participantsMayMove', 'privateWriting', 'approveFirst']

function checkSetting(c: Extract<Change, { kind: 'entry' }>): Refusal | null {
  if (c.action === 'delete') return null
  const v = c.newValue
  if (FLAGS.includes(c.key)) return typeof v === 'boolean' ? null : refuse(`${c.key} must be true or false`)
  if (c.key === 'voteRound') {
    const ok =
      isRecord(v) &&
      typeof v.id === 'string' &&
      (v.target === 'labels' || v.target === 'themes') &&
      typeof v.dots === 'number' &&
      Number.isInteger(v.dots) &&
      v.dots >= 1 &&
      v.dots <= MAX_DOTS &&
      typeof v.open === 'boolean'
    return ok ? null : refuse('invalid vote round')
  }
  if (c.key === 'timer') {
    const ok = v === null || (isRecord(v) && typeof v.startedAt === 'number' && typeof v.durationMs === 'number')
    return ok ? null : refuse('invalid timer')
  }
  if (c.key === 'follow') {
    const ok =
      v === null ||
      (isRecord(v) && isCoordinate(v.x) && isCoordinate(v.y) && typeof v.scale === 'number' && v.scale > 0)
    return ok ? null : refuse('invalid view')
  }
  return refuse(`unknown setting "${c.key}"`)
}

function checkMeta(c: Extract<Change, { kind: 'entry' }>): Refusal | null {
  switch (c.key) {
    case 'question':
      return typeof c.newValue === 'string' && charLength(c.newValue) <= MAX_LABEL_TEXT
        ? null
        : refuse('invalid question')
    case 'title':
      return isShortText(c.newValue) ? null : refuse('invalid title')
    case 'schemaVersion':
      return typeof c.newValue === 'number' ? null : refuse('invalid schema version')
    default:
      return refuse(`unknown board field "${c.key}"`)
  }
}

/** A participant's dot: their own key, in the open round, within the dot limit, on something that exists. */
function checkVote(c: Extract<Change, { kind: 'entry' }>, ctx: RightsContext): Refusal | null {
  const key = parseVoteKey(c.key)
  const round = ctx.voteRound
  if (!key || key.participantId !== ctx.subject) return refuse("cannot vote in someone else's name")
  if (!round || !round.open || key.roundId !== round.id) return refuse('voting is closed')
  if (c.action === 'delete') return null
  if (c.action === 'update') return refuse('take a dot back before placing it again')
  if (key.slot >= round.dots) return refuse(`you have ${round.dots} dots`)
  const target = c.newValue
  if (typeof target !== 'string') return refuse('invalid vote')
  const exists = round.target === 'labels' ? ctx.labelExists(target) : ctx.themeIds.has(target)
  return exists ? null : refuse('you can only vote on what is on the wall')
}

function checkParticipant(c: Change, ctx: RightsContext): Refusal | null {
  if (c.kind === 'unknown') return refuse(`outside the board schema: ${c.detail}`)
  if (ctx.settings.locked) return refuse('the board is locked')
  if (c.kind === 'entry') {
    if (c.root === Root.Votes) return checkVote(c, ctx)
    if (c.root !== Root.Labels) return refuse(`participants cannot change ${c.root}`)
    if (c.action === 'add') {
      if (ctx.settings.privateWriting || ctx.settings.approveFirst)
        return refuse('new labels go through the facilitator right now')
      return c.newValue instanceof Y.Map
        ? checkLabelShape(c.newValue, ctx, ctx.subject)
        : refuse('a label must be a map')
    }
    if (c.action === 'delete') {
      const author = isRecord(c.oldValue) ? c.oldValue.author : undefined
      return author === ctx.subject ? null : refuse("cannot delete another person's label")
    }
    return refuse('cannot replace a label')
  }
  if (c.root !== Root.Labels) return refuse(`participants cannot change ${c.root}`)
  return checkLabelField(c, ctx)
}

/** A change to one field of an existing label. */
function checkLabelField(c: Extract<Change, { kind: 'field' }>, ctx: RightsContext): Refusal | null {
  const isFacilitator = ctx.role === Role.Facilitator
  const labelAuthor = c.entity.get('author')
  switch (c.field) {
    case 'text': {
      if (!isFacilitator && labelAuthor !== ctx.subject) return refuse("cannot edit another person's label")
      const v = validateLabelText(c.newValue)
      return v.ok && v.value === c.newValue ? null : refuse('invalid label text')
    }
    case 'category':
      if (!isFacilitator && labelAuthor !== ctx.subject) return refuse("cannot edit another person's label")
      return typeof c.newValue === 'string' && ctx.categoryIds.has(c.newValue) ? null : refuse('unknown category')
    case 'x':
    case 'y':
      if (!isFacilitator && !ctx.settings.participantsMayMove) return refuse('moving labels is not allowed')
      return isCoordinate(c.newValue) ? null : refuse('invalid coordinate')
    case 'themeId':
      if (!isFacilitator && !ctx.settings.participantsMayMove) return refuse('moving labels is not allowed')
      if (c.action === 'delete') return null
      return typeof c.newValue === 'string' && ctx.themeIds.has(c.newValue) ? null : refuse('unknown theme')
    case 'themeOrder':
      if (!isFacilitator && !ctx.settings.participantsMayMove) return refuse('moving labels is not allowed')
      return c.action === 'delete' || typeof c.newValue === 'number' ? null : refuse('invalid theme order')
    case 'kind':
      // Deleting a theme turns its answers into ordinary labels.
      if (!isFacilitator) return refuse('only the facilitator changes what a label is')
      return c.newValue === LabelKind.Label || c.newValue === LabelKind.Answer ? null : refuse('invalid label kind')
    case 'hidden':
      if (!isFacilitator) return refuse('only the facilitator hides labels')
      return c.action === 'delete' || c.newValue === true ? null : refuse('invalid hidden flag')
    default:
      return refuse(`labels cannot have a field "${c.field}"`)
  }
}

/** A new label: every field known and valid; `author` pinned for participants. */
function checkLabelShape(m: Y.Map<unknown>, ctx: RightsContext, author: string | null): Refusal | null {
  for (const key of m.keys()) {
    if (!(LABEL_FIELDS as readonly string[]).includes(key)) return refuse(`labels cannot have a field "${key}"`)
  }
  const text = m.get('text')
  const v = validateLabelText(text)
  if (!v.ok || v.value !== text) return refuse('invalid label text')
  const category = m.get('category')
  if (typeof category !== 'string' || !ctx.categoryIds.has(category)) return refuse('unknown category')
  if (!isCoordinate(m.get('x')) || !isCoordinate(m.get('y'))) return refuse('invalid coordinate')
  const a = m.get('author')
  if (author !== null ? a !== author : typeof a !== 'string' || a === '') return refuse('label author must be you')
  if (typeof m.get('createdAt') !== 'number') return refuse('invalid creation time')
  const kind = m.get('kind')
  if (kind !== LabelKind.Label && kind !== LabelKind.Answer) return refuse('invalid label kind')
  const themeId = m.get('themeId')
  if (themeId !== undefined) {
    if (typeof themeId !== 'string' || !ctx.themeIds.has(themeId)) return refuse('unknown theme')
    if (author !== null && kind === LabelKind.Label && !ctx.settings.participantsMayMove)
      return refuse('sorting labels into themes is not allowed')
  }
  if (kind === LabelKind.Answer && themeId === undefined) return refuse('an answer belongs to a theme')
  if (m.has('hidden') && author !== null) return refuse('only the facilitator hides labels')
  // A picture is a content hash into the board's blob store (capture, issue #14), never the image itself.
  if (m.has('photo') && !isPhotoHash(m.get('photo'))) return refuse('invalid photo')
  const nickname = m.get('nickname')
  if (nickname !== undefined && (typeof nickname !== 'string' || charLength(nickname) > MAX_NICKNAME))
    return refuse('invalid nickname')
  return null
}
