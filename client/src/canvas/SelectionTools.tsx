import { type Category, deleteLabel, type Label, setLabelTheme } from '@vaegavis/shared'
import { useId, useState } from 'react'
import type * as Y from 'yjs'
import { t } from '../i18n.ts'
import { CategoryIcon } from '../ui/CategoryIcon.tsx'
import { errorText } from '../ui/errors.ts'
import { facilitationApi } from './facilitationApi.ts'

interface Props {
  doc: Y.Doc
  boardId: string
  selected: readonly Label[]
  hidden: readonly Label[]
  legend: readonly Category[]
  onClear: () => void
}

/** Moderation: hide, show or remove the selected labels, and bring hidden ones back. */
export function SelectionTools({ doc, boardId, selected, hidden, legend, onClear }: Props) {
  const [confirming, setConfirming] = useState(false)
  const [failed, setFailed] = useState<string | null>(null)
  // Hiding and showing run on the server: it moves the label out of the document every phone receives.
  const moderate = (run: () => Promise<unknown>) => {
    setFailed(null)
    run().catch((e: unknown) => setFailed(errorText(e)))
  }
  const id = useId()
  const categories = new Map(legend.map((c) => [c.id, c]))
  const anySorted = selected.some((l) => l.themeId && l.kind === 'label')

  const each = (fn: (l: Label) => void) => doc.transact(() => selected.forEach(fn))
  const remove = () => {
    each((l) => deleteLabel(doc, l.id))
    setConfirming(false)
    onClear()
  }

  return (
    <section className="tools__section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('wall.moderationHeading')}</h2>
      {selected.length === 0 ? (
        <p className="hint">{t('wall.nothingSelected')}</p>
      ) : (
        <>
          <ul className="tools__list tools__list--compact" aria-label={t('wall.moderationHeading')}>
            {selected.map((l) => (
              <LabelLine key={l.id} label={l} category={categories.get(l.category)} />
            ))}
          </ul>
          {confirming ? (
            <div className="confirm" role="alertdialog" aria-labelledby={`${id}-confirm`}>
              <p id={`${id}-confirm`}>{t('wall.removeConfirm', { count: selected.length })}</p>
              <div className="tools__row">
                <button type="button" className="button button--danger" onClick={remove}>
                  {t('wall.removeYes')}
                </button>
                <button type="button" className="button" onClick={() => setConfirming(false)}>
                  {t('wall.cancel')}
                </button>
              </div>
            </div>
          ) : (
            <div className="tools__row">
              {anySorted && (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => each((l) => l.kind === 'label' && setLabelTheme(doc, l.id, undefined))}
                >
                  {t('wall.toUnsorted')}
                </button>
              )}
              <button
                type="button"
                className="button button--small"
                onClick={() => {
                  const ids = selected.map((l) => l.id)
                  moderate(() => facilitationApi.hide(boardId, ids))
                  onClear()
                }}
              >
                {t('wall.hide')}
              </button>
              <button type="button" className="button button--small" onClick={() => setConfirming(true)}>
                {t('wall.remove')}
              </button>
              <button type="button" className="button button--small" onClick={onClear}>
                {t('wall.clearSelection')}
              </button>
            </div>
          )}
        </>
      )}
      {failed && (
        <p className="error" role="alert">
          {failed}
        </p>
      )}
      <h3>{t('wall.hiddenHeading', { n: hidden.length })}</h3>
      {hidden.length === 0 ? (
        <p className="hint">{t('wall.hiddenEmpty')}</p>
      ) : (
        <ul className="tools__list tools__list--compact" aria-label={t('wall.hiddenHeading', { n: hidden.length })}>
          {hidden.map((l) => (
            <LabelLine key={l.id} label={l} category={categories.get(l.category)}>
              <button
                type="button"
                className="button button--small"
                onClick={() => moderate(() => facilitationApi.show(boardId, [l.id]))}
              >
                {t('wall.show')}
              </button>
            </LabelLine>
          ))}
        </ul>
      )}
    </section>
  )
}

/** One label in a list: shape, meaning and text (colour never alone). */
export function LabelLine({
  label,
  category,
  children,
}: {
  label: Pick<Label, 'id' | 'text'>
  category: Category | undefined
  children?: React.ReactNode
}) {
  return (
    <li className="label-line" data-label-id={label.id}>
      {category && <CategoryIcon icon={category.icon} colour={category.colour} size={20} />}
      <span className="label-line__text">
        {category && <span className="visually-hidden">{category.meaning}: </span>}
        {label.text}
      </span>
      {children}
    </li>
  )
}
