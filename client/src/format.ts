/** Dates for the archive and dashboard pages, in the reader's language. */
import { formatDate } from './i18n.ts'

export function formatDateTime(v: number | string): string {
  const d = new Date(v)
  return Number.isNaN(d.getTime()) ? '' : formatDate(d, { dateStyle: 'medium', timeStyle: 'short' })
}

/** A calendar date `YYYY-MM-DD`, as the club reads it. */
export function formatDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  if (!y || !m || !d) return date
  return formatDate(new Date(y, m - 1, d), { dateStyle: 'full' })
}

/** End of a chosen day (local) in ms, for a share link's expiry; null for none. */
export function endOfDay(date: string): number | null {
  const [y, m, d] = date.split('-').map(Number)
  if (!y || !m || !d) return null
  return new Date(y, m - 1, d, 23, 59, 59).getTime()
}
