/**
 * Finding notes on a photo of a paper wall: pure functions over raw RGB
 * pixels of a downscaled photo. A pixel is "note" when it is saturated and
 * its hue is near one of the legend's colours; connected pixels of one hue
 * form a candidate; a candidate that is big enough and shaped like a
 * (rotated, slightly tilted) rectangle is a note. No computer-vision library
 * for Node does exactly this without a native build, and it is short.
 */
import { type LegendColour, lab, lutIndex, oklabOf } from './colour.ts'

/** A rotated rectangle in pixel coordinates; `angle` in radians, the direction of the `w` side. */
export interface RotatedRect {
  cx: number
  cy: number
  w: number
  h: number
  angle: number
}

/** One note found on the downscaled photo. */
export interface Found {
  rect: RotatedRect
  /** Mean OKLab colour of the note's paper (ink excluded). */
  colour: { l: number; a: number; b: number }
  /** Pixels of paper in the component. */
  area: number
}

export interface DetectOptions {
  /** Least OKLab chroma of note paper; white, grey and beige walls stay below it. */
  minChroma: number
  /** Largest hue difference (radians) between a pixel and its nearest legend colour. */
  maxHueDiff: number
  /** Smallest note, as a fraction of the photo's area. */
  minAreaFraction: number
  /** Largest note, as a fraction of the photo's area. */
  maxAreaFraction: number
}

export const DEFAULT_DETECT: DetectOptions = {
  minChroma: 0.06,
  maxHueDiff: (40 * Math.PI) / 180,
  minAreaFraction: 0.0012,
  maxAreaFraction: 0.2,
}

/**
 * Labels each pixel with 1 + the index of its nearest legend hue, or 0 for
 * background and ink. Legend colours without chroma (grey, white) can never match.
 */
export function hueMap(
  rgb: Uint8Array,
  width: number,
  height: number,
  legend: readonly LegendColour[],
  opts: DetectOptions = DEFAULT_DETECT,
): Uint8Array {
  const table = lab()
  const hues = legend.map((c) => {
    const o = oklabOf(c.colour)
    const n = Math.hypot(o.a, o.b) || 1
    return { a: o.a / n, b: o.b / n }
  })
  const minCos = Math.cos(opts.maxHueDiff)
  const out = new Uint8Array(width * height)
  for (let p = 0, i = 0; p < out.length; p++, i += 3) {
    const t = lutIndex(rgb[i] as number, rgb[i + 1] as number, rgb[i + 2] as number)
    const a = table[t + 1] as number
    const b = table[t + 2] as number
    const c = Math.hypot(a, b)
    if (c < opts.minChroma) continue
    let best = 0
    let bestCos = minCos
    for (let k = 0; k < hues.length; k++) {
      const h = hues[k] as { a: number; b: number }
      const cos = (a * h.a + b * h.b) / c
      if (cos > bestCos) {
        bestCos = cos
        best = k + 1
      }
    }
    out[p] = best
  }
  return out
}

/** Connected components (4-neighbour) of equal non-zero labels, as lists of pixel indices. */
export function components(labels: Uint8Array, width: number, height: number, minSize: number): Int32Array[] {
  const seen = new Uint8Array(labels.length)
  const stack = new Int32Array(labels.length)
  const out: Int32Array[] = []
  for (let start = 0; start < labels.length; start++) {
    const label = labels[start]
    if (label === 0 || seen[start]) continue
    let top = 0
    let n = 0
    stack[top++] = start
    seen[start] = 1
    const members: number[] = []
    while (top > 0) {
      const p = stack[--top] as number
      members.push(p)
      n++
      const x = p % width
      const y = (p - x) / width
      if (x > 0 && !seen[p - 1] && labels[p - 1] === label) {
        seen[p - 1] = 1
        stack[top++] = p - 1
      }
      if (x < width - 1 && !seen[p + 1] && labels[p + 1] === label) {
        seen[p + 1] = 1
        stack[top++] = p + 1
      }
      if (y > 0 && !seen[p - width] && labels[p - width] === label) {
        seen[p - width] = 1
        stack[top++] = p - width
      }
      if (y < height - 1 && !seen[p + width] && labels[p + width] === label) {
        seen[p + width] = 1
        stack[top++] = p + width
      }
    }
    if (n >= minSize) out.push(Int32Array.from(members))
  }
  return out
}

type Point = [number, number]

