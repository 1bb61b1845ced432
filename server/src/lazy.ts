/**
 * Heavy packages that only some requests need (exports: fonts, PDF, PNG; images and capture:
 * libvips; Postgres; the QR code) are loaded the first time one is used, not at start. A server
 * that never renders a PDF does not carry pdfkit, fontkit and harfbuzz: ~50 MiB of RSS at idle,
 * on a machine that may hold a school's 2,000 phones (BENCHMARKS.md, issue #15).
 *
 * Synchronous (`require`): the call sites stay as they were, and the first use costs what the
 * import at start did. Every package loaded here ships CommonJS.
 */
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** A getter for what `make` returns, made on its first call. */
export function lazy<T>(make: () => T): () => T {
  let made: { value: T } | undefined
  return () => {
    made ??= { value: make() }
    return made.value
  }
}

/** A getter for package `id`, required on its first call. Import its types with `import type`. */
export function lazyRequire<T>(id: string): () => T {
  return lazy(() => require(id) as T)
}
