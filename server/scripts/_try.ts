import { readFileSync } from 'node:fs'
import { runCapture } from '/work/wt/capture/server/src/capture/pipeline.ts'
import { createOcr } from '/work/wt/capture/server/src/capture/ocr.ts'
import { scorePhoto } from '/work/wt/capture/server/bench/captureScore.ts'
const dir = process.argv[2]!
const t = JSON.parse(readFileSync(`${dir}/truth.json`, 'utf8'))
const ocr = await createOcr()
for (const p of t.photos) {
  const s0 = performance.now()
  const r = await runCapture(readFileSync(`${dir}/${p.file}`), t.legend, ocr)
  const s = scorePhoto(p, r.notes)
  console.log(p.file, ((performance.now()-s0)/1000).toFixed(2)+'s', `truth ${s.truth} found ${s.found} matched ${s.matched} cat ${s.categoryRight}`, JSON.stringify(s.cer), `groups ${s.groupPairs.agree}/${s.groupPairs.total}`)
  for (const pr of s.pairs) if (pr.proposed.text.toLowerCase() !== pr.truth.text.toLowerCase()) console.log('   ', JSON.stringify(pr.truth.text), '→', JSON.stringify(pr.proposed.text), pr.truth.category, pr.proposed.category)
}
await ocr.close()