/** Convex hull (Andrew's monotone chain), counter-clockwise. */
export function convexHull(points: Point[]): Point[] {
  const pts = [...points].sort((p, q) => p[0] - q[0] || p[1] - q[1])
  if (pts.length < 3) return pts
  const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
  const lower: Point[] = []
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2] as Point, lower[lower.length - 1] as Point, p) <= 0)
      lower.pop()
    lower.push(p)
  }
  const upper: Point[] = []
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i] as Point
    while (upper.length >= 2 && cross(upper[upper.length - 2] as Point, upper[upper.length - 1] as Point, p) <= 0)
      upper.pop()
    upper.push(p)
  }
  lower.pop()
  upper.pop()
  return lower.concat(upper)
}

export function polygonArea(poly: Point[]): number {
  let s = 0
  for (let i = 0; i < poly.length; i++) {
    const [x1, y1] = poly[i] as Point
    const [x2, y2] = poly[(i + 1) % poly.length] as Point
    s += x1 * y2 - x2 * y1
  }
  return Math.abs(s) / 2
}

/** Smallest-area enclosing rectangle of a convex polygon (rotating calipers over its edges). */
export function minAreaRect(hull: Point[]): RotatedRect {
  let best: RotatedRect = { cx: 0, cy: 0, w: 0, h: 0, angle: 0 }
  let bestArea = Number.POSITIVE_INFINITY
  for (let i = 0; i < hull.length; i++) {
    const [x1, y1] = hull[i] as Point
    const [x2, y2] = hull[(i + 1) % hull.length] as Point
    const len = Math.hypot(x2 - x1, y2 - y1)
    if (len === 0) continue
    const ux = (x2 - x1) / len
    const uy = (y2 - y1) / len
    let minU = Number.POSITIVE_INFINITY
    let maxU = Number.NEGATIVE_INFINITY
    let minV = Number.POSITIVE_INFINITY
    let maxV = Number.NEGATIVE_INFINITY
    for (const [x, y] of hull) {
      const u = x * ux + y * uy
      const v = -x * uy + y * ux
      if (u < minU) minU = u
      if (u > maxU) maxU = u
      if (v < minV) minV = v
      if (v > maxV) maxV = v
    }
    const area = (maxU - minU) * (maxV - minV)
    if (area < bestArea) {
      bestArea = area
      const mu = (minU + maxU) / 2
      const mv = (minV + maxV) / 2
      best = { cx: mu * ux - mv * uy, cy: mu * uy + mv * ux, w: maxU - minU, h: maxV - minV, angle: Math.atan2(uy, ux) }
    }
  }
  return normaliseRect(best)
}

/** Same rectangle with the angle in (-45°, 45°], so "upright" means the smallest turn. */
export function normaliseRect(r: RotatedRect): RotatedRect {
  let { w, h, angle } = r
  while (angle > Math.PI / 4) {
    angle -= Math.PI / 2
    ;[w, h] = [h, w]
  }
  while (angle <= -Math.PI / 4) {
    angle += Math.PI / 2
    ;[w, h] = [h, w]
  }
  return { cx: r.cx, cy: r.cy, w, h, angle }
}

/** A filled quadrilateral of note size: its hull nearly fills its rectangle, its paper nearly fills its hull (ink aside). */
function noteShaped(rect: RotatedRect, hullArea: number, paper: number, total: number, opts: DetectOptions): boolean {
  const rectArea = rect.w * rect.h
  if (rectArea < total * opts.minAreaFraction || rectArea > total * opts.maxAreaFraction) return false
  if (hullArea / rectArea < 0.82 || paper / hullArea < 0.55) return false
  const aspect = rect.w / rect.h
  return aspect >= 0.33 && aspect <= 3
}

/**
 * Notes of one colour that touch on the poster come out as one component.
 * Their silhouette (holes filled) is eroded step by step until it falls
 * apart into note-shaped pieces; each piece's rectangle is then grown back
 * by the erosion. Returns the pieces, or none when it does not split.
 */
