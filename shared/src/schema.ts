/**
 * The board's Yjs document. This module is the only place that knows the
 * document's key names; everyone else reads and writes through the typed
 * helpers below, which wrap writes in `doc.transact` with a typed origin.
 *
 * Layout (schema version 1):
 *   meta      Y.Map   schemaVersion, title, question
 *   settings  Y.Map   locked, participantsMayMove, privateWriting, approveFirst, doorClosed, …
 *   legend    Y.Map   categoryId → Category (plain JSON value, replaced whole)
 *   labels    Y.Map   labelId → Y.Map of LabelFields (one Y.Map per label so a
 *                     move and a text edit made at the same time both survive)
 *   themes    Y.Map   themeId → Y.Map of ThemeFields
 *   votes     Y.Map   `${roundId}/${participantId}/${n}` → target id
 */
import * as Y from 'yjs'
import { labelsRoot, ROOT_NAMES, Root } from './board/roots.ts'

/** Version of the document layout above; stored in `meta.schemaVersion`. */
export const SCHEMA_VERSION = 1

/** Maximum length of a label's text, in characters (code points). */
export const MAX_LABEL_TEXT = 280
/** Maximum length of a nickname, in characters. */
export const MAX_NICKNAME = 30
/** Maximum length of a theme name, category meaning or question. */
export const MAX_SHORT_TEXT = 120

/** Shapes drawn next to a category's colour so colour never carries meaning alone. */
export const Icon = {
  Triangle: 'triangle',
  Circle: 'circle',
  Star: 'star',
  Square: 'square',
  Diamond: 'diamond',
  Heart: 'heart',
} as const
export type Icon = (typeof Icon)[keyof typeof Icon]
export const ICONS: readonly Icon[] = Object.values(Icon)

/**
 * Okabe–Ito palette: designed to stay distinguishable under the common forms
 * of colour blindness. The legend may only use these colours.
 */
export const PALETTE = [
  '#D55E00', // vermillion
  '#56B4E9', // sky blue
  '#F0E442', // yellow
  '#009E73', // bluish green
  '#E69F00', // orange
  '#CC79A7', // reddish purple
  '#0072B2', // blue
] as const
export type PaletteColour = (typeof PALETTE)[number]

/** One entry of the colour legend: what a colour means on this board. */
export interface Category {
  id: string
  /** One of {@link PALETTE}. */
  colour: string
  /** What the colour means, e.g. "Problem". At most {@link MAX_SHORT_TEXT} characters. */
  meaning: string
  icon: Icon
  /** Position in the legend, ascending. */
  order: number
}

/** What a label is: a thought posted to the wall, or an answer to the board's question for one theme. */
export const LabelKind = { Label: 'label', Answer: 'answer' } as const
export type LabelKind = (typeof LabelKind)[keyof typeof LabelKind]

/** A label as read from the document. Coordinates are wall units (1 unit = 1 CSS pixel at zoom 1). */
export interface Label {
  id: string
  text: string
  category: string
  x: number
  y: number
  /** Random pseudonymous participant id (or `facilitator`); never a name. */
  author: string
  /** Milliseconds since the Unix epoch. */
  createdAt: number
  kind: LabelKind
  /** Theme the label belongs to; absent when unsorted. */
  themeId?: string
  /** Hidden by a facilitator: kept, but not shown on the wall. */
  hidden?: boolean
  /** Optional nickname the author chose when joining. */
  nickname?: string
  /** When the label joined its theme (ms); labels in a theme are laid out in this order so none jumps when another is added. */
  themeOrder?: number
  /**
   * Content hash ({@link isPhotoHash}) of the label's picture in the board's
   * blob store, e.g. the crop of a paper note read by the capture. The image
   * itself never enters the document, so syncing a board stays small.
   */
  photo?: string
}

/** A named cluster of labels. */
export interface Theme {
  id: string
  name: string
  x: number
  y: number
  collapsed: boolean
  /** Milliseconds since the Unix epoch. */
  createdAt: number
}

/** Board-wide switches the facilitator controls. */
export interface BoardSettings {
  /** Participants can no longer add, edit, move or delete anything. */
  locked: boolean
  /** Participants may move labels (off by default: the facilitator holds the frame). */
  participantsMayMove: boolean
  /** New labels are held until the facilitator reveals them. */
  privateWriting: boolean
  /** New labels wait in the facilitator's queue until approved. */
  approveFirst: boolean
  /** Nobody new may join (phones already in stay); checked by the server at every join. */
  doorClosed: boolean
  /**
   * A picture from a phone waits in the facilitator's queue until approved (on unless switched off:
   * a board stored before the setting existed holds pictures back too).
   */
  picturesNeedApproval: boolean
}

