/**
 * `pnpm bench:phone` — a cheap phone on a bad network: the time from opening
 * the join link to the first label being durably acknowledged ("Gemt"),
 * target under 5 s. Each throttled profile is measured next to an unthrottled
 * run of the same flow (the reference) in the same run, interleaved round by
 * round so that load on the machine hits every profile alike. Not a test:
 * it prints figures and exits 0 unless the flow itself failed.
 *
 *   pnpm bench:phone                          3 runs of every profile
 *   pnpm bench:phone -- --runs=5              more runs
 *   pnpm bench:phone -- --profiles=slow-4g    some profiles (reference, slow-4g, slow-3g); the reference always runs
 *   pnpm bench:phone -- --json=out.json       also write every run as JSON
 *   pnpm bench:phone -- --client-dir=/tmp/dist  another build of the client, absolute path (default client/dist)
 *
 * Every option can also be given as BENCH_PHONE_<NAME> (BENCH_PHONE_RUNS=5;
 * apart from the server bench's BENCH_<NAME>, as `pnpm bench` runs both). It
 * builds nothing: run `pnpm --filter @vaegavis/client build` first. The
 * server (a real one, as in the e2e fixtures) serves a copy of the build
 * taken at the start, so a rebuild during the run cannot mix two builds.
 *
 * Each run is a fresh browser context (cold HTTP cache, no stored identity)
 * on a new board, a Pixel 5-sized touch phone at 360×640 with locale da-DK.
 * The nickname is left empty and the label text is filled in at once: how
 * fast a person types is not the product's time. The milestones are stamped
 * inside the page by a MutationObserver. The time from a form being ready to
 * Playwright submitting it is where a person would tap; under CPU throttling
 * Playwright's own checks take ~0.5 s there, so the headline figure leaves
 * these "taps" out and the table shows them apart.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { type Browser, type BrowserContext, chromium, devices } from '@playwright/test'
import { CSRF_HEADER } from '@vaegavis/shared'
import { machineLines } from '../../server/bench/machine.ts'
import { FACILITATOR, type RunningServer, startServer } from '../fixtures/server.ts'
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config.ts'
import { startWebsocketDelay, type WebsocketDelay } from './websocketDelay.ts'

/** Longest a single step may take before the run counts as failed (Slow 3G needs well over 10 s in all). */
const STEP_TIMEOUT_MS = 90_000
const CLIENT_DIST = resolve(import.meta.dirname, '../../client/dist')

/**
 * Network and CPU profiles. Network figures are Chrome DevTools' presets
 * (front_end/core/sdk/NetworkManager.ts), which is what `Network.emulateNetworkConditions`
 * applies: request-level throttling, so the latency is added to every request
 * (and to the websocket handshake) rather than per packet.
 *
 * - Slow 4G is Lighthouse's mobile default (`mobileSlow4G` in lighthouse
 *   core/config/constants.js: 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, CPU 4×),
 *   as DevTools' "Slow 4G" preset applies it: latency 150 ms × 3.75 = 562.5 ms,
 *   throughput × 0.9 = 1.44 Mbit/s down, 675 kbit/s up. The 3.75 and 0.9 are
 *   Lighthouse's DEVTOOLS_RTT_ADJUSTMENT_FACTOR and DEVTOOLS_THROUGHPUT_ADJUSTMENT_FACTOR:
 *   request-level latency must stand for the round trips of DNS, TCP and the
 *   request itself.
 * - Slow 3G is DevTools' "Slow 3G" preset (plain "3G" in recent DevTools):
 *   latency 400 ms × 5 = 2,000 ms, 500 kbit/s × 0.8 = 400 kbit/s each way.
 *   With the same CPU 4× as Lighthouse's mobile profile.
 *
 * Chrome applies none of this to websocket messages, only to the handshake;
 * `rttMs` (Lighthouse's 150 ms; the 400 ms DevTools multiplies by 5) is added
 * to them by a relay in front of the server (websocketDelay.ts). Every profile,
 * the reference too, goes through the relay.
 */
