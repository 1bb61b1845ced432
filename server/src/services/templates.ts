/**
 * Board templates: a board's structure (legend, question, themes, settings,
 * vote round) without anything young people wrote. Built-in templates live
 * in code, worded in the language of the request that asks for them (the
 * `exports.templates` texts); facilitators save their own from a board.
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
import { t } from '../i18n.ts'
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

/**
 * The legend of a board made without a template (Problem / Idé / Ønske) with
 * its meanings in `locale`; ids, colours and shapes are the same in every
 * language. The wall keeps these words: a board is not re-worded later.
 */
export function defaultLegendIn(locale: string): Category[] {
  return defaultLegend().map((c) => {
    const key = `exports.defaultLegend.${c.id}` as const
    const meaning = t(locale, key)
    return meaning === key ? c : { ...c, meaning }
  })
}

/** Built-in templates worded in `locale`, in the order a facilitator meets them. Ids never change. */
export function builtInTemplates(locale: string): Template[] {
  const w = (key: `exports.templates.${string}`, params?: Record<string, number>) => t(locale, key, params)
  return [
    {
      id: `${BUILTIN_PREFIX}labels-metoden`,
      name: w('exports.templates.labelsMethod.name'),
      builtIn: true,
      description: w('exports.templates.labelsMethod.description'),
      body: { legend: defaultLegendIn(locale), question: '', themes: [], settings: NO_SETTINGS, vote: null },
    },
    {
      id: `${BUILTIN_PREFIX}samme-spoergsmaal`,
      name: w('exports.templates.sameQuestion.name'),
      builtIn: true,
      description: w('exports.templates.sameQuestion.description'),
      body: {
        legend: defaultLegendIn(locale),
        question: w('exports.templates.sameQuestion.question'),
        themes: [1, 2, 3].map((n, i) => ({
          name: w('exports.templates.sameQuestion.theme', { n }),
          x: i * THEME_SPACING,
          y: 0,
        })),
        settings: NO_SETTINGS,
        vote: null,
      },
    },
    {
      id: `${BUILTIN_PREFIX}prioritering`,
      name: w('exports.templates.priority.name'),
      builtIn: true,
      description: w('exports.templates.priority.description'),
      body: {
        legend: [
          {
            id: 'forslag',
            colour: '#009E73',
            meaning: w('exports.templates.priority.meaning'),
            icon: Icon.Circle,
            order: 0,
          },
        ],
        question: w('exports.templates.priority.question'),
        themes: [],
        settings: NO_SETTINGS,
        vote: { target: 'labels', dots: 3 },
      },
    },
  ]
}

/** The structure of a board as a template body (never its labels or votes). */
export function templateOfBoard(doc: Y.Doc): TemplateBody {
  const settings = readSettings(doc)
  const round = readVoteRound(doc)
  return {
    legend: readLegend(doc),
    question: readQuestion(doc),
    themes: readThemes(doc).map((theme) => ({ name: theme.name, x: theme.x, y: theme.y })),
    settings: { participantsMayMove: settings.participantsMayMove, approveFirst: settings.approveFirst },
    vote: round ? { target: round.target, dots: round.dots } : null,
  }
}

/** Fills a fresh document from a template: legend, question, settings, themes and an open vote round. */
export function buildFromTemplate(doc: Y.Doc, title: string, body: TemplateBody): void {
  initBoard(doc, { title, question: body.question, legend: body.legend, settings: body.settings })
  for (const theme of body.themes) addTheme(doc, theme, Origin.Init)
  if (body.vote) startVoteRound(doc, body.vote.target, body.vote.dots, Origin.Init)
}

/**
 * Reads a stored body defensively: anything malformed is dropped rather than
 * put on a new board; a body without a legend gets the default one in `locale`.
 */
export function parseTemplateBody(json: string, locale: string): TemplateBody {
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
    legend: legend.length > 0 ? legend : defaultLegendIn(locale),
    question: typeof r.question === 'string' && charLength(r.question) <= MAX_LABEL_TEXT ? r.question : '',
    themes,
    settings: { participantsMayMove: s.participantsMayMove === true, approveFirst: s.approveFirst === true },
    vote,
  }
}

function fromRecord(r: TemplateRecord, locale: string): Template {
  return { id: r.id, name: r.name, builtIn: false, description: '', body: parseTemplateBody(r.body, locale) }
}

/** Built-ins (worded in `locale`) and the facilitator's own templates (as they saved them). */
export async function listTemplates(store: Store, user: UserRecord, locale: string): Promise<Template[]> {
  const own = await store.app.listTemplates(user.id)
  return [...builtInTemplates(locale), ...own.map((r) => fromRecord(r, locale))]
}

/** A built-in (worded in `locale`) or one of the facilitator's own templates; else 404. */
export async function findTemplate(store: Store, user: UserRecord, id: string, locale: string): Promise<Template> {
  const builtIn = builtInTemplates(locale).find((b) => b.id === id)
  if (builtIn) return builtIn
  const own = id.startsWith(BUILTIN_PREFIX) ? undefined : await store.app.getTemplate(id)
  if (!own || own.ownerId !== user.id) throw new AppError(ErrorCode.NotFound, 'No such template.')
  return fromRecord(own, locale)
}

/** Saves a board's structure as the facilitator's own template; `locale` as for {@link parseTemplateBody}. */
export async function saveTemplate(
  store: Store,
  user: UserRecord,
  name: string,
  body: TemplateBody,
  locale: string,
): Promise<Template> {
  const record: TemplateRecord = {
    id: newRandomId(),
    ownerId: user.id,
    name,
    body: JSON.stringify(body),
    createdAt: Date.now(),
  }
  await store.app.createTemplate(record)
  return fromRecord(record, locale)
}
