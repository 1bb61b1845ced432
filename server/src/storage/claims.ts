import type { DocAppend } from './types.ts'

/**
 * Decides which entries of one append may be stored, claiming the client ids
 * they use as it goes, so a later entry sees an earlier one's claims. One rule
 * for every adapter (see {@link DocAppend}); each adapter runs it inside the
 * transaction that stores the entries, so the database decides a race.
 */
export function decideClaims(
  entries: readonly DocAppend[],
  ownerOf: (client: number) => string | undefined,
  claim: (client: number, subject: string) => void,
): number[] {
  const refused: number[] = []
  const refusedSubjects = new Set<string>()
  entries.forEach((entry, i) => {
    const taken =
      refusedSubjects.has(entry.subject) ||
      entry.clients.some((c) => {
        const owner = ownerOf(c)
        return owner !== undefined && owner !== entry.subject
      })
    if (taken) {
      refused.push(i)
      refusedSubjects.add(entry.subject)
      return
    }
    for (const c of entry.clients) if (ownerOf(c) === undefined) claim(c, entry.subject)
  })
  return refused
}
