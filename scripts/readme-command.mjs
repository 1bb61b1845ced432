// Prints the shell command in the first ```sh block under a README heading, so
// .ci/run runs exactly what a newcomer reads (`node scripts/readme-command.mjs "Test it"`).
import { readFileSync } from 'node:fs'

const heading = process.argv[2]
if (!heading) {
  process.stderr.write('usage: readme-command.mjs "<heading text>"\n')
  process.exit(2)
}
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const lines = readme.split('\n')
const at = lines.findIndex((l) => /^#{1,6} /.test(l) && l.replace(/^#+ /, '').startsWith(heading))
if (at < 0) {
  process.stderr.write(`README.md has no heading starting with "${heading}"\n`)
  process.exit(1)
}
const open = lines.findIndex((l, i) => i > at && /^```(sh|bash)\s*$/.test(l))
const close = open < 0 ? -1 : lines.findIndex((l, i) => i > open && /^```\s*$/.test(l))
const next = lines.findIndex((l, i) => i > at && /^#{1,6} /.test(l))
if (open < 0 || close < 0 || (next >= 0 && open > next)) {
  process.stderr.write(`no \`\`\`sh block under "${heading}" in README.md\n`)
  process.exit(1)
}
process.stdout.write(
  `${lines
    .slice(open + 1, close)
    .join('\n')
    .trim()}\n`,
)
