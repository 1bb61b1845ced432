import { useEffect, useState } from 'react'

/** Whether Shift is held: while it is, dragging empty wall draws a selection instead of panning. */
export function useShiftKey(): boolean {
  const [down, setDown] = useState(false)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => setDown(e.shiftKey)
    const onBlur = () => setDown(false)
    window.addEventListener('keydown', onKey)
    window.addEventListener('keyup', onKey)
    window.addEventListener('blur', onBlur)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('keyup', onKey)
      window.removeEventListener('blur', onBlur)
    }
  }, [])
  return down
}
