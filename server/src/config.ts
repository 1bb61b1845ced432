/**
 * Configuration from the environment, validated once at boot. A bad value
 * stops the server with a message that names the variable.
 */
import { isIP } from 'node:net'
import { DEFAULT_MAX_MESSAGE_BYTES } from '@vaegavis/shared'
import { DEFAULT_LIMITS } from './sync/types.ts'

export interface Config {
  port: number
  host: string
  dataDir: string
  /** Postgres URL; when unset the embedded SQLite store under dataDir is used. */
  databaseUrl: string | undefined
  /** Redis URL; when set, boards are shared with other instances through Redis. */
  redisUrl: string | undefined
  maxMessageBytes: number
  adminEmail: string | undefined
  adminPassword: string | undefined
  /**
   * Public address for join links and QR codes, without a trailing slash and
   * including the base path (e.g. https://club.example.dk/vaegavis); defaults
   * to the request's host plus the base path.
   */
  publicUrl: string | undefined
  /**
   * Path prefix the app is served under behind a reverse proxy, e.g.
   * `/vaegavis`; `''` at the root. Never ends with a slash.
   */
  basePath: string
  /** Extra origins allowed to open websockets (comma-separated); the server's own origin is always allowed. */
  allowedOrigins: string[]
  /** Mark cookies Secure (set when served over HTTPS). */
  cookieSecure: boolean
  logLevel: string
  /** Boards and snapshots older than this many months are deleted; 0 keeps them forever. */
  retentionMonths: number
  /** Directory with the built client; served on the same port when it exists. */
  clientDir: string | undefined
  /** Milliseconds an empty board stays in memory (once everything it accepted is stored) before it is unloaded. */
  idleUnloadMs: number
  /**
   * Which reverse proxies may set X-Forwarded-For (and -Proto, -Host): `false` trusts none (the
   * default), a number trusts that many hops, a list trusts those addresses or CIDR ranges
   * (`loopback`, `linklocal` and `uniquelocal` name the usual ranges). Passed to Fastify's `trustProxy`.
   */
  trustProxy: false | number | string[]
}

export class ConfigError extends Error {
  /** One code for every configuration problem: the message names the variable. */
  readonly code = 'VGA_ERR_CONFIG'
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`)
  }
  return n
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    throw new ConfigError(name, `is not a URL: "${raw}"`)
  }
  if (!protocols.includes(u.protocol)) throw new ConfigError(name, `must start with ${protocols.join(' or ')}`)
  return raw
}

// Unreserved URL characters or percent-escapes only: the path goes verbatim into
// the served HTML's <base href> and the cookie path, so nothing may need quoting.
const PATH_SEGMENT = /^(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+$/

/** `/vaegavis/` → `/vaegavis`, `/` → `''`; anything a URL path cannot carry as-is is refused. */
function normalizeBasePath(name: string, raw: string): string {
  if (!raw.startsWith('/')) throw new ConfigError(name, `must start with "/", like /vaegavis; got "${raw}"`)
  const path = raw.replace(/\/+$/, '')
  if (path === '') return ''
  for (const segment of path.slice(1).split('/')) {
    if (segment === '.' || segment === '..' || !PATH_SEGMENT.test(segment)) {
      throw new ConfigError(
        name,
        `must be a plain path such as /vaegavis (letters, digits, - . _ ~ between single slashes); got "${raw}"`,
      )
    }
  }
  return path
}

/**
 * The base path comes from BASE_PATH or else from PUBLIC_URL's path; when both
 * are given they must agree, and a PUBLIC_URL without a path gets it appended,
 * so publicUrl always ends in the base path.
 */
function basePathAndPublicUrl(env: Env): { basePath: string; publicUrl: string | undefined } {
  const raw = url(env, 'PUBLIC_URL', ['http:', 'https:'])
  const fromEnv = env.BASE_PATH ? normalizeBasePath('BASE_PATH', env.BASE_PATH) : undefined
  if (raw === undefined) return { basePath: fromEnv ?? '', publicUrl: undefined }
  const u = new URL(raw)
  if (u.search || u.hash) throw new ConfigError('PUBLIC_URL', `must not have a query or fragment: "${raw}"`)
  const fromUrl = normalizeBasePath('PUBLIC_URL', u.pathname)
  if (fromEnv !== undefined && fromUrl !== '' && fromUrl !== fromEnv) {
    throw new ConfigError('BASE_PATH', `"${env.BASE_PATH}" does not match the path of PUBLIC_URL "${raw}"`)
  }
  const basePath = fromEnv ?? fromUrl
  return { basePath, publicUrl: `${u.origin}${basePath}` }
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

/** TRUST_PROXY: unset/`false` → none; `2` → two hops; `10.0.0.1, 172.16.0.0/12, loopback` → those. */
function trustProxy(env: Env): false | number | string[] {
  const raw = (env.TRUST_PROXY ?? '').trim()
  if (raw === '' || raw === 'false' || raw === 'off') return false
  if (/^\d+$/.test(raw)) return int(env, 'TRUST_PROXY', 0, 1, 32)
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const item of list) {
    const [address = '', prefix, ...rest] = item.split('/')
    const family = isIP(address)
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32))
    if (!PROXY_NAMES.has(item) && (family === 0 || !prefixOk || rest.length > 0)) {
      throw new ConfigError(
        'TRUST_PROXY',
        `must be false, a number of proxy hops, or addresses/CIDR ranges separated by commas (or loopback, linklocal, uniquelocal); "${item}" is none of these`,
      )
    }
  }
  return list
}

export function loadConfig(env: Env = process.env): Config {
  const adminEmail = env.VAEGAVIS_ADMIN_EMAIL || undefined
  const adminPassword = env.VAEGAVIS_ADMIN_PASSWORD || undefined
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError('VAEGAVIS_ADMIN_EMAIL', 'and VAEGAVIS_ADMIN_PASSWORD must be set together')
  }
  if (adminEmail !== undefined && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) {
    throw new ConfigError('VAEGAVIS_ADMIN_EMAIL', `is not an email address: "${adminEmail}"`)
  }
  if (adminPassword !== undefined && adminPassword.length < 8) {
    throw new ConfigError('VAEGAVIS_ADMIN_PASSWORD', 'must be at least 8 characters')
  }
  const logLevel = env.LOG_LEVEL || 'info'
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of fatal, error, warn, info, debug, trace, silent`)
  }
  const { basePath, publicUrl } = basePathAndPublicUrl(env)
  return {
    port: int(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: env.DATA_DIR || './data',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    maxMessageBytes: int(env, 'MAX_MESSAGE_BYTES', DEFAULT_MAX_MESSAGE_BYTES, 1024, 64 * 1024 * 1024),
    adminEmail,
    adminPassword,
    publicUrl,
    basePath,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    cookieSecure: env.COOKIE_SECURE === 'true' || (publicUrl?.startsWith('https:') ?? false),
    logLevel,
    clientDir: env.CLIENT_DIR || undefined,
    retentionMonths: int(env, 'RETENTION_MONTHS', 0, 0, 1200),
    idleUnloadMs: int(env, 'IDLE_UNLOAD_MS', DEFAULT_LIMITS.idleUnloadMs, 0, 24 * 3600 * 1000),
    trustProxy: trustProxy(env),
  }
}