export const DEFAULT_SETTINGS: BoardSettings = {
  locked: false,
  participantsMayMove: false,
  privateWriting: false,
  approveFirst: false,
  doorClosed: false,
  picturesNeedApproval: true,
}

/** Author id used for labels a facilitator writes. */
export const FACILITATOR_AUTHOR = 'facilitator'

/** Default legend for a new board, in Danish: Problem / Idé / Ønske. */
export function defaultLegend(): Category[] {
  return [
    { id: 'problem', colour: '#D55E00', meaning: 'Problem', icon: Icon.Triangle, order: 0 },
    { id: 'ide', colour: '#56B4E9', meaning: 'Idé', icon: Icon.Circle, order: 1 },
    { id: 'onske', colour: '#F0E442', meaning: 'Ønske', icon: Icon.Star, order: 2 },
  ]
}

/** Origins of local transactions, so observers can tell who changed what. */
export const Origin = {
  Local: 'vaegavis:local',
  Server: 'vaegavis:server',
  Init: 'vaegavis:init',
} as const
export type Origin = (typeof Origin)[keyof typeof Origin]

const labelsOf = labelsRoot
const themesOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(Root.Themes)
const legendOf = (doc: Y.Doc) => doc.getMap<Category>(Root.Legend)
const metaOf = (doc: Y.Doc) => doc.getMap<unknown>(Root.Meta)
const settingsOf = (doc: Y.Doc) => doc.getMap<unknown>(Root.Settings)

/** Roots a component may observe for changes (read-only use). */
export function observedRoots(doc: Y.Doc): Y.Map<unknown>[] {
  return ROOT_NAMES.map((name) => doc.getMap(name))
}

/** Fills a brand-new board document: schema version, title, legend, settings. */
export function initBoard(
  doc: Y.Doc,
  init: { title: string; question?: string; legend?: Category[]; settings?: Partial<BoardSettings> },
): void {
  doc.transact(() => {
    const meta = metaOf(doc)
    meta.set('schemaVersion', SCHEMA_VERSION)
    meta.set('title', init.title)
    meta.set('question', init.question ?? '')
    const legend = legendOf(doc)
    for (const c of init.legend ?? defaultLegend()) legend.set(c.id, c)
    const settings = settingsOf(doc)
    for (const [k, v] of Object.entries({ ...DEFAULT_SETTINGS, ...init.settings })) settings.set(k, v)
  }, Origin.Init)
}

/** Schema version stored in the document, or undefined for an empty document. */
export function readSchemaVersion(doc: Y.Doc): number | undefined {
  const v = metaOf(doc).get('schemaVersion')
  return typeof v === 'number' ? v : undefined
}

export function readTitle(doc: Y.Doc): string {
  const v = metaOf(doc).get('title')
  return typeof v === 'string' ? v : ''
}

export function readQuestion(doc: Y.Doc): string {
  const v = metaOf(doc).get('question')
  return typeof v === 'string' ? v : ''
}

export function setQuestion(doc: Y.Doc, question: string, origin: unknown = Origin.Local): void {
  doc.transact(() => metaOf(doc).set('question', question), origin)
}

/** The legend, in display order. */
export function readLegend(doc: Y.Doc): Category[] {
  return [...legendOf(doc).values()].sort((a, b) => a.order - b.order)
}

export function readSettings(doc: Y.Doc): BoardSettings {
  const s = settingsOf(doc)
  const flag = (k: keyof BoardSettings) => s.get(k) === true
  return {
    locked: flag('locked'),
    participantsMayMove: flag('participantsMayMove'),
    privateWriting: flag('privateWriting'),
    approveFirst: flag('approveFirst'),
    doorClosed: flag('doorClosed'),
    // Absent means on: approval is the safe default for pictures of young people.
    picturesNeedApproval: s.get('picturesNeedApproval') !== false,
  }
}

export function setSetting<K extends keyof BoardSettings>(
  doc: Y.Doc,
  key: K,
  value: BoardSettings[K],
  origin: unknown = Origin.Local,
): void {
  doc.transact(() => settingsOf(doc).set(key, value), origin)
}

