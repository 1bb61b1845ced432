/**
 * The rows both SQL adapters read (one schema, see migrations.ts) and how each
 * becomes a record, written once for SQLite and Postgres.
 */
import type {
  BoardRecord,
  MeetingRecord,
  ProjectMemberRecord,
  ProjectRecord,
  SessionRecord,
  ShareLinkRecord,
  SnapshotRecord,
  SnapshotSummary,
  StoredDoc,
  TemplateRecord,
  TokenRecord,
  UserRecord,
} from './types.ts'

/**
 * An integer column: SQLite gives a number, pg gives BIGINT as a decimal
 * string. Rows are converted here rather than by a global pg type parser,
 * which would change what every other pg user in the process gets.
 */
export type SqlInt = number | string

export interface UserRow {
  id: string
  email: string
  password_hash: string
  created_at: SqlInt
}
export interface SessionRow {
  token_hash: string
  user_id: string
  expires_at: SqlInt
}
export interface BoardRow {
  id: string
  owner_id: string
  title: string
  join_code: string
  created_at: SqlInt
  project_id: string | null
  meeting_id: string | null
}
export interface TokenRow {
  token_hash: string
  board_id: string
  role: TokenRecord['role']
  subject: string
  nickname: string
  created_at: SqlInt
  expires_at: SqlInt | null
}
export interface ProjectRow {
  id: string
  owner_id: string
  title: string
  created_at: SqlInt
}
export interface MemberRow {
  project_id: string
  user_id: string
  email: string
  added_at: SqlInt
}
export interface MeetingRow {
  id: string
  project_id: string
  title: string
  date: string
  created_at: SqlInt
}
export interface SnapshotSummaryRow {
  id: string
  board_id: string
  project_id: string | null
  name: string
  created_by: string
  created_at: SqlInt
  label_count: SqlInt
}
export interface SnapshotRow extends SnapshotSummaryRow {
  state: Buffer
  thumbnail: Buffer | null
}
export interface TemplateRow {
  id: string
  owner_id: string
  name: string
  body: string
  created_at: SqlInt
}
export interface ShareLinkRow {
  id: string
  token_hash: string
  project_id: string | null
  snapshot_id: string | null
  created_by: string
  created_at: SqlInt
  expires_at: SqlInt | null
  revoked_at: SqlInt | null
}
/** One row of the document load: the counters, joined with each stored update (none for an empty doc). */
export interface DocRow {
  last_seq: SqlInt
  snapshot_seq: SqlInt
  seq: SqlInt | null
  data: Buffer | null
}

/** What a snapshot list selects: everything but the (large) state and thumbnail. */
export const SNAPSHOT_SUMMARY_COLUMNS = 'id, board_id, project_id, name, created_by, created_at, label_count'

/** A row read by key as its record, or undefined when there is none. */
export function recordOf<R, T>(row: R | undefined, toRecord: (row: R) => T): T | undefined {
  return row === undefined ? undefined : toRecord(row)
}

/** An integer column that may be NULL. */
function intOrNull(v: SqlInt | null): number | null {
  return v === null ? null : Number(v)
}

export function userFromRow(row: UserRow): UserRecord {
  return { id: row.id, email: row.email, passwordHash: row.password_hash, createdAt: Number(row.created_at) }
}

export function sessionFromRow(row: SessionRow): SessionRecord {
  return { tokenHash: row.token_hash, userId: row.user_id, expiresAt: Number(row.expires_at) }
}

export function boardFromRow(row: BoardRow): BoardRecord {
  return {
    id: row.id,
    ownerId: row.owner_id,
    title: row.title,
    joinCode: row.join_code,
    createdAt: Number(row.created_at),
    projectId: row.project_id,
    meetingId: row.meeting_id,
  }
}

export function tokenFromRow(row: TokenRow): TokenRecord {
  return {
    tokenHash: row.token_hash,
    boardId: row.board_id,
    role: row.role,
    subject: row.subject,
    nickname: row.nickname,
    createdAt: Number(row.created_at),
    expiresAt: intOrNull(row.expires_at),
  }
}

export function projectFromRow(row: ProjectRow): ProjectRecord {
  return { id: row.id, ownerId: row.owner_id, title: row.title, createdAt: Number(row.created_at) }
}

export function memberFromRow(row: MemberRow): ProjectMemberRecord {
  return { projectId: row.project_id, userId: row.user_id, email: row.email, addedAt: Number(row.added_at) }
}

export function meetingFromRow(row: MeetingRow): MeetingRecord {
  return { id: row.id, projectId: row.project_id, title: row.title, date: row.date, createdAt: Number(row.created_at) }
}

export function snapshotSummaryFromRow(row: SnapshotSummaryRow): SnapshotSummary {
  return {
    id: row.id,
    boardId: row.board_id,
    projectId: row.project_id,
    name: row.name,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    labelCount: Number(row.label_count),
  }
}

/** Copies the bytes out of the driver's Buffers, so callers never hold (or change) a driver's memory. */
export function snapshotFromRow(row: SnapshotRow): SnapshotRecord {
  return {
    ...snapshotSummaryFromRow(row),
    state: new Uint8Array(row.state),
    thumbnail: row.thumbnail ? new Uint8Array(row.thumbnail) : null,
  }
}

export function templateFromRow(row: TemplateRow): TemplateRecord {
  return { id: row.id, ownerId: row.owner_id, name: row.name, body: row.body, createdAt: Number(row.created_at) }
}

export function shareLinkFromRow(row: ShareLinkRow): ShareLinkRecord {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    projectId: row.project_id,
    snapshotId: row.snapshot_id,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    expiresAt: intOrNull(row.expires_at),
    revokedAt: intOrNull(row.revoked_at),
  }
}

/**
 * A document from its load rows (seq order: snapshot first, then the log) and
 * its client id owners. `bytes` turns a driver Buffer into the update handed
 * out: SQLite takes a view (the worker posts the load to the main thread as it
 * is); pg copies, since a small pg Buffer is a slice of a shared pool slab.
 */
export function storedDocFromRows(
  rows: readonly DocRow[],
  owners: Iterable<{ client: SqlInt; subject: string }>,
  bytes: (data: Buffer) => Uint8Array,
): StoredDoc {
  const head = rows[0]
  if (!head) return { updates: [], lastSeq: 0, logLength: 0, owners: new Map() }
  const snapshotSeq = Number(head.snapshot_seq)
  const updates: Uint8Array[] = []
  let logLength = 0
  for (const row of rows) {
    if (row.seq === null || row.data === null) continue
    updates.push(bytes(row.data))
    if (Number(row.seq) > snapshotSeq) logLength += 1
  }
  const ownerMap = new Map<number, string>()
  for (const r of owners) ownerMap.set(Number(r.client), r.subject)
  return { updates, lastSeq: Number(head.last_seq), logLength, owners: ownerMap }
}

/** The drivers bind Buffers (pg's arrays, better-sqlite3 always), not plain Uint8Arrays; a view, not a copy. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
