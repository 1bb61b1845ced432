/**
 * No stored value can make an export fail: board documents written with Yjs
 * directly (as a hand-crafted update or an old, unvalidated write would leave
 * them) are exported in every format, and each export must render.
 */
import { initBoard, Root } from '@vaegavis/shared'
import fc from 'fast-check'
import Fastify from 'fastify'
import { PNG } from 'pngjs'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  CsvDelimiter,
  EXPORT_FORMATS,
  modelOfState,
  projectReportMarkdown,
  projectReportPdf,
  renderExport,
  thumbnailPng,
  type WallModel,
  wallModel,
} from '../src/exports/index.ts'
import { WallOut, wallOut } from '../src/plugins/apiTypes.ts'

/** The JSON routes' serializer for a wall (share link, archive, recap), as Fastify compiles it from WallOut. */
const json = Fastify()
let current: WallModel | undefined
json.get('/wall', { schema: { response: { 200: WallOut } } }, async () => wallOut(current!))
afterAll(() => json.close())

async function wallJson(model: WallModel): Promise<number> {
  current = model
  return (await json.inject({ method: 'GET', url: '/wall' })).statusCode
}

/** Values no validator would let through, and ones that look almost right. */
const EXTREMES: unknown[] = [
  1e20,
  -1e20,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.MAX_VALUE,
  -0,
  8.64e15 + 1,
  0,
  '2025-03-04',
  '1e20',
  '',
  null,
  true,
  [],
  [1, 'x'],
  {},
  { nested: { deep: 1 } },
  new Uint8Array([0, 255]),
  'x'.repeat(280),
  'ø'.repeat(5_000),
  `${'a'.repeat(279)}🎉`,
  '\u200B\u200E\u200F\u202A\u202B\u202D\u202E\u2066\u2067\u2068\u2069\uFEFF',
  '\u202Eevil\u202C right\u2067 to left',
  '\uD800 lone \uDFFF surrogates',
  '\u0000\u0007\u001B control\r\nlines\ttab',
  '=1+1',
  '<script>alert(1)</script>](javascript:x)',
  '🙂🎉👨‍👩‍👧‍👦🇩🇰🏳️‍🌈 ❤️',
  'مرحبا بكم 123 ሰላም Türkçe İı',
  '\uE000\u{10FFFD}',
  'unknown-category',
]

/** A value as Yjs can store it (it refuses undefined and functions). */
const rawValue = fc.oneof(
  fc.constantFrom(...EXTREMES),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.constant(undefined),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), {
    maxKeys: 3,
    noNullPrototype: true,
  }),
)

const LABEL_FIELDS = [
  'text',
  'category',
  'x',
  'y',
  'author',
  'createdAt',
  'kind',
  'themeId',
  'nickname',
  'hidden',
  'themeOrder',
]
const THEME_FIELDS = ['name', 'x', 'y', 'createdAt', 'collapsed']

type Raw = Record<string, unknown>

/** Writes `value` under `key`, or leaves the key out when the value is undefined (a missing field). */
function put(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (value !== undefined) map.set(key, value)
}

/** A board written field by field with raw values, next to well-formed labels so the wall has content. */
function rawBoard(raw: {
  title: unknown
  question: unknown
  legend: unknown[]
  themes: Raw[]
  labels: Raw[]
  voteRound: unknown
  votes: [string, unknown][]
}): Y.Doc {
  const doc = new Y.Doc()
  initBoard(doc, { title: 'Ekstrem' })
  doc.transact(() => {
    const meta = doc.getMap(Root.Meta)
    put(meta, 'title', raw.title)
    put(meta, 'question', raw.question)
    const legend = doc.getMap(Root.Legend)
    raw.legend.forEach((entry, i) => {
      put(legend, `raw${i}`, entry)
    })
    const themes = doc.getMap(Root.Themes)
    raw.themes.forEach((fields, i) => {
      const m = new Y.Map<unknown>()
      for (const [k, v] of Object.entries(fields)) put(m, k, v)
      themes.set(`t${i}`, m)
    })
    const labels = doc.getMap(Root.Labels)
    raw.labels.forEach((fields, i) => {
      const m = new Y.Map<unknown>()
      // Mostly well-formed, so the raw fields reach the painters rather than being skipped.
      m.set('text', 'Tekst')
      m.set('category', 'ide')
      m.set('x', 0)
      m.set('y', 0)
      m.set('themeId', `t${i % Math.max(1, raw.themes.length)}`)
      for (const [k, v] of Object.entries(fields)) {
        if (v === undefined) m.delete(k)
        else m.set(k, v)
      }
      labels.set(`l${i}`, m)
    })
    const settings = doc.getMap(Root.Settings)
    put(settings, 'voteRound', raw.voteRound)
    const votes = doc.getMap(Root.Votes)
    for (const [k, v] of raw.votes) put(votes, k, v)
  })
  return doc
}