function splitTouching(comp: Int32Array, width: number, total: number, opts: DetectOptions): RotatedRect[] {
  let x0 = Number.POSITIVE_INFINITY
  let y0 = Number.POSITIVE_INFINITY
  let x1 = 0
  let y1 = 0
  for (const p of comp) {
    const x = p % width
    const y = (p - x) / width
    if (x < x0) x0 = x
    if (x > x1) x1 = x
    if (y < y0) y0 = y
    if (y > y1) y1 = y
  }
  // One pixel of margin, so the outside is connected all round.
  const bw = x1 - x0 + 3
  const bh = y1 - y0 + 3
  let mask = new Uint8Array(bw * bh)
  for (const p of comp) {
    const x = p % width
    mask[((p - x) / width - y0 + 1) * bw + (x - x0 + 1)] = 1
  }
  // Fill the holes ink leaves: whatever the outside cannot reach is paper.
  const outside = new Uint8Array(bw * bh)
  const stack = [0]
  outside[0] = 1
  while (stack.length > 0) {
    const q = stack.pop() as number
    const qx = q % bw
    for (const r of [q - 1, q + 1, q - bw, q + bw]) {
      if (r < 0 || r >= mask.length || (r === q - 1 && qx === 0) || (r === q + 1 && qx === bw - 1)) continue
      if (!outside[r] && !mask[r]) {
        outside[r] = 1
        stack.push(r)
      }
    }
  }
  for (let q = 0; q < mask.length; q++) mask[q] = outside[q] ? 0 : 1
  const maxSteps = Math.ceil(Math.sqrt(total * opts.maxAreaFraction) * 0.25)
  for (let step = 1; step <= maxSteps; step++) {
    const next = new Uint8Array(mask.length)
    for (let y = 1; y < bh - 1; y++)
      for (let x = 1; x < bw - 1; x++) {
        const q = y * bw + x
        if (mask[q] && mask[q - 1] && mask[q + 1] && mask[q - bw] && mask[q + bw]) next[q] = 1
      }
    mask = next
    const pieces = components(mask, bw, bh, 1).filter((c) => c.length >= total * opts.minAreaFraction * 0.25)
    if (pieces.length === 0) return []
    if (pieces.length < 2) continue
    const rects: RotatedRect[] = []
    for (const piece of pieces) {
      const edge: Point[] = []
      for (const q of piece) {
        if (!mask[q - 1] || !mask[q + 1] || !mask[q - bw] || !mask[q + bw]) edge.push([q % bw, Math.floor(q / bw)])
      }
      const hull = convexHull(edge)
      const r = minAreaRect(hull)
      const grown = { ...r, cx: r.cx + x0 - 1, cy: r.cy + y0 - 1, w: r.w + 2 * step, h: r.h + 2 * step }
      if (!noteShaped(grown, polygonArea(hull) + 2 * step * (r.w + r.h), grown.w * grown.h, total, opts)) return []
      rects.push(grown)
    }
    return rects
  }
  return []
}

/** Notes on a downscaled RGB photo. */
export function findNotes(
  rgb: Uint8Array,
  width: number,
  height: number,
  legend: readonly LegendColour[],
  opts: DetectOptions = DEFAULT_DETECT,
): Found[] {
  const labels = hueMap(rgb, width, height, legend, opts)
  const total = width * height
  const table = lab()
  const found: Found[] = []
  for (const comp of components(labels, width, height, Math.max(16, total * opts.minAreaFraction * 0.5))) {
    // Only the outline matters for the hull: pixels with a neighbour outside the component.
    const label = labels[comp[0] as number]
    const edge: Point[] = []
    let l = 0
    let a = 0
    let b = 0
    for (const p of comp) {
      const x = p % width
      const y = (p - x) / width
      if (
        x === 0 ||
        y === 0 ||
        x === width - 1 ||
        y === height - 1 ||
        labels[p - 1] !== label ||
        labels[p + 1] !== label ||
        labels[p - width] !== label ||
        labels[p + width] !== label
      )
        edge.push([x, y])
      const t = lutIndex(rgb[p * 3] as number, rgb[p * 3 + 1] as number, rgb[p * 3 + 2] as number)
      l += table[t] as number
      a += table[t + 1] as number
      b += table[t + 2] as number
    }
    const n = comp.length
    const colour = { l: l / n, a: a / n, b: b / n }
    const hull = convexHull(edge)
    const rect = minAreaRect(hull)
    if (noteShaped(rect, polygonArea(hull), n, total, opts)) {
      found.push({ rect, colour, area: n })
      continue
    }
    // Too big or the wrong shape for one note: perhaps several of one colour touching.
    if (rect.w * rect.h >= 1.6 * total * opts.minAreaFraction) {
      for (const piece of splitTouching(comp, width, total, opts))
        found.push({ rect: piece, colour, area: Math.round(piece.w * piece.h) })
    }
  }
  return splitRows(found)
}

