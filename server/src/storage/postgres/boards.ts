import * as rows from '../rows.ts'
import type { BoardStore } from '../types.ts'
import { all, guard, one, type Pg } from './db.ts'

// COLLATE "C" in every ORDER BY on an id: byte order, the same tie-break as the other adapters.
export function postgresBoards({ pool, transaction }: Pg): BoardStore {
  return {
    async createBoard(board) {
      await guard(
        pool.query(
          `INSERT INTO boards (id, owner_id, title, join_code, created_at, project_id, meeting_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            board.id,
            board.ownerId,
            board.title,
            board.joinCode,
            board.createdAt,
            board.projectId ?? null,
            board.meetingId ?? null,
          ],
        ),
      )
    },
    getBoard: (id) => one(pool.query<rows.BoardRow>('SELECT * FROM boards WHERE id = $1', [id]), rows.boardFromRow),
    getBoardByJoinCode: (joinCode) =>
      one(pool.query<rows.BoardRow>('SELECT * FROM boards WHERE join_code = $1', [joinCode]), rows.boardFromRow),
    listBoards: (ownerId) =>
      all(
        pool.query<rows.BoardRow>('SELECT * FROM boards WHERE owner_id = $1 ORDER BY created_at, id COLLATE "C"', [
          ownerId,
        ]),
        rows.boardFromRow,
      ),
    async deleteBoard(id) {
      await pool.query('DELETE FROM boards WHERE id = $1', [id])
    },
    listProjectBoards: (projectId) =>
      all(
        pool.query<rows.BoardRow>('SELECT * FROM boards WHERE project_id = $1 ORDER BY created_at, id COLLATE "C"', [
          projectId,
        ]),
        rows.boardFromRow,
      ),
    async setBoardPlacement(id, projectId, meetingId) {
      await guard(
        transaction(async (client) => {
          const { rowCount } = await client.query('UPDATE boards SET project_id = $2, meeting_id = $3 WHERE id = $1', [
            id,
            projectId,
            meetingId,
          ])
          if (rowCount) await client.query('UPDATE snapshots SET project_id = $2 WHERE board_id = $1', [id, projectId])
        }),
      )
    },
    listBoardsCreatedBefore: (before) =>
      all(
        pool.query<rows.BoardRow>('SELECT * FROM boards WHERE created_at < $1 ORDER BY created_at, id COLLATE "C"', [
          before,
        ]),
        rows.boardFromRow,
      ),

    async createToken(token) {
      await guard(
        pool.query(
          `INSERT INTO tokens (token_hash, board_id, role, subject, nickname, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [token.tokenHash, token.boardId, token.role, token.subject, token.nickname, token.createdAt, token.expiresAt],
        ),
      )
    },
    getToken: (tokenHash) =>
      one(pool.query<rows.TokenRow>('SELECT * FROM tokens WHERE token_hash = $1', [tokenHash]), rows.tokenFromRow),
    async revokeTokensFor(boardId, subject, at) {
      const res = await pool.query(
        `UPDATE tokens SET expires_at = $1 WHERE board_id = $2 AND subject = $3 AND (expires_at IS NULL OR expires_at > $1)`,
        [at, boardId, subject],
      )
      return res.rowCount ?? 0
    },
  }
}
