import { describe, expect, it } from 'vitest'
import {
  createTranslator,
  DEFAULT_LOCALE,
  type Dictionary,
  type MessageKey,
  negotiateLocale,
  parseAcceptLanguage,
} from './i18n.ts'

// Vitest expands import.meta.glob at transform time; shared has no Vite types, so declare the one form used here.
declare global {
  interface ImportMeta {
    glob<T>(pattern: string, options: { eager: true; import: 'default' }): Record<string, T>
  }
}

/** Every language file, by code: the list the client and server build theirs from. */
const files: Record<string, Dictionary> = Object.fromEntries(
  Object.entries(import.meta.glob<Dictionary>('../locales/*.json', { eager: true, import: 'default' })).map(
    ([path, messages]) => [/([\w-]+)\.json$/.exec(path)?.[1] ?? path, messages],
  ),
)
const reference = files[DEFAULT_LOCALE] as Dictionary
const PLURAL_CATEGORIES = new Set(['zero', 'one', 'two', 'few', 'many', 'other'])

/** A count message: an object keyed only by Intl plural categories. */
const isPlural = (value: Dictionary): boolean => Object.keys(value).every((k) => PLURAL_CATEGORIES.has(k))

const placeholders = (text: string): string[] => [...text.matchAll(/{{\s*([^}]*?)\s*}}/g)].map((m) => m[1] ?? '').sort()

interface Problem {
  path: string
  problem: string
}

/**
 * Compares one language with the reference: the same keys at every level,
 * the same placeholders in every string, no empty text. A count object may
 * add the plural categories its language uses (Polish `few`), and must have
 * all of them; each such extra entry is checked against the reference's `other`.
 */
function compare(locale: string, ours: Dictionary, theirs: Dictionary, path = ''): Problem[] {
  const problems: Problem[] = []
  const plural = isPlural(theirs)
  const needed: string[] = plural ? new Intl.PluralRules(locale).resolvedOptions().pluralCategories : []
  for (const key of Object.keys(theirs)) {
    if (!(key in ours)) problems.push({ path: `${path}${key}`, problem: 'missing' })
  }
  for (const category of needed) {
    if (!(category in theirs) && !(category in ours))
      problems.push({ path: `${path}${category}`, problem: `missing plural form for ${locale}` })
  }
  for (const [key, value] of Object.entries(ours)) {
    const here = `${path}${key}`
    const match = theirs[key] ?? (needed.includes(key) ? theirs.other : undefined)
    if (match === undefined) {
      problems.push({ path: here, problem: 'extra' })
      continue
    }
    if (typeof match === 'string' && typeof value === 'string') {
      if (value.trim() === '') problems.push({ path: here, problem: 'empty text' })
      const want = placeholders(match).join(', ')
      const got = placeholders(value).join(', ')
      if (want !== got) problems.push({ path: here, problem: `placeholders {${got}} instead of {${want}}` })
    } else if (typeof match === 'object' && typeof value === 'object') {
      problems.push(...compare(locale, value, match, `${here}.`))
    } else {
      problems.push({
        path: here,
        problem: typeof value === 'string' ? 'text instead of a group' : 'group instead of text',
      })
    }
  }
  return problems
}

/** Paths of count objects without `other`, the entry every plural lookup falls back to. */
function pluralsWithoutOther(messages: Dictionary, path = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) => {
    if (typeof value === 'string') return []
    const here = `${path}${key}`
    const own = isPlural(value) && !('other' in value) ? [here] : []
    return [...own, ...pluralsWithoutOther(value, `${here}.`)]
  })
}

describe('language files', () => {
  it('include the Danish reference and English', () => {
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['da', 'en']))
    expect(Object.keys(reference)).toEqual(['common', 'app', 'wall', 'archive', 'exports', 'capture', 'pictures'])
  })

  it.each(Object.keys(files))('%s.json has every key of da.json, no other keys, and the same placeholders', (code) => {
    expect(compare(code, files[code] as Dictionary, reference)).toEqual([])
  })

  it.each(Object.keys(files))('%s.json gives every count an "other" form', (code) => {
    expect(pluralsWithoutOther(files[code] as Dictionary)).toEqual([])
  })

  it('the comparison reports missing and extra keys and changed placeholders by path', () => {
    const theirs = { a: { b: 'Hej {{name}}', n: { one: '1 prik', other: '{{count}} prikker' } }, c: 'x' }
    const ours = { a: { b: 'Hi {{nam}}', n: { one: '1 dot', few: '{{count}} dots' }, z: 'extra' } }
    expect(compare('en', ours, theirs)).toEqual([
      { path: 'c', problem: 'missing' },
      { path: 'a.b', problem: 'placeholders {nam} instead of {name}' },
      { path: 'a.n.other', problem: 'missing' },
      { path: 'a.n.few', problem: 'extra' },
      { path: 'a.z', problem: 'extra' },
    ])
    // Polish counts need `few` and `many`; they are welcome there, and required.
    const polish = compare(
      'pl',
      { n: { one: '1 kropka', few: '{{count}} kropki', other: '{{count}} kropek' } },
      theirs.a,
    )
    expect(polish).toEqual([
      { path: 'b', problem: 'missing' },
      { path: 'n.many', problem: 'missing plural form for pl' },
    ])
    expect(pluralsWithoutOther({ n: { one: '1', zero: '0' } })).toEqual(['n'])
  })
})

