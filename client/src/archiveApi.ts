/** The archive's REST calls (projects, meetings, snapshots, shares, recap, share viewer). */
import type {
  BoardOut,
  CategoryOut,
  LabelOut,
  MeetingOut,
  MemberOut,
  ProjectOut,
  SharedSnapshotOut,
  ShareOut,
  SnapshotOut,
  TemplateOut,
  WallOut,
} from '@vaegavis/shared/api'
import { request } from './api.ts'
import { appPath } from './base.ts'
import { locale } from './i18n.ts'

const e = encodeURIComponent

/** The shapes the server answers with: its own schemas' types (`import type`: no TypeBox in the bundle). */
export type Project = ProjectOut
export type Member = MemberOut
export type Meeting = MeetingOut
export type Board = BoardOut
export type Snapshot = SnapshotOut
export interface Timeline {
  project: Project
  members: Member[]
  meetings: (Meeting & { boards: Board[]; snapshots: Snapshot[] })[]
  unscheduled: { boards: Board[]; snapshots: Snapshot[] }
}
export type Template = TemplateOut
export type Share = ShareOut
export type Category = CategoryOut
export type WallLabel = LabelOut
export type Wall = WallOut
export type WallTheme = Wall['themes'][number]
export interface Recap {
  today: string
  meeting: Meeting | null
  snapshots: { snapshot: Snapshot; board: Board; wall: Wall }[]
}
/** A shared snapshot as the share page lists it: with the meeting it belongs to. */
export type SharedSnapshot = SharedSnapshotOut & { meetingId?: string | null }
export interface ShareView {
  kind: 'snapshot' | 'project'
  title: string
  expiresAt: number | null
  meetings: Meeting[]
  snapshots: SharedSnapshot[]
}

export type ExportFormat = 'svg' | 'png' | 'pdf' | 'md' | 'csv'
export const EXPORT_FORMATS: readonly ExportFormat[] = ['svg', 'png', 'pdf', 'md', 'csv']

/** Today's date in this browser's calendar, `YYYY-MM-DD`. */
export function localToday(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`
}

export const archiveApi = {
  listProjects: () => request<{ projects: Project[] }>('GET', '/api/projects').then((r) => r.projects),
  createProject: (title: string) =>
    request<{ project: Project }>('POST', '/api/projects', { title }).then((r) => r.project),
  timeline: (id: string) => request<Timeline>('GET', `/api/projects/${e(id)}`),
  addMember: (id: string, email: string) =>
    request<{ members: Member[] }>('POST', `/api/projects/${e(id)}/members`, { email }).then((r) => r.members),
  createMeeting: (id: string, title: string, date: string) =>
    request<{ meeting: Meeting }>('POST', `/api/projects/${e(id)}/meetings`, { title, date }).then((r) => r.meeting),
  templates: () => request<{ templates: Template[] }>('GET', '/api/templates').then((r) => r.templates),
  createBoard: (body: { title: string; templateId?: string; projectId: string; meetingId: string | null }) =>
    request<{ board: Board }>('POST', '/api/boards', body).then((r) => r.board),
  saveWall: (boardId: string) =>
    request<{ snapshot: Snapshot }>('POST', `/api/boards/${e(boardId)}/snapshots`, {}).then((r) => r.snapshot),
  fork: (snapshotId: string) =>
    request<{ board: Board }>('POST', `/api/snapshots/${e(snapshotId)}/fork`, {}).then((r) => r.board),
  snapshotWall: (id: string) => request<{ snapshot: Snapshot; wall: Wall }>('GET', `/api/snapshots/${e(id)}/wall`),
  snapshotBoard: (id: string) => request<{ snapshot: Snapshot; board: Board }>('GET', `/api/snapshots/${e(id)}`),
  projectShares: (id: string) =>
    request<{ shares: Share[] }>('GET', `/api/projects/${e(id)}/shares`).then((r) => r.shares),
  createProjectShare: (id: string, expiresAt: number | null) =>
    request<{ share: Share; url: string }>('POST', `/api/projects/${e(id)}/shares`, { expiresAt }),
  createSnapshotShare: (id: string, expiresAt: number | null) =>
    request<{ share: Share; url: string }>('POST', `/api/snapshots/${e(id)}/shares`, { expiresAt }),
  revokeShare: (id: string) => request<{ share: Share }>('DELETE', `/api/shares/${e(id)}`).then((r) => r.share),
  recap: (id: string) => request<Recap>('GET', `/api/projects/${e(id)}/recap?today=${e(localToday())}`),
  continueToday: (id: string) =>
    request<{ meeting: Meeting; board: Board; created: boolean }>('POST', `/api/projects/${e(id)}/continue`, {
      today: localToday(),
    }),
  share: (token: string) => request<ShareView>('GET', `/api/share/${e(token)}`),
  sharedSnapshot: (token: string, id: string) =>
    request<{ snapshot: SharedSnapshot; wall: Wall }>('GET', `/api/share/${e(token)}/snapshots/${e(id)}`),
}

/**
 * Images and downloads the browser fetches itself (`<img src>`, `<a href>`), so they carry the prefix here,
 * and exports name the reader's language (the browser's own Accept-Language may differ from the switch).
 */
const inLanguage = (url: string) => `${url}?lang=${e(locale())}`
export const urls = {
  thumbnail: (id: string) => appPath(`/api/snapshots/${e(id)}/thumbnail.png`),
  // `download=1`: a file with a name in the downloads, never a page that replaces the app in the tab.
  export: (id: string, f: ExportFormat) => `${inLanguage(appPath(`/api/snapshots/${e(id)}/export.${f}`))}&download=1`,
  report: (id: string, f: 'pdf' | 'md') => `${inLanguage(appPath(`/api/projects/${e(id)}/report.${f}`))}&download=1`,
  sharedThumbnail: (token: string, id: string) => appPath(`/api/share/${e(token)}/snapshots/${e(id)}/thumbnail.png`),
  /** A picture a snapshot keeps (its labels' photos), for its facilitators. */
  picture: (id: string, hash: string) => appPath(`/api/snapshots/${e(id)}/images/${e(hash)}`),
  /** A picture of a shared snapshot: only those its labels show are there. */
  sharedPicture: (token: string, id: string, hash: string) =>
    appPath(`/api/share/${e(token)}/snapshots/${e(id)}/images/${e(hash)}`),
  sharedExport: (token: string, id: string, f: ExportFormat) =>
    `${inLanguage(appPath(`/api/share/${e(token)}/snapshots/${e(id)}/export.${f}`))}&download=1`,
  sharedReport: (token: string, f: 'pdf' | 'md') =>
    `${inLanguage(appPath(`/api/share/${e(token)}/report.${f}`))}&download=1`,
}
