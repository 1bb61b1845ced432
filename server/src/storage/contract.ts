import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { StoreErrorCode } from './errors.ts'
import type { BoardRecord, Store, TokenRecord, UserRecord } from './types.ts'

/** One backend under test: opens instances over the same data, and removes that data at the end. */
export interface StoreHarness {
  /** Opens a new store instance. With a persistent backend every instance sees the same data. */
  open(): Promise<Store>
  /** Removes whatever the harness created (temp dir, schema). Called once, after every test. */
  dispose(): Promise<void>
}

/** What the backend can do, so tests that need it are registered only where it applies. */
export interface ContractOptions {
  /** Data outlives an instance: a second `open()` sees what the first wrote. */
  persistent: boolean
}

/**
 * Registers the storage contract suite (vitest `describe`/`it`) for one
 * backend. Every adapter must pass it unchanged. Tests use unique names, so
 * they can share one database.
 */
export function storeContract(name: string, makeHarness: () => Promise<StoreHarness>, options: ContractOptions): void {
  describe(`${name} store`, () => {
    let harness: StoreHarness | undefined
    const opened: Store[] = []

    beforeAll(async () => {
      harness = await makeHarness()
    })
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()))
    })
    afterAll(async () => {
      await harness?.dispose()
    })

    async function open(): Promise<Store> {
      if (!harness) throw new Error(`${name} harness did not start`)
      const store = await harness.open()
      opened.push(store)
      return store
    }

    /** A second instance over the same data, as another server process would have. */
    async function openOther(first: Store): Promise<Store> {
      return options.persistent ? open() : first
    }

    describe('documents', () => {
      it('loads a document that was never written as no updates', async () => {
        const store = await open()
        expect(await store.docs.load(uid('doc'))).toEqual({ updates: [], lastSeq: 0, logLength: 0 })
      })

      it('loads appended updates back in order, and they rebuild the same document', async () => {
        const store = await open()
        const name = uid('doc')
        const poster = new Poster()
        poster.edit(1)
        const first = await store.docs.append(name, poster.take())
        poster.edit(3)
        const second = await store.docs.append(name, poster.take())
        poster.remove(1)
        poster.edit(2)
        const third = await store.docs.append(name, poster.take())
        expect(first).toBeGreaterThan(0)
        expect(second).toBeGreaterThan(first)
        expect(third).toBeGreaterThan(second)

        const stored = await store.docs.load(name)
        expect(stored.updates.map(bytes)).toEqual(poster.all.map(bytes))
        expect(stored.lastSeq).toBe(third)
        expect(stored.logLength).toBe(poster.all.length)
        expect(rebuild(stored.updates)).toEqual(poster.content())
      })

      it('returns the current sequence number when appending nothing', async () => {
        const store = await open()
        const name = uid('doc')
        expect(await store.docs.append(name, [])).toBe(0)
        const poster = new Poster()
        poster.edit(2)
        const seq = await store.docs.append(name, poster.take())
        expect(await store.docs.append(name, [])).toBe(seq)
      })

      it('keeps the document identical and shrinks the log when compacted', async () => {
        const store = await open()
        const name = uid('doc')
        const poster = new Poster()
        for (let i = 0; i < 20; i++) {
          poster.edit(i)
          await store.docs.append(name, poster.take())
        }
        const before = await store.docs.load(name)
        expect(before.logLength).toBe(20)

        await store.docs.compact(name, snapshotOf(before.updates), before.lastSeq)

        const after = await store.docs.load(name)
        expect(after.updates).toHaveLength(1)
        expect(after.logLength).toBe(0)
        expect(after.lastSeq).toBe(before.lastSeq)
        expect(rebuild(after.updates)).toEqual(poster.content())

        poster.edit(99)
        const next = await store.docs.append(name, poster.take())
        expect(next).toBeGreaterThan(before.lastSeq)
        const grown = await store.docs.load(name)
        expect(grown.updates).toHaveLength(2)
        expect(grown.logLength).toBe(1)
        expect(rebuild(grown.updates)).toEqual(poster.content())
      })

      it('keeps an update appended by another instance after the compaction point', async () => {
        const compactor = await open()
        const writer = await openOther(compactor)
        const name = uid('doc')
        const poster = new Poster()
        for (let i = 0; i < 5; i++) poster.edit(i)
        await compactor.docs.append(name, poster.take())
        const seen = await compactor.docs.load(name)

        // Another instance appends while this one is building its snapshot.
        poster.edit(42)
        const late = poster.take()
        const lateSeq = await writer.docs.append(name, late)
        expect(lateSeq).toBeGreaterThan(seen.lastSeq)

        await compactor.docs.compact(name, snapshotOf(seen.updates), seen.lastSeq)

        const after = await writer.docs.load(name)
        expect(after.updates.slice(1).map(bytes)).toEqual(late.map(bytes))
        expect(after.logLength).toBe(1)
        expect(after.lastSeq).toBe(lateSeq)
        expect(rebuild(after.updates)).toEqual(poster.content())
      })

      it('ignores a stale compaction from another instance', async () => {
        const a = await open()
        const b = await openOther(a)
        const name = uid('doc')
        const poster = new Poster()
        poster.edit(1)
        await a.docs.append(name, poster.take())
        const old = await b.docs.load(name)
        poster.edit(2)
        await a.docs.append(name, poster.take())
        const current = await a.docs.load(name)
        await a.docs.compact(name, snapshotOf(current.updates), current.lastSeq)
        const compacted = await a.docs.load(name)

        await b.docs.compact(name, snapshotOf(old.updates), old.lastSeq)

        const after = await a.docs.load(name)
        expect(after.updates.map(bytes)).toEqual(compacted.updates.map(bytes))
        expect(rebuild(after.updates)).toEqual(poster.content())
      })

      it('keeps every update when two instances append at the same time', async () => {
        const a = await open()
        const b = await openOther(a)
        const name = uid('doc')
        const pa = new Poster()
        const pb = new Poster()
        const writes: Promise<number>[] = []
        for (let i = 0; i < 20; i++) {
          pa.edit(i)
          pb.edit(i + 100)
          writes.push(a.docs.append(name, pa.take()), b.docs.append(name, pb.take()))
        }
        const seqs = await Promise.all(writes)
        expect(new Set(seqs).size).toBe(40)

        const stored = await a.docs.load(name)
        expect(stored.updates).toHaveLength(40)
        expect(stored.lastSeq).toBe(Math.max(...seqs))
        expect(rebuild(stored.updates)).toEqual({ ...pa.content(), ...pb.content() })
      })

      it('removes every update of a deleted document and nothing of the others', async () => {
        const store = await open()
        const doomed = uid('doc')
        const kept = uid('doc')
        const a = new Poster()
        const b = new Poster()
        for (let i = 0; i < 3; i++) {
          a.edit(i)
          b.edit(i)
        }
        await store.docs.append(doomed, a.take())
        await store.docs.append(kept, b.take())
        const loaded = await store.docs.load(doomed)
        await store.docs.compact(doomed, snapshotOf(loaded.updates), loaded.lastSeq)
        a.edit(7)
        await store.docs.append(doomed, a.take())

        await store.docs.delete(doomed)

        expect(await store.docs.load(doomed)).toEqual({ updates: [], lastSeq: 0, logLength: 0 })
        expect(rebuild((await store.docs.load(kept)).updates)).toEqual(b.content())
        const fresh = new Poster()
        fresh.edit(5)
        await store.docs.append(doomed, fresh.take())
        expect(rebuild((await store.docs.load(doomed)).updates)).toEqual(fresh.content())
      })
    })

    describe('users and sessions', () => {
      it('finds a user by email whatever its case', async () => {
        const store = await open()
        const user = makeUser({ email: `Ada.${uid('x')}@Example.ORG` })
        await store.app.createUser(user)

        const lower = await store.app.getUserByEmail(user.email.toLowerCase())
        const upper = await store.app.getUserByEmail(user.email.toUpperCase())
        expect(lower).toEqual({ ...user, email: user.email.toLowerCase() })
        expect(upper?.id).toBe(user.id)
        expect(await store.app.getUserById(user.id)).toEqual(lower)
        expect(await store.app.getUserByEmail(`nobody.${uid('x')}@example.org`)).toBeUndefined()
        expect(await store.app.getUserById(uid('user'))).toBeUndefined()
      })

      it('rejects a second user with the same email in another case', async () => {
        const store = await open()
        const email = `grace.${uid('x')}@example.org`
        await store.app.createUser(makeUser({ email }))
        await expect(store.app.createUser(makeUser({ email: email.toUpperCase() }))).rejects.toMatchObject({
          code: StoreErrorCode.Duplicate,
          field: 'email',
        })
      })

      it('replaces the password hash', async () => {
        const store = await open()
        const user = makeUser()
        await store.app.createUser(user)
        await store.app.setPassword(user.id, 'scrypt$new')
        expect((await store.app.getUserById(user.id))?.passwordHash).toBe('scrypt$new')
      })

      it('finds a session until it is deleted', async () => {
        const store = await open()
        const user = makeUser()
        await store.app.createUser(user)
        const session = { tokenHash: uid('session'), userId: user.id, expiresAt: 1_900_000_000_000 }
        await store.app.createSession(session)
        expect(await store.app.getSession(session.tokenHash)).toEqual(session)
        await store.app.deleteSession(session.tokenHash)
        expect(await store.app.getSession(session.tokenHash)).toBeUndefined()
      })
    })

    describe('boards and tokens', () => {
      it('finds a board by its join code and rejects a second board with the same code', async () => {
        const store = await open()
        const owner = makeUser()
        await store.app.createUser(owner)
        const board = makeBoard(owner.id)
        await store.app.createBoard(board)

        expect(await store.app.getBoardByJoinCode(board.joinCode)).toEqual(board)
        expect(await store.app.getBoard(board.id)).toEqual(board)
        expect(await store.app.getBoardByJoinCode(uid('code'))).toBeUndefined()
        await expect(store.app.createBoard(makeBoard(owner.id, { joinCode: board.joinCode }))).rejects.toMatchObject({
          code: StoreErrorCode.Duplicate,
          field: 'joinCode',
        })
      })

      it("lists only the owner's boards, oldest first", async () => {
        const store = await open()
        const owner = makeUser()
        const other = makeUser()
        await store.app.createUser(owner)
        await store.app.createUser(other)
        const newer = makeBoard(owner.id, { createdAt: 2_000 })
        const older = makeBoard(owner.id, { createdAt: 1_000 })
        await store.app.createBoard(newer)
        await store.app.createBoard(older)
        await store.app.createBoard(makeBoard(other.id))

        expect(await store.app.listBoards(owner.id)).toEqual([older, newer])
        expect(await store.app.listBoards(uid('user'))).toEqual([])
      })

      it('removes the tokens of a deleted board and frees its join code', async () => {
        const store = await open()
        const owner = makeUser()
        await store.app.createUser(owner)
        const doomed = makeBoard(owner.id)
        const kept = makeBoard(owner.id)
        await store.app.createBoard(doomed)
        await store.app.createBoard(kept)
        const doomedToken = makeToken(doomed.id)
        const keptToken = makeToken(kept.id)
        await store.app.createToken(doomedToken)
        await store.app.createToken(keptToken)

        await store.app.deleteBoard(doomed.id)

        expect(await store.app.getBoard(doomed.id)).toBeUndefined()
        expect(await store.app.getToken(doomedToken.tokenHash)).toBeUndefined()
        expect(await store.app.getToken(keptToken.tokenHash)).toEqual(keptToken)
        await store.app.createBoard(makeBoard(owner.id, { joinCode: doomed.joinCode }))
      })

      it('returns tokens with and without expiry as they were stored', async () => {
        const store = await open()
        const owner = makeUser()
        await store.app.createUser(owner)
        const board = makeBoard(owner.id)
        await store.app.createBoard(board)
        const expiring = makeToken(board.id, { role: 'participant', expiresAt: 1_800_000_000_123 })
        const forever = makeToken(board.id, { role: 'viewer', expiresAt: null })
        await store.app.createToken(expiring)
        await store.app.createToken(forever)

        expect(await store.app.getToken(expiring.tokenHash)).toEqual(expiring)
        expect(await store.app.getToken(forever.tokenHash)).toEqual(forever)
        expect(await store.app.getToken(uid('token'))).toBeUndefined()
      })

      it('rejects sessions, boards and tokens that point at nothing', async () => {
        const store = await open()
        await expect(
          store.app.createSession({ tokenHash: uid('session'), userId: uid('user'), expiresAt: 1 }),
        ).rejects.toMatchObject({ code: StoreErrorCode.MissingReference, field: 'userId' })
        await expect(store.app.createBoard(makeBoard(uid('user')))).rejects.toMatchObject({
          code: StoreErrorCode.MissingReference,
          field: 'ownerId',
        })
        await expect(store.app.createToken(makeToken(uid('board')))).rejects.toMatchObject({
          code: StoreErrorCode.MissingReference,
          field: 'boardId',
        })
      })
    })

    if (options.persistent) {
      it('keeps documents and records when the store is reopened', async () => {
        const first = await open()
        const name = uid('doc')
        const poster = new Poster()
        for (let i = 0; i < 4; i++) poster.edit(i)
        await first.docs.append(name, poster.take())
        const loaded = await first.docs.load(name)
        await first.docs.compact(name, snapshotOf(loaded.updates), loaded.lastSeq)
        poster.edit(9)
        const lastSeq = await first.docs.append(name, poster.take())
        const user = makeUser()
        await first.app.createUser(user)
        const board = makeBoard(user.id)
        await first.app.createBoard(board)
        const token = makeToken(board.id)
        await first.app.createToken(token)
        await first.close()

        const second = await open()
        const stored = await second.docs.load(name)
        expect(stored.lastSeq).toBe(lastSeq)
        expect(stored.logLength).toBe(1)
        expect(rebuild(stored.updates)).toEqual(poster.content())
        expect(await second.app.getUserByEmail(user.email)).toEqual(user)
        expect(await second.app.getBoardByJoinCode(board.joinCode)).toEqual(board)
        expect(await second.app.getToken(token.tokenHash)).toEqual(token)
      })
    }
  })
}

