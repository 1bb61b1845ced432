/**
 * Exports with pictures (issue #14): the PNG shows the picture inside its
 * card with the text below it, the SVG embeds it, the PDF carries it as an
 * image XObject, the Markdown transcript links it; over HTTP for the live
 * board, a snapshot and a share link.
 */
import { addLabel, addTheme, CSRF_HEADER, FACILITATOR_AUTHOR, initBoard } from '@vaegavis/shared'
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { loadPictures, renderExport, type WallModel, wallModel } from '../src/exports/index.ts'
import { CARD, layoutWall, type Prim } from '../src/exports/layout.ts'
import { contentHash } from '../src/images/validate.ts'
import { boardFixture, connect, startServer, synced, type TestServer } from './helpers.ts'

const RED = { r: 220, g: 20, b: 30 }
const BLUE = { r: 20, g: 40, b: 210 }

/** 300 × 200: left half red, right half blue, so a drawn picture shows both its presence and its orientation. */
async function twoColourPng(): Promise<Buffer> {
  const w = 300
  const h = 200
  const raw = Buffer.alloc(w * h * 3)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const c = x < w / 2 ? RED : BLUE
      raw.set([c.r, c.g, c.b], (y * w + x) * 3)
    }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .png()
    .toBuffer()
}

async function pixels(png: Buffer) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return {
    width: info.width,
    at: (x: number, y: number) => {
      const i = (Math.round(y) * info.width + Math.round(x)) * 3
      return { r: data[i]!, g: data[i + 1]!, b: data[i + 2]! }
    },
  }
}

const near = (got: { r: number; g: number; b: number }, want: { r: number; g: number; b: number }) =>
  Math.abs(got.r - want.r) + Math.abs(got.g - want.g) + Math.abs(got.b - want.b) < 60

const OPTIONS = { locale: 'da', size: 'A4', timeZone: 'Europe/Copenhagen', delimiter: ',', scale: 1 } as const

let picture: Buffer
let hash: string
beforeAll(async () => {
  picture = await twoColourPng()
  hash = contentHash(picture)
})

function boardWithPicture(): WallModel {
  const doc = new Y.Doc()
  initBoard(doc, { title: 'Plakaten' })
  const theme = addTheme(doc, { name: 'Lokalerne', x: 0, y: 0 })
  addLabel(doc, {
    text: 'Male væggene selv',
    category: 'ide',
    x: 0,
    y: 0,
    author: FACILITATOR_AUTHOR,
    photo: hash,
    themeId: theme,
  })
  addLabel(doc, { text: 'Kun tekst', category: 'problem', x: 0, y: 0, author: 'p1', themeId: theme })
  return wallModel(doc, { nicknames: false })
}

const reader = async (h: string) => (h === hash ? { mime: 'image/png', data: picture } : undefined)

type Rect = { x: number; y: number; w: number; h: number }
const inside = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.w <= outer.x + outer.w &&
  inner.y + inner.h <= outer.y + outer.h

