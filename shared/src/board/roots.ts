/**
 * The roots of a board's Yjs document. Only `shared/` names them; the server
 * and client reach a root through these helpers (see `server/test/boundaries.test.ts`).
 */
import type * as Y from 'yjs'

/** Root names of the document. Any other root is refused by the server. */
export const Root = {
  Meta: 'meta',
  Settings: 'settings',
  Legend: 'legend',
  Labels: 'labels',
  Themes: 'themes',
  Votes: 'votes',
  /** "I'm done" signals: `${stepId}/${participantId}` → true. */
  Done: 'done',
} as const
export type Root = (typeof Root)[keyof typeof Root]
export const ROOT_NAMES: readonly string[] = Object.values(Root)

/** The labels root: label id → Y.Map of label fields. Read-only use outside `shared/`. */
export const labelsRoot = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap<Y.Map<unknown>>(Root.Labels)

/** Types every root as a map before any update arrives (else Yjs makes untyped roots). */
export function typeRoots(doc: Y.Doc): void {
  for (const name of ROOT_NAMES) doc.getMap(name)
}
