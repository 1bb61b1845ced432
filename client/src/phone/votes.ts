/**
 * What a phone lists in a vote round, pure: the wall's labels grouped by
 * theme, or the themes themselves.
 */
import type { Label, Theme, VoteRound } from '@vaegavis/shared'

export interface VoteTarget {
  id: string
  text: string
  /** Category of a label; absent for a theme. */
  category?: string
  /** Content hash of a label's picture. */
  photo?: string
}

export interface VoteGroup {
  /** Theme name; null for themes themselves or a wall without themes; '' for labels in no theme. */
  heading: string | null
  targets: VoteTarget[]
}

/** Groups in wall order; hidden labels are not offered, empty groups are left out. */
export function voteGroups(
  target: VoteRound['target'],
  labels: readonly Label[],
  themes: readonly Theme[],
): VoteGroup[] {
  if (target === 'themes') return [{ heading: null, targets: themes.map((th) => ({ id: th.id, text: th.name })) }]
  const shown = labels.filter((l) => !l.hidden)
  const asTarget = (l: Label): VoteTarget => ({
    id: l.id,
    text: l.text,
    category: l.category,
    ...(l.photo ? { photo: l.photo } : {}),
  })
  if (themes.length === 0) return [{ heading: null, targets: shown.map(asTarget) }]
  const themeIds = new Set(themes.map((th) => th.id))
  const groups: VoteGroup[] = themes.map((th) => ({
    heading: th.name,
    targets: shown.filter((l) => l.themeId === th.id).map(asTarget),
  }))
  groups.push({ heading: '', targets: shown.filter((l) => !l.themeId || !themeIds.has(l.themeId)).map(asTarget) })
  return groups.filter((g) => g.targets.length > 0)
}
