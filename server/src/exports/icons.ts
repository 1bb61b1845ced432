/**
 * Category shapes as SVG path data in a 24 × 24 box: the same shapes the
 * client draws beside each colour, so colour never carries meaning alone.
 */
import type { Icon } from '@vaegavis/shared'

export const ICON_PATHS: Record<Icon, string> = {
  triangle: 'M12 3 L22 20 L2 20 Z',
  circle: 'M3 12 A9 9 0 1 0 21 12 A9 9 0 1 0 3 12 Z',
  star: 'M12 2 L14.9 8.6 L22 9.3 L16.6 14 L18.2 21 L12 17.3 L5.8 21 L7.4 14 L2 9.3 L9.1 8.6 Z',
  square: 'M4 4 H20 V20 H4 Z',
  diamond: 'M12 2 L22 12 L12 22 L2 12 Z',
  heart:
    'M12 21 C12 21 2 14.5 2 8.5 C2 5.4 4.4 3 7.3 3 C9.3 3 11 4.1 12 5.8 C13 4.1 14.7 3 16.7 3 C19.6 3 22 5.4 22 8.5 C22 14.5 12 21 12 21 Z',
}

/** Path data for an icon, a circle for anything unknown. */
export function iconPath(icon: string): string {
  return (ICON_PATHS as Record<string, string>)[icon] ?? ICON_PATHS.circle
}
