import type { Category } from '@vaegavis/shared'
import { useId } from 'react'
import { t } from '../i18n.ts'
import { CategoryIcon } from '../ui/CategoryIcon.tsx'
import { tint } from '../ui/colour.ts'

/**
 * The board's colours as big radio buttons; the meaning is always written,
 * never only shown as colour (the icon's shape repeats it).
 */
export function CategoryPicker({
  legend,
  value,
  onChange,
  disabled,
  compact = false,
  legendText = t('common.pickCategory'),
}: {
  legend: Category[]
  value: string | null
  onChange: (id: string) => void
  disabled: boolean
  /** Options side by side (several forms on one screen). */
  compact?: boolean
  legendText?: string
}) {
  const name = useId()
  return (
    <fieldset className={compact ? 'picker picker--compact' : 'picker'} disabled={disabled}>
      <legend className="field__label">{legendText}</legend>
      <div className="picker__options">
        {legend.map((c) => (
          <label
            key={c.id}
            className="picker__option"
            style={{ backgroundColor: tint(c.colour, 0.35), borderColor: c.colour }}
            data-category={c.id}
          >
            <input
              type="radio"
              className="picker__radio"
              name={name}
              value={c.id}
              checked={value === c.id}
              onChange={() => onChange(c.id)}
            />
            <CategoryIcon icon={c.icon} colour={c.colour} size={compact ? 22 : 28} />
            <span className="picker__meaning">{c.meaning}</span>
          </label>
        ))}
      </div>
    </fieldset>
  )
}
