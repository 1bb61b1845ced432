/**
 * Spreads a device's awareness renewals over time, so a board's phones do not all renew in the
 * same second (issue #15).
 *
 * y-protocols renews the local state once it is 15 s old, checked every 3 s from the moment the
 * Awareness was made. Phones that scanned the join code in the same minute therefore renew in the
 * same few seconds, every 15–18 s, for the whole session; every renewal is relayed to every phone
 * of the board (and a stock client echoes each relay back). Here every renewal waits a fresh random
 * 10–20 s instead (15 s on average: as many renewals as before), so within a few rounds a board's
 * renewals are spread evenly. Others drop a state after 30 s without a renewal; 20 s plus the
 * server's one-second batching of renewals (server/src/sync/Room.ts) stays well under.
 *
 * Works on the Awareness y-websocket made; it takes over its timer (`_checkInterval`), which also
 * drops other clients' outdated states, and keeps doing that part unchanged.
 */
import * as time from 'lib0/time'
import { type Awareness, outdatedTimeout, removeAwarenessStates } from 'y-protocols/awareness'

export const RENEW_AFTER_MS = { min: 10_000, max: 20_000 } as const
/** How often outdated states of others are looked for (as y-protocols does). */
const CHECK_MS = outdatedTimeout / 10

/** Returns a function that stops it (also stopped when the awareness is destroyed). */
export function spreadRenewals(awareness: Awareness, random: () => number = Math.random): () => void {
  clearInterval((awareness as unknown as { _checkInterval: ReturnType<typeof setInterval> })._checkInterval)
  let renewal: ReturnType<typeof setTimeout> | undefined
  const schedule = () => {
    clearTimeout(renewal)
    renewal = undefined
    if (awareness.getLocalState() === null) return
    const wait = RENEW_AFTER_MS.min + random() * (RENEW_AFTER_MS.max - RENEW_AFTER_MS.min)
    renewal = setTimeout(() => {
      const state = awareness.getLocalState()
      // Same state, next clock: what y-protocols' own renewal sends. Emits 'update', which schedules the next.
      if (state !== null) awareness.setLocalState(state)
    }, wait)
  }
  // Every change of our own state (a renewal included) starts the wait again, as y-protocols does.
  const onUpdate = (_: unknown, origin: unknown) => {
    if (origin === 'local') schedule()
  }
  const check = setInterval(() => {
    // The clock y-protocols stamps `lastUpdated` with.
    const now = time.getUnixTime()
    const outdated: number[] = []
    awareness.meta.forEach((meta, client) => {
      if (client !== awareness.clientID && now - meta.lastUpdated >= outdatedTimeout && awareness.states.has(client)) {
        outdated.push(client)
      }
    })
    if (outdated.length > 0) removeAwarenessStates(awareness, outdated, 'timeout')
  }, CHECK_MS)
  const stop = () => {
    clearTimeout(renewal)
    clearInterval(check)
    awareness.off('update', onUpdate)
    awareness.off('destroy', stop)
  }
  awareness.on('update', onUpdate)
  awareness.on('destroy', stop)
  schedule()
  return stop
}
