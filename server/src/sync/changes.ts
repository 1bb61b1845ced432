/**
 * Records what an incoming Yjs update changes, in terms of the board schema,
 * by applying it to a probe document and listening to Yjs' own events. Using
 * Yjs' integration (not our own parse of the binary update) means the rights
 * check sees exactly what every client would see.
 */
import { ROOT_NAMES } from '@vaegavis/shared'
import * as Y from 'yjs'

export type ChangeAction = 'add' | 'update' | 'delete'

export type Change =
  /** A key of a root map: a label, theme, legend entry, setting, vote… */
  | { kind: 'entry'; root: string; key: string; action: ChangeAction; oldValue: unknown; newValue: unknown }
  /** A key inside an entity map that existed before (e.g. a label's `x`). */
  | {
      kind: 'field'
      root: string
      id: string
      /** The entity's own map, to read its other fields (e.g. a label's author). */
      entity: Y.Map<unknown>
      field: string
      action: ChangeAction
      oldValue: unknown
      newValue: unknown
    }
  /** Anything outside the schema's shape: another root, deeper nesting, arrays or text. */
  | { kind: 'unknown'; detail: string }

/**
 * Reads a key of a Y.Map even when it was deleted in the running transaction.
 * Deleted content is only garbage-collected after observers run, so this only
 * works during observer calls.
 */
function rawGet(map: Y.Map<unknown>, key: string): unknown {
  // biome-ignore lint/suspicious/noExplicitAny: _map is Yjs' internal item index, typed as private
  const item = (map as any)._map.get(key) as Y.Item | undefined
  if (!item) return undefined
  const content = item.content.getContent()
  return content[content.length - 1]
}

/**
 * Picture hashes a labels-root deep event stopped naming: the photo of each
 * deleted label and each photo replaced or removed. Only valid inside the
 * observer (it reads deleted content, see rawGet). Whether another label
 * still names a hash is for the caller to check.
 */
export function droppedPhotos(events: readonly Y.YEvent<Y.AbstractType<unknown>>[]): string[] {
  const out: string[] = []
  const push = (v: unknown) => {
    if (typeof v === 'string' && v.length > 0) out.push(v)
  }
  for (const e of events) {
    if (!(e instanceof Y.YMapEvent)) continue
    const own = e.target._item !== null
    for (const [key, change] of e.changes.keys) {
      if (own) {
        if (key === 'photo' && change.action !== 'add') push(change.oldValue)
      } else if (change.action !== 'add' && change.oldValue instanceof Y.Map) {
        push(rawGet(change.oldValue, 'photo'))
      }
    }
  }
  return out
}

/**
 * Applies `update` to `probe` and returns the changes it made. Throws whatever
 * Yjs throws on an invalid update (the caller then rebuilds the probe).
 */
export function applyAndCollect(probe: Y.Doc, update: Uint8Array, origin: unknown): Change[] {
  const changes: Change[] = []
  const known = new Set(ROOT_NAMES)
  const rootName = new Map<object, string>()
  for (const [name, type] of probe.share) rootName.set(type, name)

  const onBefore = (tr: Y.Transaction) => {
    for (const [type, keys] of tr.changed) {
      const item = type._item
      if (item === null) {
        const name = rootName.get(type) ?? findRootName(probe, type)
        if (!known.has(name)) {
          changes.push({ kind: 'unknown', detail: `root "${name}"` })
          continue
        }
        if (!(type instanceof Y.Map)) {
          changes.push({ kind: 'unknown', detail: `root "${name}" is not a map` })
          continue
        }
        for (const key of keys) {
          if (key === null) {
            changes.push({ kind: 'unknown', detail: `list content in root "${name}"` })
            continue
          }
          pushEntry(changes, tr, name, type, key)
        }
        continue
      }
      const parent = item.parent
      const id = item.parentSub
      const parentName = parent instanceof Y.AbstractType ? rootName.get(parent as object) : undefined
      if (parentName === undefined || id === null || !(type instanceof Y.Map)) {
        changes.push({ kind: 'unknown', detail: 'nested or list content' })
        continue
      }
      for (const field of keys) {
        if (field === null) {
          changes.push({ kind: 'unknown', detail: 'list content in an entity' })
          continue
        }
        const change = describeKeyChange(tr, type, field)
        if (change) changes.push({ kind: 'field', root: parentName, id, entity: type, field, ...change })
      }
    }
  }
  probe.on('beforeObserverCalls', onBefore)
  try {
    Y.applyUpdate(probe, update, origin)
  } finally {
    probe.off('beforeObserverCalls', onBefore)
  }
  return changes
}

function pushEntry(changes: Change[], tr: Y.Transaction, root: string, map: Y.Map<unknown>, key: string) {
  const change = describeKeyChange(tr, map, key)
  if (change) changes.push({ kind: 'entry', root, key, ...change })
}

/**
 * The same classification YMapEvent.keys makes, computed from the transaction;
 * null when nothing visible changed (a value written and deleted in the same
 * update, e.g. a label a phone posted and deleted while offline).
 */
function describeKeyChange(
  tr: Y.Transaction,
  map: Y.Map<unknown>,
  key: string,
): { action: ChangeAction; oldValue: unknown; newValue: unknown } | null {
  // biome-ignore lint/suspicious/noExplicitAny: Yjs' internal item index
  const item = (map as any)._map.get(key) as Y.Item | undefined
  const createdNow = (it: Y.Item) => it.id.clock >= (tr.beforeState.get(it.id.client) ?? 0)
  const deletedNow = (it: Y.Item) => tr.deleteSet.clients.has(it.id.client) && Y.isDeleted(tr.deleteSet, it.id)
  const value = (it: Y.Item | null | undefined) => {
    if (!it) return undefined
    const c = it.content.getContent()
    return c[c.length - 1]
  }
  if (!item) return { action: 'update', oldValue: undefined, newValue: undefined }
  if (createdNow(item) && !item.deleted) {
    // Walk left to the value that was visible before this transaction, if any.
    let prev = item.left
    while (prev && createdNow(prev)) prev = prev.left
    const existed = prev && (!prev.deleted || deletedNow(prev))
    return existed
      ? { action: 'update', oldValue: snapshot(value(prev)), newValue: value(item) }
      : { action: 'add', oldValue: undefined, newValue: value(item) }
  }
  if (item.deleted) {
    let prev: Y.Item | null = item
    while (prev && createdNow(prev)) prev = prev.left
    if (!prev || !deletedNow(prev)) return null
    return { action: 'delete', oldValue: snapshot(value(prev)), newValue: undefined }
  }
  return { action: 'update', oldValue: value(item), newValue: value(item) }
}

/**
 * A deleted map's content is garbage-collected as soon as the transaction
 * ends, so an old value that is a map is copied out while it can still be read.
 */
function snapshot(v: unknown): unknown {
  if (!(v instanceof Y.Map)) return v
  const out: Record<string, unknown> = {}
  // biome-ignore lint/suspicious/noExplicitAny: Yjs' internal item index
  for (const key of (v as any)._map.keys() as Iterable<string>) out[key] = rawGet(v, key)
  return out
}

function findRootName(doc: Y.Doc, type: object): string {
  for (const [name, t] of doc.share) if (t === type) return name
  return '?'
}
