/**
 * Who may manage what. A board is managed by its owner and by every member
 * of its project; a project by its members. Anything a facilitator may not
 * manage answers like a missing one (404), so ids cannot be probed.
 */
import { ErrorCode } from '@vaegavis/shared'
import { AppError } from '../errors.ts'
import type { BoardRecord, MeetingRecord, ProjectRecord, SnapshotRecord, Store, UserRecord } from '../storage/types.ts'

/** True when the user owns the board or is a member of its project. */
export async function canManageBoard(store: Store, userId: string, board: BoardRecord): Promise<boolean> {
  if (board.ownerId === userId) return true
  return board.projectId !== null && (await store.app.isProjectMember(board.projectId, userId))
}

/** The board, if the user may manage it; else 404. */
export async function manageableBoard(store: Store, user: UserRecord, boardId: string): Promise<BoardRecord> {
  const board = await store.app.getBoard(boardId)
  if (!board || !(await canManageBoard(store, user.id, board))) throw new AppError(ErrorCode.NotFound, 'No such board.')
  return board
}

/** The project, if the user is a member; else 404. */
export async function memberProject(store: Store, user: UserRecord, projectId: string): Promise<ProjectRecord> {
  const project = await store.app.getProject(projectId)
  if (!project || !(await store.app.isProjectMember(project.id, user.id))) {
    throw new AppError(ErrorCode.NotFound, 'No such project.')
  }
  return project
}

/** The meeting and its project, if the user is a member of the project; else 404. */
export async function memberMeeting(
  store: Store,
  user: UserRecord,
  meetingId: string,
): Promise<{ meeting: MeetingRecord; project: ProjectRecord }> {
  const meeting = await store.app.getMeeting(meetingId)
  const project = meeting && (await store.app.getProject(meeting.projectId))
  if (!meeting || !project || !(await store.app.isProjectMember(project.id, user.id))) {
    throw new AppError(ErrorCode.NotFound, 'No such meeting.')
  }
  return { meeting, project }
}

/** The snapshot with its board, if the user may manage the board; else 404. */
export async function manageableSnapshot(
  store: Store,
  user: UserRecord,
  snapshotId: string,
): Promise<{ snapshot: SnapshotRecord; board: BoardRecord }> {
  const snapshot = await store.app.getSnapshot(snapshotId)
  const board = snapshot && (await store.app.getBoard(snapshot.boardId))
  if (!snapshot || !board || !(await canManageBoard(store, user.id, board))) {
    throw new AppError(ErrorCode.NotFound, 'No such snapshot.')
  }
  return { snapshot, board }
}

/**
 * Checks where a facilitator wants to put a board: a project they are a
 * member of, and a meeting of that project. A meeting alone implies its project.
 */
export async function placement(
  store: Store,
  user: UserRecord,
  want: { projectId?: string | null | undefined; meetingId?: string | null | undefined },
): Promise<{ projectId: string | null; meetingId: string | null }> {
  let projectId = want.projectId ?? null
  const meetingId = want.meetingId ?? null
  if (meetingId !== null) {
    const { meeting } = await memberMeeting(store, user, meetingId)
    if (projectId !== null && projectId !== meeting.projectId) {
      throw new AppError(ErrorCode.BadRequest, 'That meeting belongs to another project.')
    }
    projectId = meeting.projectId
  }
  if (projectId !== null) await memberProject(store, user, projectId)
  return { projectId, meetingId }
}
