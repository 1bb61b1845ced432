/** TypeBox schemas and output mappers shared by the board, project, snapshot and share routes. */
import { type TSchema, Type } from '@sinclair/typebox'
import { type Category, ErrorCode } from '@vaegavis/shared'
import type { WallLabel, WallModel } from '../exports/index.ts'
import { shareStatus } from '../services/shares.ts'
import type { Template } from '../services/templates.ts'
import type { BoardRecord, MeetingRecord, ProjectRecord, ShareLinkRecord, SnapshotSummary } from '../storage/types.ts'

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])

/** The body of every error: a stable `code` to branch on (one of ErrorCode) and a `message` to show. */
export const ErrorOut = Type.Object(
  {
    code: Type.Unsafe<ErrorCode>({ type: 'string', enum: Object.values(ErrorCode) }),
    message: Type.String({ description: 'Plain words for the person at the screen, in the language asked for' }),
  },
  { title: 'ErrorOut' },
)
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
/** A calendar date, `YYYY-MM-DD`. */
export const DateString = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' })

export const BoardOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  joinCode: Type.String(),
  createdAt: Type.Number(),
  projectId: Nullable(Type.String()),
  meetingId: Nullable(Type.String()),
})
export const boardOut = (b: BoardRecord) => ({
  id: b.id,
  title: b.title,
  joinCode: b.joinCode,
  createdAt: b.createdAt,
  projectId: b.projectId,
  meetingId: b.meetingId,
})

export const ProjectOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  ownerId: Type.String(),
  createdAt: Type.Number(),
  /** The signed-in facilitator's role: only the owner deletes the project. */
  role: Type.Union([Type.Literal('owner'), Type.Literal('member')]),
})
export const projectOut = (p: ProjectRecord, userId: string) => ({
  id: p.id,
  title: p.title,
  ownerId: p.ownerId,
  createdAt: p.createdAt,
  role: p.ownerId === userId ? ('owner' as const) : ('member' as const),
})

export const MemberOut = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  addedAt: Type.Number(),
  owner: Type.Boolean(),
})

export const MeetingOut = Type.Object({
  id: Type.String(),
  projectId: Type.String(),
  title: Type.String(),
  date: Type.String(),
  createdAt: Type.Number(),
})
export const meetingOut = (m: MeetingRecord) => ({ ...m })

export const SnapshotOut = Type.Object({
  id: Type.String(),
  boardId: Type.String(),
  projectId: Nullable(Type.String()),
  name: Type.String(),
  createdAt: Type.Number(),
  createdBy: Type.String(),
  labelCount: Type.Number(),
})
export const snapshotOut = (s: SnapshotSummary) => ({
  id: s.id,
  boardId: s.boardId,
  projectId: s.projectId,
  name: s.name,
  createdAt: s.createdAt,
  createdBy: s.createdBy,
  labelCount: s.labelCount,
})
/** What a share-link viewer sees of a snapshot: not who took it. */
export const SharedSnapshotOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.Number(),
  labelCount: Type.Number(),
  boardTitle: Type.String(),
})

export const ShareOut = Type.Object({
  id: Type.String(),
  projectId: Nullable(Type.String()),
  snapshotId: Nullable(Type.String()),
  createdAt: Type.Number(),
  expiresAt: Nullable(Type.Number()),
  revokedAt: Nullable(Type.Number()),
  status: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
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
export const CreatedShareOut = Type.Object({
  share: ShareOut,
  /** Shown once: the link to hand out. */
  url: Type.String(),
  token: Type.String(),
})
export const CreateShareBody = Type.Object({
  /** Milliseconds since the epoch; omit for a link that does not expire. */
  expiresAt: Type.Optional(Nullable(Type.Number())),
})

export const CategoryOut = Type.Object({
  id: Type.String(),
  colour: Type.String(),
  meaning: Type.String(),
  icon: Type.String(),
  order: Type.Number(),
})
const categoryOut = (c: Category) => ({ id: c.id, colour: c.colour, meaning: c.meaning, icon: c.icon, order: c.order })

export const TemplateOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  builtIn: Type.Boolean(),
  description: Type.String(),
  question: Type.String(),
  legend: Type.Array(CategoryOut),
  themes: Type.Array(Type.String()),
  vote: Nullable(Type.Object({ target: Type.String(), dots: Type.Number() })),
})
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

const LabelOut = Type.Object({
  id: Type.String(),
  text: Type.String(),
  category: Type.String(),
  createdAt: Type.Number(),
  votes: Type.Number(),
  nickname: Type.Optional(Type.String()),
})
const labelOut = (l: WallLabel) => ({
  id: l.id,
  text: l.text,
  category: l.category,
  createdAt: l.createdAt,
  votes: l.votes,
  ...(l.nickname !== undefined ? { nickname: l.nickname } : {}),
})

/** A wall read for showing step by step (recap): themes with labels, answers and votes. */
export const WallOut = Type.Object({
  title: Type.String(),
  question: Type.String(),
  legend: Type.Array(CategoryOut),
  voteRound: Nullable(Type.Object({ target: Type.String(), dots: Type.Number(), open: Type.Boolean() })),
  labelCount: Type.Number(),
  themes: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      votes: Type.Number(),
      labels: Type.Array(LabelOut),
      answers: Type.Array(LabelOut),
    }),
  ),
  unsorted: Type.Array(LabelOut),
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

/** OpenAPI description of a binary (or text file) response. */
export function fileResponse(description: string, types: readonly string[]) {
  return {
    description,
    content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
  }
}