function toLabel(id: string, m: Y.Map<unknown>): Label | null {
  const text = m.get('text')
  const category = m.get('category')
  const x = m.get('x')
  const y = m.get('y')
  const author = m.get('author')
  const createdAt = m.get('createdAt')
  if (typeof text !== 'string' || typeof category !== 'string') return null
  if (typeof x !== 'number' || typeof y !== 'number') return null
  const label: Label = {
    id,
    text,
    category,
    x,
    y,
    author: typeof author === 'string' ? author : '',
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
    kind: m.get('kind') === LabelKind.Answer ? LabelKind.Answer : LabelKind.Label,
  }
  const themeId = m.get('themeId')
  if (typeof themeId === 'string' && themeId !== '') label.themeId = themeId
  if (m.get('hidden') === true) label.hidden = true
  const nickname = m.get('nickname')
  if (typeof nickname === 'string' && nickname !== '') label.nickname = nickname
  const themeOrder = m.get('themeOrder')
  if (typeof themeOrder === 'number') label.themeOrder = themeOrder
  const photo = m.get('photo')
  if (isPhotoHash(photo)) label.photo = photo
  return label
}

/** One label, or undefined if it does not exist (or is not well-formed). */
export function readLabel(doc: Y.Doc, id: string): Label | undefined {
  const m = labelsOf(doc).get(id)
  return m instanceof Y.Map ? (toLabel(id, m) ?? undefined) : undefined
}

/** Every well-formed label, oldest first. */
export function readLabels(doc: Y.Doc): Label[] {
  const out: Label[] = []
  for (const [id, m] of labelsOf(doc).entries()) {
    if (!(m instanceof Y.Map)) continue
    const l = toLabel(id, m)
    if (l) out.push(l)
  }
  return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
}

export function countLabels(doc: Y.Doc): number {
  return labelsOf(doc).size
}

/** True for a picture's content hash: SHA-256 as 64 lower-case hex digits. */
export function isPhotoHash(v: unknown): v is string {
  return typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)
}

/** A random id for labels, themes and categories (URL-safe, 16 characters). */
export function newId(): string {
  const bytes = new Uint8Array(12)
  globalThis.crypto.getRandomValues(bytes)
  let s = ''
  for (const b of bytes) s += b.toString(16).padStart(2, '0')
  return s.slice(0, 16)
}

export interface NewLabel {
  text: string
  category: string
  x: number
  y: number
  author: string
  kind?: LabelKind
  themeId?: string
  nickname?: string
  id?: string
  createdAt?: number
  /** Content hash of the label's picture ({@link isPhotoHash}). */
  photo?: string
}

/** Adds a label and returns its id. Callers validate the text first ({@link validateLabelText}). */
export function addLabel(doc: Y.Doc, input: NewLabel, origin: unknown = Origin.Local): string {
  const id = input.id ?? newId()
  doc.transact(() => {
    const m = new Y.Map<unknown>()
    m.set('text', input.text)
    m.set('category', input.category)
    m.set('x', input.x)
    m.set('y', input.y)
    m.set('author', input.author)
    m.set('createdAt', input.createdAt ?? Date.now())
    m.set('kind', input.kind ?? LabelKind.Label)
    if (input.themeId) {
      m.set('themeId', input.themeId)
      m.set('themeOrder', input.createdAt ?? Date.now())
    }
    if (input.nickname) m.set('nickname', input.nickname)
    if (input.photo !== undefined && isPhotoHash(input.photo)) m.set('photo', input.photo)
    labelsOf(doc).set(id, m)
  }, origin)
  return id
}

export function moveLabel(doc: Y.Doc, id: string, x: number, y: number, origin: unknown = Origin.Local): void {
  const m = labelsOf(doc).get(id)
  if (!(m instanceof Y.Map)) return
  doc.transact(() => {
    m.set('x', x)
    m.set('y', y)
  }, origin)
}

export function editLabel(
  doc: Y.Doc,
  id: string,
  patch: { text?: string; category?: string },
  origin: unknown = Origin.Local,
): void {
  const m = labelsOf(doc).get(id)
  if (!(m instanceof Y.Map)) return
  doc.transact(() => {
    if (patch.text !== undefined) m.set('text', patch.text)
    if (patch.category !== undefined) m.set('category', patch.category)
  }, origin)
}