/**
 * Every export of a board: each format in Danish without nicknames, the
 * transcripts also in English with nicknames, a thumbnail, and the report as
 * Markdown and PDF.
 */
async function exportEverything(doc: Y.Doc): Promise<void> {
  const state = Y.encodeStateAsUpdate(doc)
  const runs = [
    ...EXPORT_FORMATS.map((format) => ({ format, locale: 'da', nicknames: false })),
    ...(['md', 'csv'] as const).map((format) => ({ format, locale: 'en', nicknames: true })),
  ]
  for (const { format, locale, nicknames } of runs) {
    const model = modelOfState(state, { nicknames })
    // The model is what the JSON routes send: it must survive their serializer, which refuses NaN.
    expect(await wallJson(model)).toBe(200)
    const file = await renderExport(
      { model, nicknames, snapshot: { name: String(model.title), createdAt: 1e20 } },
      { format, locale, size: 'A4', timeZone: 'Europe/Copenhagen', delimiter: CsvDelimiter.Semicolon, scale: 1 },
    )
    const body = file.body
    expect(body.length, `${format} ${locale}`).toBeGreaterThan(0)
    if (format === 'png') expect(PNG.sync.read(body as Buffer).width).toBeGreaterThan(0)
    if (format === 'pdf') expect((body as Buffer).subarray(0, 5).toString()).toBe('%PDF-')
    if (format === 'svg') expect((body as string).match(/<\/svg>/g)).toHaveLength(1)
  }
  const model = wallModel(doc, { nicknames: false })
  expect(PNG.sync.read(await thumbnailPng(model, 'da')).width).toBeGreaterThan(0)
  const report = {
    title: model.title,
    meetings: [
      {
        meeting: { title: model.question, date: '2025-03-04' },
        boards: [
          { title: model.title, snapshots: [{ name: model.title, createdAt: Number.NaN, model, thumbnail: null }] },
        ],
      },
    ],
  }
  expect(projectReportMarkdown(report, { timeZone: 'Europe/Copenhagen', locale: 'da' })).toContain('#')
  expect(
    (await projectReportPdf(report, { size: 'A4', timeZone: 'Europe/Copenhagen', locale: 'en' })).length,
  ).toBeGreaterThan(0)
}

describe('exports of extreme stored values', () => {
  it('a board with every extreme value in every field exports in every format', { timeout: 180_000 }, async () => {
    const labels: Raw[] = []
    for (const field of LABEL_FIELDS) for (const value of EXTREMES) labels.push({ [field]: value })
    labels.push(...LABEL_FIELDS.map((field) => ({ [field]: undefined })))
    const doc = rawBoard({
      title: 'Ekstrem 🙂',
      question: EXTREMES[21],
      legend: EXTREMES,
      themes: [
        ...THEME_FIELDS.flatMap((field) => EXTREMES.map((value) => ({ name: 'Tema', x: 0, y: 0, [field]: value }))),
        { name: 'x'.repeat(1_000), x: 1e300, y: -1e300 },
      ],
      labels,
      voteRound: { id: 'r', target: 'labels', dots: Number.POSITIVE_INFINITY, open: true },
      votes: EXTREMES.map((v, i) => [`r:p${i}:0`, typeof v === 'string' ? `l${i}` : v]),
    })
    await exportEverything(doc)
    // The stored 1e20 time is shown as no time, not as an error.
    const md = String(
      (
        await renderExport(
          { model: wallModel(doc, { nicknames: false }), nicknames: false },
          { format: 'md', locale: 'da', size: 'A4', timeZone: 'UTC', delimiter: CsvDelimiter.Comma, scale: 1 },
        )
      ).body,
    )
    expect(md).toContain('kl. –')
  })

  it('any raw values written with Yjs export in every format', { timeout: 300_000 }, async () => {
    const fields = (names: string[]) =>
      fc.record(Object.fromEntries(names.map((n) => [n, rawValue])) as Record<string, typeof rawValue>, {
        requiredKeys: [],
        noNullPrototype: true,
      })
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          title: rawValue,
          question: rawValue,
          legend: fc.array(fc.oneof(rawValue, fields(['id', 'colour', 'meaning', 'icon', 'order'])), { maxLength: 4 }),
          themes: fc.array(fields(THEME_FIELDS), { maxLength: 3 }),
          labels: fc.array(fields(LABEL_FIELDS), { maxLength: 6 }),
          voteRound: fc.oneof(rawValue, fields(['id', 'target', 'dots', 'open'])),
          votes: fc.array(fc.tuple(fc.string({ maxLength: 12 }), rawValue), { maxLength: 4 }),
        }),
        async (raw) => {
          await exportEverything(rawBoard(raw as Parameters<typeof rawBoard>[0]))
        },
      ),
      { numRuns: 12 },
    )
  })
})
