// Preloaded into every benchmarked server process (`node --import …/loopProbe.mjs`): measures that
// process's own event-loop delay. On SIGUSR2 it writes what it measured since the last signal to
// $BENCH_LOOP_FILE and starts over, so the benchmark can bracket exactly its measured phase.
// It also writes the main thread's `process.memoryUsage()`; with BENCH_GC=1 after a full garbage
// collection (so heap figures are what is retained, not what waits to be collected), and with
// BENCH_HEAP_DIR set it also writes a heap snapshot there (scripts/memory.ts).
// Plain JavaScript: it is loaded before tsx.
import { renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import v8 from 'node:v8'
import vm from 'node:vm'

const out = process.env.BENCH_LOOP_FILE
if (out) {
  let gc = null
  if (process.env.BENCH_GC === '1') {
    v8.setFlagsFromString('--expose-gc')
    gc = vm.runInNewContext('gc')
  }
  const heapDir = process.env.BENCH_HEAP_DIR
  let snapshots = 0
  const h = monitorEventLoopDelay({ resolution: 2 })
  h.enable()
  process.on('SIGUSR2', () => {
    const ms = (ns) => ns / 1e6
    const stats = { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), samples: h.count }
    if (gc) {
      gc()
      gc()
    }
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage()
    stats.memory = { rss, heapUsed, external, arrayBuffers }
    if (heapDir)
      stats.heapSnapshot = v8.writeHeapSnapshot(join(heapDir, `heap-${process.pid}-${++snapshots}.heapsnapshot`))
    writeFileSync(`${out}.tmp`, JSON.stringify(stats))
    // Renamed into place, so a reader never sees half a file.
    renameSync(`${out}.tmp`, out)
    h.reset()
  })
}
