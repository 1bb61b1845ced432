/**
 * Crash test for "nothing lost": 20 phones (stock y-websocket, `?ack=1`) post
 * 1,000 labels at a steady pace while the real server process is killed with
 * SIGKILL at a random moment, then restarted on the same data directory.
 *
 * A label counts as saved when its phone received an acknowledgement (message
 * type 100) covering its clock, and as seen when another phone received it.
 * At the kill every phone is disconnected, so nothing can be re-sent before
 * the check; a fresh facilitator client then reads the restarted board:
 *
 *   lost = (saved ∪ seen before the kill) − present after the restart
 *
 * Then the phones reconnect and re-send what was never acknowledged, and the
 * board must converge on every label posted.
 *
 *   pnpm --filter @vaegavis/server crash --runs 10 --seed 1
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join as joinPath } from 'node:path'
import { addLabel, MessageType, readLabels } from '@vaegavis/shared'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import {
  type Client,
  connect,
  FACILITATOR,
  freePort,
  httpBoard,
  httpJoin,
  httpSignIn,
  type ServerProcess,
  spawnServer,
  synced,
} from '../test/helpers.ts'

interface Options {
  runs: number
  clients: number
  labels: number
  /** Labels per second over all phones. */
  rate: number
  seed: number
}

interface Posted {
  id: string
  client: number
  clock: number
  sentAt: number
  ackedAt?: number
}

interface RunResult {
  killAtMs: number
  postedBeforeKill: number
  ackedBeforeKill: number
  seenBeforeKill: number
  lost: number
  lostIds: string[]
  latencies: number[]
  converged: boolean
  finalCount: number
}

function parseArgs(argv: string[]): Options {
  const get = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`)
    if (i < 0) return fallback
    const n = Number(argv[i + 1])
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number`)
    return n
  }
  return {
    runs: get('runs', 10),
    clients: get('clients', 20),
    labels: get('labels', 1000),
    rate: get('rate', 100),
    seed: get('seed', Date.now() % 2 ** 31),
  }
}

