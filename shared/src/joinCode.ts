/**
 * Join codes are typed by young people from a projector at the back of a room,
 * so the alphabet leaves out characters that look alike (0/O, 1/I/L, 5/S, 2/Z, 8/B).
 */
export const JOIN_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679'
/** Number of characters in a join code. 25^6 ≈ 244 million codes. */
export const JOIN_CODE_LENGTH = 6

/** A random join code from a cryptographic source. */
export function generateJoinCode(random: (n: number) => Uint8Array = randomBytes): string {
  const alphabet = JOIN_CODE_ALPHABET
  let out = ''
  while (out.length < JOIN_CODE_LENGTH) {
    for (const b of random(JOIN_CODE_LENGTH * 2)) {
      // Rejection sampling keeps every character equally likely.
      if (b < 250 && out.length < JOIN_CODE_LENGTH) out += alphabet[b % alphabet.length]
    }
  }
  return out
}

/**
 * Tolerant reading of what a person typed: case, spaces and dashes are
 * ignored. Returns null when the input cannot be a join code.
 */
export function normalizeJoinCode(input: string): string | null {
  const mapped = input.toUpperCase().replace(/[\s-]/g, '')
  if (mapped.length !== JOIN_CODE_LENGTH) return null
  for (const ch of mapped) if (!JOIN_CODE_ALPHABET.includes(ch)) return null
  return mapped
}

function randomBytes(n: number): Uint8Array {
  const buf = new Uint8Array(n)
  globalThis.crypto.getRandomValues(buf)
  return buf
}