const PROFILES = {
  reference: { name: 'reference: unthrottled', latencyMs: 0, downBps: -1, upBps: -1, rttMs: 0, cpu: 1, targetMs: 0 },
  'slow-4g': {
    name: 'Slow 4G, CPU 4×',
    latencyMs: 150 * 3.75,
    downBps: 180_000,
    upBps: 84_375,
    rttMs: 150,
    cpu: 4,
    targetMs: 5_000,
  },
  // Three requests in series (page, script, socket) are 6 s of latency alone on Slow 3G: its target is its own.
  'slow-3g': {
    name: 'Slow 3G, CPU 4×',
    latencyMs: 2_000,
    downBps: 50_000,
    upBps: 50_000,
    rttMs: 400,
    cpu: 4,
    targetMs: 8_000,
  },
} as const
type ProfileId = keyof typeof PROFILES
const PROFILE_IDS = Object.keys(PROFILES) as ProfileId[]

const OPTIONS = {
  runs: { type: 'string' },
  profiles: { type: 'string' },
  json: { type: 'string' },
  'client-dir': { type: 'string' },
} as const

function settings() {
  // pnpm may pass the `--` separator through.
  const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== '--'), options: OPTIONS })
  const get = (name: keyof typeof OPTIONS): string | undefined => {
    const v = values[name]
    return typeof v === 'string' ? v : process.env[`BENCH_PHONE_${name.toUpperCase().replace(/-/g, '_')}`]
  }
  const runs = Number(get('runs') ?? 3)
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new Error('--runs must be a whole number from 1 to 50')
  const asked = (get('profiles') ?? PROFILE_IDS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const p of asked)
    if (!PROFILE_IDS.includes(p as ProfileId)) throw new Error(`unknown profile "${p}" (${PROFILE_IDS.join(', ')})`)
  const profiles = PROFILE_IDS.filter((p) => p === 'reference' || asked.includes(p))
  return { runs, profiles, json: get('json'), clientDir: resolve(get('client-dir') ?? CLIENT_DIST) }
}

// ---------------------------------------------------------------- in the page

/** Milestones, as epoch milliseconds (`performance.timeOrigin + performance.now()`), stamped in the page. */
interface Marks {
  /** Something rendered into #root: the app's JavaScript runs. */
  app?: number
  /** The join form (nickname field) is on screen. */
  joinForm?: number
  joinSubmit?: number
  /** The label form is enabled: the board is synced and the phone online. */
  boardReady?: number
  labelSubmit?: number
  /** The label shows "Gemmer…" (written, waiting for the server's ack). */
  saving?: number
  /** The label shows "Gemt": the server acknowledged it as stored. */
  saved?: number
}

/**
 * Runs before the page's own scripts (addInitScript). Plain DOM selectors on
 * names, classes and data attributes, not on words: the client's strings are
 * translatable. No named inner functions here or in {@link readPageTiming}:
 * tsx would wrap them in a `__name` helper the page does not have.
 */
function stampMilestones(): void {
  const marks: Record<string, number> = {}
  ;(window as unknown as { __bench: Record<string, number> }).__bench = marks
  const milestones: [keyof Marks, () => boolean][] = [
    ['app', () => document.querySelector('#root > *') !== null],
    ['joinForm', () => document.querySelector('input[name="nickname"]') !== null],
    ['boardReady', () => document.querySelector('textarea[name="text"]:enabled') !== null],
    ['saving', () => document.querySelector('li[data-label-id] [data-status="saving"]') !== null],
    ['saved', () => document.querySelector('li[data-label-id] [data-status="saved"]') !== null],
  ]
  new MutationObserver(() => {
    for (const [name, seen] of milestones)
      if (marks[name] === undefined && seen()) marks[name] = performance.timeOrigin + performance.now()
  }).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['disabled', 'data-status'],
  })
  document.addEventListener(
    'submit',
    (e) => {
      if (!(e.target instanceof HTMLFormElement)) return
      const name = e.target.querySelector('input[name="nickname"]') ? 'joinSubmit' : 'labelSubmit'
      marks[name] ??= performance.timeOrigin + performance.now()
    },
    true,
  )
}

/** What the page itself reports about loading, as epoch milliseconds. */
interface PageTiming {
  htmlEnd: number | undefined
  fcp: number | undefined
  dcl: number | undefined
  marks: Marks
}

