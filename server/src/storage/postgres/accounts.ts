import * as rows from '../rows.ts'
import type { AccountStore } from '../types.ts'
import { all, guard, one, type Pg } from './db.ts'

export function postgresAccounts({ pool }: Pg): AccountStore {
  return {
    async createUser(user) {
      await guard(
        pool.query('INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, $3, $4)', [
          user.id,
          user.email.toLowerCase(),
          user.passwordHash,
          user.createdAt,
        ]),
      )
    },
    getUserByEmail: (email) =>
      one(pool.query<rows.UserRow>('SELECT * FROM users WHERE email = $1', [email.toLowerCase()]), rows.userFromRow),
    getUserById: (id) => one(pool.query<rows.UserRow>('SELECT * FROM users WHERE id = $1', [id]), rows.userFromRow),
    async setPassword(userId, passwordHash) {
      await pool.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash])
    },

    async createSession(session) {
      await guard(
        pool.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
          session.tokenHash,
          session.userId,
          session.expiresAt,
        ]),
      )
    },
    getSession: (tokenHash) =>
      one(
        pool.query<rows.SessionRow>('SELECT * FROM sessions WHERE token_hash = $1', [tokenHash]),
        rows.sessionFromRow,
      ),
    async deleteSession(tokenHash) {
      await pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash])
    },

    async createTemplate(t) {
      await guard(
        pool.query('INSERT INTO templates (id, owner_id, name, body, created_at) VALUES ($1, $2, $3, $4, $5)', [
          t.id,
          t.ownerId,
          t.name,
          t.body,
          t.createdAt,
        ]),
      )
    },
    getTemplate: (id) =>
      one(pool.query<rows.TemplateRow>('SELECT * FROM templates WHERE id = $1', [id]), rows.templateFromRow),
    listTemplates: (ownerId) =>
      all(
        pool.query<rows.TemplateRow>(
          'SELECT * FROM templates WHERE owner_id = $1 ORDER BY created_at, id COLLATE "C"',
          [ownerId],
        ),
        rows.templateFromRow,
      ),
    async deleteTemplate(id) {
      await pool.query('DELETE FROM templates WHERE id = $1', [id])
    },
  }
}
