#!/usr/bin/env node
/**
 * Phone route budget: the gzipped size of every JavaScript file a phone
 * loads for /j/:code. The server writes the phone build's entry
 * (`vite build --mode phone`, its manifest `.vite/phone-manifest.json`) into
 * that page, so that entry and anything it imports statically is counted.
 * Reads client/dist (run `pnpm --filter @vaegavis/client build` first).
 * Builds nothing. Exits 1 above the budget.
 *
 * It also exits 1 if the phone entry imports a chunk statically, or if a
 * chunk it may import later imports anything: an inlined module has no URL,
 * so such an import would load a second copy of React or Yjs.
 *
 * A phone also gets the phone texts (`common` area) of exactly one
 * language, written into the page; the largest of their chunks is added, so
 * the budget holds whichever language the phone follows.
 *
 * Sizes are gzip level 9, as the server sends them (the `.gz` files the
 * build writes next to each asset).
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

// With React the page was 110 KB; on Preact's compatible core it is about 52 KB. The budget keeps that gain.
export const BUDGET_BYTES = 64 * 1024

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist')
const manifestPath = join(dist, '.vite', 'phone-manifest.json')
if (!existsSync(manifestPath)) {
  console.error(
    `No ${manifestPath}. Run \`pnpm --filter @vaegavis/client build\` first (it builds the phone page too).`,
  )
  process.exit(2)
}
/** @type {Record<string, {file: string, isEntry?: boolean, imports?: string[]}>} */
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))

const roots = Object.entries(manifest)
  .filter(([, chunk]) => chunk.isEntry)
  .map(([key]) => key)
if (!roots.some((key) => manifest[key]?.isEntry)) {
  console.error('The manifest has no entry chunk.')
  process.exit(2)
}

const entries = roots.filter((key) => manifest[key]?.isEntry)
const problems = []
for (const key of entries) {
  const entry = manifest[key]
  if (entry.imports?.length) problems.push(`the phone entry imports ${entry.imports.join(', ')}`)
  for (const lazy of entry.dynamicImports ?? []) {
    const chunk = manifest[lazy]
    if (chunk?.imports?.length) problems.push(`${chunk.file}, loaded later, imports ${chunk.imports.join(', ')}`)
  }
}
if (problems.length) {
  console.error(`The inlined phone page cannot share modules with a file:\n  ${problems.join('\n  ')}`)
  process.exit(1)
}

/** Every chunk the roots load without a dynamic import, in load order, once each. */
const files = new Set()
const visit = (key) => {
  const chunk = manifest[key]
  if (!chunk) throw new Error(`manifest refers to a missing chunk: ${key}`)
  if (files.has(chunk.file)) return
  files.add(chunk.file)
  for (const dep of chunk.imports ?? []) visit(dep)
}
for (const key of roots) visit(key)

const gzipped = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length
let total = 0
const rows = []
for (const file of files) {
  if (!file.endsWith('.js')) continue
  const bytes = gzipped(file)
  total += bytes
  rows.push([file, bytes])
}

const PHONE_TEXTS = /locales\/([\w-]+)\.json\?area=common$/
const texts = Object.entries(manifest)
  .map(([key, chunk]) => [PHONE_TEXTS.exec(key)?.[1], chunk.file])
  .filter(([code]) => code)
  .map(([code, file]) => [code, file, gzipped(file)])
if (texts.length === 0) {
  console.error('The manifest has no phone texts (shared/locales/*.json?area=common).')
  process.exit(2)
}
const largest = texts.reduce((a, b) => (b[2] > a[2] ? b : a))
total += largest[2]

const kb = (n) => `${(n / 1024).toFixed(1)} KB`
const out = (line) => process.stdout.write(`${line}\n`)
for (const [file, bytes] of rows) out(`${kb(bytes).padStart(9)}  ${file}`)
for (const [code, file, bytes] of texts) {
  out(`${kb(bytes).padStart(9)}  ${file} (phone texts, ${code}${code === largest[0] ? ', largest: counted' : ''})`)
}
const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER'
out(
  `${kb(total).padStart(9)}  phone route JavaScript, gzipped (${total} bytes; budget ${kb(BUDGET_BYTES)}: ${verdict})`,
)
if (total > BUDGET_BYTES) process.exit(1)
