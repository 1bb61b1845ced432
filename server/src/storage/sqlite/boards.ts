import type Database from 'better-sqlite3'
import * as rows from '../rows.ts'
import type { BoardRecord, BoardStore } from '../types.ts'
import { guard, type References } from './checks.ts'

export function sqliteBoards(db: Database.Database, refs: References): BoardStore {
  const q = {
    insertBoard: db.prepare<[string, string, string, string, number, string | null, string | null], void>(
      `INSERT INTO boards (id, owner_id, title, join_code, created_at, project_id, meeting_id)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    board: db.prepare<[string], rows.BoardRow>('SELECT * FROM boards WHERE id = ?'),
    boardByJoinCode: db.prepare<[string], rows.BoardRow>('SELECT * FROM boards WHERE join_code = ?'),
    boardsByOwner: db.prepare<[string], rows.BoardRow>(
      'SELECT * FROM boards WHERE owner_id = ? ORDER BY created_at, id',
    ),
    boardsByProject: db.prepare<[string], rows.BoardRow>(
      'SELECT * FROM boards WHERE project_id = ? ORDER BY created_at, id',
    ),
    boardsBefore: db.prepare<[number], rows.BoardRow>(
      'SELECT * FROM boards WHERE created_at < ? ORDER BY created_at, id',
    ),
    deleteBoard: db.prepare<[string], void>('DELETE FROM boards WHERE id = ?'),
    placeBoard: db.prepare<[string | null, string | null, string], void>(
      'UPDATE boards SET project_id = ?, meeting_id = ? WHERE id = ?',
    ),
    placeSnapshots: db.prepare<[string | null, string], void>('UPDATE snapshots SET project_id = ? WHERE board_id = ?'),

    insertToken: db.prepare<[string, string, string, string, string, number, number | null], void>(
      `INSERT INTO tokens (token_hash, board_id, role, subject, nickname, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    token: db.prepare<[string], rows.TokenRow>('SELECT * FROM tokens WHERE token_hash = ?'),
    revokeTokens: db.prepare<[number, string, string, number], void>(
      `UPDATE tokens SET expires_at = ? WHERE board_id = ? AND subject = ? AND (expires_at IS NULL OR expires_at > ?)`,
    ),
  }

  const createBoardTx = db.transaction((b: BoardRecord): void => {
    refs.requirePlacement(b.projectId, b.meetingId)
    guard(
      () => q.insertBoard.run(b.id, b.ownerId, b.title, b.joinCode, b.createdAt, b.projectId, b.meetingId),
      { 'boards.id': 'id', 'boards.join_code': 'joinCode' },
      'ownerId',
    )
  })

  const placeBoardTx = db.transaction((id: string, projectId: string | null, meetingId: string | null): void => {
    if (!refs.has('boards', id)) return
    refs.requirePlacement(projectId, meetingId)
    q.placeBoard.run(projectId, meetingId, id)
    q.placeSnapshots.run(projectId, id)
  })

  return {
    async createBoard(board) {
      createBoardTx.immediate({ ...board, projectId: board.projectId ?? null, meetingId: board.meetingId ?? null })
    },
    getBoard: async (id) => rows.recordOf(q.board.get(id), rows.boardFromRow),
    getBoardByJoinCode: async (joinCode) => rows.recordOf(q.boardByJoinCode.get(joinCode), rows.boardFromRow),
    listBoards: async (ownerId) => q.boardsByOwner.all(ownerId).map(rows.boardFromRow),
    async deleteBoard(id) {
      q.deleteBoard.run(id)
      // secure_delete zeroes the freed pages, but the write-ahead log still holds
      // their old images until a checkpoint: fold and truncate it so the text is gone from disk.
      db.pragma('wal_checkpoint(TRUNCATE)')
    },
    listProjectBoards: async (projectId) => q.boardsByProject.all(projectId).map(rows.boardFromRow),
    async setBoardPlacement(id, projectId, meetingId) {
      placeBoardTx.immediate(id, projectId, meetingId)
    },
    listBoardsCreatedBefore: async (before) => q.boardsBefore.all(before).map(rows.boardFromRow),

    async createToken(token) {
      guard(
        () =>
          q.insertToken.run(
            token.tokenHash,
            token.boardId,
            token.role,
            token.subject,
            token.nickname,
            token.createdAt,
            token.expiresAt,
          ),
        { 'tokens.token_hash': 'tokenHash' },
        'boardId',
      )
    },
    getToken: async (tokenHash) => rows.recordOf(q.token.get(tokenHash), rows.tokenFromRow),
    revokeTokensFor: async (boardId, subject, at) => q.revokeTokens.run(at, boardId, subject, at).changes,
  }
}
