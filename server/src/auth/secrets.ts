/** Password hashing (scrypt) and bearer tokens (random, stored only as SHA-256). */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

const SCRYPT_N = 16384
const KEY_LEN = 32

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LEN, { N: SCRYPT_N, r: 8, p: 1 }, (err, key) => (err ? reject(err) : resolve(key))),
  )
}

/** `scrypt$N$salt$hash`, all base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(password, salt)
  return `scrypt$${SCRYPT_N}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, , saltB64, keyB64] = stored.split('$')
  if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false
  const expected = Buffer.from(keyB64, 'base64url')
  const key = await scryptAsync(password, Buffer.from(saltB64, 'base64url'))
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A new unguessable bearer token (256 bits). */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** What is stored for a token: its SHA-256, so a database leak grants nothing. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

/** A random id for users, boards and participants. */
export function newRandomId(): string {
  return randomBytes(12).toString('base64url')
}