function readPageTiming(): PageTiming {
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
  const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime
  const origin = performance.timeOrigin
  return {
    htmlEnd: nav?.responseEnd ? origin + nav.responseEnd : undefined,
    fcp: fcp ? origin + fcp : undefined,
    dcl: nav?.domContentLoadedEventEnd ? origin + nav.domContentLoadedEventEnd : undefined,
    marks: (window as unknown as { __bench?: Marks }).__bench ?? {},
  }
}

// ---------------------------------------------------------------- one run

interface RequestRecord {
  path: string
  kind: string
  /** Milliseconds after the run started. */
  start: number
  end: number | undefined
  /** Bytes received, compressed, with headers (CDP encodedDataLength). */
  bytes: number
}

interface RunResult {
  profile: ProfileId
  round: number
  /**
   * Join link → "Gemt" less the harness's taps: how long the phone keeps a
   * person waiting (ms). Every other time is ms after `page.goto` was called.
   */
  time: number
  /** Join link → "Gemt" as measured, taps included. */
  raw: number
  /** Between a form being ready and Playwright submitting it, where a person would tap. */
  harness: number
  /** The three phases `time` is made of: link → join form, join tapped → board ready, send tapped → "Gemt". */
  phases: { form: number; join: number; send: number } | undefined
  htmlEnd: number | undefined
  fcp: number | undefined
  dcl: number | undefined
  app: number | undefined
  joinForm: number | undefined
  boardReady: number | undefined
  saving: number | undefined
  /** Main-thread busy time of the page's renderer (CDP Performance TaskDuration), taps included. */
  busyMs: number | undefined
  /** A fixed busy loop run after the flow: about `cpu` × the reference's when the CPU throttling holds. */
  cpuProbeMs: number
  httpBytes: number
  httpRequests: number
  wsBytesIn: number
  wsBytesOut: number
  wsFrames: number
  requests: RequestRecord[]
}

interface Facilitator {
  cookie: string
}

async function signIn(server: RunningServer): Promise<Facilitator> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
    body: JSON.stringify(FACILITATOR),
  })
  if (!res.ok) throw new Error(`facilitator sign-in failed: ${res.status} ${await res.text()}`)
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  return { cookie }
}

/** A new board with the default legend; returns its join code. */
async function createBoard(server: RunningServer, who: Facilitator, title: string): Promise<string> {
  const res = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: who.cookie, [CSRF_HEADER]: '1' },
    body: JSON.stringify({ title }),
  })
  if (res.status !== 201) throw new Error(`creating a board failed: ${res.status} ${await res.text()}`)
  const { board } = (await res.json()) as { board: { joinCode: string } }
  return board.joinCode
}

const now = () => performance.timeOrigin + performance.now()

async function newPhone(browser: Browser): Promise<BrowserContext> {
  const { defaultBrowserType: _, ...pixel } = devices['Pixel 5']
  return browser.newContext({ ...pixel, viewport: { width: 360, height: 640 }, locale: 'da-DK' })
}

/** Where a run happens: the server (for the facilitator's API calls) and the relay the phone goes through. */
interface Bench {
  browser: Browser
  server: RunningServer
  relay: WebsocketDelay
  facilitator: Facilitator
}

/** A fixed amount of JavaScript work, timed in the page. No named inner functions (see {@link stampMilestones}). */
function cpuProbe(): number {
  const start = performance.now()
  let sink = 0
  for (let i = 0; i < 10_000_000; i++) sink += i % 7
  return performance.now() - start + (sink < 0 ? 1 : 0)
}

