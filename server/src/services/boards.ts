/** Board lifecycle: the relational row and the Yjs document are created and deleted together. */
import { generateJoinCode, heldDocName, initBoard } from '@vaegavis/shared'
import * as Y from 'yjs'
import { hashPassword, newRandomId } from '../auth/secrets.ts'
import type { BoardRecord, Store, UserRecord } from '../storage/types.ts'

/** Creates a board with the default Danish legend. The document is stored before the row, so a listed board always has one. */
export async function createBoard(store: Store, ownerId: string, title: string): Promise<BoardRecord> {
  const id = newRandomId()
  const doc = new Y.Doc()
  initBoard(doc, { title })
  await store.docs.append(id, [Y.encodeStateAsUpdate(doc)])
  doc.destroy()
  for (let attempt = 0; ; attempt++) {
    const board: BoardRecord = { id, ownerId, title, joinCode: generateJoinCode(), createdAt: Date.now() }
    try {
      await store.app.createBoard(board)
      return board
    } catch (e: unknown) {
      // A join-code collision is astronomically rare; anything else is a real failure.
      if (attempt >= 4 || (await store.app.getBoardByJoinCode(board.joinCode)) === undefined) throw e
    }
  }
}

/** Deletes the board's document (every update and snapshot) and then its row and tokens. */
export async function deleteBoard(store: Store, id: string): Promise<void> {
  await store.docs.delete(id)
  await store.docs.delete(heldDocName(id))
  await store.app.deleteBoard(id)
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
  await store.app.createUser(user)
  return { user, created: true }
}
