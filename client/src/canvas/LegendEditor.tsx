import {
  type Category,
  ICONS,
  type Icon,
  isShortText,
  newId,
  PALETTE,
  removeCategory,
  setCategory,
} from '@vaegavis/shared'
import { type FormEvent, useEffect, useId, useState } from 'react'
import type * as Y from 'yjs'
import { t } from '../i18n.ts'
import { CategoryIcon } from '../ui/CategoryIcon.tsx'
import { Field, invalidProps } from '../ui/Field.tsx'

interface Props {
  doc: Y.Doc
  legend: readonly Category[]
  /** Labels (on the wall or held back) per category id. */
  usage: ReadonlyMap<string, number>
}

/** The colour legend: what each colour means, its colour (colour-blind-safe palette) and shape. */
export function LegendEditor({ doc, legend, usage }: Props) {
  const id = useId()
  const [meaning, setMeaning] = useState('')
  const [error, setError] = useState<string | null>(null)
  const used = new Set(legend.map((c) => c.colour))
  const freeColour = PALETTE.find((c) => !used.has(c))
  const usedIcons = new Set(legend.map((c) => c.icon))

  const add = (e: FormEvent) => {
    e.preventDefault()
    const trimmed = meaning.trim()
    if (!isShortText(trimmed)) {
      setError(t('wall.meaningMissing'))
      return
    }
    if (!freeColour) return
    setError(null)
    setCategory(doc, {
      id: newId(),
      colour: freeColour,
      meaning: trimmed,
      icon: ICONS.find((i) => !usedIcons.has(i)) ?? 'circle',
      order: Math.max(-1, ...legend.map((c) => c.order)) + 1,
    })
    setMeaning('')
  }

  return (
    <section className="tools__section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('wall.legendHeading')}</h2>
      <ul className="tools__list">
        {legend.map((c) => (
          <CategoryRow
            key={c.id}
            doc={doc}
            category={c}
            inUse={usage.get(c.id) ?? 0}
            last={legend.length === 1}
            takenColours={new Set(legend.filter((o) => o.id !== c.id).map((o) => o.colour))}
          />
        ))}
      </ul>
      <form className="stack" onSubmit={add}>
        <Field id={`${id}-new`} label={t('wall.newCategoryLabel')} error={error}>
          <input
            id={`${id}-new`}
            className="input"
            value={meaning}
            placeholder={t('wall.newCategoryPlaceholder')}
            onChange={(e) => setMeaning(e.target.value)}
            disabled={!freeColour}
            {...invalidProps(`${id}-new`, error)}
          />
          {!freeColour && <p className="hint">{t('wall.legendFull')}</p>}
        </Field>
        <button type="submit" className="button" disabled={!freeColour}>
          {t('wall.addCategory')}
        </button>
      </form>
    </section>
  )
}

function CategoryRow({
  doc,
  category,
  inUse,
  last,
  takenColours,
}: {
  doc: Y.Doc
  category: Category
  inUse: number
  /** The only colour left: phones need at least one. */
  last: boolean
  takenColours: ReadonlySet<string>
}) {
  const id = useId()
  const [draft, setDraft] = useState(category.meaning)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => setDraft(category.meaning), [category.meaning])

  const update = (patch: Partial<Category>) => setCategory(doc, { ...category, ...patch })
  const commitMeaning = () => {
    const trimmed = draft.trim()
    if (trimmed === category.meaning) return
    if (!isShortText(trimmed)) {
      setError(t('wall.meaningMissing'))
      return
    }
    setError(null)
    update({ meaning: trimmed })
  }

  return (
    <li className="legend-row" data-category={category.id}>
      <div className="legend-row__head">
        <CategoryIcon icon={category.icon} colour={category.colour} size={32} />
        <Field id={`${id}-meaning`} label={t('wall.meaningLabel')} grow error={error}>
          <input
            id={`${id}-meaning`}
            className="input"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={commitMeaning}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault()
                commitMeaning()
              }
            }}
            {...invalidProps(`${id}-meaning`, error)}
          />
        </Field>
      </div>
      <fieldset className="swatches">
        <legend className="field__label">{t('wall.colourLegend', { meaning: category.meaning })}</legend>
        {PALETTE.map((colour) => {
          const name = t(`wall.colourNames.${colour}`)
          const taken = takenColours.has(colour)
          return (
            <label key={colour} className="swatch" title={name}>
              <input
                type="radio"
                name={`${id}-colour`}
                className="swatch__radio"
                checked={category.colour === colour}
                disabled={taken}
                onChange={() => update({ colour })}
              />
              <span className="swatch__colour" style={{ backgroundColor: colour }} aria-hidden="true" />
              <span className="visually-hidden">{name}</span>
            </label>
          )
        })}
      </fieldset>
      <div className="tools__row">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-icon`}>
            {t('wall.iconLabel')}
          </label>
          <select
            id={`${id}-icon`}
            className="input input--select"
            value={category.icon}
            onChange={(e) => update({ icon: e.target.value as Icon })}
          >
            {ICONS.map((icon) => (
              <option key={icon} value={icon}>
                {t(`wall.iconNames.${icon}`)}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button button--small"
          disabled={inUse > 0 || last}
          aria-label={t('wall.removeCategoryNamed', { meaning: category.meaning })}
          aria-describedby={inUse > 0 || last ? `${id}-inuse` : undefined}
          onClick={() => removeCategory(doc, category.id)}
        >
          {t('wall.removeCategory')}
        </button>
      </div>
      {(inUse > 0 || last) && (
        <p id={`${id}-inuse`} className="hint" data-testid="category-in-use">
          {inUse > 0 ? t('wall.categoryInUse', { count: inUse }) : t('wall.lastCategory')}
        </p>
      )}
    </li>
  )
}
