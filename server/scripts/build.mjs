// Compiles the server to plain JavaScript in dist/ for `pnpm start` and the
// container image: Node 20 cannot run TypeScript, and tsx (a dev tool) should
// not sit between production and its errors. Our own code, the shared package
// included (consumed as TypeScript source), is bundled; every npm dependency
// stays an import, so native modules and data files load as they do in dev.
// Entry points keep their place under src/, so paths built from
// import.meta.url (the built client, the locales) resolve the same from dist/.
import { copyFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// Workers are their own entries: worker_threads start each from its own file.
const entries = ['src/main.ts', 'src/cli.ts', 'src/capture/worker.ts', 'src/storage/sqliteWorker.ts']

rmSync(join(root, 'dist'), { recursive: true, force: true })
await build({
  absWorkingDir: root,
  entryPoints: entries,
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Bundled: relative imports and the workspace's own packages; everything else is an npm package.
  plugins: [
    {
      name: 'external-npm-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@vaegavis/') ? undefined : { path: args.path, external: true },
        )
      },
    },
  ],
})
// The OCR thread's guard is CommonJS loaded by path (tesseract.js workerPath), not imported.
copyFileSync(join(root, 'src/capture/ocrGuard.cjs'), join(root, 'dist/capture/ocrGuard.cjs'))
process.stdout.write(`built ${entries.join(', ')} → dist/\n`)
