import { decideClaims } from './claims.ts'
import { checkShareLinkTarget, StoreError, StoreErrorCode } from './errors.ts'
import { foldLoaded } from './fold.ts'
import type {
  AppStore,
  BoardRecord,
  DocStore,
  MeetingRecord,
  ProjectRecord,
  SessionRecord,
  ShareLinkRecord,
  SnapshotRecord,
  SnapshotSummary,
  Store,
  TemplateRecord,
  TokenRecord,
  UserRecord,
} from './types.ts'

interface MemoryDoc {
  lastSeq: number
  /** Seq of the snapshot entry, 0 when never compacted. */
  snapshotSeq: number
  entries: { seq: number; data: Uint8Array }[]
  owners: Map<number, string>
}

/**
 * A {@link Store} that keeps everything in process memory, for unit tests and
 * single-process demos. It enforces the same constraints as the SQL adapters
 * (unique email and join code, existing owner/board) and copies every value
 * in and out, so callers cannot mutate stored data by accident.
 */
export function createMemoryStore(): Store {
  const docs = new Map<string, MemoryDoc>()
  const users = new Map<string, UserRecord>()
  const userIdByEmail = new Map<string, string>()
  const sessions = new Map<string, SessionRecord>()
  const boards = new Map<string, BoardRecord>()
  const boardIdByJoinCode = new Map<string, string>()
  const tokens = new Map<string, TokenRecord>()
  const projects = new Map<string, ProjectRecord>()
  /** projectId → userId → addedAt */
  const members = new Map<string, Map<string, number>>()
  const meetings = new Map<string, MeetingRecord>()
  const snapshots = new Map<string, SnapshotRecord>()
  const templates = new Map<string, TemplateRecord>()
  const shareLinks = new Map<string, ShareLinkRecord>()

  function deleteSnapshotAndLinks(id: string): void {
    snapshots.delete(id)
    for (const [linkId, link] of shareLinks) if (link.snapshotId === id) shareLinks.delete(linkId)
  }

  const docStore: DocStore = {
    async load(docName) {
      const doc = docs.get(docName)
      if (!doc) return { updates: [], lastSeq: 0, logLength: 0, owners: new Map() }
      return {
        updates: doc.entries.map((e) => e.data.slice()),
        lastSeq: doc.lastSeq,
        logLength: doc.entries.filter((e) => e.seq > doc.snapshotSeq).length,
        owners: new Map(doc.owners),
      }
    },

    async append(docName, entries) {
      let doc = docs.get(docName)
      if (entries.length === 0) return { lastSeq: doc?.lastSeq ?? 0, refused: [] }
      if (!doc) {
        doc = { lastSeq: 0, snapshotSeq: 0, entries: [], owners: new Map() }
        docs.set(docName, doc)
      }
      const d = doc
      const refused = decideClaims(
        entries,
        (c) => d.owners.get(c),
        (c, subject) => d.owners.set(c, subject),
      )
      entries.forEach((entry, i) => {
        if (refused.includes(i)) return
        d.lastSeq += 1
        d.entries.push({ seq: d.lastSeq, data: entry.update.slice() })
      })
      return { lastSeq: d.lastSeq, refused }
    },

    async compact(docName, snapshot, uptoSeq) {
      // Replaced arrays are unreachable at once: nothing to purge in memory.
      const doc = docs.get(docName)
      // Stale (another instance compacted further) or out of range: keeping the log is always safe.
      if (!doc || uptoSeq <= doc.snapshotSeq || uptoSeq > doc.lastSeq) return
      doc.entries = [{ seq: uptoSeq, data: snapshot.slice() }, ...doc.entries.filter((e) => e.seq > uptoSeq)]
      doc.snapshotSeq = uptoSeq
    },

    fold(docName, opts) {
      return foldLoaded(this, docName, opts)
    },

    async delete(docName) {
      docs.delete(docName)
    },

    close,
  }

  const app: AppStore = {
    async createUser(user) {
      const email = user.email.toLowerCase()
      if (users.has(user.id)) throw new StoreError(StoreErrorCode.Duplicate, 'id')
      if (userIdByEmail.has(email)) throw new StoreError(StoreErrorCode.Duplicate, 'email')
      users.set(user.id, { ...user, email })
      userIdByEmail.set(email, user.id)
    },

    async getUserByEmail(email) {
      const id = userIdByEmail.get(email.toLowerCase())
      return id === undefined ? undefined : copy(users.get(id))
    },

    async getUserById(id) {
      return copy(users.get(id))
    },

    async setPassword(userId, passwordHash) {
      const user = users.get(userId)
      if (user) user.passwordHash = passwordHash
    },

    async createSession(session) {
      if (sessions.has(session.tokenHash)) throw new StoreError(StoreErrorCode.Duplicate, 'tokenHash')
      if (!users.has(session.userId)) throw new StoreError(StoreErrorCode.MissingReference, 'userId')
      sessions.set(session.tokenHash, { ...session })
    },

    async getSession(tokenHash) {
      return copy(sessions.get(tokenHash))
    },

    async deleteSession(tokenHash) {
      sessions.delete(tokenHash)
    },

    async createBoard(input) {
      const board: BoardRecord = { ...input, projectId: input.projectId ?? null, meetingId: input.meetingId ?? null }
      if (boards.has(board.id)) throw new StoreError(StoreErrorCode.Duplicate, 'id')
      if (boardIdByJoinCode.has(board.joinCode)) throw new StoreError(StoreErrorCode.Duplicate, 'joinCode')
      if (!users.has(board.ownerId)) throw new StoreError(StoreErrorCode.MissingReference, 'ownerId')
      checkPlacement(board.projectId, board.meetingId)
      boards.set(board.id, board)
      boardIdByJoinCode.set(board.joinCode, board.id)
    },

    async getBoard(id) {
      return copy(boards.get(id))
    },

    async getBoardByJoinCode(joinCode) {
      const id = boardIdByJoinCode.get(joinCode)
      return id === undefined ? undefined : copy(boards.get(id))
    },

    async listBoards(ownerId) {
      return sorted([...boards.values()].filter((b) => b.ownerId === ownerId))
    },

    async deleteBoard(id) {
      const board = boards.get(id)
      if (!board) return
      boards.delete(id)
      boardIdByJoinCode.delete(board.joinCode)
      for (const [hash, token] of tokens) if (token.boardId === id) tokens.delete(hash)
      for (const snap of [...snapshots.values()]) if (snap.boardId === id) deleteSnapshotAndLinks(snap.id)
    },

    async listProjectBoards(projectId) {
      return sorted([...boards.values()].filter((b) => b.projectId === projectId))
    },

    async setBoardPlacement(id, projectId, meetingId) {
      const board = boards.get(id)
      if (!board) return
      checkPlacement(projectId, meetingId)
      board.projectId = projectId
      board.meetingId = meetingId
      for (const snap of snapshots.values()) if (snap.boardId === id) snap.projectId = projectId
    },

    async createToken(token) {
      if (tokens.has(token.tokenHash)) throw new StoreError(StoreErrorCode.Duplicate, 'tokenHash')
      if (!boards.has(token.boardId)) throw new StoreError(StoreErrorCode.MissingReference, 'boardId')
      tokens.set(token.tokenHash, { ...token })
    },

    async getToken(tokenHash) {
      return copy(tokens.get(tokenHash))
    },

    async revokeTokensFor(boardId, subject, at) {
      let n = 0
      for (const t of tokens.values()) {
        if (t.boardId !== boardId || t.subject !== subject || (t.expiresAt !== null && t.expiresAt <= at)) continue
        t.expiresAt = at
        n++
      }
      return n
    },

    async createProject(project) {
      if (projects.has(project.id)) throw new StoreError(StoreErrorCode.Duplicate, 'id')
      if (!users.has(project.ownerId)) throw new StoreError(StoreErrorCode.MissingReference, 'ownerId')
      projects.set(project.id, { ...project })
      members.set(project.id, new Map([[project.ownerId, project.createdAt]]))
    },

    async getProject(id) {
      return copy(projects.get(id))
    },

    async listProjectsForUser(userId) {
      return sorted([...projects.values()].filter((p) => members.get(p.id)?.has(userId)))
    },

    async renameProject(id, title) {
      const project = projects.get(id)
      if (project) project.title = title
    },

    async deleteProject(id) {
      if (!projects.delete(id)) return
      members.delete(id)
      for (const [meetingId, m] of meetings) if (m.projectId === id) meetings.delete(meetingId)
      for (const [linkId, link] of shareLinks) if (link.projectId === id) shareLinks.delete(linkId)
      for (const b of boards.values()) {
        if (b.projectId !== id) continue
        b.projectId = null
        b.meetingId = null
      }
      for (const snap of snapshots.values()) if (snap.projectId === id) snap.projectId = null
    },

    async addProjectMember(projectId, userId, addedAt) {
      const list = members.get(projectId)
      if (!list) throw new StoreError(StoreErrorCode.MissingReference, 'projectId')
      if (!users.has(userId)) throw new StoreError(StoreErrorCode.MissingReference, 'userId')
      if (!list.has(userId)) list.set(userId, addedAt)
    },

    async removeProjectMember(projectId, userId) {
      members.get(projectId)?.delete(userId)
    },

    async listProjectMembers(projectId) {
      const list = [...(members.get(projectId) ?? new Map<string, number>()).entries()]
      return list
        .map(([userId, addedAt]) => ({ projectId, userId, email: users.get(userId)?.email ?? '', addedAt }))
        .sort((a, b) => a.addedAt - b.addedAt || byteOrder(a.userId, b.userId))
    },

    async isProjectMember(projectId, userId) {
      return members.get(projectId)?.has(userId) ?? false
    },

    async createMeeting(meeting) {
      if (meetings.has(meeting.id)) throw new StoreError(StoreErrorCode.Duplicate, 'id')
      if (!projects.has(meeting.projectId)) throw new StoreError(StoreErrorCode.MissingReference, 'projectId')
      meetings.set(meeting.id, { ...meeting })
    },

    async getMeeting(id) {
      return copy(meetings.get(id))
    },

    async listMeetings(projectId) {
      return [...meetings.values()]
        .filter((m) => m.projectId === projectId)
        .sort((a, b) => byteOrder(a.date, b.date) || a.createdAt - b.createdAt || byteOrder(a.id, b.id))
        .map((m) => ({ ...m }))
    },

    async updateMeeting(id: string, patch: { title?: string; date?: string }): Promise<void> {
      const meeting = meetings.get(id)
      if (!meeting) return
      if (patch.title !== undefined) meeting.title = patch.title
      if (patch.date !== undefined) meeting.date = patch.date
    },

    async deleteMeeting(id) {
      if (!meetings.delete(id)) return
      for (const b of boards.values()) if (b.meetingId === id) b.meetingId = null
    },

    async createSnapshot(snapshot) {
      if (snapshots.has(snapshot.id)) throw new StoreError(StoreErrorCode.Duplicate, 'id')
      if (!boards.has(snapshot.boardId)) throw new StoreError(StoreErrorCode.MissingReference, 'boardId')
      if (snapshot.projectId !== null && !projects.has(snapshot.projectId))
        throw new StoreError(StoreErrorCode.MissingReference, 'projectId')
      snapshots.set(snapshot.id, copySnapshot(snapshot))
    },

    async getSnapshot(id) {
      const snap = snapshots.get(id)
      return snap && copySnapshot(snap)
    },

    async listSnapshots(scope: { boardId: string } | { projectId: string }): Promise<SnapshotSummary[]> {
      const match =
        'boardId' in scope
          ? (s: SnapshotRecord) => s.boardId === scope.boardId
          : (s: SnapshotRecord) => s.projectId === scope.projectId
      return sorted([...snapshots.values()].filter(match)).map(summaryOf)
    },

    async listBoardsCreatedBefore(before) {
      return sorted([...boards.values()].filter((b) => b.createdAt < before))
    },

    async listSnapshotIdsCreatedBefore(before) {
      return [...snapshots.values()]
        .filter((x) => x.createdAt < before)
        .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
        .map((x) => x.id)
    },

    async deleteSnapshot(id) {
      deleteSnapshotAndLinks(id)
    },

    async createTemplate(template) {
      if (templates.has(template.id)) throw new StoreError(StoreErrorCode.Duplicate, 'id')
      if (!users.has(template.ownerId)) throw new StoreError(StoreErrorCode.MissingReference, 'ownerId')
      templates.set(template.id, { ...template })
    },

    async getTemplate(id) {
      return copy(templates.get(id))
    },

    async listTemplates(ownerId) {
      return sorted([...templates.values()].filter((t) => t.ownerId === ownerId))
    },

    async deleteTemplate(id) {
      templates.delete(id)
    },

    async createShareLink(link) {
      checkShareLinkTarget(link)
      if (shareLinks.has(link.id)) throw new StoreError(StoreErrorCode.Duplicate, 'id')
      for (const l of shareLinks.values()) {
        if (l.tokenHash === link.tokenHash) throw new StoreError(StoreErrorCode.Duplicate, 'tokenHash')
      }
      if (link.projectId !== null && !projects.has(link.projectId))
        throw new StoreError(StoreErrorCode.MissingReference, 'projectId')
      if (link.snapshotId !== null && !snapshots.has(link.snapshotId))
        throw new StoreError(StoreErrorCode.MissingReference, 'snapshotId')
      shareLinks.set(link.id, { ...link })
    },

    async getShareLink(id) {
      return copy(shareLinks.get(id))
    },

    async getShareLinkByTokenHash(tokenHash) {
      for (const l of shareLinks.values()) if (l.tokenHash === tokenHash) return { ...l }
      return undefined
    },

    async listShareLinks(scope: { snapshotId: string } | { projectId: string }): Promise<ShareLinkRecord[]> {
      const match =
        'snapshotId' in scope
          ? (l: ShareLinkRecord) => l.snapshotId === scope.snapshotId
          : (l: ShareLinkRecord) =>
              l.projectId === scope.projectId ||
              (l.snapshotId !== null && snapshots.get(l.snapshotId)?.projectId === scope.projectId)
      return sorted([...shareLinks.values()].filter(match))
    },

    async revokeShareLink(id, at) {
      const link = shareLinks.get(id)
      if (link && link.revokedAt === null) link.revokedAt = at
    },
  }

  /** A board's project and meeting must exist (the meeting need not be checked against the project here). */
  function checkPlacement(projectId: string | null, meetingId: string | null): void {
    if (projectId !== null && !projects.has(projectId))
      throw new StoreError(StoreErrorCode.MissingReference, 'projectId')
    if (meetingId !== null && !meetings.has(meetingId))
      throw new StoreError(StoreErrorCode.MissingReference, 'meetingId')
  }

  async function close(): Promise<void> {}

  return { docs: docStore, app, kind: 'memory', close }
}

function copy<T extends object>(record: T | undefined): T | undefined {
  return record === undefined ? undefined : { ...record }
}

/** Byte order of strings: the tie-break every adapter uses. */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Copies, oldest first, ties by id. */
function sorted<T extends { createdAt: number; id: string }>(records: T[]): T[] {
  return records.sort((a, b) => a.createdAt - b.createdAt || byteOrder(a.id, b.id)).map((r) => ({ ...r }))
}

function copySnapshot(s: SnapshotRecord): SnapshotRecord {
  return { ...s, state: s.state.slice(), thumbnail: s.thumbnail ? s.thumbnail.slice() : null }
}

function summaryOf(s: SnapshotRecord): SnapshotSummary {
  return {
    id: s.id,
    boardId: s.boardId,
    projectId: s.projectId,
    name: s.name,
    createdBy: s.createdBy,
    createdAt: s.createdAt,
    labelCount: s.labelCount,
  }
}
