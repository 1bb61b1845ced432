import { ErrorCode } from '@vaegavis/shared'
import { ApiError, NETWORK_ERROR } from '../api.ts'
import { t } from '../i18n.ts'

/** A sentence for a failed request; `specific` overrides the text for chosen codes. */
export function errorText(e: unknown, specific: Partial<Record<string, string>> = {}): string {
  if (!(e instanceof ApiError)) return t('common.genericError')
  const own = specific[e.code]
  if (own) return own
  if (e.code === NETWORK_ERROR) return t('common.networkError')
  if (e.code === ErrorCode.RateLimited) return t('common.rateLimited')
  return t('common.genericError')
}

export function isUnauthorized(e: unknown): boolean {
  return e instanceof ApiError && e.status === 401
}
