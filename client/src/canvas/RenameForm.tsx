import { isShortText } from '@vaegavis/shared'
import { type FormEvent, useId, useState } from 'react'
import { t } from '../i18n.ts'
import { ErrorText, errorIdOf, invalidProps } from '../ui/Field.tsx'

/** A small form to rename a theme; Esc or "Annuller" closes it without a change. */
export function RenameForm({
  initial,
  onSave,
  onCancel,
  className,
}: {
  initial: string
  onSave: (name: string) => void
  onCancel: () => void
  className?: string
}) {
  const [name, setName] = useState(initial)
  const [error, setError] = useState<string | null>(null)
  const id = useId()
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const trimmed = name.trim()
    if (!isShortText(trimmed)) {
      setError(t('wall.themeNameMissing'))
      return
    }
    onSave(trimmed)
  }
  return (
    <form
      className={`rename ${className ?? ''}`}
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel()
      }}
    >
      <label className="field__label" htmlFor={`${id}-name`}>
        {t('wall.renameLabel')}
      </label>
      <input
        id={`${id}-name`}
        className="input"
        value={name}
        onChange={(e) => setName(e.target.value)}
        {...invalidProps(`${id}-name`, error)}
        // biome-ignore lint/a11y/noAutofocus: the form opens because the facilitator asked to rename; typing goes here
        autoFocus
      />
      <ErrorText error={error} id={errorIdOf(`${id}-name`)} />
      <div className="tools__row">
        <button type="submit" className="button button--primary">
          {t('wall.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('wall.cancel')}
        </button>
      </div>
    </form>
  )
}

/** The rename form over a theme's header on the wall (opened by double-clicking the header). */
export function ThemeRenameOverlay({
  name,
  left,
  top,
  onSave,
  onCancel,
}: {
  name: string
  /** Screen position of the theme's top-left corner, in pixels inside the wall. */
  left: number
  top: number
  onSave: (name: string) => void
  onCancel: () => void
}) {
  return (
    <div className="wall-rename" style={{ left: Math.max(8, left), top: Math.max(8, top) }}>
      <RenameForm initial={name} onSave={onSave} onCancel={onCancel} />
    </div>
  )
}