/** mulberry32: a small seeded PRNG so a run can be repeated. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) return false
    await sleep(25)
  }
  return true
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

function startServer(dataDir: string, port: number, name: string): Promise<ServerProcess> {
  return spawnServer({
    name,
    port,
    env: {
      DATA_DIR: dataDir,
      VAEGAVIS_ADMIN_EMAIL: FACILITATOR.email,
      VAEGAVIS_ADMIN_PASSWORD: FACILITATOR.password,
      LOG_LEVEL: 'warn',
      // The simulated phones say who they are in X-Forwarded-For, as a club's proxy would.
      TRUST_PROXY: 'loopback',
    },
  })
}

async function oneRun(opts: Options, random: () => number, run: number): Promise<RunResult> {
  const dataDir = mkdtempSync(joinPath(tmpdir(), 'vaegavis-crash-'))
  const port = await freePort()
  let server = await startServer(dataDir, port, `crash-run-${run}`)
  const phones: { client: Client; participantId: string; posted: Posted[] }[] = []
  const seen = new Set<string>()
  let frozen = false
  try {
    const cookie = await httpSignIn(server.url)
    const { board, facToken } = await httpBoard(server.url, cookie, `Crash ${run}`)
    for (let c = 0; c < opts.clients; c++) {
      const p = await httpJoin(server.url, board.joinCode, { forwardedFor: `127.0.${run}.${c + 1}` })
      const client = connect(server.wsUrl, board.id, p.token, { params: { ack: '1' } })
      const phone = { client, participantId: p.participantId, posted: [] as Posted[] }
      client.provider.messageHandlers[MessageType.Ack] = (_encoder, decoder) => {
        const stored = Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(client.doc.clientID) ?? 0
        const now = Date.now()
        for (const l of phone.posted) if (l.ackedAt === undefined && l.clock <= stored && !frozen) l.ackedAt = now
      }
      client.doc.getMap('labels').observe((e) => {
        if (frozen || e.transaction.local) return
        for (const [key, change] of e.changes.keys) if (change.action === 'add') seen.add(key)
      })
      phones.push(phone)
    }
    await Promise.all(phones.map((p) => synced(p.client)))

    const intervalMs = 1000 / opts.rate
    const postingMs = opts.labels * intervalMs
    const killAtMs = Math.round(postingMs * (0.1 + 0.8 * random()))
    const t0 = Date.now()
    let posted = 0
    let killed = false
    let postedBeforeKill = 0
    const post = () => {
      const phone = phones[posted % phones.length]!
      const doc = phone.client.doc
      const id = addLabel(doc, {
        text: `run ${run} phone ${posted % phones.length} label ${posted}`,
        category: 'ide',
        x: posted % 40,
        y: Math.floor(posted / 40),
        author: phone.participantId,
      })
      phone.posted.push({ id, client: doc.clientID, clock: Y.getState(doc.store, doc.clientID), sentAt: Date.now() })
      posted++
    }

    // Steady pace; the kill happens on schedule, and posting carries on while the server is down.
    let restart: Promise<void> | null = null
    while (posted < opts.labels) {
      const due = Math.floor((Date.now() - t0) / intervalMs) + 1
      while (posted < Math.min(due, opts.labels)) post()
      if (!killed && Date.now() - t0 >= killAtMs) {
        killed = true
        postedBeforeKill = posted
        await server.kill('SIGKILL')
        // Freeze what the phones know, and keep them from re-sending before the check.
        frozen = true
        for (const p of phones) p.client.provider.disconnect()
        restart = (async () => {
          server = await startServer(dataDir, port, `crash-run-${run}-restarted`)
        })()
      }
      await sleep(Math.max(1, intervalMs / 2))
    }
    if (!killed) throw new Error('posting ended before the kill')
    await restart

    const all = phones.flatMap((p) => p.posted)
    const acked = all.filter((l) => l.ackedAt !== undefined)
    const mustHave = new Set([...acked.map((l) => l.id), ...seen])

    // A facilitator who was never connected reads what the restarted server has.
    const reader = connect(server.wsUrl, board.id, facToken)
    await synced(reader)
    const present = new Set(readLabels(reader.doc).map((l) => l.id))
    reader.destroy()
    const lostIds = [...mustHave].filter((id) => !present.has(id))

    // Now the phones come back and re-send whatever was not acknowledged.
    for (const p of phones) p.client.provider.connect()
    const check = connect(server.wsUrl, board.id, facToken)
    await synced(check)
    const converged = await waitUntil(() => readLabels(check.doc).length >= opts.labels, 60_000)
    const finalCount = readLabels(check.doc).length
    check.destroy()

    return {
      killAtMs,
      postedBeforeKill,
      ackedBeforeKill: acked.length,
      seenBeforeKill: seen.size,
      lost: lostIds.length,
      lostIds,
      latencies: acked.map((l) => l.ackedAt! - l.sentAt),
      converged,
      finalCount,
    }
  } finally {
    for (const p of phones) p.client.destroy()
    await server.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2))
  // Every y-websocket provider in Node adds a process 'exit' listener; 20 phones are expected.
  process.setMaxListeners(0)
  const random = prng(opts.seed)
  const out = (s: string) => process.stdout.write(`${s}\n`)
  out(
    `crash test: ${opts.runs} runs, ${opts.clients} phones, ${opts.labels} labels at ${opts.rate}/s, SIGKILL at a random moment, seed ${opts.seed}`,
  )
  out('run  kill at  posted  acked  seen  lost  ack p50  ack p95  after re-send')
  const results: RunResult[] = []
  for (let run = 1; run <= opts.runs; run++) {
    const r = await oneRun(opts, random, run)
    results.push(r)
    out(
      [
        String(run).padStart(3),
        `${(r.killAtMs / 1000).toFixed(1)} s`.padStart(8),
        String(r.postedBeforeKill).padStart(7),
        String(r.ackedBeforeKill).padStart(6),
        String(r.seenBeforeKill).padStart(5),
        String(r.lost).padStart(5),
        `${percentile(r.latencies, 50).toFixed(0)} ms`.padStart(8),
        `${percentile(r.latencies, 95).toFixed(0)} ms`.padStart(8),
        `  ${r.finalCount}/${opts.labels}${r.converged ? '' : ' (did not converge)'}`,
      ].join(' '),
    )
    if (r.lost > 0) out(`     lost label ids: ${r.lostIds.slice(0, 10).join(', ')}`)
  }
  const latencies = results.flatMap((r) => r.latencies)
  const lost = results.reduce((n, r) => n + r.lost, 0)
  out('')
  out(`runs:                    ${results.length}`)
  out(`labels acked before kill: ${results.reduce((n, r) => n + r.ackedBeforeKill, 0)}`)
  out(`labels seen from others:  ${results.reduce((n, r) => n + r.seenBeforeKill, 0)}`)
  out(`labels lost:              ${lost}`)
  out(
    `ack latency p50 / p95:    ${percentile(latencies, 50).toFixed(0)} ms / ${percentile(latencies, 95).toFixed(0)} ms`,
  )
  out(`converged after re-send:  ${results.filter((r) => r.converged).length}/${results.length}`)
  if (lost > 0 || results.some((r) => !r.converged)) process.exitCode = 1
}

await main()
