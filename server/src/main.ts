/** Reads and validates config, opens storage, listens, and shuts down gracefully on signals. */
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildApp } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'
import { ensureFacilitator } from './services/boards.ts'
import { createStore } from './storage/index.ts'
import type { Logger } from './sync/index.ts'

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig()
  } catch (e: unknown) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Vægavis cannot start: ${e.message} (${e.code})\n`)
      process.exit(2)
    }
    throw e
  }
  const builtClient = resolve(dirname(fileURLToPath(import.meta.url)), '../../client/dist')
  if (!config.clientDir && existsSync(builtClient)) config.clientDir = builtClient
  const store = await createStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  const redisUrl = config.redisUrl
  const fanout = redisUrl
    ? async (log: Logger) => (await import('./fanout/redis.ts')).createRedisFanout(redisUrl, { log })
    : undefined
  const app = await buildApp({
    config,
    store,
    limits: { idleUnloadMs: config.idleUnloadMs },
    ...(fanout ? { fanout } : {}),
  })
  if (config.adminEmail && config.adminPassword) {
    const { created } = await ensureFacilitator(store, config.adminEmail, config.adminPassword)
    app.log.info({ email: config.adminEmail, created }, 'facilitator account ready')
  }
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'shutting down: storing everything, then closing')
    await app.close()
    await store.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
  await app.listen({ port: config.port, host: config.host })
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  app.log.info(
    { storage: store.kind, redis: Boolean(fanout), basePath: config.basePath || '/' },
    `Vægavis is running: open ${config.publicUrl ?? `http://${shown}:${port}${config.basePath}`}/ ${config.adminEmail ? `and sign in as ${config.adminEmail}` : '(add a facilitator with: pnpm --filter @vaegavis/server cli add-facilitator EMAIL PASSWORD)'}`,
  )
}

void main()