describe('a wall export with a picture', () => {
  it('lays the picture out inside its card, aspect kept, and the text below it', async () => {
    const model = boardWithPicture()
    const layout = layoutWall(model, { locale: 'da', pictures: await loadPictures(model, reader) })
    const image = layout.body.find((p): p is Extract<Prim, { kind: 'image' }> => p.kind === 'image')!
    expect(image).toBeDefined()
    expect(image.w / image.h).toBeCloseTo(300 / 200, 1)
    expect(image.w).toBe(CARD.width - 2 * CARD.padding)
    const cards = layout.body.filter(
      (p): p is Extract<Prim, { kind: 'rect' }> => p.kind === 'rect' && p.w === CARD.width,
    )
    const card = cards.find((c) => inside(image, c))!
    expect(card).toBeDefined()
    const text = layout.body.find(
      (p): p is Extract<Prim, { kind: 'text' }> => p.kind === 'text' && p.text === 'Male væggene selv',
    )!
    // The line's top (baseline minus its ascent) is below the picture, and the line is inside the card.
    expect(text.y - text.size).toBeGreaterThanOrEqual(image.y + image.h)
    expect(text.y).toBeLessThanOrEqual(card.y + card.h - CARD.padding)
    // The card without a picture is as it was: no room kept for one.
    const plain = cards.find((c) => c !== card)!
    expect(plain.h).toBeLessThan(card.h - image.h)
  })

  it('PNG: the picture’s pixels are where the layout put it, red left, blue right', async () => {
    const model = boardWithPicture()
    const pictures = await loadPictures(model, reader)
    const layout = layoutWall(model, { locale: 'da', pictures })
    const image = layout.body.find((p): p is Extract<Prim, { kind: 'image' }> => p.kind === 'image')!
    const file = await renderExport({ model, nicknames: false, pictures }, { ...OPTIONS, format: 'png' })
    const png = await pixels(file.body as Buffer)
    expect(png.width).toBe(layout.width)
    const top = layout.headerHeight + image.y
    expect(near(png.at(image.x + image.w * 0.25, top + image.h / 2), RED)).toBe(true)
    expect(near(png.at(image.x + image.w * 0.75, top + image.h / 2), BLUE)).toBe(true)
    // Without the pictures, the same spot is the card's tint, not the picture.
    const bare = await renderExport({ model, nicknames: false }, { ...OPTIONS, format: 'png' })
    const without = await pixels(bare.body as Buffer)
    expect(near(without.at(image.x + image.w * 0.25, top + image.h / 2), RED)).toBe(false)
  })

  it('SVG embeds the picture as a data: URI in an <image>, so the file needs no server', async () => {
    const model = boardWithPicture()
    const file = await renderExport(
      { model, nicknames: false, pictures: await loadPictures(model, reader) },
      { ...OPTIONS, format: 'svg' },
    )
    const svg = file.body as string
    const m = /<image [^>]*href="data:image\/png;base64,([A-Za-z0-9+/=]+)"/.exec(svg)
    expect(m).not.toBeNull()
    expect(Buffer.from(m![1]!, 'base64').equals(picture)).toBe(true)
  })

  it('PDF draws the picture as an image XObject on the page', async () => {
    const model = boardWithPicture()
    const file = await renderExport(
      { model, nicknames: false, pictures: await loadPictures(model, reader) },
      { ...OPTIONS, format: 'pdf' },
    )
    const pdf = await getDocument({ data: new Uint8Array(file.body as Buffer), useSystemFonts: false }).promise
    const page = await pdf.getPage(1)
    const ops = await page.getOperatorList()
    expect(ops.fnArray.filter((f) => f === OPS.paintImageXObject).length).toBe(1)
    expect((file.body as Buffer).includes(Buffer.from('/Subtype /Image'))).toBe(true)
  })

  it('a picture whose bytes no decoder reads leaves the card with its text, and the export still works', async () => {
    const model = boardWithPicture()
    const broken = await loadPictures(model, async () => ({ mime: 'image/jpeg', data: Buffer.from('not a picture') }))
    expect(broken.size).toBe(0)
    const file = await renderExport({ model, nicknames: false, pictures: broken }, { ...OPTIONS, format: 'pdf' })
    expect((file.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-')
  })
})

describe('exports with pictures over HTTP', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer()
  })
  afterAll(async () => {
    await server.destroy()
  })

  it('the live board, its snapshot and a share link each draw the picture and link it from the transcript', async () => {
    const fx = await boardFixture(server)
    const headers = { cookie: fx.cookie, [CSRF_HEADER]: '1' }
    await server.app.blobs.put(fx.board.id, picture, 'image/png')
    const wall = connect(server.wsUrl, fx.board.id, fx.facToken)
    await synced(wall)
    addLabel(wall.doc, { text: 'Med billede', category: 'ide', x: 0, y: 0, author: FACILITATOR_AUTHOR, photo: hash })
    try {
      const board = `/api/boards/${fx.board.id}`
      await expect
        .poll(async () => (await server.app.inject({ method: 'GET', url: `${board}/export.md`, headers })).body)
        .toContain('Med billede')
      // The layout every wall export of this board draws: where the picture must be in the PNG.
      const room = await server.app.rooms.peek(fx.board.id)
      const model = room!.read((doc) => wallModel(doc, { nicknames: false }))
      const layout = layoutWall(model, { locale: 'da', pictures: await loadPictures(model, reader) })
      const snap = await server.app.inject({ method: 'POST', url: `${board}/snapshots`, headers, payload: {} })
      const snapshotId = snap.json().snapshot.id as string
      const share = await server.app.inject({
        method: 'POST',
        url: `/api/snapshots/${snapshotId}/shares`,
        headers,
        payload: {},
      })
      const token = share.json().token as string
      const routes = [
        { base: board, images: `${board}/images` },
        { base: `/api/snapshots/${snapshotId}`, images: `/api/snapshots/${snapshotId}/images` },
        {
          base: `/api/share/${token}/snapshots/${snapshotId}`,
          images: `/api/share/${token}/snapshots/${snapshotId}/images`,
        },
      ]
      for (const r of routes) {
        const get = (format: string) =>
          server.app.inject({ method: 'GET', url: `${r.base}/export.${format}`, headers: { cookie: fx.cookie } })
        const svg = (await get('svg')).body
        expect(svg).toContain(`data:image/png;base64,${picture.toString('base64')}`)
        const pdf = (await get('pdf')).rawPayload
        expect(pdf.includes(Buffer.from('/Subtype /Image'))).toBe(true)
        const png = await pixels((await get('png')).rawPayload)
        const image = layout.body.find((p): p is Extract<Prim, { kind: 'image' }> => p.kind === 'image')!
        const mid = layout.headerHeight + image.y + image.h / 2
        expect(near(png.at(image.x + image.w * 0.25, mid), RED)).toBe(true)
        expect(near(png.at(image.x + image.w * 0.75, mid), BLUE)).toBe(true)
        const md = (await get('md')).body
        const link = /!\[Billede\]\(<(http:\/\/[^>]+)>\)/.exec(md)
        expect(link?.[1]).toMatch(/^http:\/\//)
        expect(link?.[1]?.endsWith(`${r.images}/${hash}`)).toBe(true)
        // The link opens the picture (for the share link without any session).
        const url = new URL(link![1]!)
        const opened = await server.app.inject({
          method: 'GET',
          url: url.pathname,
          ...(r.base.startsWith('/api/share') ? {} : { headers: { cookie: fx.cookie } }),
        })
        expect(opened.statusCode).toBe(200)
        expect(opened.rawPayload.equals(picture)).toBe(true)
      }
    } finally {
      wall.destroy()
    }
  })
})
