// Preloaded into every benchmarked server process (`node --import …/loopProbe.mjs`): measures that
// process's own event-loop delay. On SIGUSR2 it writes what it measured since the last signal to
// $BENCH_LOOP_FILE and starts over, so the benchmark can bracket exactly its measured phase.
// Plain JavaScript: it is loaded before tsx.
import { renameSync, writeFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'

const out = process.env.BENCH_LOOP_FILE
if (out) {
  const h = monitorEventLoopDelay({ resolution: 2 })
  h.enable()
  process.on('SIGUSR2', () => {
    const ms = (ns) => ns / 1e6
    const stats = { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), samples: h.count }
    writeFileSync(`${out}.tmp`, JSON.stringify(stats))
    // Renamed into place, so a reader never sees half a file.
    renameSync(`${out}.tmp`, out)
    h.reset()
  })
}
