import { type Category, validateLabelText } from '@vaegavis/shared'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { locale, t } from '../i18n.ts'
import { CategoryPicker } from './CategoryPicker.tsx'
import { loadPictures } from './pictureSend.ts'
import { TextField } from './TextField.tsx'
import type { Picture } from './useOutbox.ts'

/**
 * Colour + text + send. Text over the limit is never cut: the counter turns
 * red, a sentence says how much to remove, and Send is disabled. The same
 * form, compact, answers the board question for one theme.
 *
 * With `onSendPicture`, a photo (camera or gallery: the phone offers both)
 * or a finger drawing can go with the label. Only the two buttons are React:
 * the canvas, the preview and its remove button are plain DOM that
 * phone/pictures.ts (its own chunk) builds in `pad`, so the phone's first
 * script stays within its budget.
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
  onSendPicture,
  picturesHeld = true,
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
  /** Offers a photo or a drawing; a label with one is sent here (its text may be left empty). */
  onSendPicture?: (text: string, category: string, picture: Picture) => void
  /** A picture waits for the facilitator's approval right now. */
  picturesHeld?: boolean
}) {
  const [text, setText] = useState('')
  const [category, setCategory] = useState<string | null>(null)
  const [sentNote, setSentNote] = useState(false)
  const [picture, setPicture] = useState<Picture | null>(null)
  const pad = useRef<HTMLDivElement>(null)
  // A second tap while one picture is being made starts over in the same place.
  const pick = (file?: File) =>
    loadPictures().then((m) =>
      m.pick(
        pad.current as HTMLDivElement,
        file,
        legend.find((c) => c.id === category)?.colour ?? '#222222',
        picturesHeld,
        locale(),
        setPicture,
      ),
    )
  const textareaRef = useRef<HTMLTextAreaElement>(null)

  // Keep the choice valid if the facilitator edits the legend; a one-colour board needs no choice.
  useEffect(() => {
    if (category !== null && !legend.some((c) => c.id === category)) setCategory(null)
    else if (category === null && legend.length === 1 && legend[0]) setCategory(legend[0].id)
  }, [legend, category])

  const valid = validateLabelText(text)
  // With a picture the text is optional: the picture's kind stands in for it (on the wall, in exports, read aloud).
  const textOk = valid.ok || (picture !== null && text.trim() === '')
  const canSend = !disabled && category !== null && textOk

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!canSend || category === null) return
    if (picture && onSendPicture) {
      const own = valid.ok ? valid.value : picture.text
      onSendPicture(own, category, picture)
      // Sent: the preview goes (its remove button clears it the same way).
      pad.current?.replaceChildren()
      setPicture(null)
    } else if (valid.ok) onSend(valid.value, category)
    setText('')
    setSentNote(true)
    textareaRef.current?.focus()
  }

  return (
    <form className="composer stack" onSubmit={submit} noValidate>
      <CategoryPicker legend={legend} value={category} onChange={setCategory} disabled={disabled} compact={compact} />
      {onSendPicture && (
        <div className="picture stack">
          <div className="picture__buttons">
            <label className="button">
              {t('common.photo')}
              <input
                type="file"
                accept="image/*"
                className="visually-hidden"
                disabled={disabled}
                onChange={(e) => {
                  const file = e.target.files?.[0]
                  e.target.value = ''
                  if (file) pick(file)
                }}
              />
            </label>
            <button type="button" className="button" disabled={disabled} onClick={() => pick()}>
              {t('common.draw')}
            </button>
          </div>
          <div ref={pad} />
        </div>
      )}
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
