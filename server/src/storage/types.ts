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
  /** Yjs client id → the subject that owns it (see {@link DocAppend.clients}), from the same snapshot as `updates`. */
  owners: Map<number, string>
}

/**
 * One update to append, with who sent it. `clients` are the Yjs client ids
 * it writes new structs under: the first append to use an id claims it for
 * `subject`, in the same transaction, forever (until the document is
 * deleted). An entry naming an id another subject owns is refused, and so is
 * every later entry of the same subject in the same call (they may build on it).
 */
export interface DocAppend {
  update: Uint8Array
  subject: string
  clients: readonly number[]
}

export interface AppendResult {
  /** Sequence number of the last stored update. */
  lastSeq: number
  /** Indices (into the entries given) of the entries refused and not stored; ascending. */
  refused: number[]
}

/**
 * An append-only log of Yjs updates per document, compacted into a snapshot
 * as it grows, with the owner of each Yjs client id. Modelled on y-redis'
 * AbstractStorage.
 *
 * Invariants: an update is durable (survives a crash of this process) when
 * `append` resolves; `load` returns every durable update; `compact` never
 * drops an update appended after `uptoSeq`, so several server instances can
 * compact the same document safely; a client id has one owner, decided by
 * the database, so two instances cannot both hand it out.
 */
export interface DocStore {
  load(docName: string): Promise<StoredDoc>
  /** Appends the entries that are not refused, in order, durably, with their claims. */
  append(docName: string, entries: DocAppend[]): Promise<AppendResult>
  /**
   * Replaces every entry with seq ≤ `uptoSeq` by `snapshot`, which must contain them all.
   * With `purge`, also makes sure the replaced bytes are gone from the database files
   * (a label was deleted: its text must not linger in free pages or the write-ahead log).
   */
  compact(docName: string, snapshot: Uint8Array, uptoSeq: number, opts?: { purge?: boolean }): Promise<void>
  /**
   * Folds the whole stored log into one snapshot (replaying it where the store runs: the SQLite
   * worker, off the event loop), like `compact` up to the last stored seq. Resolves with the number
   * of log entries folded (0 when there was nothing to do).
   */
  fold(docName: string, opts?: { purge?: boolean }): Promise<number>
  /** Removes the document, every update of it and its client id owners. */
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
  /** Project ("forløb") the board belongs to, or null. */
  projectId: string | null
  /** Meeting (within `projectId`) the board was used at, or null. */
  meetingId: string | null
}

/** What {@link AppStore.createBoard} takes: a board outside any project unless placed. */
export type NewBoardRecord = Omit<BoardRecord, 'projectId' | 'meetingId'> &
  Partial<Pick<BoardRecord, 'projectId' | 'meetingId'>>

/** A project ("forløb"): a series of meetings that several facilitators may share. */
export interface ProjectRecord {
  id: string
  /** The facilitator who created it; the only one who may delete it. Always also a member. */
  ownerId: string
  title: string
  createdAt: number
}

/** A facilitator who shares a project. */
export interface ProjectMemberRecord {
  projectId: string
  userId: string
  /** The member's sign-in email, for showing who shares the project. */
  email: string
  addedAt: number
}

/** One dated meeting of a project. */
export interface MeetingRecord {
  id: string
  projectId: string
  title: string
  /** Calendar date of the meeting, `YYYY-MM-DD` (local to the club; no time zone). */
  date: string
  createdAt: number
}

/** A snapshot without its (large) state and thumbnail, for lists. */
export interface SnapshotSummary {
  id: string
  boardId: string
  /** The board's project when the snapshot was taken (kept in step when the board moves), or null. */
  projectId: string | null
  name: string
  /** User id of the facilitator who took it. */
  createdBy: string
  createdAt: number
  /** Labels on the wall when it was taken. */
  labelCount: number
}

/**
 * An immutable copy of a board's wall: `state` is one Yjs v1 update
 * (`Y.encodeStateAsUpdate`) that rebuilds the document as it was. There is no
 * way to change a stored snapshot; it goes when it or its board is deleted.
 */
export interface SnapshotRecord extends SnapshotSummary {
  state: Uint8Array
  /** PNG preview of the wall, or null when none could be rendered. */
  thumbnail: Uint8Array | null
}

/** A facilitator's own board template. `body` is JSON owned by the templates service. */
export interface TemplateRecord {
  id: string
  ownerId: string
  name: string
  body: string
  createdAt: number
}

/**
 * A read-only link to one snapshot or to a project's archive: exactly one of
 * `projectId` and `snapshotId` is set. Only the SHA-256 of its token is stored.
 */
export interface ShareLinkRecord {
  id: string
  tokenHash: string
  projectId: string | null
  snapshotId: string | null
  /** User id of the facilitator who created it. */
  createdBy: string
  createdAt: number
  /** Milliseconds since the epoch, or null for no expiry. */
  expiresAt: number | null
  /** When it was revoked, or null while it is valid. */
  revokedAt: number | null
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

/** Facilitators: their sign-in, sessions and own board templates. */
export interface AccountStore {
  createUser(user: UserRecord): Promise<void>
  getUserByEmail(email: string): Promise<UserRecord | undefined>
  getUserById(id: string): Promise<UserRecord | undefined>
  setPassword(userId: string, passwordHash: string): Promise<void>

