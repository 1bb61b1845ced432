import { CloseCode } from '@vaegavis/shared'
import { t } from '../i18n.ts'

/** Why the connection closed, with the one way on: join again (code or token no longer valid) or reload. */
export function ClosedNotice({ code, onRejoin }: { code: number | undefined; onRejoin: () => void }) {
  const rejoin = code === CloseCode.Unauthorized || code === CloseCode.BoardGone
  return (
    <div className="notice notice--error" role="alert">
      <p>{t(`common.closeReason.${code ?? 'other'}`)}</p>
      {rejoin ? (
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
