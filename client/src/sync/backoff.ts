/**
 * Reconnect delays with "full jitter": a random wait up to an exponentially
 * growing cap. After a server restart a room full of phones would otherwise
 * reconnect in lockstep, all at the same moments.
 */
export const BACKOFF_BASE_MS = 250
export const BACKOFF_CAP_MS = 10_000

/** Milliseconds to wait before reconnect attempt `attempt` (0-based). */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16))
  return Math.round(random() * cap)
}
