import type { MessageKey } from '@vaegavis/shared'
import { t } from '../i18n.ts'
import type { ConnectionState } from '../sync/connection.ts'

const TEXT: Record<ConnectionState['status'], MessageKey> = {
  online: 'common.statusOnline',
  offline: 'common.statusOffline',
  connecting: 'common.statusConnecting',
  closed: 'common.statusClosed',
} as const

/** Online / offline indicator; the text says it, the dot only repeats it. */
export function ConnectionBadge({ state }: { state: ConnectionState }) {
  return (
    <span className={`connection connection--${state.status}`} role="status" data-status={state.status}>
      <span className="connection__dot" aria-hidden="true" />
      {t(TEXT[state.status])}
    </span>
  )
}
