import type { ConnectionState } from '../sync/connection.ts'
import { t } from './strings.ts'

const TEXT = {
  online: t.statusOnline,
  offline: t.statusOffline,
  connecting: t.statusConnecting,
  closed: t.statusClosed,
} as const

/** Online / offline indicator; the text says it, the dot only repeats it. */
export function ConnectionBadge({ state }: { state: ConnectionState }) {
  return (
    <span className={`connection connection--${state.status}`} role="status" data-status={state.status}>
      <span className="connection__dot" aria-hidden="true" />
      {TEXT[state.status]}
    </span>
  )
}
