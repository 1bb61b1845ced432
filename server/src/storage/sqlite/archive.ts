import type Database from 'better-sqlite3'
import { checkShareLinkTarget } from '../errors.ts'
import * as rows from '../rows.ts'
import type { ArchiveStore, ShareLinkRecord, SnapshotRecord } from '../types.ts'
import { guard, type References } from './checks.ts'

export function sqliteArchive(db: Database.Database, refs: References): ArchiveStore {
  const q = {
    insertSnapshot: db.prepare<
      [string, string, string | null, string, string, number, number, Buffer, Buffer | null],
      void
    >(
      `INSERT INTO snapshots (id, board_id, project_id, name, created_by, created_at, label_count, state, thumbnail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    snapshot: db.prepare<[string], rows.SnapshotRow>('SELECT * FROM snapshots WHERE id = ?'),
    snapshotsByBoard: db.prepare<[string], rows.SnapshotSummaryRow>(
      `SELECT ${rows.SNAPSHOT_SUMMARY_COLUMNS} FROM snapshots WHERE board_id = ? ORDER BY created_at, id`,
    ),
    snapshotsByProject: db.prepare<[string], rows.SnapshotSummaryRow>(
      `SELECT ${rows.SNAPSHOT_SUMMARY_COLUMNS} FROM snapshots WHERE project_id = ? ORDER BY created_at, id`,
    ),
    snapshotIdsBefore: db.prepare<[number], { id: string }>(
      'SELECT id FROM snapshots WHERE created_at < ? ORDER BY created_at, id',
    ),
    deleteSnapshot: db.prepare<[string], void>('DELETE FROM snapshots WHERE id = ?'),

    insertShareLink: db.prepare<
      [string, string, string | null, string | null, string, number, number | null, number | null],
      void
    >(
      `INSERT INTO share_links (id, token_hash, project_id, snapshot_id, created_by, created_at, expires_at, revoked_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    shareLink: db.prepare<[string], rows.ShareLinkRow>('SELECT * FROM share_links WHERE id = ?'),
    shareLinkByToken: db.prepare<[string], rows.ShareLinkRow>('SELECT * FROM share_links WHERE token_hash = ?'),
    shareLinksBySnapshot: db.prepare<[string], rows.ShareLinkRow>(
      'SELECT * FROM share_links WHERE snapshot_id = ? ORDER BY created_at, id',
    ),
    shareLinksByProject: db.prepare<[string, string], rows.ShareLinkRow>(
      `SELECT * FROM share_links
        WHERE project_id = ? OR snapshot_id IN (SELECT id FROM snapshots WHERE project_id = ?)
        ORDER BY created_at, id`,
    ),
    revokeShareLink: db.prepare<[number, string], void>(
      'UPDATE share_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    ),
  }

  const createSnapshotTx = db.transaction((s: SnapshotRecord): void => {
    refs.require('boards', s.boardId, 'boardId')
    refs.requirePlacement(s.projectId, null)
    guard(
      () =>
        q.insertSnapshot.run(
          s.id,
          s.boardId,
          s.projectId,
          s.name,
          s.createdBy,
          s.createdAt,
          s.labelCount,
          rows.toBuffer(s.state),
          s.thumbnail ? rows.toBuffer(s.thumbnail) : null,
        ),
      { 'snapshots.id': 'id' },
      'boardId',
    )
  })

  const createShareLinkTx = db.transaction((l: ShareLinkRecord): void => {
    checkShareLinkTarget(l)
    refs.requirePlacement(l.projectId, null)
    if (l.snapshotId !== null) refs.require('snapshots', l.snapshotId, 'snapshotId')
    guard(
      () =>
        q.insertShareLink.run(
          l.id,
          l.tokenHash,
          l.projectId,
          l.snapshotId,
          l.createdBy,
          l.createdAt,
          l.expiresAt,
          l.revokedAt,
        ),
      { 'share_links.id': 'id', 'share_links.token_hash': 'tokenHash' },
      'projectId',
    )
  })

  return {
    async createSnapshot(snapshot) {
      createSnapshotTx.immediate(snapshot)
    },
    getSnapshot: async (id) => rows.recordOf(q.snapshot.get(id), rows.snapshotFromRow),
    async listSnapshots(scope) {
      const found =
        'boardId' in scope ? q.snapshotsByBoard.all(scope.boardId) : q.snapshotsByProject.all(scope.projectId)
      return found.map(rows.snapshotSummaryFromRow)
    },
    async deleteSnapshot(id) {
      q.deleteSnapshot.run(id)
    },
    listSnapshotIdsCreatedBefore: async (before) => q.snapshotIdsBefore.all(before).map((r) => r.id),

    async createShareLink(link) {
      createShareLinkTx.immediate(link)
    },
    getShareLink: async (id) => rows.recordOf(q.shareLink.get(id), rows.shareLinkFromRow),
    getShareLinkByTokenHash: async (tokenHash) =>
      rows.recordOf(q.shareLinkByToken.get(tokenHash), rows.shareLinkFromRow),
    async listShareLinks(scope) {
      const found =
        'snapshotId' in scope
          ? q.shareLinksBySnapshot.all(scope.snapshotId)
          : q.shareLinksByProject.all(scope.projectId, scope.projectId)
      return found.map(rows.shareLinkFromRow)
    },
    async revokeShareLink(id, at) {
      q.revokeShareLink.run(at, id)
    },
  }
}
