import { contentHash } from '../images/validate.ts'
import type { Blob, BlobStore } from './types.ts'

/** Pictures in memory, for tests and the memory store. */
export function createMemoryBlobStore(): BlobStore {
  const boards = new Map<string, Map<string, Blob>>()
  return {
    kind: 'memory',
    async put(boardId, data, mime) {
      const hash = contentHash(data)
      const board = boards.get(boardId) ?? new Map<string, Blob>()
      boards.set(boardId, board)
      if (!board.has(hash)) board.set(hash, { hash, mime, data: Uint8Array.from(data) })
      return hash
    },
    async get(boardId, hash) {
      const b = boards.get(boardId)?.get(hash)
      return b ? { ...b, data: Uint8Array.from(b.data) } : undefined
    },
    async list(boardId) {
      return [...(boards.get(boardId)?.keys() ?? [])]
    },
    async delete(boardId, hash) {
      return boards.get(boardId)?.delete(hash) ?? false
    },
    async deleteForBoard(boardId) {
      const n = boards.get(boardId)?.size ?? 0
      boards.delete(boardId)
      return n
    },
    async close() {
      boards.clear()
    },
  }
}
