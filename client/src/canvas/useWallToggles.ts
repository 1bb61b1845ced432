/** What the facilitator turns on and off around the wall: the side panel, the vote ranking, the list view, high contrast. */
import { useState } from 'react'

export interface WallToggles {
  panelShown: boolean
  togglePanel: () => void
  ranking: boolean
  toggleRanking: () => void
  closeRanking: () => void
  listShown: boolean
  toggleList: () => void
  contrast: boolean
  toggleContrast: () => void
}

export function useWallToggles(): WallToggles {
  const [panelShown, setPanelShown] = useState(true)
  const [ranking, setRanking] = useState(false)
  const [listShown, setListShown] = useState(false)
  const [contrast, setContrast] = useState(() => window.matchMedia?.('(prefers-contrast: more)').matches ?? false)
  return {
    panelShown,
    togglePanel: () => setPanelShown((s) => !s),
    ranking,
    toggleRanking: () => setRanking((r) => !r),
    closeRanking: () => setRanking(false),
    listShown,
    toggleList: () => setListShown((s) => !s),
    contrast,
    toggleContrast: () => setContrast((c) => !c),
  }
}
