import type { Category, Theme } from '@vaegavis/shared'
import { CategoryIcon } from '../ui/CategoryIcon.tsx'
import { tint } from '../ui/colour.ts'
import { t } from '../ui/strings.ts'
import type { LabelStatus, MyLabelView } from './outbox.ts'

const STATUS_TEXT: Record<LabelStatus, string> = {
  saving: t.saving,
  saved: t.saved,
  held: t.heldWaiting,
  rejected: t.rejected,
  failed: t.notSaved,
}

/** The phone's own labels, newest first, each with what became of it. */
export function MyLabels({ labels, legend, themes }: { labels: MyLabelView[]; legend: Category[]; themes: Theme[] }) {
  const byId = new Map(legend.map((c) => [c.id, c]))
  const themeName = new Map(themes.map((th) => [th.id, th.name]))
  return (
    <section className="mine" aria-labelledby="mine-heading">
      <h2 id="mine-heading">{t.myLabels}</h2>
      {labels.length === 0 ? (
        <p className="muted">{t.myLabelsEmpty}</p>
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
                    {STATUS_TEXT[l.status]}
                  </span>
                </div>
                {theme !== undefined && <p className="mine__theme">{t.answerTo(theme)}</p>}
                <p className="mine__text">{l.text}</p>
                {l.hidden && <p className="muted">{t.hiddenByFacilitator}</p>}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
