import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

const backend = 'http://127.0.0.1:8080'
const gzipAsync = promisify(gzip)
const brotliAsync = promisify(brotliCompress)

/**
 * Writes `.gz` and `.br` next to every text asset so the server can send
 * them precompressed (phones on weak connections; @fastify/static `preCompressed`).
 */
function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'vaegavis:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    async writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => /\.(js|css|html|svg|json)$/.test(f))
      await Promise.all(
        files.map(async (f) => {
          const path = join(outDir, f)
          const data = await readFile(path)
          if (data.length < 1024) return
          await writeFile(`${path}.gz`, await gzipAsync(data, { level: 9 }))
          await writeFile(
            `${path}.br`,
            await brotliAsync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }),
          )
        }),
      )
    },
  }
}

export default defineConfig({
  plugins: [react(), precompress()],
  server: {
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/ws': { target: backend, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    reportCompressedSize: true,
  },
})