/**
 * Notes of one colour sharing a whole edge make one clean rectangle, two or
 * four times the size of a note, that no erosion separates. Notes on one
 * poster are about one size, so a rectangle that is n times a lone
 * note's area, in a cols × rows shape matching its sides, is cut into that grid.
 */
export function splitRows(found: Found[]): Found[] {
  if (found.length < 3) return found
  const areas = found.map((f) => f.rect.w * f.rect.h).sort((x, y) => x - y)
  // The lower quartile: on a full poster most candidates may be pairs, but some note stands alone.
  const typical = areas[Math.floor(areas.length / 4)] as number
  const out: Found[] = []
  for (const f of found) {
    const r = f.rect
    const n = Math.round((r.w * r.h) / typical)
    if (n < 2 || n > 6 || Math.abs((r.w * r.h) / typical - n) > 0.35) {
      out.push(f)
      continue
    }
    let best: { cols: number; rows: number; miss: number } | undefined
    for (let cols = 1; cols <= n; cols++) {
      if (n % cols !== 0) continue
      const rows = n / cols
      // How far each cell would be from square (notes are), in the rectangle's own frame.
      const miss = Math.abs(Math.log(r.w / cols / (r.h / rows)))
      if (!best || miss < best.miss) best = { cols, rows, miss }
    }
    if (!best || best.miss > 0.3) {
      out.push(f)
      continue
    }
    const ux = Math.cos(r.angle)
    const uy = Math.sin(r.angle)
    const cw = r.w / best.cols
    const ch = r.h / best.rows
    for (let i = 0; i < best.cols; i++)
      for (let j = 0; j < best.rows; j++) {
        const du = (i + 0.5) * cw - r.w / 2
        const dv = (j + 0.5) * ch - r.h / 2
        out.push({
          rect: { cx: r.cx + du * ux - dv * uy, cy: r.cy + du * uy + dv * ux, w: cw, h: ch, angle: r.angle },
          colour: f.colour,
          area: Math.round(f.area / n),
        })
      }
  }
  return out
}

/**
 * Groups notes by how they sit: two notes are in one group when the gap
 * between them is under `gapFactor` times the typical note size (single
 * linkage). Groups come in reading order (top to bottom, then left to
 * right), notes within a group too. Returns group indices per note.
 */
export function groupNotes(rects: readonly RotatedRect[], gapFactor = 0.6): number[] {
  const n = rects.length
  const parent = Array.from({ length: n }, (_, i) => i)
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number
      i = parent[i] as number
    }
    return i
  }
  const sizes = rects.map((r) => Math.min(r.w, r.h)).sort((x, y) => x - y)
  const typical = sizes[Math.floor(sizes.length / 2)] ?? 0
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const p = rects[i] as RotatedRect
      const q = rects[j] as RotatedRect
      // Axis gap between the rectangles' bounding boxes: simple, and tilt of a few degrees barely changes it.
      const gx = Math.abs(p.cx - q.cx) - (extent(p, 'x') + extent(q, 'x'))
      const gy = Math.abs(p.cy - q.cy) - (extent(p, 'y') + extent(q, 'y'))
      if (Math.max(gx, gy) < typical * gapFactor) parent[find(i)] = find(j)
    }
  const roots = [...new Set(rects.map((_, i) => find(i)))]
  const top = (root: number) => {
    const members = rects.filter((_, i) => find(i) === root)
    return { y: Math.min(...members.map((r) => r.cy)), x: Math.min(...members.map((r) => r.cx)) }
  }
  const ordered = roots
    .map((root) => ({ root, ...top(root) }))
    .sort((p, q) => (Math.abs(p.y - q.y) < typical ? p.x - q.x : p.y - q.y))
  const index = new Map(ordered.map((g, i) => [g.root, i]))
  return rects.map((_, i) => index.get(find(i)) ?? 0)
}

/** Half the axis-aligned extent of a rotated rectangle along x or y. */
function extent(r: RotatedRect, axis: 'x' | 'y'): number {
  const c = Math.abs(Math.cos(r.angle))
  const s = Math.abs(Math.sin(r.angle))
  return axis === 'x' ? (r.w * c + r.h * s) / 2 : (r.w * s + r.h * c) / 2
}
