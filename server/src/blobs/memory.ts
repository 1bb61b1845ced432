import { contentHash } from '../images/validate.ts'
import type { Blob, BlobStore } from './types.ts'

/** Pictures in memory, for tests and the memory store. */
export function createMemoryBlobStore(): BlobStore {
  const boards = new Map<string, Map<string, Blob>>()
  /** `board \0 hash \0 uploader` of every recorded upload. */
  const uploads = new Set<string>()
  const uploadKey = (boardId: string, hash: string, uploader: string) => `${boardId}\0${hash}\0${uploader}`
  return {
    kind: 'memory',
    async put(boardId, data, mime, uploader) {
      const hash = contentHash(data)
      const board = boards.get(boardId) ?? new Map<string, Blob>()
      boards.set(boardId, board)
      if (!board.has(hash)) board.set(hash, { hash, mime, data: Uint8Array.from(data) })
      if (uploader !== undefined) uploads.add(uploadKey(boardId, hash, uploader))
      return hash
    },
    async uploadedBy(boardId, hash, uploader) {
      return boards.get(boardId)?.has(hash) === true && uploads.has(uploadKey(boardId, hash, uploader))
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
      for (const key of uploads) if (key.startsWith(`${boardId}\0`)) uploads.delete(key)
      return n
    },
    async close() {
      boards.clear()
      uploads.clear()
    },
  }
}
