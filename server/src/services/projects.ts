/**
 * Projects ("forløb") and their meetings: the dashboard timeline, the
 * "last time we met" recap and carrying on from it, the project report, and
 * deleting a project with everything in it.
 */
import type * as Y from 'yjs'
import { newRandomId } from '../auth/secrets.ts'
import type { BlobStore } from '../blobs/index.ts'
import { modelOfState, type ProjectReport, type WallModel } from '../exports/index.ts'
import { t } from '../i18n.ts'
import type {
  BoardRecord,
  MeetingRecord,
  ProjectRecord,
  SnapshotRecord,
  SnapshotSummary,
  Store,
  UserRecord,
} from '../storage/types.ts'
import type { RoomManager } from '../sync/index.ts'
import { type BoardPictures, createBoard, removeBoard } from './boards.ts'
import { forkSnapshot } from './snapshots.ts'

export async function createProject(store: Store, user: UserRecord, title: string): Promise<ProjectRecord> {
  const project: ProjectRecord = { id: newRandomId(), ownerId: user.id, title, createdAt: Date.now() }
  await store.app.createProject(project)
  return project
}

/** Deletes every board of the project (documents, snapshots, share links), then the project itself. */
export async function deleteProject(
  store: Store,
  rooms: RoomManager,
  pictures: BoardPictures,
  projectId: string,
): Promise<void> {
  for (const board of await store.app.listProjectBoards(projectId)) await removeBoard(store, rooms, pictures, board.id)
  await store.app.deleteProject(projectId)
}

export async function createMeeting(
  store: Store,
  projectId: string,
  input: { title: string; date: string },
): Promise<MeetingRecord> {
  const meeting: MeetingRecord = { id: newRandomId(), projectId, ...input, createdAt: Date.now() }
  await store.app.createMeeting(meeting)
  return meeting
}

export interface Timeline {
  meetings: { meeting: MeetingRecord; boards: BoardRecord[]; snapshots: SnapshotSummary[] }[]
  /** Boards of the project at no meeting, and their snapshots. */
  unscheduled: { boards: BoardRecord[]; snapshots: SnapshotSummary[] }
}

/** The project as the dashboard shows it: meetings by date, each with its boards and snapshots. */
export async function timeline(store: Store, projectId: string): Promise<Timeline> {
  const [meetings, boards, snapshots] = await Promise.all([
    store.app.listMeetings(projectId),
    store.app.listProjectBoards(projectId),
    store.app.listSnapshots({ projectId }),
  ])
  const meetingOf = new Map(boards.map((b) => [b.id, b.meetingId]))
  const at = (meetingId: string | null) => ({
    boards: boards.filter((b) => b.meetingId === meetingId),
    snapshots: snapshots.filter((s) => (meetingOf.get(s.boardId) ?? null) === meetingId),
  })
  return { meetings: meetings.map((meeting) => ({ meeting, ...at(meeting.id) })), unscheduled: at(null) }
}

export interface RecapSnapshot {
  snapshot: SnapshotRecord
  board: BoardRecord
  model: WallModel
}

/**
 * The last meeting up to `today` (YYYY-MM-DD) that has a snapshot, with the
 * latest snapshot of each of its boards, oldest first; null when there is
 * none. A meeting held earlier the same day counts (two meetings on one day,
 * or a wall saved a minute ago): meetings of one day are in the order they
 * were made.
 */
export async function lastMeeting(
  store: Store,
  projectId: string,
  today: string,
  nicknames: boolean,
): Promise<{ meeting: MeetingRecord; snapshots: RecapSnapshot[] } | null> {
  const { meetings } = await timeline(store, projectId)
  const past = meetings.filter((m) => m.meeting.date <= today && m.snapshots.length > 0)
  const last = past[past.length - 1]
  if (!last) return null
  const latestPerBoard = new Map<string, SnapshotSummary>()
  for (const s of last.snapshots) latestPerBoard.set(s.boardId, s)
  const chosen = [...latestPerBoard.values()].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
  const snapshots: RecapSnapshot[] = []
  for (const s of chosen) {
    const snapshot = await store.app.getSnapshot(s.id)
    const board = last.boards.find((b) => b.id === s.boardId)
    if (!snapshot || !board) continue
    snapshots.push({ snapshot, board, model: modelOfState(snapshot.state, { nicknames }) })
  }
  return { meeting: last.meeting, snapshots }
}

