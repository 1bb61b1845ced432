import { type Category, CloseCode } from '@vaegavis/shared'
import type { CSSProperties } from 'react'
import { api } from '../api.ts'
import { hostAndBase } from '../base.ts'
import { t } from '../i18n.ts'
import { paths } from '../router.ts'
import type { ConnectionState } from '../sync/connection.ts'
import { CategoryIcon } from '../ui/CategoryIcon.tsx'
import { ConnectionBadge } from '../ui/ConnectionBadge.tsx'
import { Link } from '../ui/Link.tsx'

/** "ABCDEF" → "ABC DEF": easier to read from the back of a room; the phone accepts the space. */
export function spacedCode(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code
}

/** Title and connection; on the projector without the way back to the dashboard. */
export function WallTopBar({
  title,
  state,
  projector = false,
  locked = false,
  doorClosed = false,
}: {
  title: string
  state: ConnectionState
  projector?: boolean
  locked?: boolean
  /** Shown so the room knows why a newcomer cannot join. */
  doorClosed?: boolean
}) {
  return (
    <header className="wall-top">
      {!projector && (
        <Link className="wall-top__back" href={paths.boards()}>
          ← {t('app.backToBoards')}
        </Link>
      )}
      <h1 className="wall-top__title">{title}</h1>
      {locked && (
        <span className="wall-top__locked" data-testid="locked-badge">
          🔒 {t('wall.lockedBadge')}
        </span>
      )}
      {doorClosed && (
        <span className="wall-top__locked" data-testid="door-badge">
          🚪 {t('wall.doorBadge')}
        </span>
      )}
      <ConnectionBadge state={state} />
    </header>
  )
}

/** Join code, QR and legend: large enough to use from the back of the room. */
export function WallPanel({ boardId, joinCode, legend }: { boardId: string; joinCode: string; legend: Category[] }) {
  return (
    <aside className="wall-panel" aria-label={t('common.joinCodeLabel')}>
      <JoinAt host={hostAndBase()} />
      <p className="wall-panel__code" data-testid="join-code">
        {spacedCode(joinCode)}
      </p>
      <img
        className="wall-panel__qr"
        src={api.qrUrl(boardId)}
        width={240}
        height={240}
        alt={t('app.wallQrAlt', { code: joinCode })}
      />
      <h2 className="wall-panel__legend-heading">{t('app.wallLegendHeading')}</h2>
      <ul className="legend">
        {legend.map((c) => (
          <li key={c.id} className="legend__item" data-category={c.id}>
            <span className="legend__swatch" style={{ backgroundColor: c.colour }} aria-hidden="true" />
            <CategoryIcon icon={c.icon} colour={c.colour} size={28} />
            <span className="legend__meaning">{c.meaning}</span>
          </li>
        ))}
      </ul>
    </aside>
  )
}

/**
 * "Gå til <address> og skriv koden", with the address as large as the panel
 * allows on one line: it is what a phone has to type, as much as the code.
 */
function JoinAt({ host }: { host: string }) {
  const marker = '\u0000'
  const [before = '', after = ''] = t('app.wallJoinAt', { host: marker }).split(marker)
  return (
    <p className="wall-panel__joinat" data-testid="join-at">
      {before.trim() && <span className="wall-panel__joinat-words">{before.trim()}</span>}
      <span className="wall-panel__host" style={{ '--chars': host.length } as CSSProperties}>
        {host}
      </span>
      {after.trim() && <span className="wall-panel__joinat-words">{after.trim()}</span>}
    </p>
  )
}

export function WallControls({
  onZoomIn,
  onZoomOut,
  onFit,
  panelShown,
  onTogglePanel,
  listShown,
  onToggleList,
  contrast,
  onToggleContrast,
}: {
  onZoomIn: () => void
  onZoomOut: () => void
  onFit: () => void
  panelShown: boolean
  onTogglePanel: () => void
  listShown: boolean
  onToggleList: () => void
  contrast: boolean
  onToggleContrast: () => void
}) {
  return (
    <div className="wall-controls">
      <button
        type="button"
        className="button button--icon"
        onClick={onZoomOut}
        aria-label={t('app.zoomOut')}
        title={t('app.zoomOut')}
      >
        −
      </button>
      <button
        type="button"
        className="button button--icon"
        onClick={onZoomIn}
        aria-label={t('app.zoomIn')}
        title={t('app.zoomIn')}
      >
        +
      </button>
      <button type="button" className="button" onClick={onFit}>
        {t('app.zoomFit')}
      </button>
      <button type="button" className="button" onClick={onTogglePanel} aria-pressed={!panelShown}>
        {panelShown ? t('app.hidePanel') : t('app.showPanel')}
      </button>
      <button
        type="button"
        className="button"
        onClick={onToggleList}
        aria-pressed={listShown}
        title={t('wall.listViewOn')}
      >
        {t('wall.listView')}
      </button>
      <button type="button" className="button" onClick={onToggleContrast} aria-pressed={contrast}>
        {t('wall.highContrast')}
      </button>
    </div>
  )
}

/** Why the wall lost its connection for good, and the one thing that helps. */
export function WallClosedNotice({
  closeCode,
  onReconnect,
}: {
  closeCode: number | undefined
  onReconnect: () => void
}) {
  return (
    <div className="notice notice--error wall-notice" role="alert">
      <p>{t(`common.closeReason.${closeCode ?? 'other'}`)}</p>
      {closeCode === CloseCode.Unauthorized ? (
        <button type="button" className="button button--primary" onClick={onReconnect}>
          {t('app.reconnect')}
        </button>
      ) : (
        // Any other refusal would be repeated by this doc's pending changes: start from the server's copy.
        closeCode !== CloseCode.BoardGone && (
          <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
            {t('common.reload')}
          </button>
        )
      )}
    </div>
  )
}
