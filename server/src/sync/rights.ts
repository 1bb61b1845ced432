/**
 * What each role may change on a board. Pure: a list of changes and the
 * board's state in, the first refusal (or null) out. The server runs this on
 * every update a client sends — sync step 2 included — before anything is
 * stored or relayed, so a modified client gets no further than an honest one.
 *
 * Only role rules live here. Whether a record is well-formed (every field's
 * type and bound) is the board schema's check in `@vaegavis/shared`, run
 * first for every role.
 */
import {
  type BoardRefs,
  type BoardSettings,
  checkCategory,
  checkDone,
  checkLabelField,
  checkLabelRecord,
  checkMeta,
  checkSetting,
  checkThemeField,
  checkThemeRecord,
  checkVote,
  LabelKind,
  parseDoneKey,
  parseVoteKey,
  type RecordLike,
  Role,
  Root,
  type VoteRound,
} from '@vaegavis/shared'
import * as Y from 'yjs'
import type { Change } from './changes.ts'

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

export interface RightsContext extends BoardRefs {
  role: Role
  /** Participant id for participants; user id for facilitators. */
  subject: string
  settings: BoardSettings
  /** The current step after the change (participants cannot change it): "I'm done" is said for it. */
  step: string
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
const refused = (reason: string | null): Refusal | null => (reason === null ? null : refuse(reason))

/** Returns why the changes are refused, or null when the role may make all of them. */
export function checkChanges(changes: readonly Change[], ctx: RightsContext): Refusal | null {
  if (ctx.role === Role.Viewer) return changes.length > 0 ? refuse('viewers cannot write') : null
  for (const change of changes) {
    const r =
      checkShape(change, ctx) ??
      (ctx.role === Role.Facilitator ? checkFacilitator(change, ctx) : checkParticipant(change, ctx))
    if (r) return r
  }
  return null
}

/** The board schema's own check of the record a change leaves behind: the same for every role. */
function checkShape(c: Change, refs: BoardRefs): Refusal | null {
  if (c.kind === 'unknown') return refuse(`outside the board schema: ${c.detail}`)
  const deleted = c.action === 'delete'
  if (c.kind === 'entry') {
    switch (c.root) {
      case Root.Labels:
        if (deleted) return null
        return c.newValue instanceof Y.Map
          ? refused(checkLabelRecord(c.key, c.newValue, refs))
          : refuse('a label must be a map')
      case Root.Themes:
        if (deleted) return null
        return c.newValue instanceof Y.Map
          ? refused(checkThemeRecord(c.key, c.newValue))
          : refuse('a theme must be a map')
      case Root.Legend:
        return deleted ? null : refused(checkCategory(c.key, c.newValue))
      case Root.Settings:
        return refused(checkSetting(c.key, deleted ? undefined : c.newValue))
      case Root.Meta:
        return refused(checkMeta(c.key, deleted ? undefined : c.newValue))
      case Root.Votes:
        return refused(checkVote(c.key, deleted ? undefined : c.newValue))
      case Root.Done:
        return refused(checkDone(c.key, deleted ? undefined : c.newValue))
      default:
        return refuse(`outside the board schema: root "${c.root}"`)
    }
  }
  const value = deleted ? undefined : c.newValue
  if (c.root === Root.Labels) return refused(checkLabelField(c.field, value, refs))
  if (c.root === Root.Themes) return refused(checkThemeField(c.field, value))
  return refuse(`${c.root} has no fields`)
}

/** Facilitators may change anything the schema allows, with two exceptions that keep promises to others. */
function checkFacilitator(c: Change, ctx: RightsContext): Refusal | null {
  if (c.kind === 'unknown') return refuse(c.detail)
  if (c.kind === 'entry' && c.root === Root.Legend && c.action === 'delete' && ctx.categoryInUse(c.key)) {
    return refuse('a category in use cannot be removed; move its labels first')
  }
  if (c.root === Root.Votes && c.action !== 'delete') return refuse('only participants vote')
  // Clearing old steps' signals is the facilitator's; saying "done" for someone is not.
  if (c.root === Root.Done && c.action !== 'delete') return refuse('only participants say they are done')
  if (c.root === Root.Labels) return checkHiding(c)
  return null
}

/**
 * Hiding moves a label into the held document on the server (POST /api/boards/:id/labels/hide), so its
 * text leaves every participant's device; a `hidden` flag written over the socket would leave it there.
 */
function checkHiding(c: Extract<Change, { kind: 'entry' | 'field' }>): Refusal | null {
  if (c.kind === 'field') {
    if (c.field === 'hidden' && c.action !== 'delete') return refuse('labels are hidden through the server')
    if (c.field === 'heldFor') return refuse('only the server holds labels back')
    return null
  }
  if (c.action === 'delete' || !(c.newValue instanceof Y.Map)) return null
  if (c.newValue.has('hidden')) return refuse('labels are hidden through the server')
  if (c.newValue.has('heldFor')) return refuse('only the server holds labels back')
  return null
}

/** A participant's dot: their own key, in the open round, within the dot limit, on something that exists. */
function checkParticipantVote(c: Extract<Change, { kind: 'entry' }>, ctx: RightsContext): Refusal | null {
  const key = parseVoteKey(c.key)
  const round = ctx.voteRound
  if (!key || key.participantId !== ctx.subject) return refuse("cannot vote in someone else's name")
  if (!round || !round.open || key.roundId !== round.id) return refuse('voting is closed')
  if (c.action === 'delete') return null
  if (c.action === 'update') return refuse('take a dot back before placing it again')
  if (key.slot >= round.dots) return refuse(`you have ${round.dots} dots`)
  const target = c.newValue as string
  const exists = round.target === 'labels' ? ctx.labelExists(target) : ctx.themeIds.has(target)
  return exists ? null : refuse('you can only vote on what is on the wall')
}

/** A participant's "I'm done": their own key, in the current step. */
function checkParticipantDone(key: string, ctx: RightsContext): Refusal | null {
  const k = parseDoneKey(key)
  if (!k || k.participantId !== ctx.subject) return refuse('cannot say someone else is done')
  return k.stepId === ctx.step ? null : refuse('that step is over')
}

function checkParticipant(c: Change, ctx: RightsContext): Refusal | null {
  if (c.kind === 'unknown') return refuse(c.detail)
  if (ctx.settings.locked) return refuse('the board is locked')
  if (c.kind === 'entry') {
    if (c.root === Root.Votes) return checkParticipantVote(c, ctx)
    if (c.root === Root.Done) return checkParticipantDone(c.key, ctx)
    if (c.root !== Root.Labels) return refuse(`participants cannot change ${c.root}`)
    if (c.action === 'add') {
      if (ctx.settings.privateWriting || ctx.settings.approveFirst)
        return refuse('new labels go through the facilitator right now')
      return newParticipantLabel(c.newValue as Y.Map<unknown>, ctx)
    }
    if (c.action === 'delete') {
      const author = isRecord(c.oldValue) ? c.oldValue.author : undefined
      return author === ctx.subject ? null : refuse("cannot delete another person's label")
    }
    return refuse('cannot replace a label')
  }
  if (c.root !== Root.Labels) return refuse(`participants cannot change ${c.root}`)
  const own = c.entity.get('author') === ctx.subject
  switch (c.field) {
    case 'text':
    case 'category':
      return own ? null : refuse("cannot edit another person's label")
    case 'x':
    case 'y':
    case 'themeId':
    case 'themeOrder':
      return ctx.settings.participantsMayMove ? null : refuse('moving labels is not allowed')
    case 'kind':
      return refuse('only the facilitator changes what a label is')
    case 'hidden':
      return refuse('only the facilitator hides labels')
    default:
      return refuse(`participants cannot change a label's ${c.field}`)
  }
}

/** A participant's new label: in their own name, and nothing only the facilitator may set. */
function newParticipantLabel(m: RecordLike, ctx: RightsContext): Refusal | null {
  if (m.get('author') !== ctx.subject) return refuse('label author must be you')
  if (m.get('hidden') !== undefined) return refuse('only the facilitator hides labels')
  if (m.get('heldFor') !== undefined) return refuse('only the server holds labels back')
  // A phone's picture label goes through POST /api/boards/:id/labels, which checks the phone sent that
  // picture (an async look-up this check cannot make) and holds it for approval when the board says so.
  if (m.get('photo') !== undefined) return refuse('pictures are sent through the server')
  if (m.get('themeId') !== undefined && m.get('kind') === LabelKind.Label && !ctx.settings.participantsMayMove)
    return refuse('sorting labels into themes is not allowed')
  return null
}
