import { type Category, charLength, MAX_LABEL_TEXT, type Theme, validateLabelText } from '@vaegavis/shared'
import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { t } from '../i18n.ts'
import { CategoryPicker } from './CategoryPicker.tsx'

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
      <div className="answer__question-box">
        <p className="answer__question-lead">{t('common.answersQuestion')}</p>
        <p id={`${id}q`} className="answer__question">
          {question}
        </p>
      </div>
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
  const textId = useId()
  const counterId = useId()
  const errorId = useId()
  const over = charLength(text) - MAX_LABEL_TEXT
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
        <div className="field">
          <div className="composer__labelrow">
            <label className="field__label" htmlFor={textId}>
              {t('common.answerLabel', { theme: theme.name })}
            </label>
            <span id={counterId} className={over > 0 ? 'counter counter--over' : 'counter'}>
              {t('common.counter', { n: charLength(text), max: MAX_LABEL_TEXT })}
            </span>
          </div>
          <textarea
            ref={ref}
            id={textId}
            className="input"
            name="text"
            rows={2}
            value={text}
            placeholder={t('common.answerPlaceholder')}
            disabled={disabled}
            onChange={(e) => setText(e.target.value)}
            aria-describedby={[questionId, counterId, over > 0 ? errorId : ''].filter(Boolean).join(' ')}
            aria-invalid={over > 0 ? true : undefined}
          />
          {over > 0 && (
            <p id={errorId} className="error" role="alert">
              {t('common.tooLong', { max: MAX_LABEL_TEXT, over })}
            </p>
          )}
        </div>
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
