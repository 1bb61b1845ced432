/**
 * Pan and zoom of the wall as plain math. A view maps wall units to screen
 * pixels: screen = wall * scale + (x, y).
 */
export interface View {
  x: number
  y: number
  scale: number
}

export const MIN_SCALE = 0.2
export const MAX_SCALE = 4
export const INITIAL_VIEW: View = { x: 0, y: 0, scale: 1 }

export const clampScale = (s: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, s))

/** Zooms by `factor` keeping the wall point under `pointer` (screen pixels) where it is. */
export function zoomAt(view: View, pointer: { x: number; y: number }, factor: number): View {
  const scale = clampScale(view.scale * factor)
  const wallX = (pointer.x - view.x) / view.scale
  const wallY = (pointer.y - view.y) / view.scale
  return { scale, x: pointer.x - wallX * scale, y: pointer.y - wallY * scale }
}

export interface Bounds {
  minX: number
  minY: number
  maxX: number
  maxY: number
}

/** A screen rectangle in pixels: the part of the window not covered by the HTML overlay. */
export interface Area {
  x: number
  y: number
  width: number
  height: number
}

/**
 * The view that shows all of `bounds` inside `area` with `margin` pixels
 * around; never zooms in past 1.5 so a single label does not fill the projector.
 */
export function fitView(bounds: Bounds | null, area: Area, margin = 24): View {
  if (!bounds || area.width <= 2 * margin || area.height <= 2 * margin) return INITIAL_VIEW
  const bw = Math.max(1, bounds.maxX - bounds.minX)
  const bh = Math.max(1, bounds.maxY - bounds.minY)
  const scale = clampScale(Math.min((area.width - 2 * margin) / bw, (area.height - 2 * margin) / bh, 1.5))
  return {
    scale,
    x: area.x + (area.width - bw * scale) / 2 - bounds.minX * scale,
    y: area.y + (area.height - bh * scale) / 2 - bounds.minY * scale,
  }
}

/** Smallest box around the given rectangles, or null for none. */
export function boundsOf(rects: Iterable<{ x: number; y: number; width: number; height: number }>): Bounds | null {
  let b: Bounds | null = null
  for (const r of rects) {
    b = b
      ? {
          minX: Math.min(b.minX, r.x),
          minY: Math.min(b.minY, r.y),
          maxX: Math.max(b.maxX, r.x + r.width),
          maxY: Math.max(b.maxY, r.y + r.height),
        }
      : { minX: r.x, minY: r.y, maxX: r.x + r.width, maxY: r.y + r.height }
  }
  return b
}

/** What a view shows, as the wall point at the centre of a `size` screen area and the zoom ("follow me"). */
export function viewportOf(
  view: View,
  size: { width: number; height: number },
): { x: number; y: number; scale: number } {
  return {
    x: Math.round((size.width / 2 - view.x) / view.scale),
    y: Math.round((size.height / 2 - view.y) / view.scale),
    scale: Math.round(view.scale * 1000) / 1000,
  }
}

/** The view that shows the given wall point at the centre of a `size` screen area, at the given zoom. */
export function viewFromViewport(
  vp: { x: number; y: number; scale: number },
  size: { width: number; height: number },
): View {
  const scale = clampScale(vp.scale)
  return { scale, x: size.width / 2 - vp.x * scale, y: size.height / 2 - vp.y * scale }
}
