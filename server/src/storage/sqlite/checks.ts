import Database from 'better-sqlite3'
import { StoreError, StoreErrorCode, type StoreErrorField } from '../errors.ts'

/**
 * Runs an insert, turning SQLite constraint errors into {@link StoreError}s.
 * SQLite names the column of a unique violation (`uniqueFields` maps
 * `table.column` to the field) but not which foreign key failed: that is
 * `foreignKeyField`, and callers with several references check the others
 * first (see {@link references}).
 */
export function guard(
  insert: () => unknown,
  uniqueFields: Record<string, StoreErrorField>,
  foreignKeyField: StoreErrorField,
): void {
  try {
    insert()
  } catch (e: unknown) {
    if (!(e instanceof Database.SqliteError)) throw e
    if (e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      throw new StoreError(StoreErrorCode.MissingReference, foreignKeyField, { cause: e })
    }
    if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      // The message is "UNIQUE constraint failed: table.column".
      const column = e.message.slice(e.message.lastIndexOf(' ') + 1)
      const field = uniqueFields[column]
      if (field) throw new StoreError(StoreErrorCode.Duplicate, field, { cause: e })
    }
    throw e
  }
}

type Table = 'users' | 'boards' | 'projects' | 'meetings' | 'snapshots'
const TABLES: readonly Table[] = ['users', 'boards', 'projects', 'meetings', 'snapshots']

/** Which referenced rows exist, for checks inside the transaction that writes the reference. */
export interface References {
  has(table: Table, id: string): boolean
  /** Throws a MissingReference naming `field` unless the row exists. */
  require(table: Table, id: string, field: StoreErrorField): void
  /** A board's (or snapshot's, or link's) project and meeting exist, where given. */
  requirePlacement(projectId: string | null, meetingId: string | null): void
}

export function references(db: Database.Database): References {
  const exists = new Map(
    TABLES.map((t) => [t, db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM ${t} WHERE id = ?`)] as const),
  )
  const has = (table: Table, id: string): boolean => exists.get(table)!.get(id) !== undefined
  function require(table: Table, id: string, field: StoreErrorField): void {
    if (!has(table, id)) throw new StoreError(StoreErrorCode.MissingReference, field)
  }
  return {
    has,
    require,
    requirePlacement(projectId, meetingId) {
      if (projectId !== null) require('projects', projectId, 'projectId')
      if (meetingId !== null) require('meetings', meetingId, 'meetingId')
    },
  }
}
