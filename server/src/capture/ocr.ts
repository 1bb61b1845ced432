/**
 * Local OCR with tesseract.js. The engine (tesseract.js-core, WebAssembly)
 * and the Danish and English language data (@tesseract.js-data/*, the
 * LSTM-only "best_int" models) are read from node_modules; the OCR threads
 * start from `ocrGuard.cjs`, which makes any network use throw.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Tesseract from 'tesseract.js'

const require = createRequire(import.meta.url)

/** Language codes read, in order of preference (Danish first: "æ", "ø", "å"). */
export const OCR_LANGS = ['dan', 'eng'] as const

/** Where tesseract.js finds its parts on this machine: files only, never a URL. */
export function ocrPaths(): { workerPath: string; corePath: string; langPath: Record<string, string> } {
  const langPath: Record<string, string> = {}
  for (const code of OCR_LANGS) {
    langPath[code] = join(dirname(require.resolve(`@tesseract.js-data/${code}/package.json`)), '4.0.0_best_int')
  }
  return {
    workerPath: guardPath(),
    corePath: dirname(require.resolve('tesseract.js-core/package.json')),
    langPath,
  }
}

/**
 * tesseract.js reads every language from one `langPath` directory, but each
 * language is its own npm package; a directory of links to the packaged files
 * joins them. (Handing the bytes over as `{ code, data }` trips a bug in
 * tesseract.js 7, which then passes the data where the code belongs.)
 */
function oneLangDir(dirs: Record<string, string>): string {
  // Named after the packages it links to: another checkout (or a removed one, whose links now dangle)
  // gets a directory of its own instead of links into someone else's node_modules.
  const key = createHash('sha256').update(JSON.stringify(dirs)).digest('hex').slice(0, 12)
  const dir = join(tmpdir(), `vaegavis-ocr-${process.getuid?.() ?? 0}-${key}`)
  mkdirSync(dir, { recursive: true })
  for (const [code, from] of Object.entries(dirs)) {
    const target = join(from, `${code}.traineddata.gz`)
    const link = join(dir, `${code}.traineddata.gz`)
    try {
      symlinkSync(target, link)
    } catch (e: unknown) {
      // Already there, made by this or another process (test files run in parallel): fine if it is ours.
      if (!(e instanceof Error && 'code' in e && e.code === 'EEXIST') || readlinkSync(link) !== target) throw e
    }
  }
  return dir
}

/** The guard beside this module (source) or beside the bundle that holds it (dist/capture/). */
function guardPath(): string {
  const here = fileURLToPath(new URL('./ocrGuard.cjs', import.meta.url))
  const bundled = fileURLToPath(new URL('./capture/ocrGuard.cjs', import.meta.url))
  return existsSync(here) ? here : bundled
}

export interface OcrEngine {
  /** Text of one image (PNG/JPEG bytes), with tesseract's mean confidence 0–100. */
  read(image: Uint8Array): Promise<{ text: string; confidence: number }>
  close(): Promise<void>
}

export interface OcrOptions {
  /** OCR threads; default: one per core, at most 2. */
  threads?: number
  /** Test only: a langPath to use instead of the packaged data (e.g. a URL, to check the guard). */
  langPathOverride?: string
}

/** Starts the OCR threads (about a second each: the models are loaded once and kept). */
export async function createOcr(options: OcrOptions = {}): Promise<OcrEngine> {
  const paths = ocrPaths()
  const threads = options.threads ?? Math.max(1, Math.min(2, availableParallelism()))
  const langPath = options.langPathOverride ?? oneLangDir(paths.langPath)
  const scheduler = Tesseract.createScheduler()
  const startOne = () =>
    new Promise<Tesseract.Worker>((resolve, reject) => {
      // tesseract.js reports a failed start only to errorHandler (its own promise then never settles).
      let started = false
      Tesseract.createWorker(OCR_LANGS.join('+'), Tesseract.OEM.LSTM_ONLY, {
        workerPath: paths.workerPath,
        corePath: paths.corePath,
        langPath,
        // Never write a copy of the models into the working directory.
        cacheMethod: 'none',
        gzip: true,
        errorHandler: (data: unknown) => {
          if (!started) reject(new Error(`OCR could not start: ${String(data)}`))
        },
      }).then((w) => {
        started = true
        resolve(w)
      }, reject)
    })
  const workers = await Promise.all(Array.from({ length: threads }, startOne)).catch(async (e: unknown) => {
    await scheduler.terminate().catch(() => {})
    throw e
  })
  for (const w of workers) {
    await w.setParameters({
      tessedit_pageseg_mode: Tesseract.PSM.SINGLE_BLOCK,
      preserve_interword_spaces: '0',
      // The crops carry no resolution of their own; without one tesseract warns on every note.
      user_defined_dpi: '300',
    })
    scheduler.addWorker(w)
  }
  return {
    async read(image) {
      const r = await scheduler.addJob('recognize', Buffer.from(image))
      return { text: r.data.text, confidence: r.data.confidence }
    },
    async close() {
      await scheduler.terminate()
    },
  }
}
