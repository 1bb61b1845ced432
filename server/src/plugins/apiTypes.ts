/**
 * Output mappers of the board, project, snapshot and share routes. Their schemas live in
 * `@vaegavis/shared/api`, where the client takes its types from too; re-exported here for the plugins.
 */
import { Type } from '@sinclair/typebox'
import type { Category } from '@vaegavis/shared'
import type { WallLabel, WallModel } from '../exports/index.ts'
import { shareStatus } from '../services/shares.ts'
import type { Template } from '../services/templates.ts'

export {
  BoardOut,
  CategoryOut,
  CreatedShareOut,
  CreateShareBody,
  DateString,
  ErrorOut,
  IdParams,
  JoinOut,
  MeetingOut,
  MemberOut,
  Nullable,
  ProjectOut,
  SharedSnapshotOut,
  ShareOut,
  SnapshotOut,
  TemplateOut,
  UserOut,
  WallOut,
} from '@vaegavis/shared/api'

import type { BoardRecord, MeetingRecord, ProjectRecord, ShareLinkRecord, SnapshotSummary } from '../storage/types.ts'

export const boardOut = (b: BoardRecord) => ({
  id: b.id,
  title: b.title,
  joinCode: b.joinCode,
  createdAt: b.createdAt,
  projectId: b.projectId,
  meetingId: b.meetingId,
})
export const projectOut = (p: ProjectRecord, userId: string) => ({
  id: p.id,
  title: p.title,
  ownerId: p.ownerId,
  createdAt: p.createdAt,
  role: p.ownerId === userId ? ('owner' as const) : ('member' as const),
})
export const meetingOut = (m: MeetingRecord) => ({ ...m })
export const snapshotOut = (s: SnapshotSummary) => ({
  id: s.id,
  boardId: s.boardId,
  projectId: s.projectId,
  name: s.name,
  createdAt: s.createdAt,
  createdBy: s.createdBy,
  labelCount: s.labelCount,
})
export const shareOut = (l: ShareLinkRecord) => ({
  id: l.id,
  projectId: l.projectId,
  snapshotId: l.snapshotId,
  createdAt: l.createdAt,
  expiresAt: l.expiresAt,
  revokedAt: l.revokedAt,
  status: shareStatus(l),
})
const categoryOut = (c: Category) => ({ id: c.id, colour: c.colour, meaning: c.meaning, icon: c.icon, order: c.order })
export const templateOut = (t: Template) => ({
  id: t.id,
  name: t.name,
  builtIn: t.builtIn,
  description: t.description,
  question: t.body.question,
  legend: t.body.legend.map(categoryOut),
  themes: t.body.themes.map((th) => th.name),
  vote: t.body.vote,
})
const labelOut = (l: WallLabel) => ({
  id: l.id,
  text: l.text,
  category: l.category,
  createdAt: l.createdAt,
  votes: l.votes,
  ...(l.nickname !== undefined ? { nickname: l.nickname } : {}),
  ...(l.photo !== undefined ? { photo: l.photo } : {}),
})
export const wallOut = (m: WallModel) => ({
  title: m.title,
  question: m.question,
  legend: m.legend.map(categoryOut),
  voteRound: m.voteRound && { target: m.voteRound.target, dots: m.voteRound.dots, open: m.voteRound.open },
  labelCount: m.labelCount,
  themes: m.themes.map((t) => ({
    id: t.id,
    name: t.name,
    votes: t.votes,
    labels: t.labels.map(labelOut),
    answers: t.answers.map(labelOut),
  })),
  unsorted: m.unsorted.map(labelOut),
})
/** A picture's content hash in a route (a label's `photo`). */
export const HashParam = Type.String({ pattern: '^[0-9a-f]{64}$' })

/** OpenAPI description of a binary (or text file) response. */
export function fileResponse(description: string, types: readonly string[]) {
  return {
    description,
    content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
  }
}
