/**
 * Soak test: one real server process, N phones (stock y-websocket) on one board
 * posting and moving labels for a while, with a few phones dropping off and
 * coming back (new device, new Yjs client id) all the time, as phones do. The
 * server's resident memory is sampled from /proc/<pid>/status every 10 s.
 *
 * Memory must stay flat: the mean of the last quarter of samples may exceed the
 * mean of the first quarter by at most --max-growth-mb (the board itself grows a
 * little with every label and move, so the threshold is not zero).
 *
 *   pnpm --filter @vaegavis/server soak --clients 200 --minutes 30
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join as joinPath } from 'node:path'
import { addLabel, MessageType, moveLabel, readLabels, setSetting } from '@vaegavis/shared'
import {
  type Client,
  connect,
  FACILITATOR,
  httpBoard,
  httpJoin,
  httpSignIn,
  spawnServer,
  synced,
} from '../test/helpers.ts'

interface Options {
  clients: number
  minutes: number
  /** Seconds between memory samples. */
  sample: number
  /** Seconds between a phone's label posts, and between its moves (each jittered ±50 %). */
  postEvery: number
  moveEvery: number
  /** Phones that drop off and come back per minute. */
  churnPerMinute: number
  maxGrowthMb: number
}

function parseArgs(argv: string[]): Options {
  const get = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`)
    if (i < 0) return fallback
    const n = Number(argv[i + 1])
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a number`)
    return n
  }
  return {
    clients: get('clients', 200),
    minutes: get('minutes', 30),
    sample: get('sample', 10),
    postEvery: get('post-every', 60),
    moveEvery: get('move-every', 10),
    churnPerMinute: get('churn-per-minute', 10),
    maxGrowthMb: get('max-growth-mb', 64),
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const jitter = (seconds: number) => seconds * 1000 * (0.5 + Math.random())
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
const out = (s: string) => process.stdout.write(`${s}\n`)

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN)
  return kb / 1024
}

