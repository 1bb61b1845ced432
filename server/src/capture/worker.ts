/**
 * The capture worker thread: runs the pipeline off the server's event loop.
 * Keeps its OCR engine (models loaded once) between photos; the runner ends
 * the thread when it has been idle for a while.
 */
import { parentPort } from 'node:worker_threads'
import { createOcr, type OcrEngine } from './ocr.ts'
import { NoNotesError, runCapture } from './pipeline.ts'
import type { WorkerReply, WorkerRequest } from './protocol.ts'

const port = parentPort
if (!port) throw new Error('capture worker must run in a worker thread')
let ocr: Promise<OcrEngine> | undefined
let queue: Promise<void> = Promise.resolve()

port.on('message', (msg: WorkerRequest) => {
  // One photo at a time: OCR already uses every core it is given.
  queue = queue.then(() => handle(msg))
})

async function handle(msg: WorkerRequest): Promise<void> {
  const send = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => port?.postMessage(reply, transfer)
  try {
    ocr ??= createOcr(msg.threads ? { threads: msg.threads } : {})
    const engine = await ocr
    const result = await runCapture(msg.photo, msg.legend, engine, (stage, fraction) =>
      send({ type: 'progress', jobId: msg.jobId, stage, fraction }),
    )
    send(
      { type: 'result', jobId: msg.jobId, result },
      result.notes.map((n) => n.crop.buffer as ArrayBuffer),
    )
  } catch (e: unknown) {
    send({
      type: 'error',
      jobId: msg.jobId,
      noNotes: e instanceof NoNotesError,
      message: e instanceof Error ? e.message : String(e),
    })
  }
}
