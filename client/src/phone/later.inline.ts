/**
 * What phone/later.ts is in the inlined phone page (vite.config.ts, mode
 * `phone`): the same panels, in the one script. As lazy chunks they would
 * import React from a file while the page runs the inlined copy: two Reacts.
 */
export { AnswerPanel } from './AnswerPanel.tsx'
export { EditForm } from './EditForm.tsx'
export { VotePanel } from './VotePanel.tsx'

import { loadPictures } from './pictureSend.ts'

/**
 * The panels are in this script. The picture code (phone/pictures.ts imports nothing, so it can be a
 * file of its own) is fetched now, so a photo or drawing can still be made after the network drops.
 */
export function prefetchLater(): void {
  loadPictures().catch(() => undefined)
}
