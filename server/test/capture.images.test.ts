import { crc32, deflateSync } from 'node:zlib'
import { ErrorCode } from '@vaegavis/shared'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { cleanImage } from '../src/images/index.ts'

async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#56B4E9' } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'SECRET-CAMERA-OWNER', Make: 'PhoneCo' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '55/1 40/1 3141/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '12/1 34/1 0/1',
      },
    })
    .toBuffer()
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

/** A PNG whose header claims 60 000 × 60 000 pixels (3.6 gigapixels) in a few hundred bytes. */
function decompressionBomb(): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(60_000, 0)
  ihdr.writeUInt32BE(60_000, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(60_000 * 3 + 1))),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

describe('image validation', () => {
  it('strips the GPS position and every other piece of metadata from a photo', async () => {
    const input = await photoWithGps()
    const before = await sharp(input).metadata()
    expect(before.exif?.includes(Buffer.from('SECRET-CAMERA-OWNER'))).toBe(true)
    const clean = await cleanImage(input)
    const after = await sharp(clean.data).metadata()
    expect(after.exif).toBeUndefined()
    expect(after.xmp).toBeUndefined()
    expect(after.icc).toBeUndefined()
    expect(clean.data.includes(Buffer.from('SECRET-CAMERA-OWNER'))).toBe(false)
    expect(clean.data.includes(Buffer.from('GPS'))).toBe(false)
    expect([clean.width, clean.height, after.format]).toEqual([64, 48, 'jpeg'])
  })

  it('turns the picture upright by its camera orientation before dropping it', async () => {
    const sideways = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#fff' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer()
    const clean = await cleanImage(sideways)
    expect([clean.width, clean.height]).toEqual([20, 40])
  })

  it('refuses a decompression bomb from its header, before inflating it', async () => {
    const bomb = decompressionBomb()
    expect(bomb.length).toBeLessThan(1_000_000)
    await expect(cleanImage(bomb)).rejects.toMatchObject({ code: ErrorCode.ImageTooBig, statusCode: 413 })
  })

  it('refuses a file that is not an image with a clear message', async () => {
    const err = await cleanImage(Buffer.from('%PDF-1.7 this is not a photo')).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: ErrorCode.ImageInvalid, statusCode: 415 })
    expect((err as Error).message).toMatch(/not a photo/)
  })

  it('refuses an image type a camera does not make (SVG), a truncated JPEG and an empty file', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    await expect(cleanImage(svg)).rejects.toMatchObject({ code: ErrorCode.ImageInvalid })
    const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#123456' } })
      .jpeg()
      .toBuffer()
    await expect(cleanImage(jpeg.subarray(0, jpeg.length / 2))).rejects.toMatchObject({ code: ErrorCode.ImageInvalid })
    await expect(cleanImage(Buffer.alloc(0))).rejects.toMatchObject({ code: ErrorCode.ImageInvalid })
  })

  it('refuses more bytes than the limit', async () => {
    const jpeg = await sharp({ create: { width: 30, height: 30, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer()
    await expect(cleanImage(jpeg, { maxBytes: 100, maxPixels: 1e6 })).rejects.toMatchObject({
      code: ErrorCode.ImageTooBig,
    })
  })
})
