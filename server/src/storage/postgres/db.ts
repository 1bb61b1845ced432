import pg, { type PoolClient } from 'pg'
import { StoreError, StoreErrorCode, type StoreErrorField } from '../errors.ts'
import { recordOf } from '../rows.ts'

/** What the parts of the Postgres store share: the pool, and transactions on one of its connections. */
export interface Pg {
  pool: pg.Pool
  transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T>
}

/**
 * Runs `fn` on one pooled connection. `fn` calls `broken` when the connection
 * must not go back to the pool (a ROLLBACK or unlock that failed): it is then
 * destroyed, which also ends its transaction and its locks.
 */
export async function withClient<T>(
  pool: pg.Pool,
  onError: (err: Error) => void,
  fn: (client: PoolClient, broken: () => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  // A checked-out connection has no pool listener: if it dies between two
  // queries, its 'error' event would otherwise be unhandled.
  const onClientError = (err: Error): void => onError(err)
  client.on('error', onClientError)
  let isBroken = false
  try {
    return await fn(client, () => {
      isBroken = true
    })
  } finally {
    client.off('error', onClientError)
    client.release(isBroken)
  }
}

/** BEGIN, `fn`, COMMIT on `client`; ROLLBACK when anything throws. */
export async function inTransaction<T>(client: PoolClient, broken: () => void, fn: () => Promise<T>): Promise<T> {
  try {
    await client.query('BEGIN')
    const result = await fn()
    await client.query('COMMIT')
    return result
  } catch (e: unknown) {
    await client.query('ROLLBACK').catch(broken)
    throw e
  }
}

/** The store's transactions: each on a connection of its own from the pool. */
export function transactions(pool: pg.Pool, onError: (err: Error) => void): Pg['transaction'] {
  return (fn) => withClient(pool, onError, (client, broken) => inTransaction(client, broken, () => fn(client)))
}

/** Constraint name (as migrations.ts names them) → what a violation of it means for the caller. */
const CONSTRAINTS: Record<string, [StoreErrorCode, StoreErrorField]> = {
  users_pkey: [StoreErrorCode.Duplicate, 'id'],
  users_email_key: [StoreErrorCode.Duplicate, 'email'],
  sessions_pkey: [StoreErrorCode.Duplicate, 'tokenHash'],
  sessions_user_id_fkey: [StoreErrorCode.MissingReference, 'userId'],
  boards_pkey: [StoreErrorCode.Duplicate, 'id'],
  boards_join_code_key: [StoreErrorCode.Duplicate, 'joinCode'],
  boards_owner_id_fkey: [StoreErrorCode.MissingReference, 'ownerId'],
  tokens_pkey: [StoreErrorCode.Duplicate, 'tokenHash'],
  tokens_board_id_fkey: [StoreErrorCode.MissingReference, 'boardId'],
  boards_project_id_fkey: [StoreErrorCode.MissingReference, 'projectId'],
  boards_meeting_id_fkey: [StoreErrorCode.MissingReference, 'meetingId'],
  projects_pkey: [StoreErrorCode.Duplicate, 'id'],
  projects_owner_id_fkey: [StoreErrorCode.MissingReference, 'ownerId'],
  project_members_project_id_fkey: [StoreErrorCode.MissingReference, 'projectId'],
  project_members_user_id_fkey: [StoreErrorCode.MissingReference, 'userId'],
  meetings_pkey: [StoreErrorCode.Duplicate, 'id'],
  meetings_project_id_fkey: [StoreErrorCode.MissingReference, 'projectId'],
  snapshots_pkey: [StoreErrorCode.Duplicate, 'id'],
  snapshots_board_id_fkey: [StoreErrorCode.MissingReference, 'boardId'],
  snapshots_project_id_fkey: [StoreErrorCode.MissingReference, 'projectId'],
  templates_pkey: [StoreErrorCode.Duplicate, 'id'],
  templates_owner_id_fkey: [StoreErrorCode.MissingReference, 'ownerId'],
  share_links_pkey: [StoreErrorCode.Duplicate, 'id'],
  share_links_token_hash_key: [StoreErrorCode.Duplicate, 'tokenHash'],
  share_links_project_id_fkey: [StoreErrorCode.MissingReference, 'projectId'],
  share_links_snapshot_id_fkey: [StoreErrorCode.MissingReference, 'snapshotId'],
}

/** Awaits an insert, turning constraint violations into {@link StoreError}s. */
export async function guard(insert: Promise<unknown>): Promise<void> {
  try {
    await insert
  } catch (e: unknown) {
    if (e instanceof pg.DatabaseError && (e.code === '23505' || e.code === '23503') && e.constraint) {
      const meaning = CONSTRAINTS[e.constraint]
      if (meaning) throw new StoreError(meaning[0], meaning[1], { cause: e })
    }
    throw e
  }
}

/** The first row of a result as a record, or undefined when there is none. */
export async function one<R extends pg.QueryResultRow, T>(
  query: Promise<pg.QueryResult<R>>,
  toRecord: (row: R) => T,
): Promise<T | undefined> {
  return recordOf((await query).rows[0], toRecord)
}

/** Every row of a result as a record. */
export async function all<R extends pg.QueryResultRow, T>(
  query: Promise<pg.QueryResult<R>>,
  toRecord: (row: R) => T,
): Promise<T[]> {
  return (await query).rows.map(toRecord)
}
