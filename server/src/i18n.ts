/**
 * The server's languages: every `shared/locales/<code>.json`, read once at
 * startup, so adding a file adds a language to exports and server-made text
 * as it does to the client. Nothing here knows a current language: callers
 * pass the locale of the request they serve ({@link requestLocale}).
 *
 * Which language a request gets:
 * 1. `?lang=<code>` when it names a language there is a file for (`en-GB`
 *    counts as `en`), so an export link keeps its language when it is opened
 *    elsewhere or shared;
 * 2. else the Accept-Language header (the client sends its current
 *    language on every API request), negotiated;
 * 3. else Danish.
 * A `lang` naming no language we have is ignored, not refused: a download
 * link must not break because a language was renamed or removed. Export
 * routes' query schemas cap its length (`LangQuery` in plugins/exportHttp.ts),
 * so junk there is still a 400 with a code.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import {
  createTranslator,
  DEFAULT_LOCALE,
  type Dictionary,
  type MessageKey,
  negotiateLocale,
  type Params,
  parseAcceptLanguage,
} from '@vaegavis/shared'
import type { FastifyRequest } from 'fastify'

export type Key = MessageKey | `${MessageKey}.${string}`

export interface ServerI18n {
  /** Language codes there is a file for, sorted. */
  readonly locales: readonly string[]
  /** The text for `key` in `locale`; Danish where that language lacks it; the key if Danish lacks it too. */
  t(locale: string, key: Key, params?: Params): string
  /** The language to answer `req` in (see the module comment). */
  requestLocale(req: Pick<FastifyRequest, 'query' | 'headers'>): string
}

/**
 * The locales directory of the shared package, found through module
 * resolution so it is right in the workspace and in a deployed image alike.
 */
export function sharedLocalesDir(): string {
  const entry = createRequire(import.meta.url).resolve('@vaegavis/shared')
  return join(dirname(entry), '..', 'locales')
}

const FILE = /^([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.json$/

/** Reads every language file in `dir`; a file that is not valid JSON stops the server with its name. */
export function createServerI18n(dir: string = sharedLocalesDir()): ServerI18n {
  const translator = createTranslator()
  const locales: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const code = FILE.exec(name)?.[1]
    if (!code) continue
    let messages: Dictionary
    try {
      messages = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Dictionary
    } catch (e: unknown) {
      throw new Error(`Language file ${join(dir, name)} is not valid JSON: ${e instanceof Error ? e.message : e}`)
    }
    translator.add(code, messages)
    locales.push(code)
  }
  if (!locales.includes(DEFAULT_LOCALE)) throw new Error(`No ${DEFAULT_LOCALE}.json in ${dir}: exports need it.`)

  const t = (locale: string, key: Key, params?: Params): string => {
    const text = translator.t(locale, key, params)
    return text === key && locale !== DEFAULT_LOCALE ? translator.t(DEFAULT_LOCALE, key, params) : text
  }
  const requestLocale = (req: Pick<FastifyRequest, 'query' | 'headers'>): string => {
    const lang = (req.query as { lang?: unknown } | undefined)?.lang
    const wanted = [
      ...(typeof lang === 'string' && lang !== '' ? [lang] : []),
      ...parseAcceptLanguage(req.headers['accept-language']),
    ]
    return negotiateLocale(wanted, locales)
  }
  return { locales, t, requestLocale }
}

const i18n = createServerI18n()

/** Every language the server can write in. */
export const locales = i18n.locales
export const t = i18n.t
export const requestLocale = i18n.requestLocale