export function setLabelHidden(doc: Y.Doc, id: string, hidden: boolean, origin: unknown = Origin.Local): void {
  const m = labelsOf(doc).get(id)
  if (!(m instanceof Y.Map)) return
  doc.transact(() => (hidden ? m.set('hidden', true) : m.delete('hidden')), origin)
}

/** Puts a label into a theme, or back to unsorted with `themeId` undefined. */
export function setLabelTheme(
  doc: Y.Doc,
  id: string,
  themeId: string | undefined,
  origin: unknown = Origin.Local,
): void {
  const m = labelsOf(doc).get(id)
  if (!(m instanceof Y.Map)) return
  doc.transact(() => {
    if (themeId) {
      if (m.get('themeId') === themeId) return
      m.set('themeId', themeId)
      m.set('themeOrder', Date.now())
    } else {
      m.delete('themeId')
      m.delete('themeOrder')
    }
  }, origin)
}

export function deleteLabel(doc: Y.Doc, id: string, origin: unknown = Origin.Local): void {
  doc.transact(() => labelsOf(doc).delete(id), origin)
}

/** Every theme, oldest first. */
export function readThemes(doc: Y.Doc): Theme[] {
  const out: Theme[] = []
  for (const [id, m] of themesOf(doc).entries()) {
    if (!(m instanceof Y.Map)) continue
    const name = m.get('name')
    const x = m.get('x')
    const y = m.get('y')
    const createdAt = m.get('createdAt')
    if (typeof name !== 'string' || typeof x !== 'number' || typeof y !== 'number') continue
    out.push({
      id,
      name,
      x,
      y,
      collapsed: m.get('collapsed') === true,
      createdAt: typeof createdAt === 'number' ? createdAt : 0,
    })
  }
  return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
}

/** Creates a theme and returns its id. */
export function addTheme(
  doc: Y.Doc,
  input: { name: string; x: number; y: number; id?: string },
  origin: unknown = Origin.Local,
): string {
  const id = input.id ?? newId()
  doc.transact(() => {
    const m = new Y.Map<unknown>()
    m.set('name', input.name)
    m.set('x', input.x)
    m.set('y', input.y)
    m.set('collapsed', false)
    m.set('createdAt', Date.now())
    themesOf(doc).set(id, m)
  }, origin)
  return id
}

export function renameTheme(doc: Y.Doc, id: string, name: string, origin: unknown = Origin.Local): void {
  const m = themesOf(doc).get(id)
  if (m instanceof Y.Map) doc.transact(() => m.set('name', name), origin)
}

export function moveTheme(doc: Y.Doc, id: string, x: number, y: number, origin: unknown = Origin.Local): void {
  const m = themesOf(doc).get(id)
  if (!(m instanceof Y.Map)) return
  doc.transact(() => {
    m.set('x', x)
    m.set('y', y)
  }, origin)
}

export function setThemeCollapsed(doc: Y.Doc, id: string, collapsed: boolean, origin: unknown = Origin.Local): void {
  const m = themesOf(doc).get(id)
  if (m instanceof Y.Map) doc.transact(() => m.set('collapsed', collapsed), origin)
}

/**
 * Deletes a theme. Its labels return to unsorted and its answers are kept
 * as ordinary unsorted labels: deleting a theme never deletes what young people wrote.
 */
export function deleteTheme(doc: Y.Doc, id: string, origin: unknown = Origin.Local): void {
  doc.transact(() => {
    for (const [, m] of labelsOf(doc).entries()) {
      if (!(m instanceof Y.Map) || m.get('themeId') !== id) continue
      m.delete('themeId')
      m.delete('themeOrder')
      if (m.get('kind') === LabelKind.Answer) m.set('kind', LabelKind.Label)
    }
    themesOf(doc).delete(id)
  }, origin)
}

/** Sets (adds or replaces) a legend entry. */
export function setCategory(doc: Y.Doc, category: Category, origin: unknown = Origin.Local): void {
  doc.transact(() => legendOf(doc).set(category.id, category), origin)
}

/** Labels that use a category; a category in use is not removed silently. */
export function countLabelsInCategory(doc: Y.Doc, categoryId: string): number {
  let n = 0
  for (const [, m] of labelsOf(doc).entries()) if (m instanceof Y.Map && m.get('category') === categoryId) n++
  return n
}

