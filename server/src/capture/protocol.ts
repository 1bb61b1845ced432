/** Messages between the server and the capture worker thread. */
import type { LegendColour } from './colour.ts'
import type { CaptureResult, CaptureStage } from './pipeline.ts'

export interface WorkerRequest {
  jobId: number
  photo: Uint8Array
  legend: LegendColour[]
  /** OCR threads (default: up to 2). */
  threads?: number
}

export type WorkerReply =
  | { type: 'progress'; jobId: number; stage: CaptureStage; fraction: number }
  | { type: 'result'; jobId: number; result: CaptureResult }
  | { type: 'error'; jobId: number; noNotes: boolean; message: string }
