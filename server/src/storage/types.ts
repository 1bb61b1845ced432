/**
 * Storage contracts. The sync core only ever sees {@link DocStore}; REST
 * plugins see {@link AppStore}. Each adapter (memory, SQLite, Postgres)
 * implements both and passes the same contract suite.
 */

/** What is stored for one document: its updates in order, and the sequence number of the last one. */
export interface StoredDoc {
  /** Yjs v1 updates, oldest first: the compacted snapshot (if any), then the log. */
  updates: Uint8Array[]
  /** Sequence number of the last stored update, or 0 when nothing is stored. */
  lastSeq: number
  /** Number of log entries after the snapshot (how much compaction would save). */
  logLength: number
}

/**
 * An append-only log of Yjs updates per document, compacted into a snapshot
 * as it grows. Modelled on y-redis' AbstractStorage.
 *
 * Invariants: an update is durable (survives a crash of this process) when
 * `append` resolves; `load` returns every durable update; `compact` never
 * drops an update appended after `uptoSeq`, so several server instances can
 * compact the same document safely.
 */
export interface DocStore {
  load(docName: string): Promise<StoredDoc>
  /** Appends updates in order, durably. Resolves with the sequence number of the last one. */
  append(docName: string, updates: Uint8Array[]): Promise<number>
  /** Replaces every entry with seq ≤ `uptoSeq` by `snapshot`, which must contain them all. */
  compact(docName: string, snapshot: Uint8Array, uptoSeq: number): Promise<void>
  /** Removes the document and every update of it. */
  delete(docName: string): Promise<void>
  close(): Promise<void>
}

export interface UserRecord {
  id: string
  email: string
  passwordHash: string
  createdAt: number
}

export interface BoardRecord {
  id: string
  ownerId: string
  title: string
  joinCode: string
  createdAt: number
}

/** A bearer token for one board. Only its SHA-256 hash is stored. */
export interface TokenRecord {
  tokenHash: string
  boardId: string
  role: 'facilitator' | 'participant' | 'viewer'
  /** Pseudonymous participant id, the facilitator's user id, or a share-link id. */
  subject: string
  nickname: string
  createdAt: number
  /** Milliseconds since the epoch, or null for no expiry. */
  expiresAt: number | null
}

export interface SessionRecord {
  tokenHash: string
  userId: string
  expiresAt: number
}

/** Relational data: facilitators, their sessions, boards and board tokens. */
export interface AppStore {
  createUser(user: UserRecord): Promise<void>
  getUserByEmail(email: string): Promise<UserRecord | undefined>
  getUserById(id: string): Promise<UserRecord | undefined>
  setPassword(userId: string, passwordHash: string): Promise<void>

  createSession(session: SessionRecord): Promise<void>
  getSession(tokenHash: string): Promise<SessionRecord | undefined>
  deleteSession(tokenHash: string): Promise<void>

  createBoard(board: BoardRecord): Promise<void>
  getBoard(id: string): Promise<BoardRecord | undefined>
  getBoardByJoinCode(joinCode: string): Promise<BoardRecord | undefined>
  listBoards(ownerId: string): Promise<BoardRecord[]>
  /** Deletes the board row and its tokens (the document is deleted via DocStore). */
  deleteBoard(id: string): Promise<void>

  createToken(token: TokenRecord): Promise<void>
  getToken(tokenHash: string): Promise<TokenRecord | undefined>
}

/** One storage backend: both contracts over one connection pool. */
export interface Store {
  docs: DocStore
  app: AppStore
  /** Which backend this is, for logs and benchmarks. */
  kind: 'memory' | 'sqlite' | 'postgres'
  close(): Promise<void>
}
