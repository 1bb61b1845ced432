import { ErrorCode } from '@vaegavis/shared'
import { ApiError, NETWORK_ERROR } from '../api.ts'
import { t } from '../i18n.ts'
import { navigate, paths } from '../router.ts'

/** A sentence for a failed request; `specific` overrides the text for chosen codes. */
export function errorText(e: unknown, specific: Partial<Record<string, string>> = {}): string {
  if (!(e instanceof ApiError)) return t('common.genericError')
  const own = specific[e.code]
  if (own) return own
  if (e.code === NETWORK_ERROR) return t('common.networkError')
  if (e.code === ErrorCode.RateLimited) return t('common.rateLimited')
  return t('common.genericError')
}

/** Sends a facilitator whose session has run out to sign in again; true if it did. */
export function signInIfExpired(e: unknown): boolean {
  if (!(e instanceof ApiError && e.status === 401)) return false
  navigate(paths.login(), { replace: true })
  return true
}
