/**
 * Every image that reaches the server goes through here before anything else
 * sees it. It is decoded and re-encoded with sharp, so what we keep is pixels
 * we drew ourselves: no EXIF (GPS position, camera serial, time), no XMP, no
 * ICC profile, no trailing bytes, and nothing that only looks like an image.
 */
import { createHash } from 'node:crypto'
import { ErrorCode } from '@vaegavis/shared'
import type { Metadata, default as Sharp } from 'sharp'
import { AppError } from '../errors.ts'
import { lazyRequire } from '../lazy.ts'

const sharp = lazyRequire<typeof Sharp>('sharp')

/** Limits an upload must stay within. */
export interface ImageLimits {
  /** Largest upload, in bytes. */
  maxBytes: number
  /** Largest pixel count (width × height); checked from the header, before decoding. */
  maxPixels: number
}

/** A 12-megapixel phone photo is about 4 MB; a 48-megapixel one is the largest we read. */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxBytes: 20 * 1024 * 1024, maxPixels: 48_000_000 }

/** Formats a phone or camera produces that sharp reads from npm's prebuilt libvips. */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif', 'avif'])

/** An image that passed: re-encoded JPEG, upright, without metadata. */
export interface CleanImage {
  data: Buffer
  mime: 'image/jpeg'
  width: number
  height: number
  /** SHA-256 of `data`, hex. */
  hash: string
}

/** SHA-256 of bytes as 64 lower-case hex digits: the key of an image in the blob store. */
export function contentHash(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/**
 * Checks and re-encodes an upload. Throws an {@link AppError} with
 * `VGA_ERR_IMAGE_TOO_BIG` (bytes or pixels) or `VGA_ERR_IMAGE_INVALID`
 * (not an image, an unsupported type, or a broken file).
 */
export async function cleanImage(input: Uint8Array, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<CleanImage> {
  if (input.byteLength === 0) throw new AppError(ErrorCode.ImageInvalid, 'The file is empty. Pick a photo.')
  if (input.byteLength > limits.maxBytes) {
    throw new AppError(
      ErrorCode.ImageTooBig,
      `The photo is too big: at most ${Math.floor(limits.maxBytes / 1024 / 1024)} MB.`,
    )
  }
  let meta: Metadata
  try {
    // Only the header is read here, so a decompression bomb is refused before a single pixel is inflated.
    meta = await sharp()(input, { limitInputPixels: false }).metadata()
  } catch {
    throw new AppError(ErrorCode.ImageInvalid, 'That file is not a photo. Pick a JPEG, PNG or WebP picture.')
  }
  if (!meta.format || !ACCEPTED_FORMATS.has(meta.format)) {
    throw new AppError(ErrorCode.ImageInvalid, 'That kind of picture cannot be used. Pick a JPEG, PNG or WebP photo.')
  }
  const width = meta.width ?? 0
  const height = meta.height ?? 0
  if (width < 1 || height < 1)
    throw new AppError(ErrorCode.ImageInvalid, 'That picture has no size. Pick another photo.')
  if (width * height > limits.maxPixels) {
    throw new AppError(
      ErrorCode.ImageTooBig,
      `The photo has too many pixels: at most ${Math.round(limits.maxPixels / 1e6)} megapixels.`,
    )
  }
  try {
    // failOn 'error' refuses truncated or corrupt data instead of keeping a half-grey picture.
    const { data, info } = await sharp()(input, { limitInputPixels: limits.maxPixels, failOn: 'error', pages: 1 })
      .rotate() // honour the camera's orientation before the EXIF that carries it is dropped
      .jpeg({ quality: 88, mozjpeg: false })
      .toBuffer({ resolveWithObject: true })
    return { data, mime: 'image/jpeg', width: info.width, height: info.height, hash: contentHash(data) }
  } catch {
    throw new AppError(ErrorCode.ImageInvalid, 'The photo is broken and cannot be read. Take it again.')
  }
}
