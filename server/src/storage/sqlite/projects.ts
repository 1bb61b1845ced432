import type Database from 'better-sqlite3'
import * as rows from '../rows.ts'
import type { ProjectRecord, ProjectStore } from '../types.ts'
import { guard, type References } from './checks.ts'

export function sqliteProjects(db: Database.Database, refs: References): ProjectStore {
  const q = {
    insertProject: db.prepare<[string, string, string, number], void>(
      'INSERT INTO projects (id, owner_id, title, created_at) VALUES (?, ?, ?, ?)',
    ),
    project: db.prepare<[string], rows.ProjectRow>('SELECT * FROM projects WHERE id = ?'),
    projectsForUser: db.prepare<[string], rows.ProjectRow>(
      `SELECT p.* FROM projects p JOIN project_members m ON m.project_id = p.id
        WHERE m.user_id = ? ORDER BY p.created_at, p.id`,
    ),
    renameProject: db.prepare<[string, string], void>('UPDATE projects SET title = ? WHERE id = ?'),
    deleteProject: db.prepare<[string], void>('DELETE FROM projects WHERE id = ?'),

    insertMember: db.prepare<[string, string, number], void>(
      'INSERT INTO project_members (project_id, user_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    deleteMember: db.prepare<[string, string], void>(
      'DELETE FROM project_members WHERE project_id = ? AND user_id = ?',
    ),
    members: db.prepare<[string], rows.MemberRow>(
      `SELECT m.project_id, m.user_id, u.email, m.added_at FROM project_members m JOIN users u ON u.id = m.user_id
        WHERE m.project_id = ? ORDER BY m.added_at, m.user_id`,
    ),
    isMember: db.prepare<[string, string], { one: number }>(
      'SELECT 1 AS one FROM project_members WHERE project_id = ? AND user_id = ?',
    ),

    insertMeeting: db.prepare<[string, string, string, string, number], void>(
      'INSERT INTO meetings (id, project_id, title, date, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    meeting: db.prepare<[string], rows.MeetingRow>('SELECT * FROM meetings WHERE id = ?'),
    meetings: db.prepare<[string], rows.MeetingRow>(
      'SELECT * FROM meetings WHERE project_id = ? ORDER BY date, created_at, id',
    ),
    updateMeeting: db.prepare<[string | null, string | null, string], void>(
      'UPDATE meetings SET title = coalesce(?, title), date = coalesce(?, date) WHERE id = ?',
    ),
    deleteMeeting: db.prepare<[string], void>('DELETE FROM meetings WHERE id = ?'),
  }

  const createProjectTx = db.transaction((p: ProjectRecord): void => {
    guard(() => q.insertProject.run(p.id, p.ownerId, p.title, p.createdAt), { 'projects.id': 'id' }, 'ownerId')
    q.insertMember.run(p.id, p.ownerId, p.createdAt)
  })

  const addMemberTx = db.transaction((projectId: string, userId: string, addedAt: number): void => {
    refs.require('projects', projectId, 'projectId')
    refs.require('users', userId, 'userId')
    q.insertMember.run(projectId, userId, addedAt)
  })

  return {
    async createProject(project) {
      createProjectTx.immediate(project)
    },
    getProject: async (id) => rows.recordOf(q.project.get(id), rows.projectFromRow),
    listProjectsForUser: async (userId) => q.projectsForUser.all(userId).map(rows.projectFromRow),
    async renameProject(id, title) {
      q.renameProject.run(title, id)
    },
    async deleteProject(id) {
      q.deleteProject.run(id)
    },

    async addProjectMember(projectId, userId, addedAt) {
      addMemberTx.immediate(projectId, userId, addedAt)
    },
    async removeProjectMember(projectId, userId) {
      q.deleteMember.run(projectId, userId)
    },
    listProjectMembers: async (projectId) => q.members.all(projectId).map(rows.memberFromRow),
    isProjectMember: async (projectId, userId) => q.isMember.get(projectId, userId) !== undefined,

    async createMeeting(m) {
      guard(
        () => q.insertMeeting.run(m.id, m.projectId, m.title, m.date, m.createdAt),
        { 'meetings.id': 'id' },
        'projectId',
      )
    },
    getMeeting: async (id) => rows.recordOf(q.meeting.get(id), rows.meetingFromRow),
    listMeetings: async (projectId) => q.meetings.all(projectId).map(rows.meetingFromRow),
    async updateMeeting(id, patch) {
      q.updateMeeting.run(patch.title ?? null, patch.date ?? null, id)
    },
    async deleteMeeting(id) {
      q.deleteMeeting.run(id)
    },
  }
}
