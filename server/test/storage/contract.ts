import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { StoreErrorCode } from '../../src/storage/errors.ts'
import type {
  BoardRecord,
  DocAppend,
  MeetingRecord,
  ProjectRecord,
  ShareLinkRecord,
  SnapshotRecord,
  Store,
  TemplateRecord,
  TokenRecord,
  UserRecord,
} from '../../src/storage/types.ts'

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
        expect(await store.docs.load(uid('doc'))).toEqual({ updates: [], lastSeq: 0, logLength: 0, owners: new Map() })
      })

      it('loads appended updates back in order, and they rebuild the same document', async () => {
        const store = await open()
        const name = uid('doc')
        const poster = new Poster()
        poster.edit(1)
        const first = await append(store, name, poster.take())
        poster.edit(3)
        const second = await append(store, name, poster.take())
        poster.remove(1)
        poster.edit(2)
        const third = await append(store, name, poster.take())
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
        expect(await append(store, name, [])).toBe(0)
        const poster = new Poster()
        poster.edit(2)
        const seq = await append(store, name, poster.take())
        expect(await append(store, name, [])).toBe(seq)
      })

      it('keeps the document identical and shrinks the log when compacted', async () => {
        const store = await open()
        const name = uid('doc')
        const poster = new Poster()
        for (let i = 0; i < 20; i++) {
          poster.edit(i)
          await append(store, name, poster.take())
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
        const next = await append(store, name, poster.take())
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
        await append(compactor, name, poster.take())
        const seen = await compactor.docs.load(name)

        // Another instance appends while this one is building its snapshot.
        poster.edit(42)
        const late = poster.take()
        const lateSeq = await append(writer, name, late)
        expect(lateSeq).toBeGreaterThan(seen.lastSeq)

        await compactor.docs.compact(name, snapshotOf(seen.updates), seen.lastSeq)

        const after = await writer.docs.load(name)
        expect(after.updates.slice(1).map(bytes)).toEqual(late.map((e) => bytes(e.update)))
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
        await append(a, name, poster.take())
        const old = await b.docs.load(name)
        poster.edit(2)
        await append(a, name, poster.take())
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
          writes.push(append(a, name, pa.take()), append(b, name, pb.take()))
        }
        const seqs = await Promise.all(writes)
        expect(new Set(seqs).size).toBe(40)

        const stored = await a.docs.load(name)
        expect(stored.updates).toHaveLength(40)
        expect(stored.lastSeq).toBe(Math.max(...seqs))
        expect(rebuild(stored.updates)).toEqual({ ...pa.content(), ...pb.content() })
      })

      it('claims a client id for the first subject that writes under it and refuses everyone else there', async () => {
        const store = await open()
        const name = uid('doc')
        const owner = new Poster('phone-a')
        owner.edit(1)
        await append(store, name, owner.take())
        expect((await store.docs.load(name)).owners).toEqual(new Map([[owner.doc.clientID, 'phone-a']]))

        // Another subject names the same client id; its next entry may build on it; a third subject is unaffected.
        const squat = { update: new Uint8Array([0, 0]), subject: 'hostile', clients: [owner.doc.clientID] }
        const follow = { update: new Uint8Array([0, 0]), subject: 'hostile', clients: [] }
        const other = new Poster('phone-b')
        other.edit(2)
        owner.edit(3)
        const result = await store.docs.append(name, [squat, ...other.take(), follow, ...owner.take()])
        expect(result.refused).toEqual([0, 2])

        const stored = await store.docs.load(name)
        expect(stored.updates).toHaveLength(3)
        expect(stored.lastSeq).toBe(result.lastSeq)
        expect(stored.owners).toEqual(
          new Map([
            [owner.doc.clientID, 'phone-a'],
            [other.doc.clientID, 'phone-b'],
          ]),
        )
        expect(rebuild(stored.updates)).toEqual({ ...owner.content(), ...other.content() })
      })

      it('lets exactly one of two instances claim the same client id at the same time', async () => {
        const a = await open()
        const b = await openOther(a)
        const name = uid('doc')
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 === 0 ? a : b).docs.append(name, [
              { update: new Uint8Array([0, 0]), subject: `subject-${i}`, clients: [4242] },
            ]),
          ),
        )
        expect(results.filter((r) => r.refused.length === 0)).toHaveLength(1)
        const winner = results.findIndex((r) => r.refused.length === 0)
        expect((await b.docs.load(name)).owners).toEqual(new Map([[4242, `subject-${winner}`]]))
        expect((await a.docs.load(name)).updates).toHaveLength(1)
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
        await append(store, doomed, a.take())
        await append(store, kept, b.take())
        const loaded = await store.docs.load(doomed)
        await store.docs.compact(doomed, snapshotOf(loaded.updates), loaded.lastSeq)
        a.edit(7)
        await append(store, doomed, a.take())

        await store.docs.delete(doomed)

        // The owners go with it: a new document of that name starts with no claims.
        expect(await store.docs.load(doomed)).toEqual({ updates: [], lastSeq: 0, logLength: 0, owners: new Map() })
        expect(rebuild((await store.docs.load(kept)).updates)).toEqual(b.content())
        const fresh = new Poster()
        fresh.edit(5)
        await append(store, doomed, fresh.take())
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

      it("revokes one participant's tokens on one board and leaves every other token alone", async () => {
        const store = await open()
        const owner = makeUser()
        await store.app.createUser(owner)
        const board = makeBoard(owner.id)
        const other = makeBoard(owner.id)
        await store.app.createBoard(board)
        await store.app.createBoard(other)
        const subject = uid('p')
        const phone = makeToken(board.id, { subject })
        const secondPhone = makeToken(board.id, { subject })
        const earlier = makeToken(board.id, { subject, expiresAt: 1_000 })
        const neighbour = makeToken(board.id)
        const elsewhere = makeToken(other.id, { subject })
        for (const t of [phone, secondPhone, earlier, neighbour, elsewhere]) await store.app.createToken(t)

        expect(await store.app.revokeTokensFor(board.id, subject, 5_000)).toBe(2)
        expect(await store.app.getToken(phone.tokenHash)).toEqual({ ...phone, expiresAt: 5_000 })
        expect(await store.app.getToken(secondPhone.tokenHash)).toEqual({ ...secondPhone, expiresAt: 5_000 })
        // An earlier end stays the earlier end; the row is kept so the token cannot join as someone new.
        expect(await store.app.getToken(earlier.tokenHash)).toEqual(earlier)
        expect(await store.app.getToken(neighbour.tokenHash)).toEqual(neighbour)
        expect(await store.app.getToken(elsewhere.tokenHash)).toEqual(elsewhere)
        expect(await store.app.revokeTokensFor(board.id, subject, 6_000)).toBe(0)
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

    describe('projects and members', () => {
      async function owner(store: Store): Promise<UserRecord> {
        const user = makeUser()
        await store.app.createUser(user)
        return user
      }

      it('makes the owner the first member and lists projects only to their members', async () => {
        const store = await open()
        const pia = await owner(store)
        const ole = await owner(store)
        const outsider = await owner(store)
        const newer = makeProject(pia.id, { createdAt: 2_000 })
        const older = makeProject(pia.id, { createdAt: 1_000 })
        await store.app.createProject(newer)
        await store.app.createProject(older)

        expect(await store.app.getProject(newer.id)).toEqual(newer)
        expect(await store.app.listProjectsForUser(pia.id)).toEqual([older, newer])
        expect(await store.app.isProjectMember(newer.id, pia.id)).toBe(true)
        expect(await store.app.isProjectMember(newer.id, ole.id)).toBe(false)

        await store.app.addProjectMember(newer.id, ole.id, 5_000)
        await store.app.addProjectMember(newer.id, ole.id, 9_000)
        expect(await store.app.listProjectsForUser(ole.id)).toEqual([newer])
        expect(await store.app.listProjectsForUser(outsider.id)).toEqual([])
        expect(await store.app.listProjectMembers(newer.id)).toEqual([
          { projectId: newer.id, userId: pia.id, email: pia.email, addedAt: 2_000 },
          { projectId: newer.id, userId: ole.id, email: ole.email, addedAt: 5_000 },
        ])

        await store.app.removeProjectMember(newer.id, ole.id)
        expect(await store.app.isProjectMember(newer.id, ole.id)).toBe(false)
        expect(await store.app.listProjectsForUser(ole.id)).toEqual([])
        expect(await store.app.getProject(uid('project'))).toBeUndefined()
      })

      it('renames a project', async () => {
        const store = await open()
        const pia = await owner(store)
        const project = makeProject(pia.id)
        await store.app.createProject(project)
        await store.app.renameProject(project.id, 'Ungdomsrådet')
        expect((await store.app.getProject(project.id))?.title).toBe('Ungdomsrådet')
      })

      it('rejects projects, members and meetings that point at nothing', async () => {
        const store = await open()
        const pia = await owner(store)
        const project = makeProject(pia.id)
        await store.app.createProject(project)
        await expect(store.app.createProject(makeProject(uid('user')))).rejects.toMatchObject({
          code: StoreErrorCode.MissingReference,
          field: 'ownerId',
        })
        await expect(store.app.createProject(makeProject(pia.id, { id: project.id }))).rejects.toMatchObject({
          code: StoreErrorCode.Duplicate,
          field: 'id',
        })
        await expect(store.app.addProjectMember(uid('project'), pia.id, 1)).rejects.toMatchObject({
          code: StoreErrorCode.MissingReference,
          field: 'projectId',
        })
        await expect(store.app.addProjectMember(project.id, uid('user'), 1)).rejects.toMatchObject({
          code: StoreErrorCode.MissingReference,
          field: 'userId',
        })
        await expect(store.app.createMeeting(makeMeeting(uid('project')))).rejects.toMatchObject({
          code: StoreErrorCode.MissingReference,
          field: 'projectId',
        })
      })
    })

    describe('meetings and placed boards', () => {
      async function projectFixture(store: Store) {
        const user = makeUser()
        await store.app.createUser(user)
        const project = makeProject(user.id)
        await store.app.createProject(project)
        return { user, project }
      }

      it('lists meetings by date, then by creation, and changes title and date', async () => {
        const store = await open()
        const { project } = await projectFixture(store)
        const april = makeMeeting(project.id, { date: '2025-04-01', createdAt: 1 })
        const marchLate = makeMeeting(project.id, { date: '2025-03-04', createdAt: 9 })
        const marchEarly = makeMeeting(project.id, { date: '2025-03-04', createdAt: 5 })
        for (const m of [april, marchLate, marchEarly]) await store.app.createMeeting(m)

        expect(await store.app.listMeetings(project.id)).toEqual([marchEarly, marchLate, april])
        await store.app.updateMeeting(april.id, { date: '2025-02-01' })
        await store.app.updateMeeting(april.id, { title: 'Opstart' })
        expect(await store.app.getMeeting(april.id)).toEqual({ ...april, date: '2025-02-01', title: 'Opstart' })
        expect(await store.app.listMeetings(uid('project'))).toEqual([])
      })

      it('creates boards in a project and meeting and lists them per project', async () => {
        const store = await open()
        const { user, project } = await projectFixture(store)
        const meeting = makeMeeting(project.id)
        await store.app.createMeeting(meeting)
        const placed = makeBoard(user.id, { projectId: project.id, meetingId: meeting.id, createdAt: 2 })
        const loose = makeBoard(user.id, { projectId: project.id, createdAt: 1 })
        const outside = makeBoard(user.id)
        for (const b of [placed, loose, outside]) await store.app.createBoard(b)
        // A board created without placement is outside every project.
        const { projectId: _p, meetingId: _m, ...bare } = makeBoard(user.id)
        await store.app.createBoard(bare)

        expect(await store.app.getBoard(placed.id)).toEqual(placed)
        expect(await store.app.getBoard(bare.id)).toEqual({ ...bare, projectId: null, meetingId: null })
        expect(await store.app.listProjectBoards(project.id)).toEqual([loose, placed])
        await expect(store.app.createBoard(makeBoard(user.id, { projectId: uid('project') }))).rejects.toMatchObject({
          code: StoreErrorCode.MissingReference,
          field: 'projectId',
        })
        await expect(
          store.app.createBoard(makeBoard(user.id, { projectId: project.id, meetingId: uid('meeting') })),
        ).rejects.toMatchObject({ code: StoreErrorCode.MissingReference, field: 'meetingId' })
      })

      it('moves a board with its snapshots into a project and out again', async () => {
        const store = await open()
        const { user, project } = await projectFixture(store)
        const meeting = makeMeeting(project.id)
        await store.app.createMeeting(meeting)
        const board = makeBoard(user.id)
        await store.app.createBoard(board)
        const snap = makeSnapshot(board.id)
        await store.app.createSnapshot(snap)

        await store.app.setBoardPlacement(board.id, project.id, meeting.id)
        expect(await store.app.getBoard(board.id)).toEqual({ ...board, projectId: project.id, meetingId: meeting.id })
        expect(await store.app.listSnapshots({ projectId: project.id })).toEqual([
          { ...summary(snap), projectId: project.id },
        ])

        await store.app.setBoardPlacement(board.id, null, null)
        expect(await store.app.getBoard(board.id)).toEqual(board)
        expect(await store.app.listSnapshots({ projectId: project.id })).toEqual([])
        await expect(store.app.setBoardPlacement(board.id, uid('project'), null)).rejects.toMatchObject({
          code: StoreErrorCode.MissingReference,
          field: 'projectId',
        })
        await expect(store.app.setBoardPlacement(board.id, project.id, uid('meeting'))).rejects.toMatchObject({
          code: StoreErrorCode.MissingReference,
          field: 'meetingId',
        })
        expect(await store.app.getBoard(board.id)).toEqual(board)
      })

      it('keeps the boards of a deleted meeting in the project', async () => {
        const store = await open()
        const { user, project } = await projectFixture(store)
        const meeting = makeMeeting(project.id)
        await store.app.createMeeting(meeting)
        const board = makeBoard(user.id, { projectId: project.id, meetingId: meeting.id })
        await store.app.createBoard(board)

        await store.app.deleteMeeting(meeting.id)

        expect(await store.app.getMeeting(meeting.id)).toBeUndefined()
        expect(await store.app.getBoard(board.id)).toEqual({ ...board, meetingId: null })
      })
    })

    describe('snapshots, templates and share links', () => {
      async function boardFixture(store: Store) {
        const user = makeUser()
        await store.app.createUser(user)
        const project = makeProject(user.id)
        await store.app.createProject(project)
        const board = makeBoard(user.id, { projectId: project.id })
        await store.app.createBoard(board)
        return { user, project, board }
      }

      it('returns a snapshot byte for byte and lists snapshots without their state', async () => {
        const store = await open()
        const { user, project, board } = await boardFixture(store)
        const later = makeSnapshot(board.id, { projectId: project.id, createdAt: 20 })
        const earlier = makeSnapshot(board.id, { projectId: project.id, createdAt: 10, thumbnail: null })
        await store.app.createSnapshot(later)
        await store.app.createSnapshot(earlier)
        const elsewhere = makeBoard(user.id)
        await store.app.createBoard(elsewhere)
        const other = makeSnapshot(elsewhere.id)
        await store.app.createSnapshot(other)

        expect(plainSnapshot(await store.app.getSnapshot(later.id))).toEqual(plainSnapshot(later))
        expect(plainSnapshot(await store.app.getSnapshot(earlier.id))).toEqual(plainSnapshot(earlier))
        expect(await store.app.listSnapshots({ boardId: board.id })).toEqual([summary(earlier), summary(later)])
        expect(await store.app.listSnapshots({ projectId: project.id })).toEqual([summary(earlier), summary(later)])
        expect(await store.app.listSnapshots({ boardId: elsewhere.id })).toEqual([summary(other)])
        expect(await store.app.getSnapshot(uid('snapshot'))).toBeUndefined()
      })

      it('finds boards and snapshots older than a cut-off, for the retention sweep', async () => {
        const store = await open()
        const user = makeUser()
        await store.app.createUser(user)
        const old = makeBoard(user.id, { createdAt: 1000 })
        const recent = makeBoard(user.id, { createdAt: 5000 })
        await store.app.createBoard(old)
        await store.app.createBoard(recent)
        const oldSnap = makeSnapshot(recent.id, { createdAt: 1500 })
        const newSnap = makeSnapshot(recent.id, { createdAt: 6000 })
        await store.app.createSnapshot(oldSnap)
        await store.app.createSnapshot(newSnap)
        const boards = (await store.app.listBoardsCreatedBefore(3000)).map((b) => b.id)
        expect(boards).toContain(old.id)
        expect(boards).not.toContain(recent.id)
        const snaps = await store.app.listSnapshotIdsCreatedBefore(3000)
        expect(snaps).toContain(oldSnap.id)
        expect(snaps).not.toContain(newSnap.id)
      })

      it('rejects snapshots of missing boards and projects', async () => {
        const store = await open()
        const { board } = await boardFixture(store)
        await expect(store.app.createSnapshot(makeSnapshot(uid('board')))).rejects.toMatchObject({
          code: StoreErrorCode.MissingReference,
          field: 'boardId',
        })
        await expect(
          store.app.createSnapshot(makeSnapshot(board.id, { projectId: uid('project') })),
        ).rejects.toMatchObject({
          code: StoreErrorCode.MissingReference,
          field: 'projectId',
        })
        const snap = makeSnapshot(board.id)
        await store.app.createSnapshot(snap)
        await expect(store.app.createSnapshot(makeSnapshot(board.id, { id: snap.id }))).rejects.toMatchObject({
          code: StoreErrorCode.Duplicate,
          field: 'id',
        })
      })

      it('keeps templates per owner until deleted', async () => {
        const store = await open()
        const { user } = await boardFixture(store)
        const other = makeUser()
        await store.app.createUser(other)
        const second = makeTemplate(user.id, { createdAt: 2 })
        const first = makeTemplate(user.id, { createdAt: 1 })
        await store.app.createTemplate(second)
        await store.app.createTemplate(first)
        await store.app.createTemplate(makeTemplate(other.id))

        expect(await store.app.getTemplate(first.id)).toEqual(first)
        expect(await store.app.listTemplates(user.id)).toEqual([first, second])
        await store.app.deleteTemplate(first.id)
        expect(await store.app.getTemplate(first.id)).toBeUndefined()
        expect(await store.app.listTemplates(user.id)).toEqual([second])
        await expect(store.app.createTemplate(makeTemplate(uid('user')))).rejects.toMatchObject({
          code: StoreErrorCode.MissingReference,
          field: 'ownerId',
        })
      })

      it('finds share links by token hash, lists a project with its snapshots, and revokes once', async () => {
        const store = await open()
        const { project, board } = await boardFixture(store)
        const snap = makeSnapshot(board.id, { projectId: project.id })
        await store.app.createSnapshot(snap)
        const archive = makeShareLink({ projectId: project.id }, { createdAt: 1, expiresAt: 1_900_000_000_000 })
        const one = makeShareLink({ snapshotId: snap.id }, { createdAt: 2 })
        await store.app.createShareLink(archive)
        await store.app.createShareLink(one)

        expect(await store.app.getShareLinkByTokenHash(archive.tokenHash)).toEqual(archive)
        expect(await store.app.getShareLink(one.id)).toEqual(one)
        expect(await store.app.getShareLinkByTokenHash(uid('hash'))).toBeUndefined()
        expect(await store.app.listShareLinks({ projectId: project.id })).toEqual([archive, one])
        expect(await store.app.listShareLinks({ snapshotId: snap.id })).toEqual([one])

        await store.app.revokeShareLink(one.id, 7_000)
        await store.app.revokeShareLink(one.id, 8_000)
        expect(await store.app.getShareLink(one.id)).toEqual({ ...one, revokedAt: 7_000 })
      })

      it('rejects share links with a taken token, a missing target, or not exactly one target', async () => {
        const store = await open()
        const { project, board } = await boardFixture(store)
        const snap = makeSnapshot(board.id)
        await store.app.createSnapshot(snap)
        const link = makeShareLink({ projectId: project.id })
        await store.app.createShareLink(link)
        await expect(
          store.app.createShareLink(makeShareLink({ snapshotId: snap.id }, { tokenHash: link.tokenHash })),
        ).rejects.toMatchObject({ code: StoreErrorCode.Duplicate, field: 'tokenHash' })
        await expect(store.app.createShareLink(makeShareLink({ snapshotId: uid('snapshot') }))).rejects.toMatchObject({
          code: StoreErrorCode.MissingReference,
          field: 'snapshotId',
        })
        await expect(store.app.createShareLink(makeShareLink({ projectId: uid('project') }))).rejects.toMatchObject({
          code: StoreErrorCode.MissingReference,
          field: 'projectId',
        })
        await expect(
          store.app.createShareLink(makeShareLink({ projectId: project.id }, { snapshotId: snap.id })),
        ).rejects.toThrow()
        await expect(
          store.app.createShareLink(makeShareLink({ projectId: project.id }, { projectId: null })),
        ).rejects.toThrow()
      })

      it('deletes the snapshots of a deleted board and their share links, and nothing else', async () => {
        const store = await open()
        const { user, project, board } = await boardFixture(store)
        const kept = makeBoard(user.id, { projectId: project.id })
        await store.app.createBoard(kept)
        const doomedSnap = makeSnapshot(board.id, { projectId: project.id })
        const keptSnap = makeSnapshot(kept.id, { projectId: project.id })
        await store.app.createSnapshot(doomedSnap)
        await store.app.createSnapshot(keptSnap)
        const doomedLink = makeShareLink({ snapshotId: doomedSnap.id })
        const keptLink = makeShareLink({ snapshotId: keptSnap.id })
        const archive = makeShareLink({ projectId: project.id })
        for (const l of [doomedLink, keptLink, archive]) await store.app.createShareLink(l)

        await store.app.deleteBoard(board.id)

        expect(await store.app.getSnapshot(doomedSnap.id)).toBeUndefined()
        expect(await store.app.getShareLink(doomedLink.id)).toBeUndefined()
        expect(await store.app.getSnapshot(keptSnap.id)).toBeDefined()
        expect(await store.app.getShareLink(keptLink.id)).toEqual(keptLink)
        expect(await store.app.getShareLink(archive.id)).toEqual(archive)

        await store.app.deleteSnapshot(keptSnap.id)
        expect(await store.app.getSnapshot(keptSnap.id)).toBeUndefined()
        expect(await store.app.getShareLink(keptLink.id)).toBeUndefined()
        expect(await store.app.listSnapshots({ projectId: project.id })).toEqual([])
      })

      it('deletes a project with its members, meetings and archive links; its boards and snapshots leave it', async () => {
        const store = await open()
        const { user, project, board } = await boardFixture(store)
        const ole = makeUser()
        await store.app.createUser(ole)
        await store.app.addProjectMember(project.id, ole.id, 1)
        const meeting = makeMeeting(project.id)
        await store.app.createMeeting(meeting)
        await store.app.setBoardPlacement(board.id, project.id, meeting.id)
        const snap = makeSnapshot(board.id, { projectId: project.id })
        await store.app.createSnapshot(snap)
        const archive = makeShareLink({ projectId: project.id })
        const snapLink = makeShareLink({ snapshotId: snap.id })
        await store.app.createShareLink(archive)
        await store.app.createShareLink(snapLink)

        await store.app.deleteProject(project.id)

        expect(await store.app.getProject(project.id)).toBeUndefined()
        expect(await store.app.listProjectsForUser(user.id)).toEqual([])
        expect(await store.app.listProjectsForUser(ole.id)).toEqual([])
        expect(await store.app.listProjectMembers(project.id)).toEqual([])
        expect(await store.app.getMeeting(meeting.id)).toBeUndefined()
        expect(await store.app.getShareLink(archive.id)).toBeUndefined()
        expect(await store.app.getBoard(board.id)).toEqual({ ...board, projectId: null, meetingId: null })
        expect((await store.app.getSnapshot(snap.id))?.projectId).toBeNull()
        expect(await store.app.getShareLink(snapLink.id)).toEqual(snapLink)
      })
    })

    if (options.persistent) {
      it('keeps documents and records when the store is reopened', async () => {
        const first = await open()
        const name = uid('doc')
        const poster = new Poster()
        for (let i = 0; i < 4; i++) poster.edit(i)
        await append(first, name, poster.take())
        const loaded = await first.docs.load(name)
        await first.docs.compact(name, snapshotOf(loaded.updates), loaded.lastSeq)
        poster.edit(9)
        const lastSeq = await append(first, name, poster.take())
        const user = makeUser()
        await first.app.createUser(user)
        const board = makeBoard(user.id)
        await first.app.createBoard(board)
        const token = makeToken(board.id)
        await first.app.createToken(token)
        const project = makeProject(user.id)
        await first.app.createProject(project)
        await first.app.setBoardPlacement(board.id, project.id, null)
        const snap = makeSnapshot(board.id, { projectId: project.id })
        await first.app.createSnapshot(snap)
        const link = makeShareLink({ snapshotId: snap.id })
        await first.app.createShareLink(link)
        await first.close()

        const second = await open()
        const stored = await second.docs.load(name)
        expect(stored.lastSeq).toBe(lastSeq)
        expect(stored.logLength).toBe(1)
        expect(stored.owners).toEqual(new Map([[poster.doc.clientID, poster.subject]]))
        expect(rebuild(stored.updates)).toEqual(poster.content())
        expect(await second.app.getUserByEmail(user.email)).toEqual(user)
        expect(await second.app.getBoardByJoinCode(board.joinCode)).toEqual({ ...board, projectId: project.id })
        expect(await second.app.getToken(token.tokenHash)).toEqual(token)
        expect(plainSnapshot(await second.app.getSnapshot(snap.id))).toEqual(plainSnapshot(snap))
        expect(await second.app.getShareLinkByTokenHash(link.tokenHash)).toEqual(link)
        expect(await second.app.listProjectMembers(project.id)).toHaveLength(1)
      })
    }
  })
}

