import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin, type UserConfig } from 'vite'

const backend = 'http://127.0.0.1:8080'

/**
 * Modules of the phone route (start page, join, phone board and what they
 * use). They go into the entry chunk as one file: one compression context
 * is smaller than the common chunk automatic splitting would make for what
 * the wall shares, and one request fewer on a weak connection. Anything not
 * listed keeps automatic placement, so a library only the wall uses never
 * lands here; `pnpm size` checks the result against the budget.
 */
const PHONE_MODULES = [
  /[\\/]node_modules[\\/](react|react-dom|scheduler|yjs|lib0|y-protocols|y-websocket|rosetta|dlv|templite)[\\/]/,
  /[\\/]shared[\\/]src[\\/](index|schema|errors|protocol|validate|joinCode|i18n)\.ts$/,
  /[\\/]client[\\/]index\.html$/,
  // Not what the phone needs later in the meeting, nor the picture code: they load on their own.
  /[\\/]client[\\/]src[\\/](main\.tsx|App\.tsx|router\.ts|api\.ts|i18n\.ts|styles\.css|phone[\\/](?!VotePanel|AnswerPanel|EditForm|pictures\.ts)|sync[\\/])/,
  /[\\/]client[\\/]src[\\/]ui[\\/](StartPage|NotFoundPage|Link|ConnectionBadge|CategoryIcon|LanguageSwitch)\.tsx$/,
  /[\\/]client[\\/]src[\\/]ui[\\/](errors|colour)\.ts$/,
]
const isPhoneModule = (id: string) => PHONE_MODULES.some((re) => re.test(id))
const gzipAsync = promisify(gzip)
const brotliAsync = promisify(brotliCompress)

/**
 * `shared/locales/<code>.json?area=<area>` is the one area of that language
 * file, so each area of each language becomes its own small chunk: a phone
 * downloads the phone's texts in its language and nothing else. The
 * area becomes a module exporting it.
 */
function localeAreas(): Plugin {
  const areaQuery = /[\\/]shared[\\/]locales[\\/][\w-]+\.json\?area=(\w+)$/
  return {
    name: 'vaegavis:locale-areas',
    enforce: 'pre',
    async load(id) {
      const match = areaQuery.exec(id)
      if (!match) return null
      const file = id.slice(0, id.indexOf('?'))
      this.addWatchFile(file)
      const all = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
      return { code: `export default ${JSON.stringify(all[match[1] as string] ?? {})}`, moduleType: 'js' }
    },
  }
}

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

/**
 * `--mode phone` builds the `/j/:code` page the server inlines (src/phone/boot.tsx, from phone.html), into the
 * same `dist` after the app's build. Everything it runs is one chunk: an inline module has no URL another chunk
 * could import React from. The chunk sits at the root of `dist`, not in `assets/`, so the relative URLs in it
 * (another language's texts) resolve the same from the page, whose `<base>` is that root, as from the file.
 */
const phoneBuild = {
  outDir: 'dist',
  emptyOutDir: false,
  reportCompressedSize: true,
  manifest: '.vite/phone-manifest.json',
  modulePreload: { polyfill: false },
  rolldownOptions: {
    input: { phone: fileURLToPath(new URL('./phone.html', import.meta.url)) },
    output: {
      entryFileNames: 'phone-[hash].js',
      chunkFileNames: 'assets/phone-[name]-[hash].js',
      assetFileNames: 'assets/phone-[name]-[hash][extname]',
    },
  },
} satisfies UserConfig['build']

export default defineConfig(({ mode }) => ({
  plugins: [localeAreas(), react(), precompress()],
  // Relative asset URLs: the same build works at / and under a proxy prefix such as /vaegavis/, because the
  // server writes that prefix into index.html's <base href> (server/src/plugins/web.ts).
  base: './',
  resolve:
    mode === 'phone'
      ? {
          alias: [
            {
              find: /^\.\/later\.ts$/,
              replacement: fileURLToPath(new URL('./src/phone/later.inline.ts', import.meta.url)),
            },
          ],
        }
      : undefined,
  server: {
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/ws': { target: backend, ws: true },
    },
  },
  build:
    mode === 'phone'
      ? phoneBuild
      : {
          outDir: 'dist',
          emptyOutDir: true,
          reportCompressedSize: true,
          // scripts/bundle-size.mjs reads it to sum what the phone route loads.
          manifest: true,
          // Every browser the phones use either supports modulepreload or merely loads a little later without it;
          // the polyfill would cost the phone route half a kilobyte.
          modulePreload: { polyfill: false },
          rolldownOptions: {
            output: { codeSplitting: { groups: [{ name: 'phone', test: isPhoneModule }] } },
          },
        },
}))
