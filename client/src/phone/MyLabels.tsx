import type { Category, MessageKey, Theme } from '@vaegavis/shared'
import { Suspense, useEffect, useState } from 'react'
import { t } from '../i18n.ts'
import { CategoryIcon } from '../ui/CategoryIcon.tsx'
import { tint } from '../ui/colour.ts'
import { EditForm } from './later.ts'
import type { LabelStatus, MyLabelView } from './outbox.ts'

const STATUS_TEXT: Record<LabelStatus, MessageKey> = {
  saving: 'common.saving',
  saved: 'common.saved',
  held: 'common.heldWaiting',
  rejected: 'common.rejected',
  failed: 'common.notSaved',
}

interface Props {
  labels: MyLabelView[]
  legend: Category[]
  themes: Theme[]
  /** Online, synced and the board open: the server accepts edits and deletes of own labels. */
  canChange: boolean
  /** Why editing is off right now, said once above the list (null: nothing to say). */
  blockedText: string | null
  onEdit: (id: string, text: string, category: string) => void
  onRemove: (id: string) => void
  /** Address of a label's picture on the server (with the board token: an <img> sends no header). */
  pictureUrl: (hash: string) => string
}

/**
 * The phone's own labels, newest first, each with what became of it. A label
 * on the wall can be edited in place or deleted (after a question) while the
 * board is open; the server allows it for the author only.
 */
export function MyLabels({ labels, legend, themes, canChange, blockedText, onEdit, onRemove, pictureUrl }: Props) {
  const byId = new Map(legend.map((c) => [c.id, c]))
  const themeName = new Map(themes.map((th) => [th.id, th.name]))
  const [editing, setEditing] = useState<string | null>(null)
  const [confirming, setConfirming] = useState<string | null>(null)
  const [deletedNote, setDeletedNote] = useState(false)
  const anyOnWall = labels.some((l) => l.onWall)
  // A label that left the wall (deleted on another tab, removed by the facilitator) cannot stay open for editing.
  useEffect(() => {
    if (editing !== null && !labels.some((l) => l.id === editing && l.onWall)) setEditing(null)
    if (confirming !== null && !labels.some((l) => l.id === confirming && l.onWall)) setConfirming(null)
  }, [labels, editing, confirming])

  return (
    <section className="mine" aria-labelledby="mine-heading">
      <h2 id="mine-heading">{t('common.myLabels')}</h2>
      <p className="visually-hidden" role="status">
        {deletedNote ? t('common.deleted') : ''}
      </p>
      {anyOnWall && !canChange && blockedText && <p className="hint">{blockedText}</p>}
      {labels.length === 0 ? (
        <p className="muted">{t('common.myLabelsEmpty')}</p>
      ) : (
        <ul className="mine__list" aria-live="polite">
          {labels.map((l) => {
            const c = byId.get(l.category)
            const theme = l.themeId ? themeName.get(l.themeId) : undefined
            const textId = `mine-text-${l.id}`
            const changeable = canChange && l.onWall && l.status === 'saved'
            return (
              <li
                key={l.id}
                className="mine__item"
                data-label-id={l.id}
                style={{ backgroundColor: tint(c?.colour ?? '#cccccc', 0.3), borderColor: c?.colour ?? '#cccccc' }}
              >
                <div className="mine__meta">
                  {c && <CategoryIcon icon={c.icon} colour={c.colour} size={20} />}
                  <span className="mine__meaning">{c?.meaning ?? ''}</span>
                  <span className={`mine__status mine__status--${l.status}`} data-status={l.status}>
                    {t(STATUS_TEXT[l.status])}
                  </span>
                </div>
                {theme !== undefined && (
                  <p className="mine__theme" data-testid="caption">
                    {l.answer ? t('common.answerTo', { theme }) : t('common.inTheme', { theme })}
                  </p>
                )}
                {/* The label's text says what it shows; the picture next to it adds nothing to read aloud. */}
                {l.photo && <img className="mine__picture" src={pictureUrl(l.photo)} alt="" loading="lazy" />}
                {editing === l.id && canChange ? (
                  <Suspense fallback={<p className="mine__text">{l.text}</p>}>
                    <EditForm
                      label={l}
                      legend={legend}
                      onCancel={() => setEditing(null)}
                      onSave={(text, category) => {
                        onEdit(l.id, text, category)
                        setEditing(null)
                      }}
                    />
                  </Suspense>
                ) : (
                  <p className="mine__text" id={textId}>
                    {l.text}
                  </p>
                )}
                {l.hidden && <p className="muted">{t('common.hiddenByFacilitator')}</p>}
                {confirming === l.id && changeable ? (
                  <fieldset className="mine__confirm" aria-labelledby={`${textId}-confirm`}>
                    <p id={`${textId}-confirm`}>{t('common.deleteConfirm')}</p>
                    <div className="mine__actions">
                      <button
                        type="button"
                        className="button button--danger"
                        onClick={() => {
                          setConfirming(null)
                          setDeletedNote(true)
                          onRemove(l.id)
                        }}
                      >
                        {t('common.deleteYes')}
                      </button>
                      <button type="button" className="button" onClick={() => setConfirming(null)}>
                        {t('common.deleteNo')}
                      </button>
                    </div>
                  </fieldset>
                ) : (
                  l.onWall &&
                  editing !== l.id && (
                    <div className="mine__actions">
                      {(['edit', 'delete'] as const).map((action) => (
                        <button
                          key={action}
                          type="button"
                          className="button"
                          aria-describedby={textId}
                          disabled={!changeable}
                          onClick={() => {
                            // One label open at a time, either to edit it or to confirm deleting it.
                            setEditing(action === 'edit' ? l.id : null)
                            setConfirming(action === 'delete' ? l.id : null)
                            setDeletedNote(false)
                          }}
                        >
                          {t(action === 'edit' ? 'common.editLabel' : 'common.deleteLabel')}
                        </button>
                      ))}
                    </div>
                  )
                )}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
