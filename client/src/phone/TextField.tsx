import { charLength, MAX_LABEL_TEXT } from '@vaegavis/shared'
import { type KeyboardEvent, type Ref, useId } from 'react'
import { t } from '../i18n.ts'

/**
 * A label's text box with its counter. Text over the limit is never cut: the
 * counter turns red, a sentence says how much to remove, and the form's
 * button stays disabled (the caller checks `validateLabelText`).
 */
export function TextField({
  label,
  value,
  onChange,
  rows,
  placeholder,
  disabled,
  describedBy,
  inputRef,
  className = 'input',
  onKeyDown,
}: {
  label: string
  value: string
  onChange: (text: string) => void
  rows: number
  placeholder?: string
  disabled?: boolean
  /** Id of text that explains what to write (the question). */
  describedBy?: string
  inputRef?: Ref<HTMLTextAreaElement>
  className?: string
  onKeyDown?: (e: KeyboardEvent<HTMLTextAreaElement>) => void
}) {
  const textId = useId()
  const counterId = useId()
  const errorId = useId()
  const length = charLength(value)
  const over = length - MAX_LABEL_TEXT
  return (
    <div className="field">
      <div className="composer__labelrow">
        <label className="field__label" htmlFor={textId}>
          {label}
        </label>
        <span id={counterId} className={over > 0 ? 'counter counter--over' : 'counter'} data-testid="counter">
          {t('common.counter', { n: length, max: MAX_LABEL_TEXT })}
        </span>
      </div>
      <textarea
        ref={inputRef}
        id={textId}
        className={className}
        name="text"
        rows={rows}
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby={[describedBy, counterId, over > 0 ? errorId : ''].filter(Boolean).join(' ')}
        aria-invalid={over > 0 ? true : undefined}
      />
      {over > 0 && (
        <p id={errorId} className="error" role="alert">
          {t('common.tooLong', { max: MAX_LABEL_TEXT, over })}
        </p>
      )}
    </div>
  )
}
