/**
 * Words of the exports in the reader's language (the `exports` area of the
 * language files) and language-neutral time formatting shared by every export.
 */
import type { Category, VoteRound } from '@vaegavis/shared'
import { t } from '../i18n.ts'

/** Time zone exports are written in unless the request names another. */
export const DEFAULT_TIME_ZONE = 'Europe/Copenhagen'

/** "3 stemmer" / "3 votes". */
export function votes(locale: string, count: number): string {
  return t(locale, 'exports.votes', { count })
}

/** "Rødorange trekant" / "Red-orange triangle" for a legend entry; an unknown colour or shape by its code. */
export function describeCategory(locale: string, c: Category): string {
  const colour = c.colour.toUpperCase()
  const text = t(locale, 'exports.category', {
    colour: t(locale, `exports.colourNames.${colour}`, { colour: c.colour }),
    shape: t(locale, `exports.iconNames.${c.icon}`, { icon: c.icon }),
  })
  return `${text.charAt(0).toLocaleUpperCase(locale)}${text.slice(1)}`
}

/** "Afstemning: 3 prikker pr. deltager på sedler (åben)". */
export function describeRound(locale: string, r: VoteRound): string {
  return t(locale, 'exports.voteRound', {
    round: t(locale, r.target === 'labels' ? 'exports.roundOnLabels' : 'exports.roundOnThemes', { count: r.dots }),
    state: t(locale, r.open ? 'exports.roundOpen' : 'exports.roundClosed'),
  })
}

/** True if `tz` is a time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

const formats = new Map<string, Intl.DateTimeFormat>()

/** Shown for a time that is no time at all (a broken or absurd stored value). */
export const NO_TIME = '–'

/**
 * True for a time an export shows: after 1970 and within Date's range (no
 * Vægavis board is older; 0 stands for "no time" in the model).
 */
export function isTime(ms: unknown): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 && ms <= 8.64e15
}

function parts(ms: number, tz: string): Record<string, string> | null {
  if (!isTime(ms)) return null
  let f = formats.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    formats.set(tz, f)
  }
  const out: Record<string, string> = {}
  for (const p of f.formatToParts(new Date(ms))) out[p.type] = p.value
  return out
}

/** "2025-03-04 18:30" in `tz`: the same on every machine, unlike locale formats. */
export function formatDateTime(ms: number, tz: string): string {
  const p = parts(ms, tz)
  if (!p) return NO_TIME
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}

/** "18:30" in `tz`. */
export function formatClock(ms: number, tz: string): string {
  const p = parts(ms, tz)
  if (!p) return NO_TIME
  return `${p.hour}:${p.minute}`
}

/** Today's date `YYYY-MM-DD` in `tz`. */
export function formatDate(ms: number, tz: string): string {
  const p = parts(ms, tz)
  if (!p) return NO_TIME
  return `${p.year}-${p.month}-${p.day}`
}

/**
 * A snapshot as export headers name it: "Efter brainstorm · 2025-03-04 19:00",
 * or only the name when it already carries its time (the default name
 * "Væggen 2025-03-04 19:00"), so a header never says the same time twice.
 */
export function snapshotWords(
  snapshot: { name: string; createdAt: number },
  tz: string,
  quote: (text: string) => string = (x) => x,
): string {
  const time = formatDateTime(snapshot.createdAt, tz)
  const name = snapshot.name.trim()
  if (name === '') return time
  if (time === NO_TIME || /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(name)) return quote(name)
  return `${quote(name)} · ${time}`
}