/** Removes a legend entry if no label uses it; returns false (and changes nothing) otherwise. */
export function removeCategory(doc: Y.Doc, id: string, origin: unknown = Origin.Local): boolean {
  if (countLabelsInCategory(doc, id) > 0) return false
  doc.transact(() => legendOf(doc).delete(id), origin)
  return true
}

/** A round of dot-voting. */
export interface VoteRound {
  id: string
  /** What is voted on. */
  target: 'labels' | 'themes'
  /** Dots each participant may place. */
  dots: number
  /** Votes are only accepted while the round is open. */
  open: boolean
}

/** Most dots a round may give each participant. */
export const MAX_DOTS = 20

export function readVoteRound(doc: Y.Doc): VoteRound | null {
  const v = settingsOf(doc).get('voteRound')
  if (typeof v !== 'object' || v === null) return null
  const r = v as Record<string, unknown>
  if (typeof r.id !== 'string' || (r.target !== 'labels' && r.target !== 'themes') || typeof r.dots !== 'number')
    return null
  return { id: r.id, target: r.target, dots: r.dots, open: r.open === true }
}

/** Starts a new vote round (the previous round's votes stay, under their own round id). */
export function startVoteRound(
  doc: Y.Doc,
  target: VoteRound['target'],
  dots: number,
  origin: unknown = Origin.Local,
): VoteRound {
  const round: VoteRound = { id: newId(), target, dots, open: true }
  doc.transact(() => settingsOf(doc).set('voteRound', round), origin)
  return round
}

/** Sets the round as it was (a board brought in from a file keeps its last vote, closed). */
export function putVoteRound(doc: Y.Doc, round: VoteRound, origin: unknown = Origin.Local): void {
  doc.transact(() => settingsOf(doc).set('voteRound', { ...round }), origin)
}

export function closeVoteRound(doc: Y.Doc, origin: unknown = Origin.Local): void {
  const round = readVoteRound(doc)
  if (round) doc.transact(() => settingsOf(doc).set('voteRound', { ...round, open: false }), origin)
}

/** Key of one dot: `${roundId}/${participantId}/${slot}`, slot in [0, dots). */
export function voteKey(roundId: string, participantId: string, slot: number): string {
  return `${roundId}/${participantId}/${slot}`
}

/** Splits a vote key; null if it is not one. */
export function parseVoteKey(key: string): { roundId: string; participantId: string; slot: number } | null {
  const parts = key.split('/')
  if (parts.length !== 3) return null
  const [roundId = '', participantId = '', slotText = ''] = parts
  const slot = Number(slotText)
  if (roundId === '' || participantId === '' || !Number.isInteger(slot) || slot < 0 || String(slot) !== slotText)
    return null
  return { roundId, participantId, slot }
}

/** Places one of the participant's dots on a target; false when no dot is left or the round is closed. */
export function castVote(doc: Y.Doc, participantId: string, targetId: string, origin: unknown = Origin.Local): boolean {
  const round = readVoteRound(doc)
  if (!round || !round.open) return false
  const votes = rootsOf.votes(doc)
  for (let slot = 0; slot < round.dots; slot++) {
    const key = voteKey(round.id, participantId, slot)
    if (!votes.has(key)) {
      doc.transact(() => votes.set(key, targetId), origin)
      return true
    }
  }
  return false
}

/** Takes back one of the participant's dots from a target; false if there was none. */
export function removeVote(
  doc: Y.Doc,
  participantId: string,
  targetId: string,
  origin: unknown = Origin.Local,
): boolean {
  const round = readVoteRound(doc)
  if (!round || !round.open) return false
  const votes = rootsOf.votes(doc)
  for (let slot = round.dots - 1; slot >= 0; slot--) {
    const key = voteKey(round.id, participantId, slot)
    if (votes.get(key) === targetId) {
      doc.transact(() => votes.delete(key), origin)
      return true
    }
  }
  return false
}

/** Dots per target in a round (default: the current round). */
export function readVoteCounts(doc: Y.Doc, roundId?: string): Map<string, number> {
  const id = roundId ?? readVoteRound(doc)?.id
  const counts = new Map<string, number>()
  if (!id) return counts
  for (const [key, target] of rootsOf.votes(doc).entries()) {
    const k = parseVoteKey(key)
    if (k && k.roundId === id && typeof target === 'string') counts.set(target, (counts.get(target) ?? 0) + 1)
  }
  return counts
}

