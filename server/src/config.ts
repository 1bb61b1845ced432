/**
 * Configuration from the environment, validated once at boot. A bad value
 * stops the server with a message that names the variable.
 */
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
  /** Public origin for join links and QR codes (e.g. https://vaegavis.example.dk); defaults to the request's host. */
  publicUrl: string | undefined
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
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
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
  const publicUrl = url(env, 'PUBLIC_URL', ['http:', 'https:'])
  return {
    port: int(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: env.DATA_DIR || './data',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    maxMessageBytes: int(env, 'MAX_MESSAGE_BYTES', DEFAULT_MAX_MESSAGE_BYTES, 1024, 64 * 1024 * 1024),
    adminEmail,
    adminPassword,
    publicUrl: publicUrl?.replace(/\/+$/, ''),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    cookieSecure: env.COOKIE_SECURE === 'true' || (publicUrl?.startsWith('https:') ?? false),
    logLevel,
    clientDir: env.CLIENT_DIR || undefined,
    retentionMonths: int(env, 'RETENTION_MONTHS', 0, 0, 1200),
    idleUnloadMs: int(env, 'IDLE_UNLOAD_MS', DEFAULT_LIMITS.idleUnloadMs, 0, 24 * 3600 * 1000),
  }
}
