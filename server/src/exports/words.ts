/** Danish wording, colour and shape names, and time formatting shared by every export. */
import type { Category, Icon, VoteRound } from '@vaegavis/shared'

/** Time zone exports are written in unless the request names another. */
export const DEFAULT_TIME_ZONE = 'Europe/Copenhagen'

export const COLOUR_NAMES: Record<string, string> = {
  '#D55E00': 'rødorange',
  '#56B4E9': 'himmelblå',
  '#F0E442': 'gul',
  '#009E73': 'blågrøn',
  '#E69F00': 'orange',
  '#CC79A7': 'rødlilla',
  '#0072B2': 'blå',
}

export const ICON_NAMES: Record<Icon, string> = {
  triangle: 'trekant',
  circle: 'cirkel',
  star: 'stjerne',
  square: 'firkant',
  diamond: 'rombe',
  heart: 'hjerte',
}

export const W = {
  transcript: 'Afskrift',
  question: 'Spørgsmål til hvert tema',
  legend: 'Farvernes betydning',
  theme: 'Tema',
  unsorted: 'Ikke sorteret',
  answers: 'Svar',
  unknownCategory: 'Ukendt farve',
  snapshot: 'Øjebliksbillede',
  labels: 'Sedler',
  noLabels: 'Ingen sedler.',
  votes: (n: number) => (n === 1 ? '1 stemme' : `${n} stemmer`),
  at: 'kl.',
  label: 'seddel',
  answer: 'svar',
  report: 'Rapport',
  meeting: 'Møde',
  noMeeting: 'Uden møde',
  noSnapshots: 'Intet øjebliksbillede gemt.',
  topVoted: 'Flest stemmer',
  members: 'Facilitatorer',
  generatedBy: 'Lavet med Vægavis',
} as const

/** "Rødorange trekant" for a legend entry. */
export function describeCategory(c: Category): string {
  const colour = COLOUR_NAMES[c.colour.toUpperCase()] ?? c.colour
  const shape = ICON_NAMES[c.icon] ?? c.icon
  return `${colour.charAt(0).toUpperCase()}${colour.slice(1)} ${shape}`
}

/** "3 prikker pr. deltager på sedler (lukket)". */
export function describeRound(r: VoteRound): string {
  const on = r.target === 'labels' ? 'sedler' : 'temaer'
  return `${r.dots} ${r.dots === 1 ? 'prik' : 'prikker'} pr. deltager på ${on} (${r.open ? 'åben' : 'lukket'})`
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

function parts(ms: number, tz: string): Record<string, string> {
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
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}

/** "18:30" in `tz`. */
export function formatClock(ms: number, tz: string): string {
  const p = parts(ms, tz)
  return `${p.hour}:${p.minute}`
}

/** Today's date `YYYY-MM-DD` in `tz`. */
export function formatDate(ms: number, tz: string): string {
  const p = parts(ms, tz)
  return `${p.year}-${p.month}-${p.day}`
}
