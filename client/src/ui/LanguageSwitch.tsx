import { languageName } from '@vaegavis/shared'
import { useId } from 'react'
import { locales, setLocale, t, useLocale } from '../i18n.ts'

/**
 * The language switch: every language there is a file for, each named in
 * itself ("Dansk", "English") so a visitor finds theirs whatever is showing.
 */
export function LanguageSwitch() {
  const current = useLocale()
  const id = useId()
  if (locales.length < 2) return null
  return (
    <div className="language-switch">
      <label htmlFor={id}>{t('common.language')}</label>
      <select id={id} value={current} onChange={(e) => void setLocale(e.target.value)}>
        {locales.map((code) => (
          <option key={code} value={code} lang={code}>
            {languageName(code)}
          </option>
        ))}
      </select>
    </div>
  )
}
