import type Database from 'better-sqlite3'
import * as rows from '../rows.ts'
import type { AccountStore } from '../types.ts'
import { guard } from './checks.ts'

export function sqliteAccounts(db: Database.Database): AccountStore {
  const q = {
    insertUser: db.prepare<[string, string, string, number], void>(
      'INSERT INTO users (id, email, password_hash, created_at) VALUES (?, ?, ?, ?)',
    ),
    userByEmail: db.prepare<[string], rows.UserRow>('SELECT * FROM users WHERE email = ?'),
    userById: db.prepare<[string], rows.UserRow>('SELECT * FROM users WHERE id = ?'),
    setPassword: db.prepare<[string, string], void>('UPDATE users SET password_hash = ? WHERE id = ?'),

    insertSession: db.prepare<[string, string, number], void>(
      'INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)',
    ),
    session: db.prepare<[string], rows.SessionRow>('SELECT * FROM sessions WHERE token_hash = ?'),
    deleteSession: db.prepare<[string], void>('DELETE FROM sessions WHERE token_hash = ?'),

    insertTemplate: db.prepare<[string, string, string, string, number], void>(
      'INSERT INTO templates (id, owner_id, name, body, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    template: db.prepare<[string], rows.TemplateRow>('SELECT * FROM templates WHERE id = ?'),
    templatesByOwner: db.prepare<[string], rows.TemplateRow>(
      'SELECT * FROM templates WHERE owner_id = ? ORDER BY created_at, id',
    ),
    deleteTemplate: db.prepare<[string], void>('DELETE FROM templates WHERE id = ?'),
  }

  return {
    async createUser(user) {
      guard(
        () => q.insertUser.run(user.id, user.email.toLowerCase(), user.passwordHash, user.createdAt),
        { 'users.id': 'id', 'users.email': 'email' },
        'id',
      )
    },
    getUserByEmail: async (email) => rows.recordOf(q.userByEmail.get(email.toLowerCase()), rows.userFromRow),
    getUserById: async (id) => rows.recordOf(q.userById.get(id), rows.userFromRow),
    async setPassword(userId, passwordHash) {
      q.setPassword.run(passwordHash, userId)
    },

    async createSession(session) {
      guard(
        () => q.insertSession.run(session.tokenHash, session.userId, session.expiresAt),
        { 'sessions.token_hash': 'tokenHash' },
        'userId',
      )
    },
    getSession: async (tokenHash) => rows.recordOf(q.session.get(tokenHash), rows.sessionFromRow),
    async deleteSession(tokenHash) {
      q.deleteSession.run(tokenHash)
    },

    async createTemplate(t) {
      guard(
        () => q.insertTemplate.run(t.id, t.ownerId, t.name, t.body, t.createdAt),
        { 'templates.id': 'id' },
        'ownerId',
      )
    },
    getTemplate: async (id) => rows.recordOf(q.template.get(id), rows.templateFromRow),
    listTemplates: async (ownerId) => q.templatesByOwner.all(ownerId).map(rows.templateFromRow),
    async deleteTemplate(id) {
      q.deleteTemplate.run(id)
    },
  }
}