async function measureOnce(bench: Bench, profile: ProfileId, round: number): Promise<RunResult> {
  const p = PROFILES[profile]
  const code = await createBoard(bench.server, bench.facilitator, `Målestok ${profile} ${round}`)
  bench.relay.setRoundTrip(p.rttMs)
  const context = await newPhone(bench.browser)
  try {
    const page = await context.newPage()
    await page.addInitScript(stampMilestones)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Performance.enable')
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: p.latencyMs,
      downloadThroughput: p.downBps,
      uploadThroughput: p.upBps,
    })
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: p.cpu })

    // CDP timestamps are monotonic seconds; the first request's wallTime ties them to the epoch.
    let monoToEpoch: number | undefined
    const requests = new Map<string, RequestRecord>()
    const ws = { in: 0, out: 0, frames: 0 }
    let t0 = 0
    const rel = (mono: number) => (monoToEpoch === undefined ? Number.NaN : mono * 1000 + monoToEpoch - t0)
    cdp.on('Network.requestWillBeSent', (e) => {
      monoToEpoch ??= e.wallTime * 1000 - e.timestamp * 1000
      const url = new URL(e.request.url)
      if (url.protocol === 'data:') return
      requests.set(e.requestId, {
        path: url.pathname,
        kind: e.type ?? '',
        start: rel(e.timestamp),
        end: undefined,
        bytes: 0,
      })
    })
    cdp.on('Network.loadingFinished', (e) => {
      const r = requests.get(e.requestId)
      if (!r) return
      r.end = rel(e.timestamp)
      r.bytes = e.encodedDataLength
    })
    cdp.on('Network.webSocketWillSendHandshakeRequest', (e) => {
      monoToEpoch ??= e.wallTime * 1000 - e.timestamp * 1000
      requests.set(e.requestId, {
        path: '/ws (handshake)',
        kind: 'WebSocket',
        start: rel(e.timestamp),
        end: undefined,
        bytes: 0,
      })
    })
    cdp.on('Network.webSocketHandshakeResponseReceived', (e) => {
      const r = requests.get(e.requestId)
      if (r) r.end = rel(e.timestamp)
    })
    const frameBytes = (f: { opcode: number; payloadData: string }) =>
      f.opcode === 2 ? Buffer.from(f.payloadData, 'base64').length : Buffer.byteLength(f.payloadData)
    cdp.on('Network.webSocketFrameReceived', (e) => {
      ws.in += frameBytes(e.response)
      ws.frames++
    })
    cdp.on('Network.webSocketFrameSent', (e) => {
      ws.out += frameBytes(e.response)
      ws.frames++
    })

    const step = { timeout: STEP_TIMEOUT_MS }
    t0 = now()
    await page.goto(`${bench.relay.url}/j/${code}`, { waitUntil: 'commit', ...step })
    // Join without a nickname. Each action waits for its element to be there and enabled.
    await page.locator('form:has(input[name="nickname"]) button[type="submit"]').click(step)
    // The first colour, the text at once, send.
    await page.locator('.picker__radio').first().check(step)
    await page.locator('textarea[name="text"]').fill('Flere bænke i skolegården', step)
    await page.locator('form.composer button[type="submit"]').click(step)
    await page.locator('li[data-label-id] [data-status="saved"]').waitFor(step)
    const seen = now()

    const timing = await page.evaluate(readPageTiming)
    const metrics = await cdp.send('Performance.getMetrics')
    const busy = metrics.metrics.find((x) => x.name === 'TaskDuration')?.value
    const cpuProbeMs = await page.evaluate(cpuProbe)
    const m = timing.marks
    const since = (t: number | undefined) => (t === undefined ? undefined : t - t0)
    const gap = (from: number | undefined, to: number | undefined) =>
      from === undefined || to === undefined ? 0 : to - from
    const harness = gap(m.joinForm, m.joinSubmit) + gap(m.boardReady, m.labelSubmit)
    const raw = since(m.saved) ?? seen - t0
    const phases =
      m.joinForm && m.joinSubmit && m.boardReady && m.labelSubmit && m.saved
        ? { form: m.joinForm - t0, join: m.boardReady - m.joinSubmit, send: m.saved - m.labelSubmit }
        : undefined
    const list = [...requests.values()].sort((a, b) => a.start - b.start)
    return {
      profile,
      round,
      time: raw - harness,
      raw,
      harness,
      phases,
      htmlEnd: since(timing.htmlEnd),
      fcp: since(timing.fcp),
      dcl: since(timing.dcl),
      app: since(m.app),
      joinForm: since(m.joinForm),
      boardReady: since(m.boardReady),
      saving: since(m.saving),
      busyMs: busy === undefined ? undefined : busy * 1000,
      cpuProbeMs,
      httpBytes: list.reduce((sum, r) => sum + r.bytes, 0),
      httpRequests: list.filter((r) => r.kind !== 'WebSocket').length,
      wsBytesIn: ws.in,
      wsBytesOut: ws.out,
      wsFrames: ws.frames,
      requests: list,
    }
  } finally {
    await context.close()
  }
}

