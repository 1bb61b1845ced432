/**
 * Pictures of labels for the Konva wall: one HTMLImageElement per URL (a
 * label's hash behind the images route), loaded once and shared by every card
 * and redraw that shows it, so a wall of forty photos asks the server forty
 * times, not once per render.
 */
import { useEffect, useState } from 'react'

type Entry = { image: HTMLImageElement; state: 'loading' | 'ready' | 'failed'; waiting: Set<() => void> }

const entries = new Map<string, Entry>()
/** Enough for the biggest walls; past it the oldest are let go (the browser's cache keeps the bytes). */
const KEPT = 1000

function entryFor(url: string): Entry {
  const known = entries.get(url)
  if (known) return known
  const image = new Image()
  const entry: Entry = { image, state: 'loading', waiting: new Set() }
  const settle = (state: Entry['state']) => {
    entry.state = state
    for (const fn of entry.waiting) fn()
    entry.waiting.clear()
  }
  image.onload = () => settle('ready')
  image.onerror = () => settle('failed')
  image.src = url
  entries.set(url, entry)
  if (entries.size > KEPT) entries.delete(entries.keys().next().value as string)
  return entry
}

/** The loaded picture at `url`, 'failed' when it could not be loaded (gone, or the link ended), else null while it loads. */
export function usePicture(url: string | null): HTMLImageElement | 'failed' | null {
  const [, setTick] = useState(0)
  const entry = url ? entryFor(url) : null
  useEffect(() => {
    if (entry?.state !== 'loading') return
    const wake = () => setTick((n) => n + 1)
    entry.waiting.add(wake)
    return () => {
      entry.waiting.delete(wake)
    }
  }, [entry])
  if (!entry) return null
  return entry.state === 'ready' ? entry.image : entry.state === 'failed' ? 'failed' : null
}
