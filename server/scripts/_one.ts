import { readFileSync } from 'node:fs'
import { runCapture } from '../src/capture/pipeline.ts'
import { createOcr } from '../src/capture/ocr.ts'
const t = JSON.parse(readFileSync('/tmp/cts/truth.json', 'utf8'))
const ocr = await createOcr({ threads: 1 })
const r = await runCapture(readFileSync('/tmp/cts/photo-03.jpg'), t.legend, ocr)
console.log(r.notes.map((n) => n.text))
await ocr.close()
