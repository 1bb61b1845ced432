import type { PoolClient } from 'pg'
import { decideClaims } from '../claims.ts'
import { foldLoaded } from '../fold.ts'
import { type DocRow, storedDocFromRows, toBuffer } from '../rows.ts'
import type { AppendResult, DocAppend, DocStore, StoredDoc } from '../types.ts'
import type { Pg } from './db.ts'

/** Bind parameters per statement stay far below Postgres' limit of 65535. */
const INSERT_CHUNK = 1000

/**
 * The documents: a counter row per document, its updates, and the owners of
 * its Yjs client ids. `close` ends the whole store (one pool).
 */
export function postgresDocs({ pool, transaction }: Pg, close: () => Promise<void>): DocStore {
  /**
   * Group commit: appends from every room that arrive while one transaction is in flight go into
   * the next one, a fixed handful of statements however many boards it covers, so boards share
   * round trips and fsyncs instead of queueing for pool connections.
   */
  interface WaitingAppend {
    docName: string
    entries: DocAppend[]
    resolve: (r: AppendResult) => void
    reject: (e: unknown) => void
  }
  let waiting: WaitingAppend[] = []
  let committing = false

  async function commitWaiting(): Promise<void> {
    committing = true
    while (waiting.length > 0) {
      const batch = waiting
      waiting = []
      try {
        const results = await transaction((client) => appendAll(client, batch))
        batch.forEach((w, i) => {
          w.resolve(results[i]!)
        })
      } catch (e: unknown) {
        for (const w of batch) w.reject(e)
      }
    }
    committing = false
  }

  async function appendAll(client: PoolClient, batch: readonly WaitingAppend[]): Promise<AppendResult[]> {
    // Row-locks every counter until COMMIT, in name order so two instances never deadlock: appends
    // to one document run one at a time, seqs commit in order (a global sequence would let a higher
    // seq commit first, and a compaction up to it could then delete the lower one), and the owners
    // read next are final when two instances race for the same client id.
    const names = [...new Set(batch.map((w) => w.docName))].sort()
    const locked = await client.query<{ name: string; last_seq: string }>(
      `INSERT INTO docs (name, last_seq) SELECT n, 0 FROM unnest($1::text[]) AS n ORDER BY n
       ON CONFLICT (name) DO UPDATE SET last_seq = docs.last_seq
       RETURNING name, last_seq`,
      [names],
    )
    const lastSeq = new Map(locked.rows.map((r) => [r.name, Number(r.last_seq)]))
    const askDocs: string[] = []
    const askClients: number[] = []
    for (const w of batch) {
      for (const c of new Set(w.entries.flatMap((e) => e.clients))) {
        askDocs.push(w.docName)
        askClients.push(c)
      }
    }
    const owners = new Map<string, Map<number, string>>(names.map((n) => [n, new Map()]))
    if (askDocs.length > 0) {
      const found = await client.query<{ doc_name: string; client: string; subject: string }>(
        `SELECT c.doc_name, c.client, c.subject FROM doc_clients c
           JOIN unnest($1::text[], $2::bigint[]) AS a(doc_name, client) USING (doc_name, client)`,
        [askDocs, askClients],
      )
      for (const r of found.rows) owners.get(r.doc_name)?.set(Number(r.client), r.subject)
    }
    const claims = { docs: [] as string[], clients: [] as number[], subjects: [] as string[] }
    const rows = { docs: [] as string[], seqs: [] as number[], data: [] as Uint8Array[] }
    const results = batch.map((w): AppendResult => {
      const known = owners.get(w.docName)!
      const refused = decideClaims(
        w.entries,
        (c) => known.get(c),
        (c, subject) => {
          known.set(c, subject)
          claims.docs.push(w.docName)
          claims.clients.push(c)
          claims.subjects.push(subject)
        },
      )
      let seq = lastSeq.get(w.docName)!
      w.entries.forEach((e, i) => {
        if (refused.includes(i)) return
        seq += 1
        rows.docs.push(w.docName)
        rows.seqs.push(seq)
        rows.data.push(e.update)
      })
      lastSeq.set(w.docName, seq)
      return { lastSeq: seq, refused }
    })
    if (claims.docs.length > 0) {
      await client.query(
        'INSERT INTO doc_clients (doc_name, client, subject) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])',
        [claims.docs, claims.clients, claims.subjects],
      )
    }
    for (let start = 0; start < rows.docs.length; start += INSERT_CHUNK) {
      const end = start + INSERT_CHUNK
      await client.query(
        'INSERT INTO doc_updates (doc_name, seq, data) SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[])',
        [rows.docs.slice(start, end), rows.seqs.slice(start, end), rows.data.slice(start, end).map(toBuffer)],
      )
    }
    if (rows.docs.length > 0) {
      await client.query(
        `UPDATE docs SET last_seq = v.seq FROM unnest($1::text[], $2::bigint[]) AS v(name, seq)
          WHERE docs.name = v.name`,
        [names, names.map((n) => lastSeq.get(n)!)],
      )
    }
    return results
  }

  const docs: DocStore = {
    async load(docName: string): Promise<StoredDoc> {
      // One statement, so counter and rows come from one consistent snapshot.
      const { rows } = await pool.query<DocRow>(
        `SELECT d.last_seq, d.snapshot_seq, u.seq, u.data
           FROM docs d LEFT JOIN doc_updates u ON u.doc_name = d.name
          WHERE d.name = $1 ORDER BY u.seq`,
        [docName],
      )
      if (rows.length === 0) return storedDocFromRows(rows, [], copy)
      // Read after the updates: a claim commits with the update that makes it, so every client id
      // in those updates has its owner here (claims of later updates are real ones too).
      const claims = await pool.query<{ client: string; subject: string }>(
        'SELECT client, subject FROM doc_clients WHERE doc_name = $1',
        [docName],
      )
      return storedDocFromRows(rows, claims.rows, copy)
    },

    async append(docName: string, entries: DocAppend[]): Promise<AppendResult> {
      if (entries.length === 0) {
        const { rows } = await pool.query<{ last_seq: string }>('SELECT last_seq FROM docs WHERE name = $1', [docName])
        return { lastSeq: rows[0] ? Number(rows[0].last_seq) : 0, refused: [] }
      }
      return new Promise<AppendResult>((resolve, reject) => {
        waiting.push({ docName, entries, resolve, reject })
        if (!committing) void commitWaiting()
      })
    },

    async compact(docName: string, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
      // Deleted rows are gone from every query at COMMIT; the heap pages are reused by later writes.
      await transaction(async (client) => {
        const { rows } = await client.query<{ last_seq: string; snapshot_seq: string }>(
          'SELECT last_seq, snapshot_seq FROM docs WHERE name = $1 FOR UPDATE',
          [docName],
        )
        const doc = rows[0]
        // Stale (another instance compacted further) or out of range: keeping the log is always safe.
        if (!doc || uptoSeq <= Number(doc.snapshot_seq) || uptoSeq > Number(doc.last_seq)) return
        await client.query('DELETE FROM doc_updates WHERE doc_name = $1 AND seq <= $2', [docName, uptoSeq])
        await client.query('INSERT INTO doc_updates (doc_name, seq, data) VALUES ($1, $2, $3)', [
          docName,
          uptoSeq,
          snapshot,
        ])
        await client.query('UPDATE docs SET snapshot_seq = $2 WHERE name = $1', [docName, uptoSeq])
      })
    },

    fold(docName: string, opts?: { purge?: boolean }): Promise<number> {
      return foldLoaded(this, docName, opts)
    },

    async delete(docName: string): Promise<void> {
      await pool.query('DELETE FROM docs WHERE name = $1', [docName])
    },

    close,
  }

  return docs
}

/** A small pg Buffer may be a slice of a shared pool slab: copy it rather than keep the slab alive. */
function copy(data: Buffer): Uint8Array {
  return new Uint8Array(data)
}
