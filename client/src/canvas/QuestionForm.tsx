import { charLength, MAX_LABEL_TEXT, setQuestion } from '@vaegavis/shared'
import { type FormEvent, useEffect, useId, useState } from 'react'
import type * as Y from 'yjs'
import { t } from '../i18n.ts'
import { Field } from '../ui/Field.tsx'

/** The question asked of every theme ("Hvad kan vi gøre ved det?"). */
export function QuestionForm({ doc, question }: { doc: Y.Doc; question: string }) {
  const [draft, setDraft] = useState(question)
  const id = useId()
  // Follow changes made elsewhere (another facilitator window) unless the draft is being edited.
  const [editing, setEditing] = useState(false)
  useEffect(() => {
    if (!editing) setDraft(question)
  }, [question, editing])

  const trimmed = draft.trim()
  const over = charLength(trimmed) - MAX_LABEL_TEXT
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (over > 0) return
    setQuestion(doc, trimmed)
    setEditing(false)
  }

  return (
    <section className="tools__section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('wall.questionHeading')}</h2>
      <form className="stack" onSubmit={submit}>
        <Field id={`${id}-q`} label={t('wall.questionLabel')}>
          <textarea
            id={`${id}-q`}
            className="input tools__textarea"
            rows={2}
            value={draft}
            placeholder={t('wall.questionPlaceholder')}
            onChange={(e) => {
              setEditing(true)
              setDraft(e.target.value)
            }}
            aria-invalid={over > 0 ? true : undefined}
            aria-describedby={`${id}-hint`}
          />
          <p id={`${id}-hint`} className={over > 0 ? 'error' : 'hint'} role={over > 0 ? 'alert' : undefined}>
            {over > 0
              ? t('wall.questionTooLong', { max: MAX_LABEL_TEXT, over })
              : question
                ? t('wall.questionSaved')
                : ''}
          </p>
        </Field>
        <div className="tools__row">
          <button type="submit" className="button button--primary" disabled={over > 0 || trimmed === question}>
            {t('wall.questionSave')}
          </button>
          {question && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setQuestion(doc, '')
                setEditing(false)
              }}
            >
              {t('wall.questionClear')}
            </button>
          )}
        </div>
      </form>
    </section>
  )
}
