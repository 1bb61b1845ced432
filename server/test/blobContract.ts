/**
 * The contract every {@link BlobStore} adapter passes unchanged (vitest
 * `describe`/`it`). Board ids are random per test, so adapters can share one database.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BlobStore, snapshotPictures } from '../src/blobs/types.ts'
import { contentHash } from '../src/images/validate.ts'

export interface BlobHarness {
  /** Opens a store instance; with a persistent backend every instance sees the same data. */
  open(): Promise<BlobStore>
  dispose(): Promise<void>
}

const bytes = (seed: number, n = 5000) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) % 251)

export function blobContract(name: string, makeHarness: () => Promise<BlobHarness>, options: { persistent: boolean }) {
  describe(`${name} picture store`, () => {
    let harness: BlobHarness
    let store: BlobStore
    beforeAll(async () => {
      harness = await makeHarness()
      store = await harness.open()
    })
    afterAll(async () => {
      await store?.close()
      await harness?.dispose()
    })

    it('gives back the same bytes and type under their content hash', async () => {
      const board = randomUUID()
      const data = bytes(1)
      const hash = await store.put(board, data, 'image/jpeg')
      expect(hash).toBe(contentHash(data))
      const got = await store.get(board, hash)
      expect(got?.mime).toBe('image/jpeg')
      expect(Buffer.from(got?.data ?? []).equals(Buffer.from(data))).toBe(true)
    })

    it('stores the same picture once however often it is put', async () => {
      const board = randomUUID()
      const a = await store.put(board, bytes(2), 'image/jpeg')
      const b = await store.put(board, bytes(2), 'image/jpeg')
      expect(a).toBe(b)
      expect(await store.list(board)).toEqual([a])
    })

    it("never shows one board's picture through another board", async () => {
      const mine = randomUUID()
      const hash = await store.put(mine, bytes(3), 'image/jpeg')
      expect(await store.get(randomUUID(), hash)).toBeUndefined()
    })

    it('deletes every picture of a board and only those', async () => {
      const gone = randomUUID()
      const kept = randomUUID()
      const h1 = await store.put(gone, bytes(4), 'image/jpeg')
      const h2 = await store.put(gone, bytes(5), 'image/png')
      const h3 = await store.put(kept, bytes(4), 'image/jpeg')
      expect(await store.deleteForBoard(gone)).toBe(2)
      expect(await store.get(gone, h1)).toBeUndefined()
      expect(await store.get(gone, h2)).toBeUndefined()
      expect(await store.list(gone)).toEqual([])
      expect((await store.get(kept, h3))?.mime).toBe('image/jpeg')
      expect(await store.deleteForBoard(gone)).toBe(0)
    })

    it('knows who sent a picture: only that uploader, on that board, while the picture is kept', async () => {
      const board = randomUUID()
      const other = randomUUID()
      const hash = await store.put(board, bytes(8), 'image/jpeg', 'phone-a')
      await store.put(board, bytes(8), 'image/jpeg', 'phone-b')
      const facilitators = await store.put(board, bytes(9), 'image/jpeg')
      expect(await store.uploadedBy(board, hash, 'phone-a')).toBe(true)
      expect(await store.uploadedBy(board, hash, 'phone-b')).toBe(true)
      expect(await store.uploadedBy(board, hash, 'phone-c')).toBe(false)
      expect(await store.uploadedBy(board, facilitators, 'phone-a')).toBe(false)
      expect(await store.uploadedBy(other, hash, 'phone-a')).toBe(false)
      expect(await store.deleteForBoard(board)).toBe(2)
      expect(await store.uploadedBy(board, hash, 'phone-a')).toBe(false)
      // Stored again after the board's pictures went: nobody is remembered as its sender.
      await store.put(board, bytes(8), 'image/jpeg')
      expect(await store.uploadedBy(board, hash, 'phone-a')).toBe(false)
    })

    it('deletes one picture of a board, leaving its other pictures and other boards’ copy', async () => {
      const board = randomUUID()
      const other = randomUUID()
      const gone = await store.put(board, bytes(8), 'image/jpeg')
      const kept = await store.put(board, bytes(9), 'image/png')
      await store.put(other, bytes(8), 'image/jpeg')
      expect(await store.delete(board, gone)).toBe(true)
      expect(await store.get(board, gone)).toBeUndefined()
      expect(await store.list(board)).toEqual([kept])
      expect((await store.get(other, gone))?.data.byteLength).toBe(5000)
      expect(await store.delete(board, gone)).toBe(false)
      // Put again after a delete, it is stored again (a label placed anew with the same crop).
      await store.put(board, bytes(8), 'image/jpeg')
      expect((await store.get(board, gone))?.mime).toBe('image/jpeg')
    })

    it('keeps a snapshot’s copies in a namespace of their own', async () => {
      const board = randomUUID()
      const hash = await store.put(board, bytes(10), 'image/jpeg')
      await store.put(snapshotPictures(randomUUID()), bytes(10), 'image/jpeg')
      const snap = snapshotPictures(randomUUID())
      await store.put(snap, bytes(10), 'image/jpeg')
      expect(await store.deleteForBoard(board)).toBe(1)
      expect((await store.get(snap, hash))?.mime).toBe('image/jpeg')
      expect(await store.get(board, hash)).toBeUndefined()
    })

    it('answers undefined for a hash it never stored', async () => {
      expect(await store.get(randomUUID(), contentHash(bytes(6)))).toBeUndefined()
    })

    if (options.persistent) {
      it('keeps pictures across a restart', async () => {
        const board = randomUUID()
        const hash = await store.put(board, bytes(7), 'image/webp')
        const again = await harness.open()
        try {
          expect((await again.get(board, hash))?.data.byteLength).toBe(5000)
        } finally {
          await again.close()
        }
      })
    }
  })
}
