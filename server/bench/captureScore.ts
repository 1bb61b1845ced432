/** Scoring a capture against a generated photo's ground truth: shared by the benchmark and the tests. */
import type { NoteTruth } from '../scripts/capture-testset.ts'

/** What the pipeline proposed for one note (box centre as fractions of the photo). */
export interface Proposed {
  box: { cx: number; cy: number }
  category: string
  text: string
  group: number
}

/** Edit distance (insert, delete, substitute) between two strings, by code point. */
export function levenshtein(a: string, b: string): number {
  const s = [...a]
  const t = [...b]
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j)
  for (let i = 1; i <= s.length; i++) {
    const cur = [i]
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + (s[i - 1] === t[j - 1] ? 0 : 1),
      )
    }
    prev = cur
  }
  return prev[t.length] as number
}

/** Text as compared: case folded, whitespace collapsed (a facilitator does not retype for case). */
export const normaliseText = (s: string) => s.toLocaleLowerCase('da').replace(/\s+/g, ' ').trim()

export interface PhotoScore {
  truth: number
  found: number
  matched: number
  categoryRight: number
  /** Sum of edit distances and of truth lengths, per style. */
  cer: Record<'block' | 'hand', { errors: number; chars: number }>
  /** Pairs of matched notes whose proposed grouping agrees with the truth (same group or not), and all pairs. */
  groupPairs: { agree: number; total: number }
  pairs: { truth: NoteTruth; proposed: Proposed }[]
}

/** Matches proposals to truth notes one-to-one: a proposal counts when its centre is within 40 % of a note's side. */
export function scorePhoto(
  truth: { width: number; height: number; notes: NoteTruth[] },
  proposed: readonly Proposed[],
): PhotoScore {
  const candidates: { t: number; p: number; d: number }[] = []
  truth.notes.forEach((n, t) => {
    proposed.forEach((q, p) => {
      const d = Math.hypot(q.box.cx * truth.width - n.cx, q.box.cy * truth.height - n.cy)
      if (d < n.size * 0.4) candidates.push({ t, p, d })
    })
  })
  candidates.sort((x, y) => x.d - y.d)
  const usedT = new Set<number>()
  const usedP = new Set<number>()
  const pairs: PhotoScore['pairs'] = []
  for (const c of candidates) {
    if (usedT.has(c.t) || usedP.has(c.p)) continue
    usedT.add(c.t)
    usedP.add(c.p)
    pairs.push({ truth: truth.notes[c.t] as NoteTruth, proposed: proposed[c.p] as Proposed })
  }
  const cer: PhotoScore['cer'] = { block: { errors: 0, chars: 0 }, hand: { errors: 0, chars: 0 } }
  for (const { truth: t, proposed: p } of pairs) {
    const want = normaliseText(t.text)
    cer[t.style].errors += levenshtein(normaliseText(p.text), want)
    cer[t.style].chars += [...want].length
  }
  let agree = 0
  let total = 0
  for (let i = 0; i < pairs.length; i++)
    for (let j = i + 1; j < pairs.length; j++) {
      const a = pairs[i] as PhotoScore['pairs'][number]
      const b = pairs[j] as PhotoScore['pairs'][number]
      total++
      if ((a.truth.group === b.truth.group) === (a.proposed.group === b.proposed.group)) agree++
    }
  return {
    truth: truth.notes.length,
    found: proposed.length,
    matched: pairs.length,
    categoryRight: pairs.filter((p) => p.truth.category === p.proposed.category).length,
    cer,
    groupPairs: { agree, total },
    pairs,
  }
}
