import { checkShareLinkTarget } from '../errors.ts'
import * as rows from '../rows.ts'
import type { ArchiveStore } from '../types.ts'
import { all, guard, one, type Pg } from './db.ts'

// COLLATE "C" in every ORDER BY on an id: byte order, the same tie-break as the other adapters.
export function postgresArchive({ pool }: Pg): ArchiveStore {
  return {
    async createSnapshot(s) {
      await guard(
        pool.query(
          `INSERT INTO snapshots (id, board_id, project_id, name, created_by, created_at, label_count, state, thumbnail)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [s.id, s.boardId, s.projectId, s.name, s.createdBy, s.createdAt, s.labelCount, s.state, s.thumbnail],
        ),
      )
    },
    getSnapshot: (id) =>
      one(pool.query<rows.SnapshotRow>('SELECT * FROM snapshots WHERE id = $1', [id]), rows.snapshotFromRow),
    listSnapshots(scope) {
      const [column, value] = 'boardId' in scope ? ['board_id', scope.boardId] : ['project_id', scope.projectId]
      return all(
        pool.query<rows.SnapshotSummaryRow>(
          `SELECT ${rows.SNAPSHOT_SUMMARY_COLUMNS} FROM snapshots WHERE ${column} = $1 ORDER BY created_at, id COLLATE "C"`,
          [value],
        ),
        rows.snapshotSummaryFromRow,
      )
    },
    async deleteSnapshot(id) {
      await pool.query('DELETE FROM snapshots WHERE id = $1', [id])
    },
    listSnapshotIdsCreatedBefore: (before) =>
      all(
        pool.query<{ id: string }>(
          'SELECT id FROM snapshots WHERE created_at < $1 ORDER BY created_at, id COLLATE "C"',
          [before],
        ),
        (r) => r.id,
      ),

    async createShareLink(l) {
      checkShareLinkTarget(l)
      await guard(
        pool.query(
          `INSERT INTO share_links (id, token_hash, project_id, snapshot_id, created_by, created_at, expires_at, revoked_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [l.id, l.tokenHash, l.projectId, l.snapshotId, l.createdBy, l.createdAt, l.expiresAt, l.revokedAt],
        ),
      )
    },
    getShareLink: (id) =>
      one(pool.query<rows.ShareLinkRow>('SELECT * FROM share_links WHERE id = $1', [id]), rows.shareLinkFromRow),
    getShareLinkByTokenHash: (tokenHash) =>
      one(
        pool.query<rows.ShareLinkRow>('SELECT * FROM share_links WHERE token_hash = $1', [tokenHash]),
        rows.shareLinkFromRow,
      ),
    listShareLinks: (scope) =>
      all(
        'snapshotId' in scope
          ? pool.query<rows.ShareLinkRow>(
              'SELECT * FROM share_links WHERE snapshot_id = $1 ORDER BY created_at, id COLLATE "C"',
              [scope.snapshotId],
            )
          : pool.query<rows.ShareLinkRow>(
              `SELECT * FROM share_links
                WHERE project_id = $1 OR snapshot_id IN (SELECT id FROM snapshots WHERE project_id = $1)
                ORDER BY created_at, id COLLATE "C"`,
              [scope.projectId],
            ),
        rows.shareLinkFromRow,
      ),
    async revokeShareLink(id, at) {
      await pool.query('UPDATE share_links SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, at])
    },
  }
}
