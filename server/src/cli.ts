/**
 * Administration from the command line:
 *   pnpm --filter @vaegavis/server cli add-facilitator EMAIL PASSWORD
 * Uses the same DATA_DIR / DATABASE_URL as the server.
 */
import { loadConfig } from './config.ts'
import { ensureFacilitator } from './services/boards.ts'
import { createStore } from './storage/index.ts'

async function run(argv: string[]): Promise<number> {
  const [command, ...args] = argv
  if (command !== 'add-facilitator' || args.length !== 2) {
    process.stderr.write('usage: cli add-facilitator EMAIL PASSWORD\n')
    return 2
  }
  const [email = '', password = ''] = args
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
    process.stderr.write(`not an email address: ${email}\n`)
    return 2
  }
  if (password.length < 8) {
    process.stderr.write('the password must be at least 8 characters\n')
    return 2
  }
  const config = loadConfig()
  const store = await createStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    const { created } = await ensureFacilitator(store, email, password)
    process.stdout.write(created ? `facilitator ${email} added\n` : `facilitator ${email} already exists\n`)
    return 0
  } finally {
    await store.close()
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
    process.exit(1)
  },
)
