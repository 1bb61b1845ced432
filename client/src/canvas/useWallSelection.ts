/** The labels the facilitator selected: only those still on the wall; Escape clears them. */
import type { Label } from '@vaegavis/shared'
import { type Dispatch, type SetStateAction, useEffect, useMemo, useState } from 'react'

export interface WallSelection {
  /** Selected labels still on the wall (not hidden, not deleted). */
  labels: Label[]
  ids: ReadonlySet<string>
  set: Dispatch<SetStateAction<ReadonlySet<string>>>
}

export function useWallSelection(labelsById: ReadonlyMap<string, Label>, editable: boolean): WallSelection {
  const [selection, setSelection] = useState<ReadonlySet<string>>(() => new Set())
  const labels = useMemo(
    () => [...selection].map((id) => labelsById.get(id)).filter((l): l is Label => l !== undefined && !l.hidden),
    [selection, labelsById],
  )
  const ids = useMemo(() => new Set(labels.map((l) => l.id)), [labels])

  useEffect(() => {
    if (!editable) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setSelection(new Set())
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [editable])

  return { labels, ids, set: setSelection }
}
