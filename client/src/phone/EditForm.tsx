import { type Category, validateLabelText } from '@vaegavis/shared'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { t } from '../i18n.ts'
import { CategoryPicker } from './CategoryPicker.tsx'
import type { MyLabelView } from './outbox.ts'
import { TextField } from './TextField.tsx'

/** The label's text and colour, editable where it stands; Save writes both at once. */
export function EditForm({
  label,
  legend,
  onSave,
  onCancel,
}: {
  label: MyLabelView
  legend: Category[]
  onSave: (text: string, category: string) => void
  onCancel: () => void
}) {
  const [text, setText] = useState(label.text)
  const [category, setCategory] = useState(label.category)
  const ref = useRef<HTMLTextAreaElement>(null)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    el.focus()
    el.setSelectionRange(el.value.length, el.value.length)
  }, [])
  const valid = validateLabelText(text)
  const known = legend.some((c) => c.id === category)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!valid.ok || !known) return
    if (valid.value === label.text && category === label.category) onCancel()
    else onSave(valid.value, category)
  }
  return (
    <form className="mine__edit stack" onSubmit={submit} noValidate>
      <TextField
        label={t('common.editTextLabel')}
        value={text}
        onChange={setText}
        rows={3}
        inputRef={ref}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onCancel()
        }}
      />
      {legend.length > 1 && (
        <CategoryPicker legend={legend} value={category} onChange={setCategory} disabled={false} compact />
      )}
      <div className="mine__actions">
        <button type="submit" className="button button--primary" disabled={!valid.ok || !known}>
          {t('common.editSave')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.editCancel')}
        </button>
      </div>
    </form>
  )
}
