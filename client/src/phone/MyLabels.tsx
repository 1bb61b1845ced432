import type { Category, Label } from '@vaegavis/shared'
import { CategoryIcon } from '../ui/CategoryIcon.tsx'
import { tint } from '../ui/colour.ts'
import { t } from '../ui/strings.ts'
import type { SaveStatus } from './useOutbox.ts'

const STATUS_TEXT: Record<SaveStatus, string> = { saving: t.saving, saved: t.saved, failed: t.notSaved }

/** The phone's own labels, newest first, each with whether it is safely stored. */
export function MyLabels({
  labels,
  legend,
  statusOf,
}: {
  labels: Label[]
  legend: Category[]
  statusOf: (id: string) => SaveStatus
}) {
  const byId = new Map(legend.map((c) => [c.id, c]))
  return (
    <section className="mine" aria-labelledby="mine-heading">
      <h2 id="mine-heading">{t.myLabels}</h2>
      {labels.length === 0 ? (
        <p className="muted">{t.myLabelsEmpty}</p>
      ) : (
        <ul className="mine__list" aria-live="polite">
          {[...labels].reverse().map((l) => {
            const c = byId.get(l.category)
            const status = statusOf(l.id)
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
                  <span className={`mine__status mine__status--${status}`} data-status={status}>
                    {STATUS_TEXT[status]}
                  </span>
                </div>
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
