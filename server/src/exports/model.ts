/**
 * What every export shows, read from a board document through the shared
 * schema helpers: the legend, the themes with their labels and answers, what
 * is not sorted yet, and the current vote round's counts. Hidden labels are
 * left out; nicknames only when asked for.
 */
import {
  type Category,
  type Label,
  LabelKind,
  labelsInTheme,
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

export interface WallLabel {
  id: string
  text: string
  /** Category id; may be one no longer in the legend. */
  category: string
  kind: LabelKind
  /** Milliseconds since the epoch. */
  createdAt: number
  /** Dots in the current round when it votes on labels, else 0. */
  votes: number
  /** Present only when nicknames were asked for and the author gave one. */
  nickname?: string
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

/** Reads the export model from a board document; never writes to it. */
export function wallModel(doc: Y.Doc, opts: ModelOptions): WallModel {
  const round = readVoteRound(doc)
  const counts = readVoteCounts(doc)
  const labelVotes = round?.target === 'labels'
  const themeVotes = round?.target === 'themes'
  const labels = readLabels(doc).filter((l) => !l.hidden)
  const toWall = (l: Label): WallLabel => ({
    id: l.id,
    text: l.text,
    category: l.category,
    kind: l.kind,
    createdAt: l.createdAt,
    votes: labelVotes ? (counts.get(l.id) ?? 0) : 0,
    ...(opts.nicknames && l.nickname ? { nickname: l.nickname } : {}),
  })
  const themes = readThemes(doc)
  const themeIds = new Set(themes.map((t) => t.id))
  return {
    title: readTitle(doc),
    question: readQuestion(doc),
    legend: readLegend(doc),
    themes: themes.map((t) => ({
      id: t.id,
      name: t.name,
      votes: themeVotes ? (counts.get(t.id) ?? 0) : 0,
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
