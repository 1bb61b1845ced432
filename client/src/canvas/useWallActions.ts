/**
 * What the facilitator's hands do on the wall, as stable handlers (so cards
 * are not redrawn on every change): drop a card into or out of a theme, move
 * and fold themes, select, create a theme from a selection, tidy up.
 */
import {
  addTheme,
  isUnsortedSlot,
  type Label,
  LabelKind,
  moveLabel,
  moveTheme,
  SLOT_SCATTER,
  setLabelTheme,
  setThemeCollapsed,
  type Theme,
} from '@vaegavis/shared'
import { type Dispatch, type SetStateAction, useMemo, useRef } from 'react'
import type * as Y from 'yjs'
import { CARD } from './cardSize.ts'
import type { CardHandlers } from './LabelCard.tsx'
import type { ThemeHandlers } from './ThemeBox.tsx'
import { placeNewTheme, reorderThemes, type Sized, themeAt, tidyUnsorted, type WallLayout } from './wallLayout.ts'

export interface ThemeDrag {
  id: string
  x: number
  y: number
}

export interface WallActions {
  cards: CardHandlers
  themes: ThemeHandlers
  selectMany: (ids: string[], additive: boolean) => void
  /** Creates a theme (from the selected labels when `fromSelection`); returns its id. */
  createTheme: (name: string, fromSelection: boolean) => string
  tidyUnsorted: () => void
}

interface Live {
  layout: WallLayout
  /** The themes as stored (their order is what the flow keeps). */
  themes: readonly Theme[]
  labels: ReadonlyMap<string, Label>
  selection: ReadonlySet<string>
  heightOf: (label: Label) => number
}

export function useWallActions(
  doc: Y.Doc,
  live: Live,
  setSelection: Dispatch<SetStateAction<ReadonlySet<string>>>,
  setThemeDrag: Dispatch<SetStateAction<ThemeDrag | null>>,
  onRename: (themeId: string) => void,
): WallActions {
  // The handlers read the latest wall through a ref, so their identity never changes.
  const ref = useRef(live)
  ref.current = live
  const renameRef = useRef(onRename)
  renameRef.current = onRename

  return useMemo<WallActions>(() => {
    const cards: CardHandlers = {
      onMove: (id, x, y) => moveLabel(doc, id, x, y),
      onDrop: (id, at, pointer) => {
        const { layout, labels } = ref.current
        const label = labels.get(id)
        if (!label) return false
        const point = pointer ?? { x: at.x + CARD.width / 2, y: at.y + CARD.padding }
        const target = themeAt(layout, point)
        if (target) {
          setLabelTheme(doc, id, target.id)
          return false
        }
        const inTheme = label.themeId !== undefined && layout.themes.some((t) => t.id === label.themeId)
        // An answer answers a theme's question: it can go to another theme, not to the unsorted labels.
        if (inTheme && label.kind === LabelKind.Answer) return false
        // It stays where it was let go: off the slot grid, so it does not flow back.
        const x = isUnsortedSlot(at.x, at.y) ? at.x + SLOT_SCATTER + 1 : at.x
        doc.transact(() => {
          if (label.themeId) setLabelTheme(doc, id, undefined)
          moveLabel(doc, id, x, at.y)
        })
        return true
      },
      onSelect: (id, additive) =>
        setSelection((s) => {
          if (!additive) return new Set([id])
          const next = new Set(s)
          if (!next.delete(id)) next.add(id)
          return next
        }),
    }
    const themes: ThemeHandlers = {
      onDrag: (id, x, y) => setThemeDrag({ id, x, y }),
      // Themes flow: a dropped theme takes the place nearest to where it was let go, the others move up or along.
      onMove: (id, x, y, done) => {
        if (!done) return
        const order = reorderThemes(ref.current.layout, id, { x, y })
        doc.transact(() => {
          for (const [tid, p] of order) moveTheme(doc, tid, p.x, p.y)
        })
        setThemeDrag(null)
      },
      onRename: (id) => renameRef.current(id),
      onToggleCollapsed: (id) => {
        const box = ref.current.layout.themes.find((t) => t.id === id)
        if (box) setThemeCollapsed(doc, id, !box.collapsed)
      },
    }
    return {
      cards,
      themes,
      selectMany: (ids, additive) => setSelection((s) => new Set(additive ? [...s, ...ids] : ids)),
      createTheme: (name, fromSelection) => {
        const { layout, selection, themes } = ref.current
        const at = placeNewTheme(themes)
        // Top to bottom, left to right, as the facilitator sees them.
        const chosen = fromSelection
          ? [...selection]
              .map((id) => layout.cards.get(id))
              .filter((c) => c !== undefined)
              .sort((a, b) => a.y - b.y || a.x - b.x)
          : []
        let themeId = ''
        doc.transact(() => {
          themeId = addTheme(doc, { name, x: at.x, y: at.y })
          for (const c of chosen) setLabelTheme(doc, c.id, themeId)
        })
        if (fromSelection) setSelection(new Set())
        return themeId
      },
      tidyUnsorted: () => {
        const { layout, labels, heightOf } = ref.current
        const unsorted: Sized[] = []
        for (const c of layout.cards.values()) {
          const l = labels.get(c.id)
          if (l && c.themeId === undefined) unsorted.push({ id: l.id, height: heightOf(l) })
        }
        const order = new Map([...labels.values()].map((l, i) => [l.id, i]))
        unsorted.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
        const at = tidyUnsorted(unsorted)
        doc.transact(() => {
          for (const [id, p] of at) moveLabel(doc, id, p.x, p.y)
        })
      },
    }
  }, [doc, setSelection, setThemeDrag])
}