/** Targets this participant has dots on in the current round, with how many; and dots left. */
export function readMyVotes(doc: Y.Doc, participantId: string): { used: Map<string, number>; left: number } {
  const round = readVoteRound(doc)
  const used = new Map<string, number>()
  if (!round) return { used, left: 0 }
  let n = 0
  for (const [key, target] of rootsOf.votes(doc).entries()) {
    const k = parseVoteKey(key)
    if (k && k.roundId === round.id && k.participantId === participantId && typeof target === 'string') {
      used.set(target, (used.get(target) ?? 0) + 1)
      n++
    }
  }
  return { used, left: Math.max(0, round.dots - n) }
}

/** Longest countdown a facilitator can start (ms): one day. */
export const MAX_TIMER_MS = 24 * 3600 * 1000

/** A countdown shown on the projector and phones. */
export interface Timer {
  /** When it started (ms since epoch). */
  startedAt: number
  /** How long it runs (ms). */
  durationMs: number
}

export function readTimer(doc: Y.Doc): Timer | null {
  const v = settingsOf(doc).get('timer')
  if (typeof v !== 'object' || v === null) return null
  const t = v as Record<string, unknown>
  return typeof t.startedAt === 'number' && typeof t.durationMs === 'number'
    ? { startedAt: t.startedAt, durationMs: t.durationMs }
    : null
}

export function setTimer(doc: Y.Doc, timer: Timer | null, origin: unknown = Origin.Local): void {
  doc.transact(() => settingsOf(doc).set('timer', timer), origin)
}

/** Starts a countdown of `durationMs`; a new timer is a new step, so "I'm done" starts over. */
export function startTimer(doc: Y.Doc, durationMs: number, origin: unknown = Origin.Local): void {
  doc.transact(() => {
    setTimer(doc, { startedAt: Date.now(), durationMs }, origin)
    newStep(doc, origin)
  }, origin)
}

/** A running timer with `ms` more (at most {@link MAX_TIMER_MS} in all); same start, so phones keep their clock estimate. */
export function extendTimer(doc: Y.Doc, ms: number, origin: unknown = Origin.Local): void {
  const timer = readTimer(doc)
  if (timer) setTimer(doc, { ...timer, durationMs: Math.min(MAX_TIMER_MS, timer.durationMs + ms) }, origin)
}

/** The step before the facilitator has started any: a board's first. */
const FIRST_STEP = 'first'

/** The current step ("I'm done" counts per step): a new timer or a "new round" starts one. */
export function readStep(doc: Y.Doc): string {
  const v = settingsOf(doc).get('step')
  return typeof v === 'string' ? v : FIRST_STEP
}

/** Key of one participant's "I'm done" in a step. */
export function doneKey(stepId: string, participantId: string): string {
  return `${stepId}/${participantId}`
}

/** Splits a done key; null if it is not one. */
export function parseDoneKey(key: string): { stepId: string; participantId: string } | null {
  const [stepId, participantId, extra] = key.split('/')
  return stepId && participantId && extra === undefined ? { stepId, participantId } : null
}

/** Starts a new step: everyone is "not done" again, and the old steps' signals are dropped (nobody needs them). */
export function newStep(doc: Y.Doc, origin: unknown = Origin.Local): void {
  const done = rootsOf.done(doc)
  doc.transact(() => {
    for (const key of [...done.keys()]) done.delete(key)
    settingsOf(doc).set('step', newId())
  }, origin)
}

/** Whether this participant said "I'm done" in the current step. */
export function readDone(doc: Y.Doc, participantId: string): boolean {
  return rootsOf.done(doc).get(doneKey(readStep(doc), participantId)) === true
}

/** Says (or takes back) "I'm done" for the current step. */
export function setDone(doc: Y.Doc, participantId: string, done: boolean, origin: unknown = Origin.Local): void {
  const key = doneKey(readStep(doc), participantId)
  const map = rootsOf.done(doc)
  doc.transact(() => (done ? map.set(key, true) : map.delete(key)), origin)
}

/** Ids of those done in the current step, for a count: nothing shows who. */
export function readDoneIds(doc: Y.Doc): Set<string> {
  const step = readStep(doc)
  const ids = new Set<string>()
  for (const key of rootsOf.done(doc).keys()) {
    const k = parseDoneKey(key)
    if (k?.stepId === step) ids.add(k.participantId)
  }
  return ids
}

