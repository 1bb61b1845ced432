/** Board lifecycle: the relational row and the Yjs document are created and deleted together. */
import { CloseCode, DEFAULT_LOCALE, generateJoinCode, heldDocName, initBoard } from '@vaegavis/shared'
import * as Y from 'yjs'
import { hashPassword, newRandomId } from '../auth/secrets.ts'
import { snapshotPictures } from '../blobs/index.ts'
import { isStoreError, StoreErrorCode } from '../storage/errors.ts'
import type { BoardRecord, Store, UserRecord } from '../storage/types.ts'
import { type RoomManager, SERVER_SUBJECT } from '../sync/index.ts'
import { defaultLegendIn } from './templates.ts'

export interface NewBoardOptions {
  /** Fills the new document (default: the default legend in `locale`). Runs on a fresh Y.Doc. */
  build?: (doc: Y.Doc) => void
  /** Language of the default legend's meanings when there is no `build`; Danish if not given. */
  locale?: string
  projectId?: string | null
  meetingId?: string | null
}

/**
 * Creates a board. The document is stored before the row, so a listed board
 * always has one; its first stored update is the whole initial state.
 */
export async function createBoard(
  store: Store,
  ownerId: string,
  title: string,
  opts: NewBoardOptions = {},
): Promise<BoardRecord> {
  const id = newRandomId()
  const doc = new Y.Doc()
  try {
    if (opts.build) opts.build(doc)
    else initBoard(doc, { title, legend: defaultLegendIn(opts.locale ?? DEFAULT_LOCALE) })
    // Every client id in it is the server's (a fork copies other devices' structs): nobody writes there.
    const clients = [...doc.store.clients.keys()]
    await store.docs.append(id, [{ update: Y.encodeStateAsUpdate(doc), subject: SERVER_SUBJECT, clients }])
  } finally {
    doc.destroy()
  }
  for (let attempt = 0; ; attempt++) {
    const board: BoardRecord = {
      id,
      ownerId,
      title,
      joinCode: generateJoinCode(),
      createdAt: Date.now(),
      projectId: opts.projectId ?? null,
      meetingId: opts.meetingId ?? null,
    }
    try {
      await store.app.createBoard(board)
      return board
    } catch (e: unknown) {
      // A join-code collision is astronomically rare; anything else is a real failure.
      if (attempt >= 4 || (await store.app.getBoardByJoinCode(board.joinCode)) === undefined) {
        await store.docs.delete(id)
        throw e
      }
    }
  }
}

/** What holds a board's pictures (the blob store); deleting a board deletes them and its snapshots' copies. */
export interface BoardPictures {
  deleteForBoard(boardId: string): Promise<unknown>
}

/**
 * Deletes the board's document (every update and snapshot), its pictures and
 * its snapshots' copies, and then its row, tokens, snapshots and their share links.
 */
export async function deleteBoard(store: Store, pictures: BoardPictures, id: string): Promise<void> {
  await store.docs.delete(id)
  await pictures.deleteForBoard(id)
  for (const s of await store.app.listSnapshots({ boardId: id })) await pictures.deleteForBoard(snapshotPictures(s.id))
  await store.docs.delete(heldDocName(id))
  await store.app.deleteBoard(id)
}

/** Closes everyone's sockets on the board (4404) and deletes it with everything on it. */
export async function removeBoard(
  store: Store,
  rooms: RoomManager,
  pictures: BoardPictures,
  id: string,
): Promise<void> {
  await rooms.evict(id, CloseCode.BoardGone, 'board deleted')
  await rooms.evict(heldDocName(id), CloseCode.BoardGone, 'board deleted')
  await deleteBoard(store, pictures, id)
}

/** Makes sure a facilitator account with this email exists; sets the password when it is new. */
export async function ensureFacilitator(
  store: Store,
  email: string,
  password: string,
): Promise<{ user: UserRecord; created: boolean }> {
  const existing = await store.app.getUserByEmail(email)
  if (existing) return { user: existing, created: false }
  const user: UserRecord = {
    id: newRandomId(),
    email: email.toLowerCase(),
    passwordHash: await hashPassword(password),
    createdAt: Date.now(),
  }
  try {
    await store.app.createUser(user)
  } catch (e: unknown) {
    // Several instances starting at once on one database race to create the same account.
    const winner = isStoreError(e, StoreErrorCode.Duplicate, 'email')
      ? await store.app.getUserByEmail(email)
      : undefined
    if (!winner) throw e
    return { user: winner, created: false }
  }
  return { user, created: true }
}