  createSession(session: SessionRecord): Promise<void>
  getSession(tokenHash: string): Promise<SessionRecord | undefined>
  deleteSession(tokenHash: string): Promise<void>

  createTemplate(template: TemplateRecord): Promise<void>
  getTemplate(id: string): Promise<TemplateRecord | undefined>
  /** A facilitator's own templates, oldest first. */
  listTemplates(ownerId: string): Promise<TemplateRecord[]>
  deleteTemplate(id: string): Promise<void>
}

/** Boards and the bearer tokens that open them. */
export interface BoardStore {
  createBoard(board: NewBoardRecord): Promise<void>
  getBoard(id: string): Promise<BoardRecord | undefined>
  getBoardByJoinCode(joinCode: string): Promise<BoardRecord | undefined>
  listBoards(ownerId: string): Promise<BoardRecord[]>
  /** Deletes the board row, its tokens, snapshots and their share links (the document is deleted via DocStore). */
  deleteBoard(id: string): Promise<void>
  /** Boards of a project, oldest first. */
  listProjectBoards(projectId: string): Promise<BoardRecord[]>
  /**
   * Moves a board into a project and meeting (or out, with null). The board's
   * snapshots move into the same project, so the archive stays complete.
   */
  setBoardPlacement(id: string, projectId: string | null, meetingId: string | null): Promise<void>

  createToken(token: TokenRecord): Promise<void>
  getToken(tokenHash: string): Promise<TokenRecord | undefined>
  /**
   * Ends every token of `subject` on a board at `at` (its `expiresAt` becomes `at` unless already earlier):
   * a removed participant. The row stays, so the same token cannot join again as someone new.
   * Returns how many tokens it ended.
   */
  revokeTokensFor(boardId: string, subject: string, at: number): Promise<number>
  /** Boards created before `before` (ms since epoch), oldest first: the retention sweep. */
  listBoardsCreatedBefore(before: number): Promise<BoardRecord[]>
}

/** Projects ("forløb"), the facilitators who share them, and their meetings. */
export interface ProjectStore {
  /** Creates a project and makes its owner its first member, atomically. */
  createProject(project: ProjectRecord): Promise<void>
  getProject(id: string): Promise<ProjectRecord | undefined>
  /** Projects the user is a member of, oldest first. */
  listProjectsForUser(userId: string): Promise<ProjectRecord[]>
  renameProject(id: string, title: string): Promise<void>
  /**
   * Deletes the project with its members, meetings and share links. Boards
   * and snapshots still in it are kept but leave the project (delete them first
   * to delete them).
   */
  deleteProject(id: string): Promise<void>
  /** Adds a member; adding one twice changes nothing. */
  addProjectMember(projectId: string, userId: string, addedAt: number): Promise<void>
  removeProjectMember(projectId: string, userId: string): Promise<void>
  /** Members with their email, in the order they were added. */
  listProjectMembers(projectId: string): Promise<ProjectMemberRecord[]>
  isProjectMember(projectId: string, userId: string): Promise<boolean>

  createMeeting(meeting: MeetingRecord): Promise<void>
  getMeeting(id: string): Promise<MeetingRecord | undefined>
  /** Meetings of a project by date, then creation. */
  listMeetings(projectId: string): Promise<MeetingRecord[]>
  updateMeeting(id: string, patch: { title?: string; date?: string }): Promise<void>
  /** Deletes a meeting; its boards stay in the project without a meeting. */
  deleteMeeting(id: string): Promise<void>
}

/** The archive: snapshots of walls and the read-only links that share them. */
export interface ArchiveStore {
  createSnapshot(snapshot: SnapshotRecord): Promise<void>
  getSnapshot(id: string): Promise<SnapshotRecord | undefined>
  /** Snapshots of one board or of a whole project, oldest first, without state and thumbnail. */
  listSnapshots(scope: { boardId: string } | { projectId: string }): Promise<SnapshotSummary[]>
  /** Deletes a snapshot and its share links. */
  deleteSnapshot(id: string): Promise<void>
  /** Ids of snapshots taken before `before` (ms since epoch): the retention sweep. */
  listSnapshotIdsCreatedBefore(before: number): Promise<string[]>

  createShareLink(link: ShareLinkRecord): Promise<void>
  getShareLink(id: string): Promise<ShareLinkRecord | undefined>
  getShareLinkByTokenHash(tokenHash: string): Promise<ShareLinkRecord | undefined>
  /**
   * Links of one snapshot, or of a project: its archive links and the links
   * to its snapshots. Oldest first, revoked ones included.
   */
  listShareLinks(scope: { snapshotId: string } | { projectId: string }): Promise<ShareLinkRecord[]>
  /** Marks a link revoked at `at`; a link already revoked keeps its first time. */
  revokeShareLink(id: string, at: number): Promise<void>
}

/** Relational data, in parts an adapter implements one module each. */
export interface AppStore extends AccountStore, BoardStore, ProjectStore, ArchiveStore {}

/** One storage backend: both contracts over one connection pool. */
export interface Store {
  docs: DocStore
  app: AppStore
  /** Which backend this is, for logs and benchmarks. */
  kind: 'memory' | 'sqlite' | 'postgres'
  close(): Promise<void>
}
