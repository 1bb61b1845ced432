/**
 * The people on the board, for the facilitator: the door (nobody new joins
 * while it is closed) and everyone who wrote a label, by nickname or as
 * "Deltager 1, 2, …" (never their id), each with a way to take them off.
 */
import { type BoardSettings, type Label, setSetting } from '@vaegavis/shared'
import { useId, useMemo, useState } from 'react'
import type * as Y from 'yjs'
import { t } from '../i18n.ts'
import { useAction } from '../ui/useAction.ts'
import { facilitationApi } from './facilitationApi.ts'

interface Props {
  doc: Y.Doc
  boardId: string
  settings: BoardSettings
  /** Labels on the wall and held back: together they say who is on the board. */
  labels: readonly Label[]
}

interface Person {
  id: string
  name: string
  labels: number
}

/** Authors of participants' labels in the order they first wrote, named as the wall may show them. */
export function peopleOf(labels: readonly Label[]): Person[] {
  const byId = new Map<string, { first: number; nickname?: string; labels: number }>()
  for (const l of labels) {
    if (!l.author.startsWith('p-')) continue
    const p = byId.get(l.author) ?? { first: l.createdAt, labels: 0 }
    p.first = Math.min(p.first, l.createdAt)
    p.labels += 1
    if (l.nickname) p.nickname = l.nickname
    byId.set(l.author, p)
  }
  return [...byId.entries()]
    .sort((a, b) => a[1].first - b[1].first || (a[0] < b[0] ? -1 : 1))
    .map(([id, p], i) => ({ id, name: p.nickname ?? t('wall.participantN', { n: i + 1 }), labels: p.labels }))
}

export function PeopleTools({ doc, boardId, settings, labels }: Props) {
  const id = useId()
  const people = useMemo(() => peopleOf(labels), [labels])
  const [asking, setAsking] = useState<string | null>(null)
  const [removed, setRemoved] = useState<ReadonlySet<string>>(new Set())
  const action = useAction()
  const remove = (who: Person, keep: 'keep' | 'delete') =>
    action.run(async () => {
      await facilitationApi.removeParticipant(boardId, who.id, keep)
      setRemoved((s) => new Set(s).add(who.id))
      setAsking(null)
    })

  return (
    <section className="tools__section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('wall.peopleHeading')}</h2>
      <button
        type="button"
        className={`button ${settings.doorClosed ? 'button--primary' : ''}`}
        aria-pressed={settings.doorClosed}
        onClick={() => setSetting(doc, 'doorClosed', !settings.doorClosed)}
      >
        {settings.doorClosed ? t('wall.doorOpen') : t('wall.doorClose')}
      </button>
      {settings.doorClosed && (
        <p className="hint" role="status">
          {t('wall.doorClosedNow')}
        </p>
      )}
      {people.length === 0 ? (
        <p className="hint">{t('wall.noParticipants')}</p>
      ) : (
        <ul className="tools__list tools__list--compact" aria-labelledby={`${id}-h`} data-testid="participants">
          {people.map((p) => (
            <li key={p.id} className="people__row">
              <span className="people__name">{p.name}</span>
              <span className="hint">{t('wall.labelsOf', { count: p.labels })}</span>
              {removed.has(p.id) ? (
                <span className="hint">{t('wall.removedPerson')}</span>
              ) : (
                <button
                  type="button"
                  className="button button--small"
                  aria-label={t('wall.removePersonNamed', { name: p.name })}
                  onClick={() => setAsking(p.id)}
                >
                  {t('wall.removePerson')}
                </button>
              )}
              {asking === p.id && (
                <div className="confirm" role="alertdialog" aria-labelledby={`${id}-${p.id}`}>
                  <p id={`${id}-${p.id}`}>{t('wall.removePersonConfirm', { name: p.name })}</p>
                  <div className="tools__row">
                    <button
                      type="button"
                      className="button button--danger"
                      disabled={action.busy}
                      onClick={() => remove(p, 'keep')}
                    >
                      {t('wall.removeKeepLabels')}
                    </button>
                    <button
                      type="button"
                      className="button button--danger"
                      disabled={action.busy}
                      onClick={() => remove(p, 'delete')}
                    >
                      {t('wall.removeDeleteLabels')}
                    </button>
                    <button type="button" className="button" onClick={() => setAsking(null)}>
                      {t('wall.cancel')}
                    </button>
                  </div>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {action.error && (
        <p className="error" role="alert">
          {action.error}
        </p>
      )}
    </section>
  )
}
