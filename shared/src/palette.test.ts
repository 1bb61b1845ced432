import { differenceCiede2000, filterDeficiencyDeuter, filterDeficiencyProt, filterDeficiencyTrit, parse } from 'culori'
import { describe, expect, it } from 'vitest'
import { defaultLegend, PALETTE } from './schema.ts'

const deltaE = differenceCiede2000()
/**
 * Minimum ΔE2000 between any two default categories as the viewer sees them.
 * Pure red (#ff0000) and green (#00aa00), the classic confusion, come out at
 * about 17 under simulated deuteranopia, so 20 fails that pair and passes ours.
 */
const DISTINGUISHABLE = 20

const rgb = (c: string) => {
  const parsed = parse(c)
  if (!parsed) throw new Error(`not a colour: ${c}`)
  return parsed
}
const vision = {
  typical: (c: string) => rgb(c),
  deuteranopia: (c: string) => filterDeficiencyDeuter(1)(rgb(c)),
  protanopia: (c: string) => filterDeficiencyProt(1)(rgb(c)),
  tritanopia: (c: string) => filterDeficiencyTrit(1)(rgb(c)),
}

function closestPair(colours: readonly string[], see: (c: string) => ReturnType<typeof parse>): number {
  let min = Number.POSITIVE_INFINITY
  for (let i = 0; i < colours.length; i++) {
    for (let j = i + 1; j < colours.length; j++) {
      const a = see(colours[i] ?? '')
      const b = see(colours[j] ?? '')
      if (a && b) min = Math.min(min, deltaE(a, b))
    }
  }
  return min
}

describe('colour-blind-safe legend', () => {
  for (const [name, see] of Object.entries(vision)) {
    it(`the default categories stay distinguishable with ${name}`, () => {
      const colours = defaultLegend().map((c) => c.colour)
      expect(closestPair(colours, see)).toBeGreaterThan(DISTINGUISHABLE)
    })
  }

  it('every default category has its own icon, so colour never carries meaning alone', () => {
    const icons = defaultLegend().map((c) => c.icon)
    expect(new Set(icons).size).toBe(icons.length)
  })

  it('the palette offers seven colours to choose from', () => {
    expect(PALETTE).toHaveLength(7)
  })
})