// ---------------------------------------------------------------- report

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b)
  if (s.length === 0) return Number.NaN
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

const ms = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(0))
const kib = (bytes: number | undefined) =>
  bytes === undefined || !Number.isFinite(bytes) ? '–' : (bytes / 1024).toFixed(1)

/** A Markdown table, so the output can be pasted into BENCHMARKS.md as is. */
function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  return [line(headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n')
}

function medianOf(runs: readonly RunResult[], pick: (r: RunResult) => number | undefined): number | undefined {
  const values = runs.map(pick).filter((v): v is number => v !== undefined && Number.isFinite(v))
  return values.length ? median(values) : undefined
}

function report(profiles: readonly ProfileId[], results: readonly RunResult[]): string {
  const of = (id: ProfileId) => results.filter((r) => r.profile === id)
  const refTime = medianOf(of('reference'), (r) => r.time)
  const refProbe = medianOf(of('reference'), (r) => r.cpuProbeMs)
  const times = table(
    ['profile', 'runs', 'median', 'max', '× reference', 'with taps: median', 'max', 'taps median'],
    profiles.map((id) => {
      const runs = of(id)
      const med = medianOf(runs, (r) => r.time)
      return [
        PROFILES[id].name,
        String(runs.length),
        ms(med),
        ms(Math.max(...runs.map((r) => r.time))),
        id === 'reference' || med === undefined || !refTime ? '' : `${(med / refTime).toFixed(1)}×`,
        ms(medianOf(runs, (r) => r.raw)),
        ms(Math.max(...runs.map((r) => r.raw))),
        ms(medianOf(runs, (r) => r.harness)),
      ]
    }),
  )
  const phases = table(
    ['profile', 'link → join form', 'join tapped → board ready', 'send tapped → Gemt'],
    profiles.map((id) => {
      const runs = of(id)
      return [
        PROFILES[id].name,
        ms(medianOf(runs, (r) => r.phases?.form)),
        ms(medianOf(runs, (r) => r.phases?.join)),
        ms(medianOf(runs, (r) => r.phases?.send)),
      ]
    }),
  )
  const steps = table(
    ['profile', 'HTML', 'first paint', 'DOMContentLoaded', 'app runs', 'join form', 'board ready', 'saving', 'Gemt'],
    profiles.map((id) => {
      const runs = of(id)
      return [
        PROFILES[id].name,
        ms(medianOf(runs, (r) => r.htmlEnd)),
        ms(medianOf(runs, (r) => r.fcp)),
        ms(medianOf(runs, (r) => r.dcl)),
        ms(medianOf(runs, (r) => r.app)),
        ms(medianOf(runs, (r) => r.joinForm)),
        ms(medianOf(runs, (r) => r.boardReady)),
        ms(medianOf(runs, (r) => r.saving)),
        ms(medianOf(runs, (r) => r.raw)),
      ]
    }),
  )
  const bytes = table(
    ['profile', 'HTTP requests', 'HTTP KiB', 'websocket KiB in / out', 'ws frames', 'main thread busy', 'CPU probe'],
    profiles.map((id) => {
      const runs = of(id)
      const probe = medianOf(runs, (r) => r.cpuProbeMs)
      return [
        PROFILES[id].name,
        ms(medianOf(runs, (r) => r.httpRequests)),
        kib(medianOf(runs, (r) => r.httpBytes)),
        `${kib(medianOf(runs, (r) => r.wsBytesIn))} / ${kib(medianOf(runs, (r) => r.wsBytesOut))}`,
        ms(medianOf(runs, (r) => r.wsFrames)),
        ms(medianOf(runs, (r) => r.busyMs)),
        `${ms(probe)}${id !== 'reference' && probe !== undefined && refProbe ? ` (${(probe / refProbe).toFixed(1)}×)` : ''}`,
      ]
    }),
  )
  const waterfalls = profiles.map((id) => {
    const last = of(id).at(-1)
    if (!last) return ''
    return [
      `${PROFILES[id].name}, round ${last.round} (ms after goto; KiB on the wire):`,
      '',
      table(
        ['request', 'kind', 'start', 'end', 'KiB'],
        last.requests.map((r) => [r.path, r.kind, ms(r.start), ms(r.end), r.bytes ? kib(r.bytes) : '']),
      ),
      '',
    ].join('\n')
  })
  const verdicts = profiles
    .filter((id) => id !== 'reference')
    .map((id) => {
      const runs = of(id)
      const med = medianOf(runs, (r) => r.time) ?? Number.NaN
      const max = Math.max(...runs.map((r) => r.time))
      const target = PROFILES[id].targetMs
      const verdict = max < target ? 'met' : med < target ? 'met at the median, not in every run' : 'NOT YET'
      return `- ${PROFILES[id].name}: join link → Gemt median ${ms(med)} ms, max ${ms(max)} ms; target < ${target} ms → ${verdict}`
    })
  return [
    'Join link → first label acknowledged ("Gemt"), ms. "median"/"max" leave out the taps: the time between a form',
    'being ready and Playwright submitting it, where a person would tap ("with taps" keeps them in).',
    '',
    times,
    '',
    'Phases, medians (ms; in each run the three add up to the time without taps)',
    '',
    phases,
    '',
    'Milestones, medians (ms after goto; "board ready" = the label form is enabled: joined, synced and online;',
    '"saving" = the label is written and waits for the ack; taps included)',
    '',
    steps,
    '',
    'Bytes and CPU, medians (HTTP = CDP encodedDataLength: compressed, headers included; websocket = frame',
    'payloads; main thread busy = CDP TaskDuration; CPU probe = a fixed loop after the flow, ms)',
    '',
    bytes,
    '',
    'Requests of the last run of each profile',
    '',
    ...waterfalls,
    'Targets: from opening the join link to "Gemt" (informational; the exit code says only whether the flow worked):',
    ...verdicts,
    '',
  ].join('\n')
}

// ---------------------------------------------------------------- main

/** The entry scripts of the app's page and of the join page (the server inlines that one), to tell builds apart. */
function entryChunk(clientDir: string): string {
  const src = (page: string) =>
    existsSync(join(clientDir, page))
      ? (/<script[^>]+src="([^"]+)"/.exec(readFileSync(join(clientDir, page), 'utf8'))?.[1] ?? 'unknown')
      : 'none'
  return `${src('index.html')}; join page ${src('phone.html')}`
}