/** The part of the wall a facilitator shows: wall coordinates of the view's centre and its zoom. */
export interface Viewport {
  x: number
  y: number
  scale: number
}

/** The facilitator's view other screens follow ("follow me"), or null. */
export function readFollow(doc: Y.Doc): Viewport | null {
  const v = settingsOf(doc).get('follow')
  if (typeof v !== 'object' || v === null) return null
  const f = v as Record<string, unknown>
  return typeof f.x === 'number' && typeof f.y === 'number' && typeof f.scale === 'number'
    ? { x: f.x, y: f.y, scale: f.scale }
    : null
}

export function setFollow(doc: Y.Doc, view: Viewport | null, origin: unknown = Origin.Local): void {
  doc.transact(() => settingsOf(doc).set('follow', view), origin)
}

/** Labels of a theme (not answers), in the order they joined it. */
export function labelsInTheme(labels: readonly Label[], themeId: string, kind: LabelKind = LabelKind.Label): Label[] {
  return labels
    .filter((l) => l.themeId === themeId && l.kind === kind)
    .sort((a, b) => (a.themeOrder ?? a.createdAt) - (b.themeOrder ?? b.createdAt) || a.id.localeCompare(b.id))
}

/**
 * Why a label is kept off the wall (it then lives in the board's held document, not on the wall):
 * written privately, waiting for approval, or hidden by the facilitator.
 */
export const HeldFor = { Private: 'private', Approval: 'approval', Hidden: 'hidden' } as const
export type HeldFor = (typeof HeldFor)[keyof typeof HeldFor]

/** A label held back, with why. */
export interface HeldLabel extends Label {
  heldFor: HeldFor
}

/** Labels in a held document, oldest first. */
export function readHeldLabels(doc: Y.Doc): HeldLabel[] {
  const out: HeldLabel[] = []
  for (const l of readLabels(doc)) {
    const m = labelsOf(doc).get(l.id)
    const heldFor = m instanceof Y.Map ? m.get('heldFor') : undefined
    const why = heldFor === HeldFor.Approval || heldFor === HeldFor.Hidden ? heldFor : HeldFor.Private
    out.push({ ...l, heldFor: why, ...(why === HeldFor.Hidden ? { hidden: true } : {}) })
  }
  return out
}

/** Copies a label (from a held document) onto the wall with the same id; returns false if it is already there. */
export function putLabel(doc: Y.Doc, label: Label, origin: unknown = Origin.Local): boolean {
  if (labelsOf(doc).has(label.id)) return false
  addLabel(
    doc,
    {
      id: label.id,
      text: label.text,
      category: label.category,
      x: label.x,
      y: label.y,
      author: label.author,
      kind: label.kind,
      createdAt: label.createdAt,
      ...(label.themeId ? { themeId: label.themeId } : {}),
      ...(label.nickname ? { nickname: label.nickname } : {}),
      ...(label.photo ? { photo: label.photo } : {}),
    },
    origin,
  )
  // Keeps its place in its theme: the order it joined, not when it came back.
  if (label.themeId && label.themeOrder !== undefined) {
    const order = label.themeOrder
    doc.transact(() => labelsOf(doc).get(label.id)?.set('themeOrder', order), origin)
  }
  return true
}

/** Whether a label with this id is in the document (well-formed or not). */
export function hasLabel(doc: Y.Doc, id: string): boolean {
  return labelsOf(doc).has(id)
}

/** Every field a label's map holds, as stored (for moving it between a board's documents unchanged). */
export function readLabelRecord(doc: Y.Doc, id: string): Record<string, unknown> | undefined {
  const m = labelsOf(doc).get(id)
  return m instanceof Y.Map ? { ...m.toJSON() } : undefined
}

/** Writes a label's fields as they are under `id`; false (and nothing written) if the id is taken. */
export function putLabelRecord(
  doc: Y.Doc,
  id: string,
  record: Readonly<Record<string, unknown>>,
  origin: unknown = Origin.Local,
): boolean {
  if (labelsOf(doc).has(id)) return false
  doc.transact(() => {
    const m = new Y.Map<unknown>()
    for (const [k, v] of Object.entries(record)) if (v !== undefined) m.set(k, v)
    labelsOf(doc).set(id, m)
  }, origin)
  return true
}

