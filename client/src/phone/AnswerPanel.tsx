import type { Category, Theme } from '@vaegavis/shared'
import { useId } from 'react'
import { t } from '../i18n.ts'
import { LabelComposer } from './LabelComposer.tsx'

/** "Spørgsmål til temaerne": the board question under every theme, with an answer box each. */
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
  return (
    <>
      <h2>{t('common.answersHeading')}</h2>
      <p className="hint">{t('common.answersHint')}</p>
      {themes.map((th) => (
        <section key={th.id} className="answer" aria-labelledby={`${id}${th.id}`} data-theme-id={th.id}>
          <h3 id={`${id}${th.id}`} className="answer__theme">
            {th.name}
          </h3>
          <p id={`${id}${th.id}q`} className="answer__question">
            {question}
          </p>
          <LabelComposer
            compact
            legend={legend}
            disabled={disabled}
            sentText={sentText}
            textLabel={t('common.answerLabel', { theme: th.name })}
            placeholder={t('common.answerPlaceholder')}
            sendText={t('common.sendAnswer')}
            describedBy={`${id}${th.id}q`}
            onSend={(text, category) => onSend(text, category, th.id)}
          />
        </section>
      ))}
    </>
  )
}
