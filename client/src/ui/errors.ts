import { ErrorCode } from '@vaegavis/shared'
import { ApiError, NETWORK_ERROR } from '../api.ts'
import { t } from './strings.ts'

/** A sentence for a failed request; `specific` overrides the text for chosen codes. */
export function errorText(e: unknown, specific: Partial<Record<string, string>> = {}): string {
  if (!(e instanceof ApiError)) return t.genericError
  const own = specific[e.code]
  if (own) return own
  if (e.code === NETWORK_ERROR) return t.networkError
  if (e.code === ErrorCode.RateLimited) return t.rateLimited
  return t.genericError
}

export function isUnauthorized(e: unknown): boolean {
  return e instanceof ApiError && e.status === 401
}