/** Writes a theme's fields as they are under `id` (a board brought in from a file); false if the id is taken. */
export function putThemeRecord(
  doc: Y.Doc,
  id: string,
  record: Readonly<Record<string, unknown>>,
  origin: unknown = Origin.Local,
): boolean {
  if (themesOf(doc).has(id)) return false
  doc.transact(() => {
    const m = new Y.Map<unknown>()
    for (const [k, v] of Object.entries(record)) if (v !== undefined) m.set(k, v)
    themesOf(doc).set(id, m)
  }, origin)
  return true
}

/** Writes dots as they are (`voteKey` → target id), for a board brought in from a file. */
export function putVotes(doc: Y.Doc, votes: Readonly<Record<string, string>>, origin: unknown = Origin.Local): void {
  doc.transact(() => {
    const root = rootsOf.votes(doc)
    for (const [key, target] of Object.entries(votes)) root.set(key, target)
  }, origin)
}

/** Labels in the document, in all and per author (any well-formed or not). */
export function countLabelsByAuthor(doc: Y.Doc): { total: number; by: Map<string, number> } {
  const by = new Map<string, number>()
  for (const m of labelsOf(doc).values()) {
    const author = m instanceof Y.Map ? String(m.get('author') ?? '') : ''
    by.set(author, (by.get(author) ?? 0) + 1)
  }
  return { total: labelsOf(doc).size, by }
}

/**
 * Deletes every label `author` wrote, every dot they placed and every dot on one of their labels
 * (a participant removed with their labels). Returns how many labels it deleted.
 */
export function deleteByAuthor(doc: Y.Doc, author: string, origin: unknown = Origin.Local): number {
  const gone = new Set<string>()
  doc.transact(() => {
    const labels = labelsOf(doc)
    for (const [id, m] of labels.entries()) if (m instanceof Y.Map && m.get('author') === author) gone.add(id)
    for (const id of gone) labels.delete(id)
    const votes = rootsOf.votes(doc)
    for (const [key, target] of [...votes.entries()]) {
      if (parseVoteKey(key)?.participantId === author || gone.has(target as string)) votes.delete(key)
    }
  }, origin)
  return gone.size
}

/** Labels hidden the old way, flagged on the wall (hiding now moves them to the held document). */
export function legacyHiddenIds(doc: Y.Doc): string[] {
  const ids: string[] = []
  for (const [id, m] of labelsOf(doc).entries()) if (m instanceof Y.Map && m.get('hidden') === true) ids.push(id)
  return ids
}

/** Every dot as stored: vote key → target id (for the data export). */
export function readVotes(doc: Y.Doc): Record<string, unknown> {
  return rootsOf.votes(doc).toJSON()
}

/** Adds a held label to a held document. */
export function addHeldLabel(
  doc: Y.Doc,
  input: NewLabel & { id: string },
  heldFor: HeldFor,
  origin: unknown = Origin.Local,
): void {
  doc.transact(() => {
    addLabel(doc, input, origin)
    labelsOf(doc).get(input.id)?.set('heldFor', heldFor)
  }, origin)
}

const rootsOf = {
  labels: labelsOf,
  themes: themesOf,
  legend: legendOf,
  meta: metaOf,
  settings: settingsOf,
  votes: (doc: Y.Doc) => doc.getMap<unknown>(Root.Votes),
  done: (doc: Y.Doc) => doc.getMap<unknown>(Root.Done),
}

/** Sets the board's title (shown on the wall, in exports and in the archive). */
export function setTitle(doc: Y.Doc, title: string, origin: unknown = Origin.Local): void {
  doc.transact(() => metaOf(doc).set('title', title), origin)
}

/**
 * Turns a copy of a board into what a read-only viewer (share link) may see:
 * removes every nickname and every label a facilitator hid. Only ever call it
 * on a throwaway copy, never on a live board. With garbage collection on
 * (the Yjs default) the removed text is not in the copy's encoded state.
 */
export function redactForViewer(doc: Y.Doc, origin: unknown = Origin.Server): void {
  doc.transact(() => {
    const labels = labelsOf(doc)
    for (const [id, m] of [...labels.entries()]) {
      if (!(m instanceof Y.Map)) continue
      if (m.get('hidden') === true) labels.delete(id)
      else if (m.has('nickname')) m.delete('nickname')
    }
  }, origin)
}
