/**
 * The lines every benchmark prints first: when, on what, and how loaded the
 * machine was, so figures from a shared VM are read for what they are.
 * Used by the server bench and the phone bench (e2e/bench).
 */
import os from 'node:os'

export function machineLines(): string[] {
  const cpus = os.cpus()
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
  return [
    `date: ${new Date().toISOString()}`,
    `machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    `node: ${process.version}; load average now ${load} (other work on the machine skews every figure)`,
  ]
}
