import { type Category, validateLabelText } from '@vaegavis/shared'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { t } from '../i18n.ts'
import { CategoryPicker } from './CategoryPicker.tsx'
import { TextField } from './TextField.tsx'

/**
 * Colour + text + send. Text over the limit is never cut: the counter turns
 * red, a sentence says how much to remove, and Send is disabled. The same
 * form, compact, answers the board question for one theme.
 */
export function LabelComposer({
  legend,
  disabled,
  onSend,
  sentText = t('common.sent'),
  textLabel = t('common.labelTextLabel'),
  placeholder = t('common.labelPlaceholder'),
  sendText = t('common.send'),
  describedBy,
  compact = false,
}: {
  legend: Category[]
  disabled: boolean
  onSend: (text: string, category: string) => void
  /** Said after sending (it differs while labels are held back). */
  sentText?: string
  textLabel?: string
  placeholder?: string
  sendText?: string
  /** Id of text that explains what to write (the question). */
  describedBy?: string
  compact?: boolean
}) {
  const [text, setText] = useState('')
  const [category, setCategory] = useState<string | null>(null)
  const [sentNote, setSentNote] = useState(false)
  const textareaRef = useRef<HTMLTextAreaElement>(null)

  // Keep the choice valid if the facilitator edits the legend; a one-colour board needs no choice.
  useEffect(() => {
    if (category !== null && !legend.some((c) => c.id === category)) setCategory(null)
    else if (category === null && legend.length === 1 && legend[0]) setCategory(legend[0].id)
  }, [legend, category])

  const valid = validateLabelText(text)
  const canSend = !disabled && category !== null && valid.ok

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!canSend || !valid.ok || category === null) return
    onSend(valid.value, category)
    setText('')
    setSentNote(true)
    textareaRef.current?.focus()
  }

  return (
    <form className="composer stack" onSubmit={submit} noValidate>
      <CategoryPicker legend={legend} value={category} onChange={setCategory} disabled={disabled} compact={compact} />
      <TextField
        label={textLabel}
        value={text}
        onChange={(v) => {
          setText(v)
          setSentNote(false)
        }}
        rows={compact ? 2 : 4}
        placeholder={placeholder}
        disabled={disabled}
        describedBy={describedBy}
        inputRef={textareaRef}
        className="input composer__text"
      />
      {!disabled && category === null && legend.length > 0 && <p className="hint">{t('common.pickCategoryFirst')}</p>}
      <button type="submit" className="button button--primary button--big" disabled={!canSend}>
        {sendText}
      </button>
      <p className="hint" aria-live="polite">
        {sentNote ? sentText : ''}
      </p>
    </form>
  )
}
