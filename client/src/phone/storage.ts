/**
 * What a phone remembers per join code, in localStorage: who it is on the
 * board (so a reload keeps the same identity) and labels not yet confirmed
 * saved (so a reload on a weak connection does not lose them).
 */

/** The part of `Storage` used here, so tests can pass a Map-backed fake. */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export interface Identity {
  boardId: string
  token: string
  participantId: string
  title: string
  nickname?: string
}

/** A label sent but not yet acknowledged as durably stored. */
export interface PendingLabel {
  id: string
  text: string
  category: string
  x: number
  y: number
  createdAt: number
  /** Yjs client id and clock right after the write; saved once the ack covers them. */
  client: number
  clock: number
}

/** localStorage, or null where it is unavailable (private mode, disabled cookies). */
export function browserStorage(): KeyValueStore | null {
  try {
    const s = window.localStorage
    const probe = 'vaegavis:probe'
    s.setItem(probe, '1')
    s.removeItem(probe)
    return s
  } catch {
    return null
  }
}

const identityKey = (code: string) => `vaegavis:join:${code}`
const outboxKey = (code: string) => `vaegavis:outbox:${code}`

function readJson(store: KeyValueStore | null, key: string): unknown {
  if (!store) return undefined
  try {
    const raw = store.getItem(key)
    return raw === null ? undefined : JSON.parse(raw)
  } catch {
    return undefined
  }
}

function writeJson(store: KeyValueStore | null, key: string, value: unknown): void {
  try {
    store?.setItem(key, JSON.stringify(value))
  } catch {
    // Quota or disabled storage: the phone still works, it only forgets on reload.
  }
}

const isString = (v: unknown): v is string => typeof v === 'string'
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

export function loadIdentity(store: KeyValueStore | null, code: string): Identity | null {
  const v = readJson(store, identityKey(code))
  if (typeof v !== 'object' || v === null) return null
  const o = v as Record<string, unknown>
  if (!isString(o.boardId) || !isString(o.token) || !isString(o.participantId)) return null
  const id: Identity = {
    boardId: o.boardId,
    token: o.token,
    participantId: o.participantId,
    title: isString(o.title) ? o.title : '',
  }
  if (isString(o.nickname) && o.nickname !== '') id.nickname = o.nickname
  return id
}

export function saveIdentity(store: KeyValueStore | null, code: string, identity: Identity): void {
  writeJson(store, identityKey(code), identity)
}

export function clearIdentity(store: KeyValueStore | null, code: string): void {
  try {
    store?.removeItem(identityKey(code))
  } catch {
    // nothing to forget
  }
}

function isPending(v: unknown): v is PendingLabel {
  if (typeof v !== 'object' || v === null) return false
  const o = v as Record<string, unknown>
  return (
    isString(o.id) &&
    isString(o.text) &&
    isString(o.category) &&
    isNumber(o.x) &&
    isNumber(o.y) &&
    isNumber(o.createdAt) &&
    isNumber(o.client) &&
    isNumber(o.clock)
  )
}

export function loadOutbox(store: KeyValueStore | null, code: string): PendingLabel[] {
  const v = readJson(store, outboxKey(code))
  return Array.isArray(v) ? v.filter(isPending) : []
}

export function saveOutbox(store: KeyValueStore | null, code: string, pending: readonly PendingLabel[]): void {
  if (pending.length === 0) {
    try {
      store?.removeItem(outboxKey(code))
    } catch {
      // nothing to forget
    }
    return
  }
  writeJson(store, outboxKey(code), pending)
}