describe('translator', () => {
  const i18n = createTranslator()
  i18n.add('da', reference)
  i18n.add('en', files.en as Dictionary)

  it('fills in placeholders', () => {
    expect(i18n.t('da', 'common.nicknameTooLong', { max: 30 })).toBe('Dit kaldenavn er for langt – højst 30 tegn.')
    expect(i18n.t('en', 'common.nicknameTooLong', { max: 30 })).toBe(
      'Your nickname is too long – 30 characters at most.',
    )
    expect(i18n.t('en', 'wall.moved', { text: 'More sofas', theme: 'Rooms' })).toBe('“More sofas” was moved to Rooms.')
  })

  it('picks one, other or zero by count, in Danish and English', () => {
    const dots = (locale: string, count: number) => i18n.t(locale, 'common.dotsLeft', { count })
    expect([0, 1, 2, 11].map((n) => dots('da', n))).toEqual([
      'Du har brugt alle dine prikker',
      'Du har 1 prik tilbage',
      'Du har 2 prikker tilbage',
      'Du har 11 prikker tilbage',
    ])
    expect([0, 1, 2].map((n) => dots('en', n))).toEqual([
      'You have used all your dots',
      'You have 1 dot left',
      'You have 2 dots left',
    ])
    // Without a `zero` form, nought is plural in both languages.
    expect(i18n.t('da', 'wall.votesOf', { count: 0 })).toBe('0 stemmer')
    expect(i18n.t('en', 'wall.votesOf', { count: 0 })).toBe('0 votes')
    expect(i18n.t('en', 'wall.votesOf', { count: 1 })).toBe('1 vote')
  })

  it("looks up table entries and falls back to the table's other entry", () => {
    expect(i18n.t('en', 'common.closeReason.4401')).toBe('Your access to the wall has run out.')
    expect(i18n.t('en', 'common.closeReason.4999')).toBe('The connection to the wall was lost.')
    expect(i18n.t('da', 'common.closeReason.4999')).toBe('Forbindelsen til væggen blev afbrudt.')
    expect(i18n.t('en', 'exports.colourNames.#D55E00')).toBe('red-orange')
    expect(i18n.t('en', 'exports.colourNames.#123456', { colour: '#123456' })).toBe('#123456')
    expect(i18n.t('da', 'archive.shareStatus.revoked')).toBe('Lukket')
  })

  it('returns the key itself for a missing key or a language never added', () => {
    expect(i18n.t('en', 'common.noSuchText' as MessageKey)).toBe('common.noSuchText')
    expect(i18n.t('fr', 'common.send')).toBe('common.send')
    expect(i18n.t('da', 'wall.colourNames.#123456')).toBe('wall.colourNames.#123456')
  })

  it('knows which areas of a language it has', () => {
    const partial = createTranslator()
    partial.add('en', { common: (files.en as Dictionary).common as Dictionary })
    expect(partial.has('en', 'common')).toBe(true)
    expect(partial.has('en', 'wall')).toBe(false)
    expect(partial.has('da', 'common')).toBe(false)
  })
})

describe('negotiateLocale', () => {
  const available = ['da', 'en']

  it('takes an exact match, ignoring case', () => {
    expect(negotiateLocale(['en'], available)).toBe('en')
    expect(negotiateLocale(['EN'], available)).toBe('en')
  })

  it('takes the language without its region', () => {
    expect(negotiateLocale(['en-GB'], available)).toBe('en')
    expect(negotiateLocale(['en-us'], available)).toBe('en')
    expect(negotiateLocale(['da-DK'], available)).toBe('da')
  })

  it('falls back to Danish for a language there is no file for', () => {
    expect(negotiateLocale(['fr', 'de-AT'], available)).toBe('da')
    expect(negotiateLocale([], available)).toBe('da')
    expect(negotiateLocale(['xx'], ['en', 'de'])).toBe('en')
  })

  it('respects the order of preference', () => {
    expect(negotiateLocale(['fr', 'en', 'da'], available)).toBe('en')
    expect(negotiateLocale(['da', 'en'], available)).toBe('da')
    expect(negotiateLocale(['en-GB', 'da'], available)).toBe('en')
  })
})

describe('parseAcceptLanguage', () => {
  it('orders tags by q-value, keeping header order for equal values', () => {
    expect(parseAcceptLanguage('en-GB,en;q=0.9')).toEqual(['en-GB', 'en'])
    expect(parseAcceptLanguage('da;q=0.5, en;q=0.8, sv')).toEqual(['sv', 'en', 'da'])
    expect(parseAcceptLanguage('fr;q=0.7,de;q=0.7')).toEqual(['fr', 'de'])
    expect(parseAcceptLanguage('en; q=0.4 , da ;q=0.6')).toEqual(['da', 'en'])
  })

  it('leaves out * and languages refused with q=0', () => {
    expect(parseAcceptLanguage('en;q=0, *;q=0.5, da')).toEqual(['da'])
    expect(parseAcceptLanguage('*')).toEqual([])
  })

  it('survives a missing or malformed header', () => {
    expect(parseAcceptLanguage(undefined)).toEqual([])
    expect(parseAcceptLanguage('')).toEqual([])
    expect(parseAcceptLanguage(',,;q=1, ;')).toEqual([])
    expect(parseAcceptLanguage('en;q=lots,da')).toEqual(['da'])
  })

  it('feeds negotiation: a British browser gets English, a Swedish one Danish', () => {
    expect(negotiateLocale(parseAcceptLanguage('en-GB,en;q=0.9'), ['da', 'en'])).toBe('en')
    expect(negotiateLocale(parseAcceptLanguage('sv-SE,sv;q=0.9'), ['da', 'en'])).toBe('da')
    expect(negotiateLocale(parseAcceptLanguage('fr;q=0.9,en;q=0.1,da;q=0.5'), ['da', 'en'])).toBe('da')
  })
})
