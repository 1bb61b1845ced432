/**
 * Board templates: a board's structure (legend, question, themes, settings,
 * vote round) without anything young people wrote. Built-in Danish
 * templates live in code; facilitators save their own from a board.
 */
import {
  addTheme,
  type BoardSettings,
  type Category,
  charLength,
  defaultLegend,
  ErrorCode,
  Icon,
  initBoard,
  isCoordinate,
  isShortText,
  isValidCategory,
  MAX_DOTS,
  MAX_LABEL_TEXT,
  Origin,
  readLegend,
  readQuestion,
  readSettings,
  readThemes,
  readVoteRound,
  startVoteRound,
} from '@vaegavis/shared'
import type * as Y from 'yjs'
import { newRandomId } from '../auth/secrets.ts'
import { AppError } from '../errors.ts'
import type { Store, TemplateRecord, UserRecord } from '../storage/types.ts'

/** What a template holds. Stored as JSON in {@link TemplateRecord.body}. */
export interface TemplateBody {
  legend: Category[]
  /** The question asked of every theme; empty for none. */
  question: string
  themes: { name: string; x: number; y: number }[]
  /** Only the switches that describe a way of working; a new board is never locked. */
  settings: Pick<BoardSettings, 'participantsMayMove' | 'approveFirst'>
  /** A vote round opened on the new board, or null. */
  vote: { target: 'labels' | 'themes'; dots: number } | null
}

export interface Template {
  id: string
  name: string
  builtIn: boolean
  /** One sentence on when to use it (built-ins only; empty for saved ones). */
  description: string
  body: TemplateBody
}

const BUILTIN_PREFIX = 'builtin:'
const THEME_SPACING = 320
const NO_SETTINGS = { participantsMayMove: false, approveFirst: false }

/** Built-in templates, in Danish, in the order a facilitator meets them. */
export const BUILTIN_TEMPLATES: readonly Template[] = [
  {
    id: `${BUILTIN_PREFIX}labels-metoden`,
    name: 'Labels-metoden',
    builtIn: true,
    description: 'Alle skriver tanker på sedler i tre farver: problem, idé og ønske. Bagefter samles de i temaer.',
    body: { legend: defaultLegend(), question: '', themes: [], settings: NO_SETTINGS, vote: null },
  },
  {
    id: `${BUILTIN_PREFIX}samme-spoergsmaal`,
    name: 'Samme spørgsmål til alle temaer',
    builtIn: true,
    description: 'Stil det samme spørgsmål til hvert tema i brainstormen – også selvom det er kedeligt.',
    body: {
      legend: defaultLegend(),
      question: 'Hvad kan vi selv gøre ved det?',
      themes: ['Tema 1', 'Tema 2', 'Tema 3'].map((name, i) => ({ name, x: i * THEME_SPACING, y: 0 })),
      settings: NO_SETTINGS,
      vote: null,
    },
  },
  {
    id: `${BUILTIN_PREFIX}prioritering`,
    name: 'Prioritering',
    builtIn: true,
    description: 'Skriv forslag, og lad de unge vælge med tre prikker hver, hvad I skal gøre først.',
    body: {
      legend: [{ id: 'forslag', colour: '#009E73', meaning: 'Forslag', icon: Icon.Circle, order: 0 }],
      question: 'Hvad skal vi gøre først?',
      themes: [],
      settings: NO_SETTINGS,
      vote: { target: 'labels', dots: 3 },
    },
  },
]

/** The structure of a board as a template body (never its labels or votes). */
export function templateOfBoard(doc: Y.Doc): TemplateBody {
  const settings = readSettings(doc)
  const round = readVoteRound(doc)
  return {
    legend: readLegend(doc),
    question: readQuestion(doc),
    themes: readThemes(doc).map((t) => ({ name: t.name, x: t.x, y: t.y })),
    settings: { participantsMayMove: settings.participantsMayMove, approveFirst: settings.approveFirst },
    vote: round ? { target: round.target, dots: round.dots } : null,
  }
}

/** Fills a fresh document from a template: legend, question, settings, themes and an open vote round. */
export function buildFromTemplate(doc: Y.Doc, title: string, body: TemplateBody): void {
  initBoard(doc, { title, question: body.question, legend: body.legend, settings: body.settings })
  for (const t of body.themes) addTheme(doc, t, Origin.Init)
  if (body.vote) startVoteRound(doc, body.vote.target, body.vote.dots, Origin.Init)
}

/** Reads a stored body defensively: anything malformed is dropped rather than put on a new board. */
export function parseTemplateBody(json: string): TemplateBody {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    raw = {}
  }
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
  const legend = Array.isArray(r.legend) ? r.legend.filter(isValidCategory) : []
  const themes = Array.isArray(r.themes)
    ? r.themes.flatMap((t: unknown) => {
        const o = (typeof t === 'object' && t !== null ? t : {}) as Record<string, unknown>
        return isShortText(o.name) && isCoordinate(o.x) && isCoordinate(o.y) ? [{ name: o.name, x: o.x, y: o.y }] : []
      })
    : []
  const s = (typeof r.settings === 'object' && r.settings !== null ? r.settings : {}) as Record<string, unknown>
  const v = (typeof r.vote === 'object' && r.vote !== null ? r.vote : null) as Record<string, unknown> | null
  const vote =
    v &&
    (v.target === 'labels' || v.target === 'themes') &&
    Number.isInteger(v.dots) &&
    Number(v.dots) >= 1 &&
    Number(v.dots) <= MAX_DOTS
      ? { target: v.target as 'labels' | 'themes', dots: Number(v.dots) }
      : null
  return {
    legend: legend.length > 0 ? legend : defaultLegend(),
    question: typeof r.question === 'string' && charLength(r.question) <= MAX_LABEL_TEXT ? r.question : '',
    themes,
    settings: { participantsMayMove: s.participantsMayMove === true, approveFirst: s.approveFirst === true },
    vote,
  }
}

function fromRecord(t: TemplateRecord): Template {
  return { id: t.id, name: t.name, builtIn: false, description: '', body: parseTemplateBody(t.body) }
}

/** Built-ins and the facilitator's own templates. */
export async function listTemplates(store: Store, user: UserRecord): Promise<Template[]> {
  return [...BUILTIN_TEMPLATES, ...(await store.app.listTemplates(user.id)).map(fromRecord)]
}

/** A built-in or one of the facilitator's own templates; else 404. */
export async function findTemplate(store: Store, user: UserRecord, id: string): Promise<Template> {
  const builtIn = BUILTIN_TEMPLATES.find((t) => t.id === id)
  if (builtIn) return builtIn
  const own = id.startsWith(BUILTIN_PREFIX) ? undefined : await store.app.getTemplate(id)
  if (!own || own.ownerId !== user.id) throw new AppError(ErrorCode.NotFound, 'No such template.')
  return fromRecord(own)
}

/** Saves a board's structure as the facilitator's own template. */
export async function saveTemplate(
  store: Store,
  user: UserRecord,
  name: string,
  body: TemplateBody,
): Promise<Template> {
  const record: TemplateRecord = {
    id: newRandomId(),
    ownerId: user.id,
    name,
    body: JSON.stringify(body),
    createdAt: Date.now(),
  }
  await store.app.createTemplate(record)
  return fromRecord(record)
}
