/**
 * The REST API's request and response shapes, as TypeBox schemas: the server
 * validates and documents with them, the client takes its types from them
 * (`import type` only, so TypeBox never reaches a browser bundle).
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox'
import { ErrorCode } from '../errors.ts'
import { ICONS, type Icon, MAX_SHORT_TEXT } from '../schema.ts'

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
/** The body of every error: a stable `code` to branch on (one of ErrorCode) and a `message` to show. */
export const ErrorOut = Type.Object(
  {
    code: Type.Unsafe<ErrorCode>({ type: 'string', enum: Object.values(ErrorCode) }),
    message: Type.String({ description: 'Plain words for the person at the screen, in the language asked for' }),
  },
  { title: 'ErrorOut' },
)
/** A picture the server accepted (`POST /api/boards/{id}/images`): re-encoded, without metadata. */
export const ImageOut = Type.Object(
  {
    hash: Type.String({ pattern: '^[0-9a-f]{64}$', description: "The picture's content hash: a label's `photo`" }),
    mime: Type.Literal('image/jpeg'),
    width: Type.Number(),
    height: Type.Number(),
    bytes: Type.Number({ description: 'Size of the stored picture' }),
  },
  { title: 'ImageOut' },
)
export type ImageOut = Static<typeof ImageOut>
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
export const ProjectOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  ownerId: Type.String(),
  createdAt: Type.Number(),
  /** The signed-in facilitator's role: only the owner deletes the project. */
  role: Type.Union([Type.Literal('owner'), Type.Literal('member')]),
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
export const SnapshotOut = Type.Object({
  id: Type.String(),
  boardId: Type.String(),
  projectId: Nullable(Type.String()),
  name: Type.String(),
  createdAt: Type.Number(),
  createdBy: Type.String(),
  labelCount: Type.Number(),
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
  icon: Type.Unsafe<Icon>({ type: 'string', enum: [...ICONS] }),
  order: Type.Number(),
})
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
export const LabelOut = Type.Object({
  id: Type.String(),
  text: Type.String(),
  category: Type.String(),
  createdAt: Type.Number(),
  votes: Type.Number(),
  nickname: Type.Optional(Type.String()),
  /** Content hash of the label's picture; read it from the images route of whatever served this wall. */
  photo: Type.Optional(Type.String()),
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

export const UserOut = Type.Object({ id: Type.String(), email: Type.String() })
/** What joining a board with its code gives a phone: the board, its token and who it is on the board. */
export const JoinOut = Type.Object({
  boardId: Type.String(),
  token: Type.String(),
  participantId: Type.String(),
  title: Type.String(),
})

/** What a file brought in became: `POST /api/boards/import`. */
export const ImportOut = Type.Object({
  board: BoardOut,
  labels: Type.Integer({ description: 'Labels on the new wall' }),
  themes: Type.Integer(),
  snapshots: Type.Integer({ description: 'Saved walls brought along (Vægavis exports)' }),
  skipped: Type.Integer({ description: 'Empty posts that were left out (Padlet)' }),
})
/** Files a board can be brought in from. */
export const ImportFormat = { Vaegavis: 'vaegavis', Padlet: 'padlet' } as const
export type ImportFormat = (typeof ImportFormat)[keyof typeof ImportFormat]
export const ImportQuery = Type.Object({
  format: Type.Union([Type.Literal(ImportFormat.Vaegavis), Type.Literal(ImportFormat.Padlet)]),
  /** Padlet's CSV has no title of its own; for a Vægavis export it renames the wall. */
  title: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_SHORT_TEXT })),
  projectId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
  meetingId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
})

export type ErrorOut = Static<typeof ErrorOut>
export type ImportOut = Static<typeof ImportOut>
export type BoardOut = Static<typeof BoardOut>
export type ProjectOut = Static<typeof ProjectOut>
export type MemberOut = Static<typeof MemberOut>
export type MeetingOut = Static<typeof MeetingOut>
export type SnapshotOut = Static<typeof SnapshotOut>
export type SharedSnapshotOut = Static<typeof SharedSnapshotOut>
export type ShareOut = Static<typeof ShareOut>
export type CreatedShareOut = Static<typeof CreatedShareOut>
export type CreateShareBody = Static<typeof CreateShareBody>
export type CategoryOut = Static<typeof CategoryOut>
export type TemplateOut = Static<typeof TemplateOut>
export type LabelOut = Static<typeof LabelOut>
export type WallOut = Static<typeof WallOut>
export type UserOut = Static<typeof UserOut>
export type JoinOut = Static<typeof JoinOut>

/** One note the capture found on a photo of a paper wall, as the review screen shows it. */
export interface CaptureNote {
  id: string
  /** Content hash of the note's straightened crop in the board's picture store. */
  crop: string
  text: string
  category: string
  /** Which proposed group (theme) it belongs to, from how the notes sit on the poster. */
  group: number
  confidence: number
  /** Where it sat on the photo, in photo pixels, and how far it was turned (degrees). */
  box: { cx: number; cy: number; w: number; h: number; angle: number }
}

/** A photo being read, or read: `GET /api/boards/:id/capture`. */
export interface CaptureSession {
  id: string
  status: 'running' | 'done' | 'failed'
  stage: string
  progress: number
  width: number
  height: number
  groups: number
  notes: CaptureNote[]
  legend: { id: string; colour: string; meaning: string }[]
  error?: { code: string; message: string }
}
