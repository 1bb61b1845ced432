import { StoreError, StoreErrorCode } from './errors.ts'
import type {
  AppStore,
  BoardRecord,
  DocStore,
  SessionRecord,
  Store,
  StoredDoc,
  TokenRecord,
  UserRecord,
} from './types.ts'

interface MemoryDoc {
  lastSeq: number
  /** Seq of the snapshot entry, 0 when never compacted. */
  snapshotSeq: number
  entries: { seq: number; data: Uint8Array }[]
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

  const docStore: DocStore = {
    async load(docName: string): Promise<StoredDoc> {
      const doc = docs.get(docName)
      if (!doc) return { updates: [], lastSeq: 0, logLength: 0 }
      return {
        updates: doc.entries.map((e) => e.data.slice()),
        lastSeq: doc.lastSeq,
        logLength: doc.entries.filter((e) => e.seq > doc.snapshotSeq).length,
      }
    },

    async append(docName: string, updates: Uint8Array[]): Promise<number> {
      let doc = docs.get(docName)
      if (updates.length === 0) return doc?.lastSeq ?? 0
      if (!doc) {
        doc = { lastSeq: 0, snapshotSeq: 0, entries: [] }
        docs.set(docName, doc)
      }
      for (const update of updates) {
        doc.lastSeq += 1
        doc.entries.push({ seq: doc.lastSeq, data: update.slice() })
      }
      return doc.lastSeq
    },

    async compact(docName: string, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
      const doc = docs.get(docName)
      // Stale (another instance compacted further) or out of range: keeping the log is always safe.
      if (!doc || uptoSeq <= doc.snapshotSeq || uptoSeq > doc.lastSeq) return
      doc.entries = [{ seq: uptoSeq, data: snapshot.slice() }, ...doc.entries.filter((e) => e.seq > uptoSeq)]
      doc.snapshotSeq = uptoSeq
    },

    async delete(docName: string): Promise<void> {
      docs.delete(docName)
    },

    close,
  }

  const app: AppStore = {
    async createUser(user: UserRecord): Promise<void> {
      const email = user.email.toLowerCase()
      if (users.has(user.id)) throw new StoreError(StoreErrorCode.Duplicate, 'id')
      if (userIdByEmail.has(email)) throw new StoreError(StoreErrorCode.Duplicate, 'email')
      users.set(user.id, { ...user, email })
      userIdByEmail.set(email, user.id)
    },

    async getUserByEmail(email: string): Promise<UserRecord | undefined> {
      const id = userIdByEmail.get(email.toLowerCase())
      return id === undefined ? undefined : copy(users.get(id))
    },

    async getUserById(id: string): Promise<UserRecord | undefined> {
      return copy(users.get(id))
    },

    async setPassword(userId: string, passwordHash: string): Promise<void> {
      const user = users.get(userId)
      if (user) user.passwordHash = passwordHash
    },

    async createSession(session: SessionRecord): Promise<void> {
      if (sessions.has(session.tokenHash)) throw new StoreError(StoreErrorCode.Duplicate, 'tokenHash')
      if (!users.has(session.userId)) throw new StoreError(StoreErrorCode.MissingReference, 'userId')
      sessions.set(session.tokenHash, { ...session })
    },

    async getSession(tokenHash: string): Promise<SessionRecord | undefined> {
      return copy(sessions.get(tokenHash))
    },

    async deleteSession(tokenHash: string): Promise<void> {
      sessions.delete(tokenHash)
    },

    async createBoard(board: BoardRecord): Promise<void> {
      if (boards.has(board.id)) throw new StoreError(StoreErrorCode.Duplicate, 'id')
      if (boardIdByJoinCode.has(board.joinCode)) throw new StoreError(StoreErrorCode.Duplicate, 'joinCode')
      if (!users.has(board.ownerId)) throw new StoreError(StoreErrorCode.MissingReference, 'ownerId')
      boards.set(board.id, { ...board })
      boardIdByJoinCode.set(board.joinCode, board.id)
    },

    async getBoard(id: string): Promise<BoardRecord | undefined> {
      return copy(boards.get(id))
    },

    async getBoardByJoinCode(joinCode: string): Promise<BoardRecord | undefined> {
      const id = boardIdByJoinCode.get(joinCode)
      return id === undefined ? undefined : copy(boards.get(id))
    },

    async listBoards(ownerId: string): Promise<BoardRecord[]> {
      return [...boards.values()]
        .filter((b) => b.ownerId === ownerId)
        .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((b) => ({ ...b }))
    },

    async deleteBoard(id: string): Promise<void> {
      const board = boards.get(id)
      if (!board) return
      boards.delete(id)
      boardIdByJoinCode.delete(board.joinCode)
      for (const [hash, token] of tokens) if (token.boardId === id) tokens.delete(hash)
    },

    async createToken(token: TokenRecord): Promise<void> {
      if (tokens.has(token.tokenHash)) throw new StoreError(StoreErrorCode.Duplicate, 'tokenHash')
      if (!boards.has(token.boardId)) throw new StoreError(StoreErrorCode.MissingReference, 'boardId')
      tokens.set(token.tokenHash, { ...token })
    },

    async getToken(tokenHash: string): Promise<TokenRecord | undefined> {
      return copy(tokens.get(tokenHash))
    },
  }

  async function close(): Promise<void> {}

  return { docs: docStore, app, kind: 'memory', close }
}

function copy<T extends object>(record: T | undefined): T | undefined {
  return record === undefined ? undefined : { ...record }
}
