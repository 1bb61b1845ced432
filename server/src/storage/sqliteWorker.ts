/**
 * The SQLite storage worker: owns the connection that writes documents, so a
 * commit's fsync, a compaction's replay and a WAL checkpoint never hold the
 * event loop that validates and relays every board.
 *
 * Group commit: every append that arrived while the previous transaction was
 * on disk (from any room) goes into the next one, so one fsync covers them
 * all. A request is answered only after its transaction committed. Folds
 * (compactions) wait until no message is waiting, so they never delay a
 * commit that is already asked for.
 */
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { type DocAppendBatch, docTables } from './sqliteDocs.ts'
import type { DocAppend, StoredDoc } from './types.ts'

export type WorkerRequest =
  | { id: number; op: 'load'; docName: string }
  | { id: number; op: 'append'; docName: string; entries: DocAppend[] }
  | { id: number; op: 'compact'; docName: string; snapshot: Uint8Array; uptoSeq: number; purge: boolean }
  | { id: number; op: 'fold'; docName: string; purge: boolean }
  | { id: number; op: 'delete'; docName: string }
  | { id: number; op: 'close' }

export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; message: string; code: string | undefined }

/** What the worker is started with. */
export interface WorkerConfig {
  file: string
}

const port = parentPort
if (!port) throw new Error('sqliteWorker.ts runs as a worker thread')
const { file } = workerData as WorkerConfig

const db = new Database(file)
db.pragma('busy_timeout = 5000')
db.pragma('journal_mode = WAL')
db.pragma('synchronous = FULL')
db.pragma('foreign_keys = ON')
db.pragma('secure_delete = ON')
const docs = docTables(db)

const inbox: WorkerRequest[] = []
const folds: Extract<WorkerRequest, { op: 'fold' }>[] = []
let scheduled = false
let closing: WorkerRequest | null = null

port.on('message', (m: WorkerRequest) => {
  inbox.push(m)
  schedule()
})

function schedule(): void {
  if (scheduled) return
  scheduled = true
  setImmediate(drain)
}

function reply(id: number, value: unknown, transfer: ArrayBuffer[] = []): void {
  port!.postMessage({ id, ok: true, value } satisfies WorkerReply, transfer)
}

function fail(id: number, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e)
  const code = (e as { code?: unknown })?.code
  port!.postMessage({ id, ok: false, message, code: typeof code === 'string' ? code : undefined } satisfies WorkerReply)
}

/** Runs what arrived, in order; consecutive appends share one transaction. */
function drain(): void {
  scheduled = false
  const requests = inbox.splice(0)
  let group: Extract<WorkerRequest, { op: 'append' }>[] = []
  const commitGroup = () => {
    if (group.length === 0) return
    const batch = group
    group = []
    try {
      const results = docs.appendAll(batch.map((r): DocAppendBatch => ({ docName: r.docName, entries: r.entries })))
      batch.forEach((r, i) => {
        reply(r.id, results[i])
      })
    } catch (e: unknown) {
      for (const r of batch) fail(r.id, e)
    }
  }
  for (const r of requests) {
    if (r.op === 'append') {
      group.push(r)
      continue
    }
    commitGroup()
    if (r.op === 'fold') folds.push(r)
    else if (r.op === 'close') closing = r
    else run(r)
  }
  commitGroup()
  if (inbox.length > 0) {
    schedule()
    return
  }
  // Idle: one fold, then look again (appends that came meanwhile go first).
  const fold = folds.shift()
  if (fold) {
    run(fold)
    schedule()
    return
  }
  if (closing) {
    db.close()
    reply(closing.id, null)
    port!.close()
  }
}

function run(r: Exclude<WorkerRequest, { op: 'append' | 'close' }>): void {
  try {
    switch (r.op) {
      case 'load': {
        const stored: StoredDoc = docs.load(r.docName)
        // Copied here, off the main thread, into buffers of their own, which are then handed over whole.
        stored.updates = stored.updates.map((u) => u.slice())
        reply(
          r.id,
          stored,
          stored.updates.map((u) => u.buffer as ArrayBuffer),
        )
        return
      }
      case 'compact':
        docs.compact(r.docName, r.snapshot, r.uptoSeq, r.purge)
        reply(r.id, null)
        return
      case 'fold':
        reply(r.id, docs.fold(r.docName, r.purge))
        return
      case 'delete':
        docs.delete(r.docName)
        reply(r.id, null)
        return
    }
  } catch (e: unknown) {
    fail(r.id, e)
  }
}
