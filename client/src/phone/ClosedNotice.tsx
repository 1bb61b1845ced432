import { CloseCode } from '@vaegavis/shared'
import { t } from '../i18n.ts'

/**
 * Why the connection closed, with the one way on: join again (code or token no longer valid, or the door
 * was closed) or reload. A phone the facilitator removed gets neither: it is not to come back by itself.
 */
export function ClosedNotice({ code, onRejoin }: { code: number | undefined; onRejoin: () => void }) {
  const rejoin = code === CloseCode.Unauthorized || code === CloseCode.BoardGone || code === CloseCode.DoorClosed
  return (
    <div className="notice notice--error" role="alert">
      <p>{t(`common.closeReason.${code ?? 'other'}`)}</p>
      {code === CloseCode.Removed ? null : rejoin ? (
        <button type="button" className="button button--primary" onClick={onRejoin}>
          {t('common.joinAgain')}
        </button>
      ) : (
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {t('common.reload')}
        </button>
      )}
    </div>
  )
}
