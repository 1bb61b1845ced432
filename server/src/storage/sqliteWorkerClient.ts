/**
 * The main thread's side of the SQLite storage worker: a {@link DocStore} whose
 * every call is a message to the worker, answered once done (for an append:
 * once its transaction committed). Works from TypeScript source (tsx) and from
 * compiled JavaScript: the worker file is the sibling with this file's extension.
 */
import { Worker } from 'node:worker_threads'
import type { DocTables } from './sqliteDocs.ts'
import type { WorkerConfig, WorkerReply, WorkerRequest } from './sqliteWorker.ts'
import type { AppendResult, DocAppend, DocStore, StoredDoc } from './types.ts'

/** A DocStore that fails with the worker's error, with its SQLite code when it had one. */
export class StorageWorkerError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message)
    this.name = 'StorageWorkerError'
  }
}

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void }
type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never

export function workerDocs(file: string): DocStore {
  let worker: Worker | null = null
  let nextId = 1
  const pending = new Map<number, Pending>()
  let closed: Promise<void> | null = null

  function start(): Worker {
    const fromSource = import.meta.url.endsWith('.ts')
    // From source the worker sits beside this file; in the server's build (scripts/build.mjs) this code
    // is bundled into dist/ and the worker is its own entry under dist/storage/.
    const entry = new URL(fromSource ? './sqliteWorker.ts' : './storage/sqliteWorker.js', import.meta.url)
    const config: WorkerConfig & { entry: string } = { file, entry: entry.href }
    const w = new Worker(fromSource ? new URL('./sqliteWorkerBoot.mjs', import.meta.url) : entry, {
      workerData: config,
    })
    w.on('message', (m: WorkerReply) => {
      const p = pending.get(m.id)
      if (!p) return
      pending.delete(m.id)
      if (m.ok) p.resolve(m.value)
      else p.reject(new StorageWorkerError(m.message, m.code))
    })
    const lost = (e: unknown) => {
      if (worker !== w) return
      worker = null
      // Nothing unanswered was acknowledged; the callers retry, on a fresh worker.
      for (const p of pending.values()) p.reject(e)
      pending.clear()
    }
    w.on('error', lost)
    w.on('exit', (code) => lost(new StorageWorkerError(`storage worker exited with ${code}`, undefined)))
    return w
  }

  function call<T>(req: Request): Promise<T> {
    if (closed) return Promise.reject(new StorageWorkerError('storage is closed', undefined))
    worker ??= start()
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      worker!.postMessage({ ...req, id })
    })
  }

  // Started now, with the server, so the first board opened does not wait for a thread to boot.
  worker = start()

  return {
    load: (docName) => call<StoredDoc>({ op: 'load', docName }),
    append: (docName, entries: DocAppend[]) => call<AppendResult>({ op: 'append', docName, entries }),
    compact: (docName, snapshot, uptoSeq, opts) =>
      call<void>({ op: 'compact', docName, snapshot, uptoSeq, purge: opts?.purge === true }),
    fold: (docName, opts) => call<number>({ op: 'fold', docName, purge: opts?.purge === true }),
    delete: (docName) => call<void>({ op: 'delete', docName }),
    close() {
      closed ??= (async () => {
        const w = worker
        if (!w) return
        const exited = new Promise<void>((r) => w.once('exit', () => r()))
        const id = nextId++
        await new Promise<void>((resolve, reject) => {
          pending.set(id, { resolve: () => resolve(), reject })
          w.postMessage({ op: 'close', id } satisfies WorkerRequest)
        }).catch(() => undefined)
        await exited
      })()
      return closed
    },
  }
}

/** The same calls on this thread, for a database only this connection can see (`:memory:`). */
export function inThreadDocs(tables: DocTables): DocStore {
  return {
    load: async (docName) => tables.load(docName),
    append: async (docName, entries) => tables.appendAll([{ docName, entries }])[0]!,
    compact: async (docName, snapshot, uptoSeq, opts) =>
      tables.compact(docName, snapshot, uptoSeq, opts?.purge === true),
    fold: async (docName, opts) => tables.fold(docName, opts?.purge === true),
    delete: async (docName) => tables.delete(docName),
    close: async () => {},
  }
}
