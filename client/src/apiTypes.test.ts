/**
 * The client's API types are the server's (issue #12): each call resolves to
 * the type of the schema the server answers with, from `@vaegavis/shared/api`.
 * Checked by the type checker (`pnpm typecheck`); a hand-written interface that
 * drifts from the schema fails it.
 */
import type {
  BoardOut,
  JoinOut,
  MeetingOut,
  MemberOut,
  ProjectOut,
  ShareOut,
  SnapshotOut,
  TemplateOut,
  UserOut,
  WallOut,
} from '@vaegavis/shared/api'
import { describe, expectTypeOf, it } from 'vitest'
import { api } from './api.ts'
import { archiveApi } from './archiveApi.ts'

describe('the client speaks the server’s types', () => {
  it('sign-in, boards and joining', () => {
    expectTypeOf(api.login).returns.resolves.toEqualTypeOf<UserOut>()
    expectTypeOf(api.me).returns.resolves.toEqualTypeOf<UserOut>()
    expectTypeOf(api.listBoards).returns.resolves.toEqualTypeOf<BoardOut[]>()
    expectTypeOf(api.createBoard).returns.resolves.toEqualTypeOf<BoardOut>()
    expectTypeOf(api.getBoard).returns.resolves.toEqualTypeOf<BoardOut>()
    expectTypeOf(api.join).returns.resolves.toEqualTypeOf<JoinOut>()
  })

  it('projects, meetings, snapshots, templates and shares', () => {
    expectTypeOf(archiveApi.listProjects).returns.resolves.toEqualTypeOf<ProjectOut[]>()
    expectTypeOf(archiveApi.addMember).returns.resolves.toEqualTypeOf<MemberOut[]>()
    expectTypeOf(archiveApi.createMeeting).returns.resolves.toEqualTypeOf<MeetingOut>()
    expectTypeOf(archiveApi.templates).returns.resolves.toEqualTypeOf<TemplateOut[]>()
    expectTypeOf(archiveApi.createBoard).returns.resolves.toEqualTypeOf<BoardOut>()
    expectTypeOf(archiveApi.saveWall).returns.resolves.toEqualTypeOf<SnapshotOut>()
    expectTypeOf(archiveApi.snapshotWall).returns.resolves.toEqualTypeOf<{ snapshot: SnapshotOut; wall: WallOut }>()
    expectTypeOf(archiveApi.revokeShare).returns.resolves.toEqualTypeOf<ShareOut>()
  })
})
