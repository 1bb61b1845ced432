/**
 * Test bridge for end-to-end tests: Konva draws pixels that a browser test
 * cannot query, so the wall page exposes its document and stage on `window`.
 */
import { type Label, readLabels } from '@vaegavis/shared'
import type Konva from 'konva'
import type * as Y from 'yjs'

export interface VaegavisBridge {
  doc: Y.Doc
  labels(): Label[]
  readonly stage: Konva.Stage | null
}

declare global {
  interface Window {
    __vaegavis?: VaegavisBridge
  }
}

/** Installs the bridge; returns the uninstaller. `getStage` is read live so a remounted stage is seen. */
export function installBridge(doc: Y.Doc, getStage: () => Konva.Stage | null): () => void {
  const bridge: VaegavisBridge = {
    doc,
    labels: () => readLabels(doc),
    get stage() {
      return getStage()
    },
  }
  window.__vaegavis = bridge
  return () => {
    if (window.__vaegavis === bridge) delete window.__vaegavis
  }
}
