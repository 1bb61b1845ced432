/** Dates for the archive pages. */
const dateTime = new Intl.DateTimeFormat('da-DK', { dateStyle: 'medium', timeStyle: 'short' })
const dateOnly = new Intl.DateTimeFormat('da-DK', { dateStyle: 'full' })

export function formatDateTime(v: number): string {
  const d = new Date(v)
  return Number.isNaN(d.getTime()) ? '' : dateTime.format(d)
}

/** A calendar date `YYYY-MM-DD`, as the club reads it. */
export function formatDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  if (!y || !m || !d) return date
  return dateOnly.format(new Date(y, m - 1, d))
}

/** End of a chosen day (local) in ms, for a share link's expiry; null for none. */
export function endOfDay(date: string): number | null {
  const [y, m, d] = date.split('-').map(Number)
  if (!y || !m || !d) return null
  return new Date(y, m - 1, d, 23, 59, 59).getTime()
}