/** A Y.Doc with one map, recording every update it emits. */
/** Appends entries none of which may be refused; resolves with the last seq. */
async function append(store: Store, name: string, entries: DocAppend[]): Promise<number> {
  const { lastSeq, refused } = await store.docs.append(name, entries)
  expect(refused).toEqual([])
  return lastSeq
}

class Poster {
  readonly doc = new Y.Doc()
  /** Who writes: the owner of this poster's client id. */
  constructor(readonly subject: string = randomUUID()) {
    this.doc.on('update', (update: Uint8Array) => {
      this.all.push(update)
      this.pending.push(update)
    })
  }
  /** Every update so far, in emission order. */
  readonly all: Uint8Array[] = []
  private pending: Uint8Array[] = []

  edit(i: number): void {
    this.doc.getMap('labels').set(`label-${i}`, { text: `note ${i}`, x: i * 10, y: i * 20 })
  }

  remove(i: number): void {
    this.doc.getMap('labels').delete(`label-${i}`)
  }

  /** Updates emitted since the last call, each claiming this poster's client id. */
  take(): DocAppend[] {
    const taken = this.pending
    this.pending = []
    return taken.map((update) => ({ update, subject: this.subject, clients: [this.doc.clientID] }))
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
    projectId: null,
    meetingId: null,
    ...overrides,
  }
}