async function main(): Promise<void> {
  const s = settings()
  if (!existsSync(join(s.clientDir, 'index.html'))) {
    console.error(`No built client in ${s.clientDir}.\nRun \`pnpm --filter @vaegavis/client build\` first.`)
    process.exit(2)
  }
  const print = (text: string) => process.stdout.write(`${text}\n`)
  // Serve a copy taken now: a rebuild during the run must not mix two builds.
  const client = mkdtempSync(join(tmpdir(), 'vaegavis-bench-client-'))
  cpSync(s.clientDir, client, { recursive: true })
  const server = await startServer({ CLIENT_DIR: client })
  const relay = await startWebsocketDelay(server.url)
  let browser: Browser | undefined
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    })
    print(
      `${machineLines().join('\n')}\nbrowser: Chromium ${browser.version()} (${CHROMIUM}); client: ${s.clientDir} (entry ${entryChunk(client)}); runs per profile: ${s.runs}\n`,
    )
    const bench: Bench = { browser, server, relay, facilitator: await signIn(server) }
    // One unthrottled join first, not counted: the server's code paths are warm for every profile alike.
    await measureOnce(bench, 'reference', 0)
    const results: RunResult[] = []
    // Round by round, every profile in turn: load on the machine hits them alike.
    for (let round = 1; round <= s.runs; round++) {
      for (const profile of s.profiles) {
        const r = await measureOnce(bench, profile, round)
        results.push(r)
        print(
          `round ${round}, ${PROFILES[profile].name}: ${ms(r.time)} ms (with taps ${ms(r.raw)}, board ready ${ms(r.boardReady)}, ${kib(r.httpBytes)} KiB)`,
        )
      }
    }
    print('')
    print(report(s.profiles, results))
    if (s.json)
      writeFileSync(
        s.json,
        `${JSON.stringify({ machine: machineLines().join('\n'), settings: s, PROFILES, results }, null, 2)}\n`,
      )
  } finally {
    await browser?.close()
    await relay.close()
    await server.stop()
    rmSync(client, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e)
  process.exit(1)
})
