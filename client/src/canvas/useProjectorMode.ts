/**
 * Projector mode: the wall without editing chrome, full screen when the
 * browser allows it. Leaving full screen (Esc) leaves projector mode too.
 */
import { useCallback, useEffect, useRef, useState } from 'react'

export interface ProjectorMode {
  on: boolean
  enter: () => void
  leave: () => void
  fullscreen: boolean
  requestFullscreen: () => void
}

/** `?projektor` (or `?view=projector`) in the address opens a wall straight in projector mode, e.g. on a second screen. */
export function projectorRequested(search: string = window.location.search): boolean {
  const q = new URLSearchParams(search)
  return q.has('projektor') || q.get('view') === 'projector'
}

export function useProjectorMode(): ProjectorMode {
  const [on, setOn] = useState(projectorRequested)
  const [fullscreen, setFullscreen] = useState(() => document.fullscreenElement != null)
  const enteredFullscreen = useRef(false)

  useEffect(() => {
    const onChange = () => {
      const now = document.fullscreenElement != null
      setFullscreen(now)
      if (!now && enteredFullscreen.current) {
        enteredFullscreen.current = false
        setOn(false)
      }
    }
    document.addEventListener('fullscreenchange', onChange)
    return () => document.removeEventListener('fullscreenchange', onChange)
  }, [])

  const requestFullscreen = useCallback(() => {
    const el = document.documentElement
    if (document.fullscreenElement || !el.requestFullscreen) return
    el.requestFullscreen().then(
      () => {
        enteredFullscreen.current = true
      },
      // Refused (no user gesture, or not allowed here): projector mode works without it.
      () => {},
    )
  }, [])

  const enter = useCallback(() => {
    setOn(true)
    requestFullscreen()
  }, [requestFullscreen])

  const leave = useCallback(() => {
    setOn(false)
    if (document.fullscreenElement) {
      enteredFullscreen.current = false
      void document.exitFullscreen().catch(() => {})
    }
  }, [])

  // Esc leaves projector mode when it is not full screen (full screen handles Esc itself).
  useEffect(() => {
    if (!on) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.fullscreenElement) setOn(false)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [on])

  return { on, enter, leave, fullscreen, requestFullscreen }
}
