/**
 * The projector's end-of-time sound: two soft tones made with WebAudio (no
 * sound file to fetch), and whether this browser plays it. It is the
 * projector's own choice, so it is kept in this browser, on by default.
 */
import { useState } from 'react'

const STORAGE_KEY = 'vaegavis.chime'

function storedOn(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) !== 'off'
  } catch {
    return true // storage blocked: the default
  }
}

let context: AudioContext | null = null

/** Plays the chime; silently nothing where the browser has no WebAudio or refuses it. */
export function playChime(): void {
  try {
    context ??= new AudioContext()
    const ctx = context
    void ctx.resume().catch(() => {})
    const start = ctx.currentTime
    // Two falling notes (E5, C5), each fading out: noticed across a room, not alarming.
    for (const [i, hz] of [659.25, 523.25].entries()) {
      const at = start + i * 0.35
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      osc.type = 'sine'
      osc.frequency.value = hz
      gain.gain.setValueAtTime(0.0001, at)
      gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02)
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.9)
      osc.connect(gain).connect(ctx.destination)
      osc.start(at)
      osc.stop(at + 0.95)
    }
  } catch {
    // No sound is better than a broken wall.
  }
}

export interface Chime {
  on: boolean
  toggle: () => void
}

export function useChime(): Chime {
  const [on, setOn] = useState(storedOn)
  return {
    on,
    toggle: () => {
      const next = !on
      setOn(next)
      try {
        localStorage.setItem(STORAGE_KEY, next ? 'on' : 'off')
      } catch {
        // Not kept past this page: it still applies now.
      }
    },
  }
}
