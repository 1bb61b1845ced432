/** The paper-wall capture: pipeline (in a worker thread), its runner, and the pieces tests and the benchmark use. */
export { type LegendColour, nearestCategory } from './colour.ts'
export { DEFAULT_DETECT, findNotes, groupNotes, type RotatedRect } from './detect.ts'
export { createOcr, OCR_LANGS, type OcrEngine, ocrPaths } from './ocr.ts'
export { type CaptureNote, type CaptureResult, CaptureStage, NoNotesError, runCapture, tidyText } from './pipeline.ts'
export { type CaptureRunner, createCaptureRunner, type RunnerOptions } from './runner.ts'