/**
 * "Continue": opens today's board of the project, creating today's meeting
 * and board when needed. A new board carries on from the last meeting's most
 * recent snapshot, or starts from `build` (a template) when there is none.
 */
export async function continueToday(
  store: Store,
  blobs: BlobStore,
  user: UserRecord,
  project: ProjectRecord,
  opts: {
    today: string
    /** Language of a new meeting's default title and a new board's default legend. */
    locale: string
    title?: string
    meetingTitle?: string
    build?: (doc: Y.Doc, title: string) => void
    /** What the template asks for when the board carries on from last time (approval). */
    settings?: { approveFirst?: boolean; privateWriting?: boolean }
  },
): Promise<{ meeting: MeetingRecord; board: BoardRecord; created: boolean; forkedFrom: string | null }> {
  const meetings = await store.app.listMeetings(project.id)
  const meetingTitle = opts.meetingTitle ?? t(opts.locale, 'exports.defaultMeetingTitle', { date: opts.today })
  const meeting =
    meetings.find((m) => m.date === opts.today) ??
    (await createMeeting(store, project.id, { title: meetingTitle, date: opts.today }))
  const boards = (await store.app.listProjectBoards(project.id)).filter((b) => b.meetingId === meeting.id)
  const existing = boards[boards.length - 1]
  if (existing) return { meeting, board: existing, created: false, forkedFrom: null }

  const last = await lastMeeting(store, project.id, opts.today, false)
  const source = last?.snapshots.at(-1)
  if (source) {
    const title = opts.title ?? (source.model.title || source.board.title)
    const board = await forkSnapshot(store, blobs, user.id, source.snapshot, {
      title,
      projectId: project.id,
      meetingId: meeting.id,
      ...(opts.settings ? { settings: opts.settings } : {}),
    })
    return { meeting, board, created: true, forkedFrom: source.snapshot.id }
  }
  const title = opts.title ?? project.title
  const build = opts.build
  const board = await createBoard(store, user.id, title, {
    projectId: project.id,
    meetingId: meeting.id,
    locale: opts.locale,
    ...(build ? { build: (doc: Y.Doc) => build(doc, title) } : {}),
  })
  return { meeting, board, created: true, forkedFrom: null }
}

/** Everything the project report shows, read without nicknames. */
export async function projectReport(store: Store, project: ProjectRecord): Promise<ProjectReport> {
  const { meetings, unscheduled } = await timeline(store, project.id)
  const groups = [
    ...meetings.map((m) => ({ ...m, meeting: { title: m.meeting.title, date: m.meeting.date } })),
    ...(unscheduled.boards.length > 0 ? [{ meeting: null, ...unscheduled }] : []),
  ]
  const out: ProjectReport = { title: project.title, meetings: [] }
  for (const g of groups) {
    const boards: ProjectReport['meetings'][number]['boards'] = []
    for (const b of g.boards) {
      const snapshots: ProjectReport['meetings'][number]['boards'][number]['snapshots'] = []
      for (const summary of g.snapshots.filter((s) => s.boardId === b.id)) {
        const s = await store.app.getSnapshot(summary.id)
        if (!s) continue
        snapshots.push({
          name: s.name,
          createdAt: s.createdAt,
          thumbnail: s.thumbnail,
          model: modelOfState(s.state, { nicknames: false }),
        })
      }
      boards.push({ title: b.title, snapshots })
    }
    out.meetings.push({ meeting: g.meeting, boards })
  }
  return out
}
