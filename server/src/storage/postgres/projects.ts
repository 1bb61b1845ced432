import * as rows from '../rows.ts'
import type { ProjectStore } from '../types.ts'
import { all, guard, one, type Pg } from './db.ts'

// COLLATE "C" in every ORDER BY on text: byte order, the same as the other adapters.
export function postgresProjects({ pool, transaction }: Pg): ProjectStore {
  return {
    async createProject(project) {
      await guard(
        transaction(async (client) => {
          await client.query('INSERT INTO projects (id, owner_id, title, created_at) VALUES ($1, $2, $3, $4)', [
            project.id,
            project.ownerId,
            project.title,
            project.createdAt,
          ])
          await client.query('INSERT INTO project_members (project_id, user_id, added_at) VALUES ($1, $2, $3)', [
            project.id,
            project.ownerId,
            project.createdAt,
          ])
        }),
      )
    },
    getProject: (id) =>
      one(pool.query<rows.ProjectRow>('SELECT * FROM projects WHERE id = $1', [id]), rows.projectFromRow),
    listProjectsForUser: (userId) =>
      all(
        pool.query<rows.ProjectRow>(
          `SELECT p.* FROM projects p JOIN project_members m ON m.project_id = p.id
            WHERE m.user_id = $1 ORDER BY p.created_at, p.id COLLATE "C"`,
          [userId],
        ),
        rows.projectFromRow,
      ),
    async renameProject(id, title) {
      await pool.query('UPDATE projects SET title = $2 WHERE id = $1', [id, title])
    },
    async deleteProject(id) {
      await pool.query('DELETE FROM projects WHERE id = $1', [id])
    },

    async addProjectMember(projectId, userId, addedAt) {
      await guard(
        pool.query(
          'INSERT INTO project_members (project_id, user_id, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [projectId, userId, addedAt],
        ),
      )
    },
    async removeProjectMember(projectId, userId) {
      await pool.query('DELETE FROM project_members WHERE project_id = $1 AND user_id = $2', [projectId, userId])
    },
    listProjectMembers: (projectId) =>
      all(
        pool.query<rows.MemberRow>(
          `SELECT m.project_id, m.user_id, u.email, m.added_at FROM project_members m JOIN users u ON u.id = m.user_id
            WHERE m.project_id = $1 ORDER BY m.added_at, m.user_id COLLATE "C"`,
          [projectId],
        ),
        rows.memberFromRow,
      ),
    async isProjectMember(projectId, userId) {
      const { rowCount } = await pool.query('SELECT 1 FROM project_members WHERE project_id = $1 AND user_id = $2', [
        projectId,
        userId,
      ])
      return (rowCount ?? 0) > 0
    },

    async createMeeting(m) {
      await guard(
        pool.query('INSERT INTO meetings (id, project_id, title, date, created_at) VALUES ($1, $2, $3, $4, $5)', [
          m.id,
          m.projectId,
          m.title,
          m.date,
          m.createdAt,
        ]),
      )
    },
    getMeeting: (id) =>
      one(pool.query<rows.MeetingRow>('SELECT * FROM meetings WHERE id = $1', [id]), rows.meetingFromRow),
    listMeetings: (projectId) =>
      all(
        pool.query<rows.MeetingRow>(
          'SELECT * FROM meetings WHERE project_id = $1 ORDER BY date COLLATE "C", created_at, id COLLATE "C"',
          [projectId],
        ),
        rows.meetingFromRow,
      ),
    async updateMeeting(id, patch) {
      await pool.query('UPDATE meetings SET title = coalesce($2, title), date = coalesce($3, date) WHERE id = $1', [
        id,
        patch.title ?? null,
        patch.date ?? null,
      ])
    },
    async deleteMeeting(id) {
      await pool.query('DELETE FROM meetings WHERE id = $1', [id])
    },
  }
}
