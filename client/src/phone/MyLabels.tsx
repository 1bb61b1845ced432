import type { Category, MessageKey, Theme } from '@vaegavis/shared'
import { t } from '../i18n.ts'
import { CategoryIcon } from '../ui/CategoryIcon.tsx'
import { tint } from '../ui/colour.ts'
import type { LabelStatus, MyLabelView } from './outbox.ts'

const STATUS_TEXT: Record<LabelStatus, MessageKey> = {
  saving: 'common.saving',
  saved: 'common.saved',
  held: 'common.heldWaiting',
  rejected: 'common.rejected',
  failed: 'common.notSaved',
}

/** The phone's own labels, newest first, each with what became of it. */
export function MyLabels({ labels, legend, themes }: { labels: MyLabelView[]; legend: Category[]; themes: Theme[] }) {
  const byId = new Map(legend.map((c) => [c.id, c]))
  const themeName = new Map(themes.map((th) => [th.id, th.name]))
  return (
    <section className="mine" aria-labelledby="mine-heading">
      <h2 id="mine-heading">{t('common.myLabels')}</h2>
      {labels.length === 0 ? (
        <p className="muted">{t('common.myLabelsEmpty')}</p>
      ) : (
        <ul className="mine__list" aria-live="polite">
          {labels.map((l) => {
            const c = byId.get(l.category)
            const theme = l.themeId ? themeName.get(l.themeId) : undefined
            return (
              <li
                key={l.id}
                className="mine__item"
                data-label-id={l.id}
                style={{ backgroundColor: tint(c?.colour ?? '#cccccc', 0.3), borderColor: c?.colour ?? '#cccccc' }}
              >
                <div className="mine__meta">
                  {c && <CategoryIcon icon={c.icon} colour={c.colour} size={20} />}
                  <span className="mine__meaning">{c?.meaning ?? ''}</span>
                  <span className={`mine__status mine__status--${l.status}`} data-status={l.status}>
                    {t(STATUS_TEXT[l.status])}
                  </span>
                </div>
                {theme !== undefined && <p className="mine__theme">{t('common.answerTo', { theme })}</p>}
                <p className="mine__text">{l.text}</p>
                {l.hidden && <p className="muted">{t('common.hiddenByFacilitator')}</p>}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
