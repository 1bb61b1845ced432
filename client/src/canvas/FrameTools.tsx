import {
  type BoardSettings,
  type Category,
  HeldFor,
  type HeldLabel,
  setSetting,
  setTimer,
  type Timer,
} from '@vaegavis/shared'
import { useId, useState } from 'react'
import type * as Y from 'yjs'
import { facilitationApi } from './facilitationApi.ts'
import { LabelLine } from './SelectionTools.tsx'
import { w } from './strings.ts'
import { useAction } from './useAction.ts'
import type { Held } from './useHeld.ts'

const TIMER_MINUTES = [1, 3, 5, 10] as const

interface Props {
  doc: Y.Doc
  boardId: string
  settings: BoardSettings
  held: Held
  legend: readonly Category[]
  timer: Timer | null
}

/** Holding the frame: lock, who may move, private writing and reveal, approval queue, timer. */
export function FrameTools({ doc, boardId, settings, held, legend, timer }: Props) {
  const id = useId()
  const reveal = useAction()
  const [revealed, setRevealed] = useState<number | null>(null)
  const privately = held.labels.filter((l) => l.heldFor === HeldFor.Private)
  const waiting = held.labels.filter((l) => l.heldFor === HeldFor.Approval)
  const toggle = (key: keyof BoardSettings) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setSetting(doc, key, e.target.checked)

  return (
    <section className="tools__section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{w.frameHeading}</h2>
      <button
        type="button"
        className={`button ${settings.locked ? 'button--primary' : ''}`}
        aria-pressed={settings.locked}
        onClick={() => setSetting(doc, 'locked', !settings.locked)}
      >
        {settings.locked ? w.unlock : w.lock}
      </button>
      {settings.locked && (
        <p className="hint" role="status">
          {w.lockedNow}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={settings.participantsMayMove} onChange={toggle('participantsMayMove')} />
        {w.participantsMayMove}
      </label>

      <label className="check">
        <input type="checkbox" checked={settings.privateWriting} onChange={toggle('privateWriting')} />
        {w.privateWriting}
      </label>
      {(settings.privateWriting || privately.length > 0) && (
        <div className="tools__sub">
          <p className="hint" role="status" data-testid="held-private-count">
            {w.revealHint(privately.length)}
          </p>
          <button
            type="button"
            className="button button--primary"
            disabled={reveal.busy}
            onClick={() =>
              reveal.run(async () => {
                setRevealed(await facilitationApi.reveal(boardId))
              })
            }
          >
            {w.reveal(privately.length)}
          </button>
        </div>
      )}
      {revealed !== null && !settings.privateWriting && privately.length === 0 && (
        <p className="hint">{w.revealed(revealed)}</p>
      )}
      {reveal.error && (
        <p className="error" role="alert">
          {reveal.error}
        </p>
      )}

      <label className="check">
        <input type="checkbox" checked={settings.approveFirst} onChange={toggle('approveFirst')} />
        {w.approveFirst}
      </label>
      {(settings.approveFirst || waiting.length > 0) && (
        <ApprovalQueue boardId={boardId} waiting={waiting} legend={legend} offline={held.state.status !== 'online'} />
      )}

      <h3>{w.timerHeading}</h3>
      <div className="tools__row">
        {TIMER_MINUTES.map((min) => (
          <button
            key={min}
            type="button"
            className="button button--small"
            aria-label={w.timerStartNamed(min)}
            onClick={() => setTimer(doc, { startedAt: Date.now(), durationMs: min * 60_000 })}
          >
            {w.timerStart(min)}
          </button>
        ))}
        <button type="button" className="button button--small" disabled={!timer} onClick={() => setTimer(doc, null)}>
          {w.timerStop}
        </button>
      </div>
    </section>
  )
}

function ApprovalQueue({
  boardId,
  waiting,
  legend,
  offline,
}: {
  boardId: string
  waiting: readonly HeldLabel[]
  legend: readonly Category[]
  offline: boolean
}) {
  const id = useId()
  const action = useAction()
  const categories = new Map(legend.map((c) => [c.id, c]))
  return (
    <div className="tools__sub">
      <h3 id={`${id}-h`}>{w.queueHeading(waiting.length)}</h3>
      {offline && <p className="hint">{w.heldOffline}</p>}
      {waiting.length === 0 ? (
        <p className="hint">{w.queueEmpty}</p>
      ) : (
        <ul className="tools__list tools__list--compact" aria-labelledby={`${id}-h`} data-testid="approval-queue">
          {waiting.map((l) => (
            <LabelLine key={l.id} label={l} category={categories.get(l.category)}>
              <span className="tools__row">
                <button
                  type="button"
                  className="button button--small button--primary"
                  aria-label={w.approveNamed(l.text)}
                  disabled={action.busy}
                  onClick={() => action.run(() => facilitationApi.approve(boardId, l.id))}
                >
                  {w.approve}
                </button>
                <button
                  type="button"
                  className="button button--small"
                  aria-label={w.rejectNamed(l.text)}
                  disabled={action.busy}
                  onClick={() => action.run(() => facilitationApi.reject(boardId, l.id))}
                >
                  {w.reject}
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
