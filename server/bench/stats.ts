/** Percentiles and table printing for the benchmark report. Pure. */

/** Nearest-rank percentile of `values` (0 < p ≤ 100); NaN for no values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

export interface LatencySummary {
  /** Deliveries measured. */
  count: number
  p50: number
  p95: number
  p99: number
  max: number
}

/** Summarises latencies in milliseconds. */
export function summarise(latencies: readonly number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b)
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  }
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  )
}

/** A number with a sensible precision for the tables: 0.42, 4.2, 42, 420. */
export function fmt(n: number, unit = ''): string {
  if (!Number.isFinite(n)) return '–'
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2
  return `${n.toFixed(digits)}${unit}`
}

/** Vægavis / reference, printed as `0.83×`. */
export function ratio(ours: number, reference: number): string {
  if (!Number.isFinite(ours) || !Number.isFinite(reference) || reference <= 0) return '–'
  return `${(ours / reference).toFixed(2)}×`
}

/** A Markdown table, so the output can be pasted into BENCHMARKS.md as is. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  return [line(headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n')
}
