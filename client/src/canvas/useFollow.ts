/**
 * "Følg mig": while a wall leads, its viewport (centre + zoom) is written to
 * the board, throttled; every other wall showing the board follows it until
 * its viewer takes over with their own pan or zoom.
 */
import { readFollow, setFollow, type Viewport } from '@vaegavis/shared'
import { useCallback, useEffect, useRef, useState } from 'react'
import type * as Y from 'yjs'
import { type View, viewFromViewport, viewportOf } from './view.ts'

/** At most this often the leader's viewport is written while it pans and zooms. */
export const FOLLOW_MS = 120

const same = (a: Viewport | null, b: Viewport) => a !== null && a.x === b.x && a.y === b.y && a.scale === b.scale

export interface Follow {
  /** This wall leads: others follow it. */
  leading: boolean
  setLeading: (on: boolean) => void
  /** This wall follows another one right now. */
  following: boolean
  /** Someone leads, but this wall's viewer chose to look around on their own. */
  detached: boolean
  /** Stop following for now (another leader's next move is not followed until `resume`). */
  detach: () => void
  /** Follow again after looking around. */
  resume: () => void
  /** Use instead of setting the view directly: a viewer who pans or zooms stops following. */
  changeView: (view: View) => void
}

export function useFollow(
  doc: Y.Doc,
  follow: Viewport | null,
  view: View,
  setView: (view: View) => void,
  size: { width: number; height: number },
): Follow {
  const [leading, setLeadingState] = useState(false)
  const [detached, setDetached] = useState(false)
  const leadingRef = useRef(false)
  const lastWrite = useRef(0)
  const following = !leading && !detached && follow !== null
  const measured = size.width > 0 && size.height > 0

  const setLeading = useCallback(
    (on: boolean) => {
      leadingRef.current = on
      setLeadingState(on)
      if (on) setDetached(false)
      else setFollow(doc, null)
    },
    [doc],
  )

  // Leader: write the viewport, at most every FOLLOW_MS, always ending with the latest one.
  useEffect(() => {
    if (!leading || !measured) return
    const vp = viewportOf(view, size)
    const write = () => {
      lastWrite.current = performance.now()
      if (!same(readFollow(doc), vp)) setFollow(doc, vp)
    }
    const wait = FOLLOW_MS - (performance.now() - lastWrite.current)
    if (wait <= 0) {
      write()
      return
    }
    const timer = window.setTimeout(write, wait)
    return () => window.clearTimeout(timer)
  }, [leading, measured, view, size, doc])

  // A leader that goes away (unmount, tab closed) must not leave the other screens stuck on its view.
  useEffect(() => {
    const stop = () => {
      if (leadingRef.current) setFollow(doc, null)
    }
    window.addEventListener('pagehide', stop)
    return () => {
      window.removeEventListener('pagehide', stop)
      stop()
    }
  }, [doc])

  // Follower: show what the leader shows.
  const fx = follow?.x
  const fy = follow?.y
  const fscale = follow?.scale
  useEffect(() => {
    if (!following || fx === undefined || fy === undefined || fscale === undefined || !measured) return
    setView(viewFromViewport({ x: fx, y: fy, scale: fscale }, size))
  }, [following, fx, fy, fscale, measured, size, setView])

  // Once nobody leads, the next "Følg mig" should be followed again.
  useEffect(() => {
    if (follow === null) setDetached(false)
  }, [follow])

  const changeView = useCallback(
    (next: View) => {
      if (following) setDetached(true)
      setView(next)
    },
    [following, setView],
  )

  return {
    leading,
    setLeading,
    following,
    detached: detached && follow !== null,
    detach: () => setDetached(true),
    resume: () => setDetached(false),
    changeView,
  }
}
