/**
 * Translation core shared by client and server, on rosetta.
 *
 * Every language is one JSON file in `shared/locales/` (`da.json` is the
 * reference every other file must match, checked by `i18n.test.ts`). A file
 * holds areas — `common` (start page, phone, connection, errors), `wall`,
 * `archive`, `exports`, `pictures` (the phone's photo and drawing, bundled with that code) — so the phone can load only the part it shows.
 *
 * Message syntax: `{{name}}` placeholders; a count is an object keyed by
 * Intl plural category (`one`, `other`, …) plus an optional `zero`, chosen by
 * the `count` parameter; any other object is a lookup table whose caller
 * names the entry (`closeReason.4401`), with `other` as its fallback.
 */
import rosetta from 'rosetta'
import type reference from '../locales/da.json'

export type Messages = typeof reference
export type Area = keyof Messages
export type Dictionary = { [key: string]: string | Dictionary }
export type Params = Record<string, string | number>

/** Language used when nothing better matches, and the one every file is checked against. */
export const DEFAULT_LOCALE = 'da'

type Paths<T, P extends string> = {
  [K in keyof T & string]: T[K] extends string
    ? `${P}${K}`
    : T[K] extends { other: string }
      ? `${P}${K}`
      : `${P}${K}` | Paths<T[K], `${P}${K}.`>
}[keyof T & string]

/** Every key a caller may ask for, e.g. `common.saved` or `wall.votesOf`. */
export type MessageKey = { [A in Area]: Paths<Messages[A], `${A}.`> }[Area]

const pluralRules = new Map<string, Intl.PluralRules>()
function pluralOf(locale: string, count: number): string {
  let rules = pluralRules.get(locale)
  if (!rules) {
    rules = new Intl.PluralRules(locale)
    pluralRules.set(locale, rules)
  }
  return rules.select(count)
}

export interface Translator {
  /** Adds (or extends) the areas of one language. */
  add(locale: string, areas: Partial<Record<Area, Dictionary>>): void
  /** True once `area` of `locale` has been added. */
  has(locale: string, area: Area): boolean
  /**
   * The text for `key` in `locale`. Lookup tables take a dynamic last
   * segment; a missing key returns the key itself so it shows in review.
   */
  t(locale: string, key: MessageKey | `${MessageKey}.${string}`, params?: Params): string
}

export function createTranslator(): Translator {
  const r = rosetta<Dictionary>()
  const lookup = (locale: string, key: string, params?: Params): unknown => r.t(key, params ?? {}, locale) as unknown
  return {
    add(locale, areas) {
      r.set(locale, areas as Dictionary)
    },
    has(locale, area) {
      const table = r.table(locale)
      return !!table && area in table
    },
    t(locale, key, params) {
      let value = lookup(locale, key, params)
      if (value && typeof value === 'object') {
        const count = Number(params?.count)
        const table = value as Record<string, unknown>
        const entry = count === 0 && 'zero' in table ? 'zero' : pluralOf(locale, count)
        value = lookup(locale, `${key}.${entry in table ? entry : 'other'}`, params)
      } else if (value === '' && key.includes('.')) {
        // A lookup table without this entry (`closeReason.1234`) falls back to its `other`.
        const parent = key.slice(0, key.lastIndexOf('.'))
        if (typeof lookup(locale, parent) === 'object') value = lookup(locale, `${parent}.other`, params)
      }
      return typeof value === 'string' && value !== '' ? value : key
    },
  }
}

/**
 * The best of `available` for a visitor who wants `wanted` (most preferred
 * first, as `navigator.languages` or Accept-Language give them): an exact
 * match, else the same language without region (`en-GB` → `en`), else the
 * default.
 */
export function negotiateLocale(wanted: readonly string[], available: readonly string[]): string {
  const have = new Map(available.map((code) => [code.toLowerCase(), code]))
  for (const tag of wanted) {
    const lower = tag.trim().toLowerCase()
    const exact = have.get(lower)
    if (exact) return exact
    const base = have.get(lower.split('-')[0] ?? '')
    if (base) return base
  }
  return have.get(DEFAULT_LOCALE) ?? available[0] ?? DEFAULT_LOCALE
}

/** Language tags of an Accept-Language header, most preferred first (`*` and q=0 left out). */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return []
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().split(';')
      const q = rest.map((p) => p.trim()).find((p) => p.startsWith('q='))
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1, index }
    })
    .filter((x) => x.tag && x.tag !== '*' && x.q > 0 && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((x) => x.tag)
}

/** A language's name in its own language, capitalised ("Dansk", "English"), for the language switch. */
export function languageName(code: string): string {
  const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1)
}
