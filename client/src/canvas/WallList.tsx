import { type Category, type Label, LabelKind, labelsInTheme } from '@vaegavis/shared'
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'
import { t } from '../i18n.ts'
import { CategoryIcon } from '../ui/CategoryIcon.tsx'
import type { WallSnapshot } from './useWallDoc.ts'
import type { ThemeBox } from './wallLayout.ts'

interface Props {
  wall: WallSnapshot
  themes: readonly ThemeBox[]
  /** The facilitator's wall: labels can be selected and moved between themes. */
  editable: boolean
  selected: ReadonlySet<string>
  onToggleSelect: (id: string) => void
  /** Puts a label into a theme (`undefined`: back to the unsorted labels). */
  onMove: (labelId: string, themeId: string | undefined) => void
}

/**
 * The wall as plain HTML: one heading per theme with its labels, the board's
 * question and the answers to it, categories in words and votes as numbers.
 * For screen readers, keyboards and anyone who would rather read than look.
 * ↑/↓ move between labels; Tab reaches each label's controls.
 */
export function WallList({ wall, themes, editable, selected, onToggleSelect, onMove }: Props) {
  const id = useId()
  const [message, setMessage] = useState('')
  const ref = useRef<HTMLElement>(null)
  // The label just moved: it re-renders under its new theme and keeps the focus there.
  const [focusId, setFocusId] = useState<string | null>(null)
  // Opening the list takes the reader to it.
  useEffect(() => ref.current?.focus(), [])
  useEffect(() => {
    if (!focusId) return
    ref.current?.querySelector<HTMLElement>(`li[data-list-label="${CSS.escape(focusId)}"]`)?.focus()
    setFocusId(null)
  }, [focusId])
  const categories = new Map(wall.legend.map((c) => [c.id, c]))
  const visible = wall.labels.filter((l) => !l.hidden)
  const themeIds = new Set(themes.map((t) => t.id))
  const unsorted = visible
    .filter((l) => !l.themeId || !themeIds.has(l.themeId))
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
  const counts = wall.voteRound ? wall.voteCounts : null
  const labelVotes = wall.voteRound?.target === 'labels' ? counts : null
  const themeVotes = wall.voteRound?.target === 'themes' ? counts : null

  const move = (label: Label, themeId: string | undefined) => {
    onMove(label.id, themeId)
    const name = themeId ? (themes.find((t) => t.id === themeId)?.name ?? '') : t('wall.moveUnsorted')
    setMessage(t('wall.moved', { text: label.text, theme: name }))
    setFocusId(label.id)
  }

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return
    const item = (e.target as HTMLElement).closest('li[data-list-label]')
    // Arrows inside a select change its value; only the label item itself moves on.
    if (!item || e.target !== item) return
    const items = [...e.currentTarget.querySelectorAll<HTMLElement>('li[data-list-label]')]
    const next = items[items.indexOf(item as HTMLElement) + (e.key === 'ArrowDown' ? 1 : -1)]
    if (next) {
      e.preventDefault()
      next.focus()
    }
  }

  const item = (l: Label) => (
    <ListLabel
      // A label moved elsewhere (also by dragging on the wall) starts with its new theme in the select.
      key={`${l.id}:${l.themeId ?? ''}`}
      label={l}
      category={categories.get(l.category)}
      votes={labelVotes?.get(l.id)}
      editable={editable}
      selected={selected.has(l.id)}
      themes={themes}
      onToggleSelect={onToggleSelect}
      onMove={move}
    />
  )

  return (
    <section ref={ref} className="wall-list" aria-label={t('wall.listRegion')} tabIndex={-1} onKeyDown={onKeyDown}>
      <p className="visually-hidden" role="status">
        {message}
      </p>
      {visible.length === 0 && themes.length === 0 && <p>{t('wall.listEmpty')}</p>}
      {themes.map((theme) => {
        const labels = labelsInTheme(visible, theme.id)
        const answers = labelsInTheme(visible, theme.id, LabelKind.Answer)
        const votes = themeVotes?.get(theme.id)
        return (
          <section
            key={theme.id}
            className="wall-list__theme"
            aria-labelledby={`${id}-${theme.id}`}
            data-theme-id={theme.id}
          >
            <h2 id={`${id}-${theme.id}`}>
              {theme.name}{' '}
              <span className="muted">({t('wall.listThemeCount', { count: labels.length + answers.length })})</span>
            </h2>
            {votes !== undefined && <p className="wall-list__votes">{t('wall.votesOf', { count: votes })}</p>}
            {theme.collapsed && <p className="hint">{t('wall.listCollapsed')}</p>}
            {labels.length > 0 && <ul aria-label={t('wall.listLabels', { theme: theme.name })}>{labels.map(item)}</ul>}
            {wall.question && (
              <>
                <h3>
                  {t('wall.listQuestion')}: {wall.question}
                </h3>
                {answers.length > 0 && (
                  <ul aria-label={t('wall.listAnswers', { theme: theme.name })}>{answers.map(item)}</ul>
                )}
              </>
            )}
          </section>
        )
      })}
      {unsorted.length > 0 && (
        <section className="wall-list__theme" aria-labelledby={`${id}-unsorted`}>
          <h2 id={`${id}-unsorted`}>
            {t('wall.unsortedHeading')}{' '}
            <span className="muted">({t('wall.listThemeCount', { count: unsorted.length })})</span>
          </h2>
          <ul aria-label={t('wall.unsortedHeading')}>{unsorted.map(item)}</ul>
        </section>
      )}
    </section>
  )
}

function ListLabel({
  label,
  category,
  votes,
  editable,
  selected,
  themes,
  onToggleSelect,
  onMove,
}: {
  label: Label
  category: Category | undefined
  votes: number | undefined
  editable: boolean
  selected: boolean
  themes: readonly ThemeBox[]
  onToggleSelect: (id: string) => void
  onMove: (label: Label, themeId: string | undefined) => void
}) {
  const [target, setTarget] = useState(label.themeId ?? '')
  const answer = label.kind === LabelKind.Answer
  const unchanged = target === (label.themeId ?? '')
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: each label is a stop for the arrow keys (a list to read through)
    <li className={`wall-list__label ${selected ? 'is-selected' : ''}`} data-list-label={label.id} tabIndex={0}>
      <p className="wall-list__text">
        {category && <CategoryIcon icon={category.icon} colour={category.colour} size={20} />}
        {category && <strong>{category.meaning}: </strong>}
        {label.text}
        {label.nickname && <span className="muted"> ({t('wall.listBy', { nickname: label.nickname })})</span>}
        {votes !== undefined && <span className="wall-list__votes"> – {t('wall.votesOf', { count: votes })}</span>}
      </p>
      {editable && (
        <div className="tools__row">
          <button
            type="button"
            className="button button--small"
            aria-pressed={selected}
            aria-label={t('wall.selectLabel', { text: label.text })}
            onClick={() => onToggleSelect(label.id)}
          >
            {t('wall.selectLabel', { text: '' }).trim()}
          </button>
          <select
            className="input input--small"
            aria-label={t('wall.moveToThemeFor', { text: label.text })}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          >
            {!answer && <option value="">{t('wall.moveUnsorted')}</option>}
            {themes.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button--small"
            aria-label={t('wall.moveButtonFor', { text: label.text })}
            disabled={unchanged || (answer && !target)}
            onClick={() => onMove(label, target || undefined)}
          >
            {t('wall.moveButton')}
          </button>
        </div>
      )}
    </li>
  )
}
