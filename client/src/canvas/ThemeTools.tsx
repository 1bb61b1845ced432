import { deleteTheme, isShortText, renameTheme, setThemeCollapsed } from '@vaegavis/shared'
import { type FormEvent, useId, useState } from 'react'
import type * as Y from 'yjs'
import { t } from '../i18n.ts'
import { Field, invalidProps } from '../ui/Field.tsx'
import { RenameForm } from './RenameForm.tsx'
import type { ThemeBox } from './wallLayout.ts'

interface Props {
  doc: Y.Doc
  themes: readonly ThemeBox[]
  selectedCount: number
  /** Creates a theme (from the selected labels when `fromSelection`). */
  onCreate: (name: string, fromSelection: boolean) => void
  onTidy: () => void
  hasUnsorted: boolean
}

/** Create, rename, fold and delete themes. */
export function ThemeTools({ doc, themes, selectedCount, onCreate, onTidy, hasUnsorted }: Props) {
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const id = useId()

  const create = (fromSelection: boolean) => {
    const trimmed = name.trim()
    if (!isShortText(trimmed)) {
      setError(t('wall.themeNameMissing'))
      return
    }
    setError(null)
    onCreate(trimmed, fromSelection)
    setName('')
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    create(false)
  }

  return (
    <section className="tools__section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('wall.themesHeading')}</h2>
      <form className="stack" onSubmit={submit}>
        <Field id={`${id}-name`} label={t('wall.themeNameLabel')} error={error}>
          <input
            id={`${id}-name`}
            className="input"
            value={name}
            placeholder={t('wall.themeNamePlaceholder')}
            onChange={(e) => setName(e.target.value)}
            {...invalidProps(`${id}-name`, error, `${id}-hint`)}
          />
        </Field>
        <div className="tools__row">
          <button type="submit" className="button button--primary">
            {t('wall.createTheme')}
          </button>
          <button type="button" className="button" disabled={selectedCount === 0} onClick={() => create(true)}>
            {t('wall.themeFromSelection')}
          </button>
        </div>
        <p id={`${id}-hint`} className="hint">
          {t('wall.themeFromSelectionHint', { count: selectedCount })}
        </p>
      </form>
      {themes.length === 0 ? (
        <p className="hint">{t('wall.noThemes')}</p>
      ) : (
        <ul className="tools__list">
          {themes.map((t) => (
            <ThemeItem key={t.id} doc={doc} theme={t} />
          ))}
        </ul>
      )}
      <button type="button" className="button" onClick={onTidy} disabled={!hasUnsorted}>
        {t('wall.tidyUnsorted')}
      </button>
    </section>
  )
}

function ThemeItem({ doc, theme }: { doc: Y.Doc; theme: ThemeBox }) {
  const [mode, setMode] = useState<'view' | 'rename' | 'delete'>('view')
  const labels = theme.labelIds.length
  const answers = theme.answerIds.length
  return (
    <li className="tools__item" data-theme-id={theme.id}>
      {mode === 'rename' ? (
        <RenameForm
          initial={theme.name}
          onSave={(name) => {
            renameTheme(doc, theme.id, name)
            setMode('view')
          }}
          onCancel={() => setMode('view')}
        />
      ) : (
        <>
          <p className="tools__item-title">
            <strong>{theme.name}</strong>{' '}
            <span className="muted">
              (
              {[
                t('wall.themeCountLabels', { count: labels }),
                answers > 0 && t('wall.themeCountAnswers', { count: answers }),
              ]
                .filter(Boolean)
                .join(', ')}
              )
            </span>
          </p>
          {mode === 'delete' ? (
            <div className="confirm" role="alertdialog" aria-label={t('wall.deleteThemeNamed', { name: theme.name })}>
              <p>{t('wall.deleteThemeConfirm', { name: theme.name, count: labels + answers })}</p>
              <div className="tools__row">
                <button type="button" className="button button--danger" onClick={() => deleteTheme(doc, theme.id)}>
                  {t('wall.deleteThemeYes')}
                </button>
                <button type="button" className="button" onClick={() => setMode('view')}>
                  {t('wall.cancel')}
                </button>
              </div>
            </div>
          ) : (
            <div className="tools__row">
              <button
                type="button"
                className="button button--small"
                aria-label={t('wall.renameTheme', { name: theme.name })}
                onClick={() => setMode('rename')}
              >
                {t('wall.rename')}
              </button>
              <button
                type="button"
                className="button button--small"
                aria-label={
                  theme.collapsed
                    ? t('wall.expandTheme', { name: theme.name })
                    : t('wall.collapseTheme', { name: theme.name })
                }
                onClick={() => setThemeCollapsed(doc, theme.id, !theme.collapsed)}
              >
                {theme.collapsed ? t('wall.expand') : t('wall.collapse')}
              </button>
              <button
                type="button"
                className="button button--small"
                aria-label={t('wall.deleteThemeNamed', { name: theme.name })}
                onClick={() => setMode('delete')}
              >
                {t('wall.deleteTheme')}
              </button>
            </div>
          )}
        </>
      )}
    </li>
  )
}
