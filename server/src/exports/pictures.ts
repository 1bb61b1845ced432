/**
 * The pictures a wall's labels show, ready for every painter: JPEG or PNG
 * (what PDF and SVG viewers all read), at most {@link MAX_SIDE} pixels a side
 * so a wall of photos stays a file one can mail, with their size for layout.
 */
import sharp from 'sharp'
import type { WallModel } from './model.ts'

export interface WallPicture {
  mime: 'image/jpeg' | 'image/png'
  data: Buffer
  width: number
  height: number
}

/** Pictures by content hash; a label whose hash is missing is drawn without its picture. */
export type WallPictures = ReadonlyMap<string, WallPicture>

/** Longest side an export keeps of a picture: twice a card's width, sharp on paper. */
const MAX_SIDE = 600

/** Reads one stored picture; undefined when it is gone. */
export type PictureReader = (hash: string) => Promise<{ mime: string; data: Uint8Array } | undefined>

/** Every hash the model's labels name. */
export function modelPhotos(model: WallModel): Set<string> {
  const out = new Set<string>()
  for (const l of [...model.themes.flatMap((t) => [...t.labels, ...t.answers]), ...model.unsorted])
    if (l.photo) out.add(l.photo)
  return out
}

async function prepare(blob: { mime: string; data: Uint8Array }): Promise<WallPicture | undefined> {
  try {
    const input = sharp(blob.data, { failOn: 'error' })
    const meta = await input.metadata()
    const { width, height } = meta
    if (!width || !height) return undefined
    const plain = meta.format === 'jpeg' || meta.format === 'png'
    if (plain && Math.max(width, height) <= MAX_SIDE && !meta.orientation) {
      return { mime: meta.format === 'png' ? 'image/png' : 'image/jpeg', data: Buffer.from(blob.data), width, height }
    }
    const { data, info } = await input
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85 })
      .toBuffer({ resolveWithObject: true })
    return { mime: 'image/jpeg', data, width: info.width, height: info.height }
  } catch {
    // Bytes no decoder reads (stored before pictures were checked, or damaged): the card shows its text.
    return undefined
  }
}

/** Loads and prepares the pictures the model's labels show. */
export async function loadPictures(model: WallModel, read: PictureReader): Promise<Map<string, WallPicture>> {
  const out = new Map<string, WallPicture>()
  for (const hash of modelPhotos(model)) {
    const blob = await read(hash)
    const picture = blob && (await prepare(blob))
    if (picture) out.set(hash, picture)
  }
  return out
}
