/**
 * The document tables of the SQLite store as plain synchronous functions over
 * one connection. The storage worker (sqliteWorker.ts) owns that connection,
 * so none of this runs on the event loop that relays boards.
 */
import type Database from 'better-sqlite3'
import { decideClaims } from './claims.ts'
import { foldStored } from './fold.ts'
import { type DocRow, storedDocFromRows, toBuffer } from './rows.ts'
import type { AppendResult, DocAppend, StoredDoc } from './types.ts'

export interface DocAppendBatch {
  docName: string
  entries: DocAppend[]
}

export interface DocTables {
  load(docName: string): StoredDoc
  /** Appends every batch in one transaction: one fsync for all of them. */
  appendAll(batches: readonly DocAppendBatch[]): AppendResult[]
  compact(docName: string, snapshot: Uint8Array, uptoSeq: number, purge: boolean): void
  /** Folds the stored log into one snapshot; resolves with how many log entries it folded. */
  fold(docName: string, purge: boolean): number
  delete(docName: string): void
}

export function docTables(db: Database.Database): DocTables {
  const q = {
    load: db.prepare<[string], DocRow>(
      `SELECT d.last_seq, d.snapshot_seq, u.seq, u.data
         FROM docs d LEFT JOIN doc_updates u ON u.doc_name = d.name
        WHERE d.name = ? ORDER BY u.seq`,
    ),
    owners: db.prepare<[string], { client: number; subject: string }>(
      'SELECT client, subject FROM doc_clients WHERE doc_name = ?',
    ),
    owner: db.prepare<[string, number], { subject: string }>(
      'SELECT subject FROM doc_clients WHERE doc_name = ? AND client = ?',
    ),
    claim: db.prepare<[string, number, string], void>(
      'INSERT INTO doc_clients (doc_name, client, subject) VALUES (?, ?, ?)',
    ),
    ensureDoc: db.prepare<[string], void>('INSERT INTO docs (name, last_seq) VALUES (?, 0) ON CONFLICT DO NOTHING'),
    bumpSeq: db.prepare<[string, number], { last_seq: number }>(
      `INSERT INTO docs (name, last_seq) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET last_seq = last_seq + excluded.last_seq
       RETURNING last_seq`,
    ),
    insertUpdate: db.prepare<[string, number, Buffer], void>(
      'INSERT INTO doc_updates (doc_name, seq, data) VALUES (?, ?, ?)',
    ),
    docSeqs: db.prepare<[string], { last_seq: number; snapshot_seq: number }>(
      'SELECT last_seq, snapshot_seq FROM docs WHERE name = ?',
    ),
    deleteUpTo: db.prepare<[string, number], void>('DELETE FROM doc_updates WHERE doc_name = ? AND seq <= ?'),
    setSnapshotSeq: db.prepare<[number, string], void>('UPDATE docs SET snapshot_seq = ? WHERE name = ?'),
    deleteDoc: db.prepare<[string], void>('DELETE FROM docs WHERE name = ?'),
  }

  function appendOne(docName: string, entries: readonly DocAppend[]): AppendResult {
    if (entries.length === 0) return { lastSeq: q.docSeqs.get(docName)?.last_seq ?? 0, refused: [] }
    q.ensureDoc.run(docName)
    const refused = decideClaims(
      entries,
      (c) => q.owner.get(docName, c)?.subject,
      (c, subject) => q.claim.run(docName, c, subject),
    )
    const updates = entries.filter((_, i) => !refused.includes(i)).map((e) => e.update)
    const row = q.bumpSeq.get(docName, updates.length)
    if (!row) throw new Error('SQLite returned no row from INSERT … RETURNING')
    const first = row.last_seq - updates.length + 1
    updates.forEach((update, i) => {
      q.insertUpdate.run(docName, first + i, toBuffer(update))
    })
    return { lastSeq: row.last_seq, refused }
  }

  const appendAllTx = db.transaction((batches: readonly DocAppendBatch[]): AppendResult[] =>
    batches.map((b) => appendOne(b.docName, b.entries)),
  )

  const loadTx = db.transaction((docName: string): StoredDoc => {
    return storedDocFromRows(q.load.all(docName), q.owners.all(docName), asView)
  })

  const compactTx = db.transaction((docName: string, snapshot: Uint8Array, uptoSeq: number): boolean => {
    const doc = q.docSeqs.get(docName)
    // Stale (another instance compacted further) or out of range: keeping the log is always safe.
    if (!doc || uptoSeq <= doc.snapshot_seq || uptoSeq > doc.last_seq) return false
    q.deleteUpTo.run(docName, uptoSeq)
    q.insertUpdate.run(docName, uptoSeq, toBuffer(snapshot))
    q.setSnapshotSeq.run(uptoSeq, docName)
    return true
  })

  function compact(docName: string, snapshot: Uint8Array, uptoSeq: number, purge: boolean): void {
    compactTx.immediate(docName, snapshot, uptoSeq)
    // secure_delete zeroed the replaced rows' pages; the write-ahead log still holds their old images.
    if (purge) db.pragma('wal_checkpoint(TRUNCATE)')
  }

  return {
    load: (docName) => loadTx(docName),
    appendAll: (batches) => appendAllTx.immediate(batches),
    compact,
    fold(docName, purge) {
      const stored = loadTx(docName)
      const snapshot = foldStored(stored, purge)
      if (snapshot) compact(docName, snapshot, stored.lastSeq, purge)
      return snapshot ? stored.logLength : 0
    },
    delete(docName) {
      q.deleteDoc.run(docName)
    },
  }
}

/** A view, not a copy: the load is read on the worker and posted to the main thread as it is. */
function asView(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