function makeProject(ownerId: string, overrides: Partial<ProjectRecord> = {}): ProjectRecord {
  return { id: uid('project'), ownerId, title: 'Mere klub — forløb 2025', createdAt: 1_700_000_002_000, ...overrides }
}

function makeMeeting(projectId: string, overrides: Partial<MeetingRecord> = {}): MeetingRecord {
  return {
    id: uid('meeting'),
    projectId,
    title: 'Første møde',
    date: '2025-03-04',
    createdAt: 1_700_000_003_000,
    ...overrides,
  }
}

function makeSnapshot(boardId: string, overrides: Partial<SnapshotRecord> = {}): SnapshotRecord {
  return {
    id: uid('snapshot'),
    boardId,
    projectId: null,
    name: 'Efter brainstorm',
    createdBy: uid('user'),
    createdAt: 1_700_000_004_000,
    labelCount: 3,
    state: new Uint8Array([0, 1, 2, 250, 255, 0]),
    thumbnail: new Uint8Array([137, 80, 78, 71, 0, 9]),
    ...overrides,
  }
}

function makeTemplate(ownerId: string, overrides: Partial<TemplateRecord> = {}): TemplateRecord {
  return {
    id: uid('template'),
    ownerId,
    name: 'Vores skabelon',
    body: '{"question":"Hvad nu?"}',
    createdAt: 1_700_000_005_000,
    ...overrides,
  }
}

function makeShareLink(
  target: { projectId: string } | { snapshotId: string },
  overrides: Partial<ShareLinkRecord> = {},
): ShareLinkRecord {
  return {
    id: uid('share'),
    tokenHash: uid('hash'),
    projectId: 'projectId' in target ? target.projectId : null,
    snapshotId: 'snapshotId' in target ? target.snapshotId : null,
    createdBy: uid('user'),
    createdAt: 1_700_000_006_000,
    expiresAt: null,
    revokedAt: null,
    ...overrides,
  }
}

/** Plain values of a snapshot, so byte arrays compare by content whatever their subclass. */
function plainSnapshot(s: SnapshotRecord | undefined) {
  return s && { ...s, state: bytes(s.state), thumbnail: s.thumbnail && bytes(s.thumbnail) }
}

function summary(s: SnapshotRecord) {
  const { state: _state, thumbnail: _thumbnail, ...rest } = s
  return rest
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
