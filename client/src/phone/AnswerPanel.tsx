import { type Category, type Theme, validateLabelText } from '@vaegavis/shared'
import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { t } from '../i18n.ts'
import { CategoryPicker } from './CategoryPicker.tsx'
import { TextField } from './TextField.tsx'

/**
 * "Spørgsmål til temaerne": the board's one question, then one text box per
 * theme. The colour is chosen once for every answer and starts on the
 * board's first colour, so answering is typing and sending.
 */
export function AnswerPanel({
  question,
  themes,
  legend,
  disabled,
  sentText,
  onSend,
}: {
  question: string
  themes: Theme[]
  legend: Category[]
  disabled: boolean
  sentText: string
  onSend: (text: string, category: string, themeId: string) => void
}) {
  const id = useId()
  const [chosen, setChosen] = useState<string | null>(null)
  // The first colour unless the young person picked another (or the facilitator removed the one picked).
  const category = legend.some((c) => c.id === chosen) ? chosen : (legend[0]?.id ?? null)
  return (
    <>
      <h2>{t('common.answersHeading')}</h2>
      <p className="hint">{t('common.answersHint')}</p>
      <p id={`${id}q`} className="answer__question">
        {question}
      </p>
      {legend.length > 1 && (
        <CategoryPicker
          legend={legend}
          value={category}
          onChange={setChosen}
          disabled={disabled}
          compact
          legendText={t('common.answerColour')}
        />
      )}
      {themes.map((th) => (
        <ThemeAnswer
          key={th.id}
          theme={th}
          questionId={`${id}q`}
          disabled={disabled || category === null}
          sentText={sentText}
          onSend={(text) => category !== null && onSend(text, category, th.id)}
        />
      ))}
    </>
  )
}

function ThemeAnswer({
  theme,
  questionId,
  disabled,
  sentText,
  onSend,
}: {
  theme: Theme
  questionId: string
  disabled: boolean
  sentText: string
  onSend: (text: string) => void
}) {
  const [text, setText] = useState('')
  const [sent, setSent] = useState(false)
  const ref = useRef<HTMLTextAreaElement>(null)
  const headingId = useId()
  const valid = validateLabelText(text)
  const canSend = !disabled && valid.ok
  useEffect(() => {
    if (text !== '') setSent(false)
  }, [text])
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!canSend || !valid.ok) return
    onSend(valid.value)
    setText('')
    setSent(true)
    ref.current?.focus()
  }
  return (
    <section className="answer" aria-labelledby={headingId} data-theme-id={theme.id}>
      <h3 id={headingId} className="answer__theme">
        {theme.name}
      </h3>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField
          label={t('common.answerLabel', { theme: theme.name })}
          value={text}
          onChange={setText}
          rows={2}
          placeholder={t('common.answerPlaceholder')}
          disabled={disabled}
          describedBy={questionId}
          inputRef={ref}
        />
        <button type="submit" className="button button--primary" disabled={!canSend}>
          {t('common.sendAnswer')}
        </button>
        <p className="hint" aria-live="polite">
          {sent ? sentText : ''}
        </p>
      </form>
    </section>
  )
}