/** A Y.Doc with one map, recording every update it emits. */
class Poster {
  readonly doc = new Y.Doc()
  /** Every update so far, in emission order. */
  readonly all: Uint8Array[] = []
  private pending: Uint8Array[] = []

  constructor() {
    this.doc.on('update', (update: Uint8Array) => {
      this.all.push(update)
      this.pending.push(update)
    })
  }

  edit(i: number): void {
    this.doc.getMap('labels').set(`label-${i}`, { text: `note ${i}`, x: i * 10, y: i * 20 })
  }

  remove(i: number): void {
    this.doc.getMap('labels').delete(`label-${i}`)
  }

  /** Updates emitted since the last call. */
  take(): Uint8Array[] {
    const taken = this.pending
    this.pending = []
    return taken
  }

  content(): Record<string, unknown> {
    return this.doc.getMap('labels').toJSON()
  }
}

function rebuild(updates: Uint8Array[]): Record<string, unknown> {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  // Updates that could not be integrated (a gap) would make the rebuilt doc incomplete.
  expect(doc.store.pendingStructs).toBeNull()
  return doc.getMap('labels').toJSON()
}

function snapshotOf(updates: Uint8Array[]): Uint8Array {
  return Y.mergeUpdates(updates)
}

/** Plain arrays compare by value regardless of Buffer/Uint8Array subclass. */
function bytes(update: Uint8Array): number[] {
  return Array.from(update)
}

function uid(prefix: string): string {
  return `${prefix}-${randomUUID()}`
}

function makeUser(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: uid('user'),
    email: `${uid('user')}@example.org`,
    passwordHash: 'scrypt$old',
    createdAt: 1_700_000_000_000,
    ...overrides,
  }
}

function makeBoard(ownerId: string, overrides: Partial<BoardRecord> = {}): BoardRecord {
  return {
    id: uid('board'),
    ownerId,
    title: 'Ungdomsråd — vår 2025',
    joinCode: randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase(),
    createdAt: 1_700_000_000_500,
    ...overrides,
  }
}

function makeToken(boardId: string, overrides: Partial<TokenRecord> = {}): TokenRecord {
  return {
    tokenHash: uid('token'),
    boardId,
    role: 'participant',
    subject: uid('p'),
    nickname: 'Sol',
    createdAt: 1_700_000_001_000,
    expiresAt: null,
    ...overrides,
  }
}
