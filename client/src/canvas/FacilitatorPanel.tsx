import { HeldFor, type Label } from '@vaegavis/shared'
import { useMemo } from 'react'
import type * as Y from 'yjs'
import { t } from '../i18n.ts'
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx'
import { FrameTools } from './FrameTools.tsx'
import { LegendEditor } from './LegendEditor.tsx'
import { PeopleTools } from './PeopleTools.tsx'
import { QuestionForm } from './QuestionForm.tsx'
import { SaveTools } from './SaveTools.tsx'
import { SelectionTools } from './SelectionTools.tsx'
import { ThemeTools } from './ThemeTools.tsx'
import type { Follow } from './useFollow.ts'
import type { Held } from './useHeld.ts'
import type { WallActions } from './useWallActions.ts'
import type { WallSnapshot } from './useWallDoc.ts'
import { VotingTools } from './VotingTools.tsx'
import type { WallLayout } from './wallLayout.ts'

interface Props {
  doc: Y.Doc
  boardId: string
  wall: WallSnapshot
  layout: WallLayout
  held: Held
  selected: readonly Label[]
  actions: WallActions
  onCreateTheme: WallActions['createTheme']
  ranking: boolean
  onToggleRanking: () => void
  follow: Follow
  onProjector: () => void
  onFit: () => void
  title: string
  projectId: string | null
  onProjectChange: (projectId: string) => void
  /** Labels were released onto the wall (reveal, approval): show where they landed. */
  onReleased: () => void
}

/** The facilitator's tools beside the wall: plain HTML, real buttons and labelled inputs. */
export function FacilitatorPanel(props: Props) {
  const { doc, wall, layout, held, selected, actions, follow } = props
  // Hidden labels live in the held document (no participant receives them); older boards flag them on the wall.
  const hidden = useMemo(
    () => [...held.labels.filter((l) => l.heldFor === HeldFor.Hidden), ...wall.labels.filter((l) => l.hidden)],
    [wall.labels, held.labels],
  )
  const allLabels = useMemo(() => [...wall.labels, ...held.labels], [wall.labels, held.labels])
  const usage = useMemo(() => {
    const n = new Map<string, number>()
    for (const l of [...wall.labels, ...held.labels]) n.set(l.category, (n.get(l.category) ?? 0) + 1)
    return n
  }, [wall.labels, held.labels])
  const totalVotes = useMemo(() => [...wall.voteCounts.values()].reduce((a, b) => a + b, 0), [wall.voteCounts])
  const hasUnsorted = useMemo(() => [...layout.cards.values()].some((c) => c.themeId === undefined), [layout])

  return (
    <aside className="tools" aria-label={t('wall.panelLabel')}>
      <section className="tools__section" aria-labelledby="tools-projector-h">
        <h2 id="tools-projector-h">{t('wall.projectorHeading')}</h2>
        <div className="tools__row">
          <button type="button" className="button" onClick={props.onProjector}>
            {t('wall.projectorMode')}
          </button>
          <button
            type="button"
            className={`button ${follow.leading ? 'button--primary' : ''}`}
            aria-pressed={follow.leading}
            onClick={() => follow.setLeading(!follow.leading)}
          >
            {t('wall.followMe')}
          </button>
          <button type="button" className="button" onClick={props.onFit}>
            {t('wall.fitAll')}
          </button>
        </div>
        {follow.leading && (
          <p className="hint" role="status">
            {t('wall.followMeOn')}
          </p>
        )}
        <LanguageSwitch />
      </section>
      <FrameTools
        doc={doc}
        boardId={props.boardId}
        settings={wall.settings}
        held={held}
        legend={wall.legend}
        timer={wall.timer}
        onReleased={props.onReleased}
      />
      <PeopleTools doc={doc} boardId={props.boardId} settings={wall.settings} labels={allLabels} />
      <SaveTools
        boardId={props.boardId}
        title={props.title}
        projectId={props.projectId}
        onProjectChange={props.onProjectChange}
      />
      <ThemeTools
        doc={doc}
        themes={layout.themes}
        selectedCount={selected.length}
        onCreate={props.onCreateTheme}
        onTidy={actions.tidyUnsorted}
        hasUnsorted={hasUnsorted}
      />
      <SelectionTools
        doc={doc}
        boardId={props.boardId}
        selected={selected}
        hidden={hidden}
        legend={wall.legend}
        onClear={() => actions.selectMany([], false)}
      />
      <QuestionForm doc={doc} question={wall.question} />
      <VotingTools
        doc={doc}
        round={wall.voteRound}
        total={totalVotes}
        ranking={props.ranking}
        onToggleRanking={props.onToggleRanking}
      />
      <LegendEditor doc={doc} legend={wall.legend} usage={usage} />
    </aside>
  )
}
