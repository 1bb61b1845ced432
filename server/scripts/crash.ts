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
 * Meanwhile one hostile participant keeps trying to squat the phones' Yjs
 * client ids: every 20 ms, from a fresh socket, one GC struct covering all
 * future clocks of a random phone's id. It keeps at it through the kill and
 * the restart (when nothing in memory remembers who owns which id: at least
 * 20 squats land on the restarted server before the phones are back) and
 * while the phones re-send. Every attempt must be refused with 4403; a label
 * acknowledged at any point (before the kill or after the re-send) must be on
 * the board at the end:
 *
 *   lost after = (everything acknowledged) − present at the end
 *
 *   pnpm --filter @vaegavis/server crash --runs 10 --seed 1
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join as joinPath } from 'node:path'
import { addLabel, CloseCode, MessageType, readLabels } from '@vaegavis/shared'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { encodeUpdate } from '../src/sync/protocol.ts'
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
  /** Acknowledged after the restart, once the phone re-sent it. */
  lateAckedAt?: number
}

interface Squats {
  tried: number
  refused: number
  /** Still open a second after the squat: the server took it. */
  accepted: number
  /** Could not connect (the server was down). */
  unreachable: number
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
  /** Labels acknowledged at any time that are missing at the end. */
  lostAfter: number
  squats: Squats
  /** Phones that saw structs under their own id they did not write. */
  moved: number
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

/** One GC struct under `client` from `clock` on, covering every later clock. */
function squatUpdate(client: number, clock: number): Uint8Array {
  const e = encoding.createEncoder()
  for (const n of [1, 1, client, clock, 0, 2 ** 40, 0]) encoding.writeVarUint(e, n)
  return encoding.toUint8Array(e)
}

/**
 * Sends one squat from a fresh socket, then asks for awareness: the answer comes only once the squat
 * was handled. Refused = closed with 4403; accepted = answered and still open 2 s later (a refusal
 * at commit would close it by then); 'slow' = neither within 15 s (the server was busy restarting).
 */
function squatOnce(
  url: string,
  update: Uint8Array,
): Promise<'refused' | 'accepted' | 'unreachable' | 'slow' | 'other'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url)
    let opened = false
    let done = false
    const finish = (outcome: 'refused' | 'accepted' | 'unreachable' | 'slow' | 'other') => {
      if (done) return
      done = true
      clearTimeout(timer)
      resolve(outcome)
      ws.terminate()
    }
    const timer = setTimeout(() => finish('slow'), 15_000)
    ws.on('open', () => {
      opened = true
      ws.send(encodeUpdate(update))
      ws.send(new Uint8Array([MessageType.QueryAwareness]))
    })
    ws.on('message', (data: Buffer) => {
      if (data[0] === MessageType.Awareness) setTimeout(() => finish('accepted'), 2_000)
    })
    ws.on('error', () => {})
    ws.on('close', (code) => {
      finish(!opened ? 'unreachable' : code === CloseCode.Forbidden ? 'refused' : 'other')
    })
  })
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
  let resending = false
  const squats: Squats = { tried: 0, refused: 0, accepted: 0, unreachable: 0 }
  let hostile: Promise<void> | null = null
  let hostileOn = true
  /** Phones whose Yjs client id was written under by someone else (Yjs then moves them to a fresh id). */
  const movedIds = new Set<number>()
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
        for (const l of phone.posted) {
          if (l.clock > stored) continue
          if (!frozen) l.ackedAt ??= now
          else if (resending) l.lateAckedAt ??= now
        }
      }
      const ownId = client.doc.clientID
      client.doc.on('afterTransaction', () => {
        if (client.doc.clientID !== ownId) movedIds.add(ownId)
      })
      client.doc.getMap('labels').observe((e) => {
        if (frozen || e.transaction.local) return
        for (const [key, change] of e.changes.keys) if (change.action === 'add') seen.add(key)
      })
      phones.push(phone)
    }
    await Promise.all(phones.map((p) => synced(p.client)))
    const attacker = await httpJoin(server.url, board.joinCode, { forwardedFor: `127.0.${run}.250` })
    hostile = (async () => {
      while (hostileOn) {
        // Phones that have written: their ids are claimed. (An id nobody has written under yet is
        // Yjs' own business: a phone that receives structs under its id moves to a fresh one.)
        const written = phones.filter((p) => p.posted.length > 0)
        if (written.length === 0) {
          await sleep(20)
          continue
        }
        const target = written[Math.floor(random() * written.length)]!.client.doc
        const update = squatUpdate(target.clientID, Y.getState(target.store, target.clientID))
        squats.tried++
        const outcome = await squatOnce(`ws://127.0.0.1:${port}/ws/${board.id}?token=${attacker.token}`, update)
        if (outcome === 'refused') squats.refused++
        else if (outcome === 'accepted') squats.accepted++
        else if (outcome === 'unreachable') squats.unreachable++
        await sleep(20)
      }
    })()

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

    // The restarted server remembers who owns which id only through storage: squat it before the phones are back.
    const refusedBefore = squats.refused
    await waitUntil(() => squats.refused >= refusedBefore + 20, 30_000)
    // Now the phones come back and re-send whatever was not acknowledged, with the squatter still at it.
    resending = true
    for (const p of phones) p.client.provider.connect()
    const check = connect(server.wsUrl, board.id, facToken)
    await synced(check)
    const everyAcked = () => all.every((l) => l.ackedAt !== undefined || l.lateAckedAt !== undefined)
    const converged = await waitUntil(() => readLabels(check.doc).length >= opts.labels && everyAcked(), 60_000)
    hostileOn = false
    await hostile
    check.destroy()
    // What a restart finds: a second SIGKILL, then a reader that was never connected.
    for (const p of phones) p.client.provider.disconnect()
    await server.kill('SIGKILL')
    server = await startServer(dataDir, port, `crash-run-${run}-final`)
    const final = connect(server.wsUrl, board.id, facToken)
    await synced(final)
    const finalIds = new Set(readLabels(final.doc).map((l) => l.id))
    final.destroy()
    const finalCount = finalIds.size
    const lostAfter = all.filter(
      (l) => (l.ackedAt !== undefined || l.lateAckedAt !== undefined) && !finalIds.has(l.id),
    ).length

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
      lostAfter,
      squats,
      moved: movedIds.size,
    }
  } finally {
    hostileOn = false
    await hostile
    for (const p of phones) {
      try {
        p.client.destroy()
      } catch {
        // y-websocket cannot destroy a provider whose doc changed its client id (a failed run reports it).
      }
    }
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
  out('run  kill at  posted  acked  seen  lost  ack p50  ack p95  after re-send  lost at end  squats refused/tried')
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
        `  ${r.finalCount}/${opts.labels}${r.converged ? '' : ' (did not converge)'}`.padEnd(14),
        String(r.lostAfter).padStart(11),
        r.moved > 0 ? `  ${r.moved} PHONES MOVED` : '',
        `  ${r.squats.refused}/${r.squats.tried}${r.squats.accepted > 0 ? ` (${r.squats.accepted} ACCEPTED)` : ''}${r.squats.unreachable > 0 ? ` (${r.squats.unreachable} while down)` : ''}`,
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
  const lostAfter = results.reduce((n, r) => n + r.lostAfter, 0)
  const sum = (k: keyof Squats) => results.reduce((n, r) => n + r.squats[k], 0)
  out(`acked labels lost at end: ${lostAfter} (after the re-send and one more SIGKILL)`)
  out(
    `squats:                   ${sum('tried')} tried, ${sum('refused')} refused with 4403, ${sum('accepted')} accepted, ${sum('unreachable')} while the server was down`,
  )
  const moved = results.reduce((n, r) => n + r.moved, 0)
  out(`phones written over:      ${moved}`)
  if (lost > 0 || lostAfter > 0 || moved > 0 || sum('accepted') > 0 || results.some((r) => !r.converged)) {
    process.exitCode = 1
  }
}

await main()
