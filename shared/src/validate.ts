/**
 * Validators shared by server (which enforces them) and client (which shows
 * the same rule before sending, so a young person never meets a silent cut).
 */
import { ErrorCode } from './errors.ts'
import { type Category, ICONS, MAX_LABEL_TEXT, MAX_NICKNAME, MAX_SHORT_TEXT, PALETTE } from './schema.ts'

export type Validation<T> = { ok: true; value: T } | { ok: false; code: ErrorCode }

/** Length in characters as a person counts them (code points, so an emoji is one). */
export function charLength(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

/** A label text: trimmed, not empty, at most {@link MAX_LABEL_TEXT} characters. */
export function validateLabelText(text: unknown): Validation<string> {
  if (typeof text !== 'string') return { ok: false, code: ErrorCode.TextEmpty }
  const trimmed = text.trim()
  if (trimmed === '') return { ok: false, code: ErrorCode.TextEmpty }
  if (charLength(trimmed) > MAX_LABEL_TEXT) return { ok: false, code: ErrorCode.TextTooLong }
  return { ok: true, value: trimmed }
}

/** An optional nickname: empty means anonymous. */
export function validateNickname(nickname: unknown): Validation<string> {
  if (nickname === undefined || nickname === null) return { ok: true, value: '' }
  if (typeof nickname !== 'string') return { ok: false, code: ErrorCode.BadRequest }
  const trimmed = nickname.trim()
  if (charLength(trimmed) > MAX_NICKNAME) return { ok: false, code: ErrorCode.NicknameTooLong }
  return { ok: true, value: trimmed }
}

/** True for a finite coordinate within the wall's bounds (±1,000,000 units). */
export function isCoordinate(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 1_000_000
}

/** True for a short, non-empty string such as a theme name or a category meaning. */
export function isShortText(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '' && charLength(v) <= MAX_SHORT_TEXT
}

/** A legend entry with a palette colour, a known icon and a short meaning. */
export function isValidCategory(v: unknown): v is Category {
  if (typeof v !== 'object' || v === null) return false
  const c = v as Record<string, unknown>
  return (
    typeof c.id === 'string' &&
    c.id !== '' &&
    typeof c.colour === 'string' &&
    (PALETTE as readonly string[]).includes(c.colour) &&
    isShortText(c.meaning) &&
    typeof c.icon === 'string' &&
    (ICONS as readonly string[]).includes(c.icon) &&
    typeof c.order === 'number' &&
    Number.isFinite(c.order)
  )
}
