/** A saved wall read theme by theme as large, plain HTML: legend, question, themes with labels, answers and dots. */

import type { Category, Wall, WallLabel } from '../archiveApi.ts'
import { t } from '../i18n.ts'
import { CategoryIcon } from '../ui/CategoryIcon.tsx'

export function Legend({ legend }: { legend: Category[] }) {
  if (legend.length === 0) return null
  return (
    <section className="archive-legend" aria-labelledby="archive-legend-heading">
      <h2 id="archive-legend-heading">{t('archive.legendHeading')}</h2>
      <ul className="archive-legend__list">
        {[...legend]
          .sort((x, y) => x.order - y.order)
          .map((c) => (
            <li key={c.id}>
              <CategoryIcon icon={c.icon} colour={c.colour} /> {c.meaning}
            </li>
          ))}
      </ul>
    </section>
  )
}

/** Where a read view loads a label's picture from (its hash behind the snapshot's or share link's images route). */
export type PictureUrl = (hash: string) => string

export function LabelItem({
  label,
  legend,
  pictureUrl,
}: {
  label: WallLabel
  legend: Category[]
  pictureUrl?: PictureUrl | undefined
}) {
  const cat = legend.find((c) => c.id === label.category)
  return (
    <li className="archive-label" data-label-id={label.id}>
      {label.photo && pictureUrl && (
        <img
          className="archive-label__picture"
          src={pictureUrl(label.photo)}
          alt={label.text.trim() ? t('common.pictureAlt', { text: label.text }) : t('common.pictureOnly')}
          loading="lazy"
          decoding="async"
        />
      )}
      {cat && (
        <span className="archive-label__category">
          <CategoryIcon icon={cat.icon} colour={cat.colour} size={28} />
          <span className="archive-label__meaning">{cat.meaning}:</span>
        </span>
      )}{' '}
      <span className="archive-label__text">{label.text}</span>
      {label.votes > 0 && <span className="archive-label__votes"> · {t('archive.votes', { count: label.votes })}</span>}
    </li>
  )
}

export function ThemeSection({
  theme,
  legend,
  question,
  level = 2,
  pictureUrl,
}: {
  theme: Wall['themes'][number]
  legend: Category[]
  question: string
  level?: 2 | 3
  pictureUrl?: PictureUrl | undefined
}) {
  const H = level === 2 ? 'h2' : 'h3'
  const Sub = level === 2 ? 'h3' : 'h4'
  return (
    <section className="archive-theme" aria-label={theme.name} data-theme-id={theme.id}>
      <H className="archive-theme__name">
        {theme.name}
        {theme.votes > 0 && (
          <span className="archive-theme__votes"> · {t('archive.votes', { count: theme.votes })}</span>
        )}
      </H>
      {theme.labels.length === 0 ? (
        <p className="muted">{t('archive.emptyTheme')}</p>
      ) : (
        <ul className="archive-labels" aria-label={t('archive.labelsHeading')}>
          {theme.labels.map((l) => (
            <LabelItem key={l.id} label={l} legend={legend} pictureUrl={pictureUrl} />
          ))}
        </ul>
      )}
      {theme.answers.length > 0 && (
        <>
          <Sub>
            {t('archive.answersHeading')}
            {question && `: ${question}`}
          </Sub>
          <ul className="archive-labels">
            {theme.answers.map((l) => (
              <LabelItem key={l.id} label={l} legend={legend} pictureUrl={pictureUrl} />
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

/** The whole wall: legend first (colour is never alone), then each theme, then unsorted labels. */
export function WallRead({ wall, pictureUrl }: { wall: Wall; pictureUrl?: PictureUrl }) {
  return (
    <div className="archive-wall">
      <Legend legend={wall.legend} />
      {wall.question && (
        <p className="archive-question">
          <strong>{t('archive.questionHeading')}:</strong> {wall.question}
        </p>
      )}
      {wall.themes.length === 0 && wall.unsorted.length === 0 && <p>{t('archive.wallEmpty')}</p>}
      {wall.themes.map((th) => (
        <ThemeSection key={th.id} theme={th} legend={wall.legend} question={wall.question} pictureUrl={pictureUrl} />
      ))}
      {wall.unsorted.length > 0 && (
        <section className="archive-theme" aria-labelledby="archive-unsorted">
          <h2 id="archive-unsorted">{t('archive.unsortedHeading')}</h2>
          <ul className="archive-labels">
            {wall.unsorted.map((l) => (
              <LabelItem key={l.id} label={l} legend={wall.legend} pictureUrl={pictureUrl} />
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}
