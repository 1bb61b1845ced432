/**
 * Parts of the phone a young person needs later in the meeting (voting, the
 * question per theme, editing a label): each its own small chunk, so the
 * first script, on the path to the first label, is smaller. They are fetched
 * while the phone idles after it is ready, so they are there when needed.
 */
import { lazy } from 'react'
import { loadPictures } from './pictureSend.ts'

const vote = () => import('./VotePanel.tsx')
const answer = () => import('./AnswerPanel.tsx')
const edit = () => import('./EditForm.tsx')

export const VotePanel = lazy(() => vote().then((m) => ({ default: m.VotePanel })))
export const AnswerPanel = lazy(() => answer().then((m) => ({ default: m.AnswerPanel })))
export const EditForm = lazy(() => edit().then((m) => ({ default: m.EditForm })))

/** Starts loading them all (the browser keeps each module once; a failed load is tried again when shown). */
export function prefetchLater(): void {
  // The picture code too, so a photo or drawing can still be made after the network drops.
  for (const load of [vote, answer, edit, loadPictures]) load().catch(() => undefined)
}
