import { describe, expect, it } from 'vitest'
import {
  clearIdentity,
  type KeyValueStore,
  loadHeld,
  loadIdentity,
  loadOutbox,
  pictureKey,
  saveHeld,
  saveIdentity,
  saveOutbox,
} from './storage.ts'

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  }
}

describe('phone storage', () => {
  it('keeps the same identity per join code across reloads', () => {
    const s = memoryStore()
    saveIdentity(s, 'ACD347', { boardId: 'b1', token: 't', participantId: 'p1', title: 'Klubben', nickname: 'Mo' })
    expect(loadIdentity(s, 'ACD347')).toEqual({
      boardId: 'b1',
      token: 't',
      participantId: 'p1',
      title: 'Klubben',
      nickname: 'Mo',
    })
    expect(loadIdentity(s, 'XXXXXX')).toBeNull()
    clearIdentity(s, 'ACD347')
    expect(loadIdentity(s, 'ACD347')).toBeNull()
  })

  it('ignores damaged entries instead of failing', () => {
    const s = memoryStore()
    s.setItem('vaegavis:join:ACD347', '{not json')
    s.setItem('vaegavis:outbox:ACD347', JSON.stringify([{ id: 'x' }, 'junk']))
    expect(loadIdentity(s, 'ACD347')).toBeNull()
    expect(loadOutbox(s, 'ACD347')).toEqual([])
    expect(loadOutbox(null, 'ACD347')).toEqual([])
  })

  it('remembers unsaved labels and forgets the outbox once empty', () => {
    const s = memoryStore()
    const p = { id: 'l1', text: 'hej', category: 'ide', x: 1, y: 2, createdAt: 3, client: 4, clock: 5 }
    saveOutbox(s, 'ACD347', [p])
    expect(loadOutbox(s, 'ACD347')).toEqual([p])
    saveOutbox(s, 'ACD347', [])
    expect(s.data.size).toBe(0)
  })

  it('keeps a waiting picture label as one (its image waits in IndexedDB) and the hash of a held one', () => {
    const s = memoryStore()
    const drawn = { id: 'l4', text: 'Tegning', category: 'ide', x: 1, y: 2, createdAt: 3, picture: 'drawing' as const }
    saveOutbox(s, 'ACD347', [drawn])
    expect(loadOutbox(s, 'ACD347')).toEqual([drawn])
    // The image itself never goes into localStorage.
    expect(s.data.get('vaegavis:outbox:ACD347')?.length).toBeLessThan(200)
    const held = {
      id: 'l5',
      text: 'Foto',
      category: 'ide',
      createdAt: 3,
      photo: 'ab'.repeat(32),
      state: 'held' as const,
    }
    saveHeld(s, 'ACD347', [held])
    expect(loadHeld(s, 'ACD347')).toEqual([held])
    expect(pictureKey('ACD347', 'l4')).not.toBe(pictureKey('ACD348', 'l4'))
  })

  it('keeps labels written offline (not yet sent) and answers with their theme', () => {
    const s = memoryStore()
    const queued = { id: 'l2', text: 'svar', category: 'ide', x: 1, y: 2, createdAt: 3, themeId: 't1' }
    const refused = { id: 'l3', text: 'x', category: 'ide', x: 1, y: 2, createdAt: 3, client: 4, clock: 5, refused: 1 }
    saveOutbox(s, 'ACD347', [queued, refused])
    expect(loadOutbox(s, 'ACD347')).toEqual([queued, refused])
    // Half a write marker is damage, not a label to send.
    s.setItem('vaegavis:outbox:ACD347', JSON.stringify([{ ...queued, client: 4 }]))
    expect(loadOutbox(s, 'ACD347')).toEqual([])
  })

  it('remembers held labels, waiting or rejected, across reloads', () => {
    const s = memoryStore()
    const held = [
      { id: 'h1', text: 'a', category: 'ide', createdAt: 1, state: 'held' as const, misses: 0 },
      { id: 'h2', text: 'b', category: 'ide', createdAt: 2, state: 'rejected' as const, themeId: 't1' },
    ]
    saveHeld(s, 'ACD347', held)
    expect(loadHeld(s, 'ACD347')).toEqual(held)
    s.setItem('vaegavis:held:ACD347', JSON.stringify([{ ...held[0], state: 'lost' }]))
    expect(loadHeld(s, 'ACD347')).toEqual([])
    saveHeld(s, 'ACD347', [])
    expect(s.data.size).toBe(0)
  })
})
