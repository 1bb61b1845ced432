import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MessageKey } from '@vaegavis/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { createServerI18n, locales, requestLocale, sharedLocalesDir, t } from './i18n.ts'

const request = (query: Record<string, unknown>, acceptLanguage?: string) => ({
  query,
  headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage },
})

describe('server languages', () => {
  it('are every file in shared/locales, found through the shared package', () => {
    expect(existsSync(join(sharedLocalesDir(), 'da.json'))).toBe(true)
    expect(locales).toEqual(expect.arrayContaining(['da', 'en']))
    expect(t('en', 'exports.legendHeading')).toBe('The colours mean')
    expect(t('da', 'exports.votes', { count: 2 })).toBe('2 stemmer')
  })

  it('take ?lang= first, then Accept-Language, then Danish', () => {
    expect(requestLocale(request({ lang: 'en' }))).toBe('en')
    expect(requestLocale(request({ lang: 'en-GB' }))).toBe('en')
    expect(requestLocale(request({ lang: 'da' }, 'en'))).toBe('da')
    expect(requestLocale(request({}, 'en-GB,en;q=0.9'))).toBe('en')
    expect(requestLocale(request({}, 'fr-FR,fr;q=0.9,en;q=0.5'))).toBe('en')
    expect(requestLocale(request({}, 'fr, en;q=0.2'))).toBe('en')
    expect(requestLocale(request({}, 'sv'))).toBe('da')
    expect(requestLocale(request({}))).toBe('da')
  })

  it('ignore a ?lang= there is no file for, and anything that is not text', () => {
    expect(requestLocale(request({ lang: 'xx' }))).toBe('da')
    expect(requestLocale(request({ lang: 'xx' }, 'en'))).toBe('en')
    expect(requestLocale(request({ lang: '' }, 'en'))).toBe('en')
    expect(requestLocale(request({ lang: ['en'] }))).toBe('da')
    expect(requestLocale({ query: undefined, headers: {} })).toBe('da')
  })
})

describe('a locales directory', () => {
  let dir = ''
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })
  const withDanish = () => {
    dir = mkdtempSync(join(tmpdir(), 'vaegavis-locales-'))
    copyFileSync(join(sharedLocalesDir(), 'da.json'), join(dir, 'da.json'))
    return dir
  }

  it('gains a language by gaining a file; a text missing there comes in Danish', () => {
    withDanish()
    writeFileSync(join(dir, 'sv.json'), JSON.stringify({ exports: { legendHeading: 'Vad färgerna betyder' } }))
    writeFileSync(join(dir, 'README.md'), 'not a language')
    writeFileSync(join(dir, 'notes.json'), '{}')
    const i18n = createServerI18n(dir)
    expect(i18n.locales).toEqual(['da', 'sv'])
    expect(i18n.requestLocale(request({}, 'sv-SE'))).toBe('sv')
    expect(i18n.t('sv', 'exports.legendHeading')).toBe('Vad färgerna betyder')
    expect(i18n.t('sv', 'exports.noLabels')).toBe('Ingen labels.')
    expect(i18n.t('sv', 'exports.nothing' as MessageKey)).toBe('exports.nothing')
  })

  it('stops the server with the file name when a file is not JSON, or Danish is missing', () => {
    withDanish()
    writeFileSync(join(dir, 'en.json'), '{ "exports": ')
    expect(() => createServerI18n(dir)).toThrow(/en\.json is not valid JSON/)
    rmSync(join(dir, 'en.json'))
    rmSync(join(dir, 'da.json'))
    expect(() => createServerI18n(dir)).toThrow(/No da\.json/)
  })
})
