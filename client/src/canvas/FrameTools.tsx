import {
  type BoardSettings,
  type Category,
  extendTimer,
  HeldFor,
  type HeldLabel,
  newStep,
  setSetting,
  setTimer,
  startTimer,
  type Timer,
} from '@vaegavis/shared'
import { useId, useState } from 'react'
import type * as Y from 'yjs'
import { appPath } from '../base.ts'
import { t } from '../i18n.ts'
import { useAction } from '../ui/useAction.ts'
import { facilitationApi } from './facilitationApi.ts'
import { useNow } from './Hud.tsx'
import { LabelLine } from './SelectionTools.tsx'
import type { Held } from './useHeld.ts'

const TIMER_MINUTES = [1, 3, 5, 10] as const

interface Props {
  doc: Y.Doc
  boardId: string
  settings: BoardSettings
  held: Held
  legend: readonly Category[]
  timer: Timer | null
  /** Labels were released onto the wall. */
  onReleased?: () => void
}

/** Holding the frame: lock, who may move, private writing and reveal, approval queue, timer. */
export function FrameTools({ doc, boardId, settings, held, legend, timer, onReleased }: Props) {
  const id = useId()
  const reveal = useAction()
  const [revealed, setRevealed] = useState<number | null>(null)
  const privately = held.labels.filter((l) => l.heldFor === HeldFor.Private)
  const waiting = held.labels.filter((l) => l.heldFor === HeldFor.Approval)
  const toggle = (key: keyof BoardSettings) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setSetting(doc, key, e.target.checked)

  return (
    <section className="tools__section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('wall.frameHeading')}</h2>
      <button
        type="button"
        className={`button ${settings.locked ? 'button--primary' : ''}`}
        aria-pressed={settings.locked}
        onClick={() => setSetting(doc, 'locked', !settings.locked)}
      >
        {settings.locked ? t('wall.unlock') : t('wall.lock')}
      </button>
      {settings.locked && (
        <p className="hint" role="status">
          {t('wall.lockedNow')}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={settings.participantsMayMove} onChange={toggle('participantsMayMove')} />
        {t('wall.participantsMayMove')}
      </label>

      <label className="check">
        <input type="checkbox" checked={settings.privateWriting} onChange={toggle('privateWriting')} />
        {t('wall.privateWriting')}
      </label>
      {(settings.privateWriting || privately.length > 0) && (
        <div className="tools__sub">
          <p className="hint" role="status" data-testid="held-private-count">
            {t('wall.revealHint', { count: privately.length })}
          </p>
          <button
            type="button"
            className="button button--primary"
            disabled={reveal.busy}
            onClick={() =>
              reveal.run(async () => {
                setRevealed(await facilitationApi.reveal(boardId))
                onReleased?.()
              })
            }
          >
            {t('wall.reveal', { n: privately.length })}
          </button>
        </div>
      )}
      {revealed !== null && !settings.privateWriting && privately.length === 0 && (
        <p className="hint">{t('wall.revealed', { count: revealed })}</p>
      )}
      {reveal.error && (
        <p className="error" role="alert">
          {reveal.error}
        </p>
      )}

      <label className="check">
        <input type="checkbox" checked={settings.approveFirst} onChange={toggle('approveFirst')} />
        {t('wall.approveFirst')}
      </label>
      <label className="check">
        <input type="checkbox" checked={settings.picturesNeedApproval} onChange={toggle('picturesNeedApproval')} />
        {t('wall.picturesNeedApproval')}
      </label>
      {(settings.approveFirst || waiting.length > 0) && (
        <ApprovalQueue
          boardId={boardId}
          waiting={waiting}
          legend={legend}
          offline={held.state.status !== 'online'}
          onReleased={onReleased}
        />
      )}

      <TimerTools doc={doc} timer={timer} />
    </section>
  )
}

/** Start, extend and stop the countdown; start a new round of "I'm done". */
function TimerTools({ doc, timer }: { doc: Y.Doc; timer: Timer | null }) {
  const now = useNow(timer !== null)
  const running = timer !== null && now < timer.startedAt + timer.durationMs
  return (
    <>
      <h3>{t('wall.timerHeading')}</h3>
      <div className="tools__row">
        {TIMER_MINUTES.map((min) => (
          <button
            key={min}
            type="button"
            className="button button--small"
            aria-label={t('wall.timerStartNamed', { count: min })}
            onClick={() => startTimer(doc, min * 60_000)}
          >
            {t('wall.timerStart', { count: min })}
          </button>
        ))}
        {running && (
          <button
            type="button"
            className="button button--small"
            aria-label={t('wall.timerAddMinuteNamed')}
            onClick={() => extendTimer(doc, 60_000)}
          >
            {t('wall.timerAddMinute')}
          </button>
        )}
        <button type="button" className="button button--small" disabled={!timer} onClick={() => setTimer(doc, null)}>
          {t('wall.timerStop')}
        </button>
      </div>
      <div className="tools__row">
        <button type="button" className="button button--small" onClick={() => newStep(doc)}>
          {t('wall.newRound')}
        </button>
      </div>
      <p className="hint">{t('wall.newRoundHint')}</p>
    </>
  )
}

function ApprovalQueue({
  boardId,
  waiting,
  legend,
  offline,
  onReleased,
}: {
  boardId: string
  waiting: readonly HeldLabel[]
  legend: readonly Category[]
  offline: boolean
  onReleased?: () => void
}) {
  const id = useId()
  const action = useAction()
  const categories = new Map(legend.map((c) => [c.id, c]))
  return (
    <div className="tools__sub">
      <h3 id={`${id}-h`}>{t('wall.queueHeading', { n: waiting.length })}</h3>
      {offline && <p className="hint">{t('wall.heldOffline')}</p>}
      {waiting.length === 0 ? (
        <p className="hint">{t('wall.queueEmpty')}</p>
      ) : (
        <ul className="tools__list tools__list--compact" aria-labelledby={`${id}-h`} data-testid="approval-queue">
          {waiting.map((l) => (
            <LabelLine key={l.id} label={l} category={categories.get(l.category)}>
              {l.photo && (
                // The facilitator's session cookie reads the picture; it is checked before anyone else sees it.
                <img
                  className="tools__picture"
                  src={appPath(`/api/boards/${encodeURIComponent(boardId)}/images/${l.photo}`)}
                  alt={t('wall.queuePicture', { text: l.text })}
                  data-testid="queue-picture"
                />
              )}
              <span className="tools__row">
                <button
                  type="button"
                  className="button button--small button--primary"
                  aria-label={t('wall.approveNamed', { text: l.text })}
                  disabled={action.busy}
                  onClick={() =>
                    action.run(async () => {
                      await facilitationApi.approve(boardId, l.id)
                      onReleased?.()
                    })
                  }
                >
                  {t('wall.approve')}
                </button>
                <button
                  type="button"
                  className="button button--small"
                  aria-label={t('wall.rejectNamed', { text: l.text })}
                  disabled={action.busy}
                  onClick={() => action.run(() => facilitationApi.reject(boardId, l.id))}
                >
                  {t('wall.reject')}
                </button>
              </span>
            </LabelLine>
          ))}
        </ul>
      )}
      {action.error && (
        <p className="error" role="alert">
          {action.error}
        </p>
      )}
    </div>
  )
}
