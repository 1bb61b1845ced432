/**
 * Test bridge for end-to-end tests: Konva draws pixels that a browser test
 * cannot query, so the wall page exposes its document, stage and what it
 * draws on `window`.
 */
import { type HeldLabel, type Label, readLabels, readVoteCounts, type Viewport } from '@vaegavis/shared'
import type Konva from 'konva'
import type * as Y from 'yjs'
import type { View } from './view.ts'
import type { ThemeBox } from './wallLayout.ts'

export interface VaegavisBridge {
  doc: Y.Doc
  labels(): Label[]
  readonly stage: Konva.Stage | null
  /** Theme boxes as drawn: wall position and size, labels and answers in order. */
  themes(): ThemeBox[]
  /** The view (screen = wall × scale + x/y) and what it shows: the wall point in the middle and the zoom. */
  view(): { view: View; viewport: Viewport }
  /** Dots per target id in the current round. */
  voteCounts(): Record<string, number>
  /** Ids of the selected labels. */
  selection(): string[]
  /** Labels held back (private writing or waiting for approval), as this facilitator wall sees them. */
  held(): HeldLabel[]
}

/** What the wall page knows right now; read live on every call. */
export interface BridgeSource {
  stage: () => Konva.Stage | null
  themes: () => ThemeBox[]
  view: () => { view: View; viewport: Viewport }
  selection: () => string[]
  held: () => HeldLabel[]
}

declare global {
  interface Window {
    __vaegavis?: VaegavisBridge
  }
}

/** Installs the bridge; returns the uninstaller. */
export function installBridge(doc: Y.Doc, source: BridgeSource): () => void {
  const bridge: VaegavisBridge = {
    doc,
    labels: () => readLabels(doc),
    get stage() {
      return source.stage()
    },
    themes: source.themes,
    view: source.view,
    voteCounts: () => Object.fromEntries(readVoteCounts(doc)),
    selection: source.selection,
    held: source.held,
  }
  window.__vaegavis = bridge
  return () => {
    if (window.__vaegavis === bridge) delete window.__vaegavis
  }
}