interface Phone {
  token: string
  participantId: string
  client: Client
  mine: string[]
  timers: NodeJS.Timeout[]
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2))
  // Every y-websocket provider in Node adds a process 'exit' listener.
  process.setMaxListeners(0)
  const dataDir = mkdtempSync(joinPath(tmpdir(), 'vaegavis-soak-'))
  const server = await spawnServer({
    name: 'soak',
    env: {
      DATA_DIR: dataDir,
      VAEGAVIS_ADMIN_EMAIL: FACILITATOR.email,
      VAEGAVIS_ADMIN_PASSWORD: FACILITATOR.password,
      LOG_LEVEL: 'warn',
      // The simulated phones say who they are in X-Forwarded-For, as a club's proxy would.
      TRUST_PROXY: 'loopback',
    },
  })
  out(
    `soak: ${opts.clients} phones for ${opts.minutes} min, a post every ~${opts.postEvery} s and a move every ~${opts.moveEvery} s per phone, ${opts.churnPerMinute} reconnects/min; server pid ${server.pid}`,
  )
  const phones: Phone[] = []
  let projector: Client | null = null
  let posts = 0
  let moves = 0
  let reconnects = 0
  let acks = 0
  let closedByServer = 0
  let stopping = false
  const countCloses = (c: Client) => {
    c.provider.on('connection-close', (e: CloseEvent | null) => {
      if (!stopping && e && e.code >= 4000) closedByServer++
    })
  }
  try {
    const cookie = await httpSignIn(server.url)
    const { board, facToken } = await httpBoard(server.url, cookie, 'Soak')
    projector = connect(server.wsUrl, board.id, facToken)
    await synced(projector)
    setSetting(projector.doc, 'participantsMayMove', true)

    const start = (phone: Phone) => {
      phone.client = connect(server.wsUrl, board.id, phone.token, { params: { ack: '1' } })
      countCloses(phone.client)
      // Stock y-websocket logs every message type it has no handler for; acks are expected here.
      phone.client.provider.messageHandlers[MessageType.Ack] = () => {
        acks++
      }
      phone.client.provider.awareness.setLocalState({ role: 'participant' })
      phone.mine = []
      // The first post and move come at a random moment within one period, so the load ramps up at once.
      const postLoop = (first = false) => {
        phone.timers[0] = setTimeout(
          () => {
            if (phone.client.provider.synced && phone.mine.length < 250) {
              phone.mine.push(
                addLabel(phone.client.doc, {
                  text: `soak ${posts}`,
                  category: 'ide',
                  x: Math.round(Math.random() * 2000),
                  y: Math.round(Math.random() * 1200),
                  author: phone.participantId,
                }),
              )
              posts++
            }
            postLoop()
          },
          first ? Math.random() * opts.postEvery * 1000 : jitter(opts.postEvery),
        )
      }
      const moveLoop = (first = false) => {
        phone.timers[1] = setTimeout(
          () => {
            const id = phone.mine[Math.floor(Math.random() * phone.mine.length)]
            if (id && phone.client.provider.synced) {
              moveLabel(phone.client.doc, id, Math.round(Math.random() * 2000), Math.round(Math.random() * 1200))
              moves++
            }
            moveLoop()
          },
          first ? Math.random() * opts.moveEvery * 1000 : jitter(opts.moveEvery),
        )
      }
      postLoop(true)
      moveLoop(true)
    }
    const stop = (phone: Phone) => {
      for (const t of phone.timers) clearTimeout(t)
      phone.client.destroy()
    }

    for (let i = 0; i < opts.clients; i++) {
      const p = await httpJoin(server.url, board.joinCode, { forwardedFor: `10.${(i >> 8) & 255}.${i & 255}.1` })
      const phone: Phone = { token: p.token, participantId: p.participantId, mine: [], timers: [], client: null! }
      start(phone)
      phones.push(phone)
    }
    await Promise.all(phones.map((p) => synced(p.client)))
    out(`${opts.clients} phones synced`)

    // A phone that sleeps and wakes up is a new device to Yjs: new doc, new client id, same token.
    const churn =
      opts.churnPerMinute > 0
        ? setInterval(() => {
            const phone = phones[Math.floor(Math.random() * phones.length)]!
            stop(phone)
            start(phone)
            reconnects++
          }, 60_000 / opts.churnPerMinute)
        : null

    const samples: { t: number; rss: number }[] = []
    const t0 = Date.now()
    const end = t0 + opts.minutes * 60_000
    out('   t     rss MB  labels    posts    moves  reconnects  closed by server')
    while (Date.now() < end) {
      const t = Math.round((Date.now() - t0) / 1000)
      const rss = rssMb(server.pid)
      samples.push({ t, rss })
      out(
        `${String(t).padStart(4)} s ${rss.toFixed(1).padStart(8)} ${String(readLabels(projector.doc).length).padStart(7)} ${String(posts).padStart(8)} ${String(moves).padStart(8)} ${String(reconnects).padStart(11)} ${String(closedByServer).padStart(17)}`,
      )
      await sleep(Math.min(opts.sample * 1000, Math.max(0, end - Date.now())))
      if (!server.alive) throw new Error(`the server died:\n${server.output()}`)
    }
    if (churn) clearInterval(churn)

    const q = Math.max(1, Math.floor(samples.length / 4))
    const first = mean(samples.slice(0, q).map((s) => s.rss))
    const last = mean(samples.slice(-q).map((s) => s.rss))
    const growth = last - first
    out('')
    out(`samples:                 ${samples.length} (every ${opts.sample} s)`)
    out(`first quarter mean RSS:  ${first.toFixed(1)} MB`)
    out(`last quarter mean RSS:   ${last.toFixed(1)} MB`)
    out(`growth:                  ${growth.toFixed(1)} MB (threshold ${opts.maxGrowthMb} MB)`)
    out(
      `labels on the board:     ${readLabels(projector.doc).length}; posts ${posts}, moves ${moves}, reconnects ${reconnects}, acks ${acks}`,
    )
    out(`sockets closed by the server with 4xxx: ${closedByServer}`)
    if (growth > opts.maxGrowthMb) {
      out('FAIL: memory grew more than the threshold')
      process.exitCode = 1
    }
    if (closedByServer > 0) {
      out('FAIL: the server closed honest phones')
      process.exitCode = 1
    }
  } finally {
    stopping = true
    for (const p of phones) {
      for (const t of p.timers) clearTimeout(t)
      p.client?.destroy()
    }
    projector?.destroy()
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
