/**
 * What phone/later.ts is in the inlined phone page (vite.config.ts, mode
 * `phone`): the same panels, in the one script. As lazy chunks they would
 * import React from a file while the page runs the inlined copy: two Reacts.
 */
export { AnswerPanel } from './AnswerPanel.tsx'
export { EditForm } from './EditForm.tsx'
export { VotePanel } from './VotePanel.tsx'

/** Nothing to fetch: they are in this script. */
export function prefetchLater(): void {}
