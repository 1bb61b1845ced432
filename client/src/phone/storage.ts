/**
 * What a phone remembers per join code, in localStorage: who it is on the
 * board (so a reload keeps the same identity), labels not yet confirmed
 * saved (so a reload on a weak connection does not lose them), and its own
 * labels the server holds back (so "waiting" and "not approved" survive a reload).
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

/** What the phone knows about one of its own labels before the wall has it. */
export interface LabelDraft {
  id: string
  text: string
  category: string
  createdAt: number
  /** Set for an answer to the board question for this theme. */
  themeId?: string
  /** The label's picture on the server, by content hash (once the server has it). */
  photo?: string
}

/** A label written on this phone and not yet confirmed stored by the server. */
export interface PendingLabel extends LabelDraft {
  x: number
  y: number
  /**
   * Yjs client id and clock right after the write into the shared document;
   * saved once the ack covers them. Absent while the label waits to be sent
   * (offline, board locked, or going through the held-labels endpoint).
   */
  client?: number
  clock?: number
  /** How often the server refused the document write (4403); the second refusal is final. */
  refused?: number
  /**
   * A picture label: its image waits in IndexedDB (phone/pictures.ts, under {@link pictureKey})
   * until the server has it. It always goes through the server, never into the shared document.
   */
  picture?: 'photo' | 'drawing'
}

/** Where a waiting label's picture is kept on the phone. */
export const pictureKey = (code: string, labelId: string) => `${code}/${labelId}`

/** One of the phone's labels that the server holds back (private writing or approval). */
export interface HeldEntry extends LabelDraft {
  /** `held`: the server has it; `rejected`: it left the held list without reaching the wall. */
  state: 'held' | 'rejected'
  /** Polls in a row that did not list it (it is only called rejected after two). */
  misses?: number
  /** Saved, but the facilitator hid it: the server keeps it off every other screen. */
  hidden?: boolean
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
const heldKey = (code: string) => `vaegavis:held:${code}`

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
  removeKey(store, identityKey(code))
}

const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v)

function isDraft(o: Record<string, unknown>): boolean {
  return (
    isString(o.id) &&
    isString(o.text) &&
    isString(o.category) &&
    isNumber(o.createdAt) &&
    optional(o.themeId, isString) &&
    optional(o.photo, isString)
  )
}

function isPending(v: unknown): v is PendingLabel {
  if (typeof v !== 'object' || v === null) return false
  const o = v as Record<string, unknown>
  return (
    isDraft(o) &&
    isNumber(o.x) &&
    isNumber(o.y) &&
    // A written label has both; a waiting one neither.
    (isNumber(o.client) ? isNumber(o.clock) : o.client === undefined) &&
    optional(o.refused, isNumber) &&
    optional(o.picture, isString)
  )
}

function isHeld(v: unknown): v is HeldEntry {
  if (typeof v !== 'object' || v === null) return false
  const o = v as Record<string, unknown>
  return isDraft(o) && (o.state === 'held' || o.state === 'rejected') && optional(o.misses, isNumber)
}

function removeKey(store: KeyValueStore | null, key: string): void {
  try {
    store?.removeItem(key)
  } catch {
    // nothing to forget
  }
}

export function loadOutbox(store: KeyValueStore | null, code: string): PendingLabel[] {
  const v = readJson(store, outboxKey(code))
  return Array.isArray(v) ? v.filter(isPending) : []
}

export function saveOutbox(store: KeyValueStore | null, code: string, pending: readonly PendingLabel[]): void {
  if (pending.length === 0) removeKey(store, outboxKey(code))
  else writeJson(store, outboxKey(code), pending)
}

export function loadHeld(store: KeyValueStore | null, code: string): HeldEntry[] {
  const v = readJson(store, heldKey(code))
  return Array.isArray(v) ? v.filter(isHeld) : []
}

export function saveHeld(store: KeyValueStore | null, code: string, held: readonly HeldEntry[]): void {
  if (held.length === 0) removeKey(store, heldKey(code))
  else writeJson(store, heldKey(code), held)
}
