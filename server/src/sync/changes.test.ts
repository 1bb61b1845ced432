import { addLabel, deleteLabel, editLabel, initBoard, ROOT_NAMES } from '@vaegavis/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyAndCollect } from './changes.ts'

function pair() {
  const server = new Y.Doc()
  for (const n of ROOT_NAMES) server.getMap(n)
  const client = new Y.Doc()
  initBoard(client, { title: 't' })
  Y.applyUpdate(server, Y.encodeStateAsUpdate(client))
  return { server, client }
}

function nextUpdate(client: Y.Doc, change: () => void): Uint8Array {
  const before = Y.encodeStateVector(client)
  change()
  return Y.encodeStateAsUpdate(client, before)
}

describe('what an update changes', () => {
  it('a new label is one added entry in labels', () => {
    const { server, client } = pair()
    const u = nextUpdate(client, () => addLabel(client, { text: 'a', category: 'ide', x: 1, y: 2, author: 'p1' }))
    const changes = applyAndCollect(server, u, null)
    expect(changes).toHaveLength(1)
    expect(changes[0]).toMatchObject({ kind: 'entry', root: 'labels', action: 'add' })
  })

  it('deleting a label reports its old map, whose author can still be read', () => {
    const { server, client } = pair()
    const id = addLabel(client, { text: 'a', category: 'ide', x: 1, y: 2, author: 'p1' })
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client))
    deleteLabel(client, id)
    // A pure delete has no new structs: the whole state carries its delete set.
    const changes = applyAndCollect(server, Y.encodeStateAsUpdate(client), null)
    expect(changes).toHaveLength(1)
    const c = changes[0]
    expect(c).toMatchObject({ kind: 'entry', root: 'labels', action: 'delete' })
    expect(c?.kind === 'entry' ? c.oldValue : null).toMatchObject({ author: 'p1', text: 'a' })
  })

  it('editing a field of an existing label is a field change with old and new value', () => {
    const { server, client } = pair()
    const id = addLabel(client, { text: 'a', category: 'ide', x: 1, y: 2, author: 'p1' })
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client))
    const u = nextUpdate(client, () => editLabel(client, id, { text: 'b' }))
    const changes = applyAndCollect(server, u, null)
    expect(changes).toEqual([
      expect.objectContaining({
        kind: 'field',
        root: 'labels',
        id,
        field: 'text',
        action: 'update',
        oldValue: 'a',
        newValue: 'b',
      }),
    ])
  })

  it('a root outside the schema is reported as unknown', () => {
    const { server, client } = pair()
    const u = nextUpdate(client, () => client.getMap('elsewhere').set('k', 1))
    expect(applyAndCollect(server, u, null)).toEqual([expect.objectContaining({ kind: 'unknown' })])
  })
})

describe('changes that leave nothing behind', () => {
  it('a label written and deleted within one update (offline on a phone) changes nothing', () => {
    const { server, client } = pair()
    const before = Y.encodeStateVector(client)
    const id = addLabel(client, { text: 'kladde', category: 'ide', x: 0, y: 0, author: 'p1' })
    deleteLabel(client, id)
    expect(applyAndCollect(server, Y.encodeStateAsUpdate(client, before), null)).toEqual([])
  })
})
