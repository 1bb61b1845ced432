/**
 * The client's language: which one, loading its texts, and `t`.
 *
 * A visitor gets the language they chose with the switch (kept in this
 * browser), else the best match for the browser's languages, else Danish.
 * Each language file is split by area at build time (the
 * `vaegavis:locale-areas` plugin in vite.config.ts), so a phone loads the
 * `common` texts of one language and nothing of the facilitator's pages.
 * No language is in the entry chunk, so every language costs a phone the
 * same; the server names the likely one in a modulepreload link in the page
 * (plugins/web.ts), so it arrives alongside the entry, not after it. The
 * inlined phone page carries that language's phone texts in the page itself.
 */
import {
  type Area,
  createTranslator,
  DEFAULT_LOCALE,
  type Dictionary,
  type MessageKey,
  negotiateLocale,
  type Params,
} from '@vaegavis/shared'
import { useSyncExternalStore } from 'react'

// `pictures` is bundled with the picture code itself (phone/pictures.ts), outside the phone's first script.
type ClientArea = Exclude<Area, 'exports' | 'pictures'>
type Loaders = Record<string, () => Promise<Dictionary>>

// One glob per area, each listing every language file: adding `xx.json` adds a language.
const loaders: Record<ClientArea, Loaders> = {
  common: import.meta.glob<Dictionary>('../../shared/locales/*.json', { query: { area: 'common' }, import: 'default' }),
  app: import.meta.glob<Dictionary>('../../shared/locales/*.json', { query: { area: 'app' }, import: 'default' }),
  wall: import.meta.glob<Dictionary>('../../shared/locales/*.json', { query: { area: 'wall' }, import: 'default' }),
  archive: import.meta.glob<Dictionary>('../../shared/locales/*.json', {
    query: { area: 'archive' },
    import: 'default',
  }),
  capture: import.meta.glob<Dictionary>('../../shared/locales/*.json', {
    query: { area: 'capture' },
    import: 'default',
  }),
}
const codeOf = (path: string) => /([\w-]+)\.json$/.exec(path)?.[1] ?? ''
const pathOf = (code: string) => `../../shared/locales/${code}.json`

/** Every language there is a file for, by code. */
export const locales: readonly string[] = Object.keys(loaders.common).map(codeOf).sort()

const STORAGE_KEY = 'vaegavis.locale'
const translator = createTranslator()

function stored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY)
  } catch {
    return null // storage blocked (private mode): follow the browser
  }
}

let current = initialLocale()
const listeners = new Set<() => void>()
/** Areas some page on screen needs; a language switch loads them before it shows. */
const inUse = new Set<ClientArea>(['common'])

/** The browser's languages, most preferred first. */
function browserLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language])
}

function initialLocale(): string {
  const chosen = stored()
  if (chosen && locales.includes(chosen)) return chosen
  return negotiateLocale(browserLanguages(), locales.length ? locales : [DEFAULT_LOCALE])
}

/** The current language code. */
export function locale(): string {
  return current
}

/** The text for `key` in the current language. */
export function t(key: MessageKey | `${MessageKey}.${string}`, params?: Params): string {
  return translator.t(current, key, params)
}

/**
 * The phone texts the server wrote into the inlined `/j/` page
 * (server/src/plugins/web.ts), if they are `code`'s: no request for them.
 */
function inlineTexts(area: ClientArea, code: string): Dictionary | undefined {
  if (area !== 'common' || typeof document === 'undefined') return undefined
  const el = document.getElementById('vaegavis-texts')
  if (!el || el.dataset.locale !== code) return undefined
  try {
    return JSON.parse(el.textContent ?? '') as Dictionary
  } catch {
    return undefined // not ours: load the chunk
  }
}

async function load(area: ClientArea, code: string): Promise<void> {
  if (translator.has(code, area)) return
  const inline = inlineTexts(area, code)
  if (inline) {
    translator.add(code, { [area]: inline })
    return
  }
  const loader = loaders[area][pathOf(code)]
  if (loader) translator.add(code, { [area]: await loader() })
}

/**
 * Imports a page together with the current language's texts of `areas`.
 * Lazy routes wrap their import in it, so a page never shows before its texts.
 */
export function withArea<T>(areas: ClientArea[], importPage: () => Promise<T>): Promise<T> {
  for (const area of areas) inUse.add(area)
  return Promise.all([importPage(), ...areas.map((area) => load(area, current))]).then(([page]) => page)
}

/** Loads what the page needs in `code`, then switches to it and remembers the choice in this browser. */
export async function setLocale(code: string): Promise<void> {
  if (!locales.includes(code)) return
  await Promise.all([...inUse].map((area) => load(area, code)))
  try {
    localStorage.setItem(STORAGE_KEY, code)
  } catch {
    // Not remembered, but switched for this visit.
  }
  current = code
  document.documentElement.lang = code
  for (const listener of listeners) listener()
}

/** Loads the texts the first screen needs. */
export function startI18n(): Promise<void> {
  document.documentElement.lang = current
  return load('common', current)
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The current language; components that call it re-render when it changes. */
export function useLocale(): string {
  return useSyncExternalStore(subscribe, locale, locale)
}

const formats = new Map<string, Intl.DateTimeFormat>()

/**
 * The browser's own variant of the current language, so an English reader in
 * Britain gets "26 Nov 2026" and one in the US "Nov 26, 2026"; the bare
 * language when the browser does not ask for it.
 */
function dateLocale(): string {
  return browserLanguages().find((tag) => tag.toLowerCase().split('-')[0] === current) ?? current
}

/** A date and/or time in the reader's language ("26. nov. 2026 10.39" / "26 Nov 2026, 10:39"). */
export function formatDate(when: number | Date, options: Intl.DateTimeFormatOptions): string {
  const tag = dateLocale()
  const id = `${tag}|${JSON.stringify(options)}`
  let format = formats.get(id)
  if (!format) {
    format = new Intl.DateTimeFormat(tag, options)
    formats.set(id, format)
  }
  return format.format(when)
}
