/**
 * Runs captures in one worker thread, started on first use and ended after
 * it has been idle, so a server that never reads a photo never loads the OCR
 * models. Photos are read one after another, in the order they came.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { LegendColour } from './colour.ts'
import { type CaptureResult, type CaptureStage, NoNotesError } from './pipeline.ts'
import type { WorkerReply, WorkerRequest } from './protocol.ts'

export interface CaptureRunner {
  /** Reads one photo; rejects with {@link NoNotesError} when it has no notes. */
  run(
    photo: Uint8Array,
    legend: LegendColour[],
    onProgress?: (stage: CaptureStage, fraction: number) => void,
  ): Promise<CaptureResult>
  close(): Promise<void>
}

export interface RunnerOptions {
  /** End the worker after this long without work (ms). */
  idleMs?: number
  /** OCR threads in the worker. */
  threads?: number
}

/** The worker's entry: compiled JavaScript beside this file in dist/, else the TypeScript source through tsx. */
function spawn(): Worker {
  for (const js of [new URL('./capture/worker.js', import.meta.url), new URL('./worker.js', import.meta.url)]) {
    if (existsSync(fileURLToPath(js))) return new Worker(js)
  }
  // Dev and tests: `--import tsx` does not reach a worker's entry on Node 20, so the worker registers tsx itself.
  const source = new URL('./worker.ts', import.meta.url).href
  // The ESM entry of tsx's API, found from its package.json (require.resolve would give the CommonJS one).
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'))
  const tsx = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href
  return new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}) })`,
    { eval: true },
  )
}

interface Pending {
  resolve(r: CaptureResult): void
  reject(e: Error): void
  onProgress: (stage: CaptureStage, fraction: number) => void
}

export function createCaptureRunner(options: RunnerOptions = {}): CaptureRunner {
  const idleMs = options.idleMs ?? 120_000
  let worker: Worker | undefined
  let idleTimer: NodeJS.Timeout | undefined
  let nextId = 1
  const pending = new Map<number, Pending>()

  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err)
    pending.clear()
  }

  function start(): Worker {
    if (worker) return worker
    const w = spawn()
    w.on('message', (msg: WorkerReply) => {
      const p = pending.get(msg.jobId)
      if (!p) return
      if (msg.type === 'progress') return p.onProgress(msg.stage, msg.fraction)
      pending.delete(msg.jobId)
      if (msg.type === 'result') p.resolve(msg.result)
      else p.reject(msg.noNotes ? new NoNotesError() : new Error(msg.message))
      scheduleIdle()
    })
    w.on('error', (err) => {
      failAll(err)
      worker = undefined
    })
    w.on('exit', (code) => {
      if (worker === w) worker = undefined
      if (pending.size > 0) failAll(new Error(`capture worker stopped (exit code ${code})`))
    })
    worker = w
    return w
  }

  function scheduleIdle(): void {
    clearTimeout(idleTimer)
    if (pending.size > 0) return
    idleTimer = setTimeout(() => {
      if (pending.size === 0) void worker?.terminate()
    }, idleMs)
    idleTimer.unref()
  }

  return {
    run(photo, legend, onProgress = () => {}) {
      clearTimeout(idleTimer)
      const w = start()
      const jobId = nextId++
      return new Promise<CaptureResult>((resolve, reject) => {
        pending.set(jobId, { resolve, reject, onProgress })
        const copy = Uint8Array.from(photo)
        const msg: WorkerRequest = {
          jobId,
          photo: copy,
          legend,
          ...(options.threads ? { threads: options.threads } : {}),
        }
        w.postMessage(msg, [copy.buffer])
      })
    },
    async close() {
      clearTimeout(idleTimer)
      failAll(new Error('capture runner closed'))
      await worker?.terminate()
      worker = undefined
    },
  }
}
