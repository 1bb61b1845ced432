import { describe, expect, it } from 'vitest'
import { boundsOf, fitView, INITIAL_VIEW, MAX_SCALE, viewFromViewport, viewportOf, zoomAt } from './view.ts'

describe('view', () => {
  it('zooms around the pointer so the wall point under it stays put', () => {
    const v = zoomAt({ x: 10, y: 20, scale: 1 }, { x: 300, y: 200 }, 2)
    expect(v.scale).toBe(2)
    // wall point under the pointer before: (290, 180); after: 290*2 + x = 300
    expect(290 * v.scale + v.x).toBeCloseTo(300)
    expect(180 * v.scale + v.y).toBeCloseTo(200)
  })

  it('clamps zoom', () => {
    expect(zoomAt(INITIAL_VIEW, { x: 0, y: 0 }, 1000).scale).toBe(MAX_SCALE)
  })

  it('fits all labels into the viewport', () => {
    const b = boundsOf([
      { x: 0, y: 0, width: 100, height: 100 },
      { x: 900, y: 400, width: 100, height: 100 },
    ])
    expect(b).toEqual({ minX: 0, minY: 0, maxX: 1000, maxY: 500 })
    const area = { x: 0, y: 80, width: 1080, height: 600 }
    const v = fitView(b, area, 40)
    expect(v.scale).toBeCloseTo(1)
    expect(0 * v.scale + v.x).toBeGreaterThanOrEqual(40)
    expect(1000 * v.scale + v.x).toBeLessThanOrEqual(1040)
    // below the title bar, above the bottom of the area
    expect(0 * v.scale + v.y).toBeGreaterThanOrEqual(80 + 40)
    expect(500 * v.scale + v.y).toBeLessThanOrEqual(80 + 600 - 40)
  })

  it('keeps the initial view when there is nothing to fit', () => {
    expect(fitView(null, { x: 0, y: 0, width: 800, height: 600 })).toEqual(INITIAL_VIEW)
  })
})

describe('follow me', () => {
  it('another screen of a different size shows the same wall point in its middle at the same zoom', () => {
    const leader = { x: -300, y: 120, scale: 1.5 }
    const vp = viewportOf(leader, { width: 1600, height: 900 })
    const follower = viewFromViewport(vp, { width: 1920, height: 1080 })
    expect(follower.scale).toBe(1.5)
    // The wall point in the middle of the leader's screen is in the middle of the follower's.
    expect(vp.x * follower.scale + follower.x).toBeCloseTo(960)
    expect(vp.y * follower.scale + follower.y).toBeCloseTo(540)
    expect((800 - leader.x) / leader.scale).toBeCloseTo(vp.x, 0)
  })
})
