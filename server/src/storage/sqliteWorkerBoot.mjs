// Starts the storage worker from TypeScript source: a worker thread does not inherit the loader
// (tsx) of the thread that made it, so it registers one itself before loading the real entry.
import { workerData } from 'node:worker_threads'

const { register } = await import('tsx/esm/api')
register()
await import(workerData.entry)
