/**
 * What every export shows, read from a board document through the shared
 * schema helpers: the legend, the themes with their labels and answers, what
 * is not sorted yet, and the current vote round's counts. Hidden labels are
 * left out; nicknames only when asked for.
 */
import {
  type Category,
  type Icon,
  type Label,
  LabelKind,
  labelsInTheme,
  MAX_LABEL_TEXT,
  MAX_NICKNAME,
  MAX_SHORT_TEXT,
  readLabels,
  readLegend,
  readQuestion,
  readThemes,
  readTitle,
  readVoteCounts,
  readVoteRound,
  type VoteRound,
} from '@vaegavis/shared'
import * as Y from 'yjs'
import { isTime } from './words.ts'

export interface WallLabel {
  id: string
  text: string
  /** Category id; may be one no longer in the legend. */
  category: string
  kind: LabelKind
  /** Milliseconds since the epoch; 0 when what was stored is no time (JSON has no NaN). */
  createdAt: number
  /** Dots in the current round when it votes on labels, else 0. */
  votes: number
  /** Present only when nicknames were asked for and the author gave one. */
  nickname?: string
  /** Content hash of the label's picture, when it has one (the bytes are in `WallModel.pictures` for drawing). */
  photo?: string
}

export interface WallTheme {
  id: string
  name: string
  /** Dots in the current round when it votes on themes, else 0. */
  votes: number
  /** Labels (not answers), in the order they joined the theme. */
  labels: WallLabel[]
  /** Answers to the board question for this theme. */
  answers: WallLabel[]
}

export interface WallModel {
  title: string
  question: string
  legend: Category[]
  themes: WallTheme[]
  /** Labels in no (existing) theme, oldest first. */
  unsorted: WallLabel[]
  voteRound: VoteRound | null
  /** Labels shown (hidden ones are not counted). */
  labelCount: number
}

export interface ModelOptions {
  /** Include nicknames: only for facilitators who ask, never for share links. */
  nicknames: boolean
}

/**
 * Longest text an export draws of one stored value. Writes are validated far
 * below these; a hand-crafted update is not, and must not make an export of
 * that board hang or fail.
 */
const CAP = { text: 2 * MAX_LABEL_TEXT, short: 2 * MAX_SHORT_TEXT, nickname: 2 * MAX_NICKNAME } as const

function capped(value: unknown, max: number): string {
  if (typeof value !== 'string') return ''
  return value.length > max ? `${value.slice(0, max)}…` : value
}

/** A count as it can be shown: a whole number from 0 to a million. */
function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(1e6, Math.max(0, Math.round(value))) : 0
}

/** The legend as drawable entries: whatever else was stored in it is left out. */
function safeLegend(doc: Y.Doc): Category[] {
  let raw: unknown[]
  try {
    raw = readLegend(doc)
  } catch {
    // A stored entry that is not an object breaks sorting the legend; the wall is exported without it.
    raw = []
  }
  const out: Category[] = []
  for (const c of raw) {
    if (typeof c !== 'object' || c === null) continue
    const r = c as Record<string, unknown>
    if (typeof r.id !== 'string') continue
    out.push({
      id: r.id,
      // Painted into SVG attributes and PDF colours: only a hex colour is one.
      colour: typeof r.colour === 'string' && /^#[0-9a-f]{6}$/i.test(r.colour) ? r.colour : '#999999',
      meaning: capped(r.meaning, CAP.short),
      icon: (typeof r.icon === 'string' ? r.icon.slice(0, 32) : 'circle') as Icon,
      order: typeof r.order === 'number' && Number.isFinite(r.order) ? r.order : 0,
    })
  }
  return out
}

function safeRound(round: VoteRound | null): VoteRound | null {
  return round ? { ...round, dots: count(round.dots) } : null
}

/** Reads the export model from a board document; never writes to it. Any stored value gives a model every export can draw. */
export function wallModel(doc: Y.Doc, opts: ModelOptions): WallModel {
  const round = safeRound(readVoteRound(doc))
  const counts = readVoteCounts(doc)
  const labelVotes = round?.target === 'labels'
  const themeVotes = round?.target === 'themes'
  const labels = readLabels(doc).filter((l) => !l.hidden)
  const toWall = (l: Label): WallLabel => {
    const nickname = opts.nicknames ? capped(l.nickname, CAP.nickname) : ''
    return {
      id: l.id,
      text: capped(l.text, CAP.text),
      category: l.category,
      kind: l.kind,
      createdAt: isTime(l.createdAt) ? l.createdAt : 0,
      votes: labelVotes ? count(counts.get(l.id)) : 0,
      ...(nickname !== '' ? { nickname } : {}),
      ...(l.photo ? { photo: l.photo } : {}),
    }
  }
  const themes = readThemes(doc)
  const themeIds = new Set(themes.map((t) => t.id))
  return {
    title: capped(readTitle(doc), CAP.short),
    question: capped(readQuestion(doc), CAP.short),
    legend: safeLegend(doc),
    themes: themes.map((t) => ({
      id: t.id,
      name: capped(t.name, CAP.short),
      votes: themeVotes ? count(counts.get(t.id)) : 0,
      labels: labelsInTheme(labels, t.id, LabelKind.Label).map(toWall),
      answers: labelsInTheme(labels, t.id, LabelKind.Answer).map(toWall),
    })),
    unsorted: labels.filter((l) => l.themeId === undefined || !themeIds.has(l.themeId)).map(toWall),
    voteRound: round,
    labelCount: labels.length,
  }
}

/** The model of a stored snapshot state (a Yjs update). */
export function modelOfState(state: Uint8Array, opts: ModelOptions): WallModel {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, state)
    return wallModel(doc, opts)
  } finally {
    doc.destroy()
  }
}

/** Labels of a theme grouped by category in legend order; unknown categories last. */
export function byCategory(
  labels: readonly WallLabel[],
  legend: readonly Category[],
): { category: Category | null; labels: WallLabel[] }[] {
  const groups: { category: Category | null; labels: WallLabel[] }[] = []
  for (const c of legend) {
    const of = labels.filter((l) => l.category === c.id)
    if (of.length > 0) groups.push({ category: c, labels: of })
  }
  const known = new Set(legend.map((c) => c.id))
  const unknown = labels.filter((l) => !known.has(l.category))
  if (unknown.length > 0) groups.push({ category: null, labels: unknown })
  return groups
}

/** Labels on the wall with the most dots (ties: oldest first), at most `n`, only those with dots. */
export function topVoted(model: WallModel, n: number): (WallLabel & { theme: string | null })[] {
  const all = [
    ...model.themes.flatMap((t) => [...t.labels, ...t.answers].map((l) => ({ ...l, theme: t.name }))),
    ...model.unsorted.map((l) => ({ ...l, theme: null })),
  ]
  return all
    .filter((l) => l.votes > 0)
    .sort((a, b) => b.votes - a.votes || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
    .slice(0, n)
}
