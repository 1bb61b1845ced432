/**
 * Exports of a fixed board: golden transcripts (Markdown, CSV), CSV formula
 * injection, inert text in SVG and Markdown, the PDF parsed back and the PNG
 * decoded; and the export routes over HTTP.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  addLabel,
  addTheme,
  castVote,
  initBoard,
  LabelKind,
  setLabelHidden,
  setQuestion,
  startVoteRound,
} from '@vaegavis/shared'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import {
  CsvDelimiter,
  csvCell,
  type ExportOptions,
  escapeMarkdown,
  renderExport,
  type WallModel,
  wallModel,
} from '../src/exports/index.ts'
import { layoutWall } from '../src/exports/layout.ts'
import { boardFixture, connect, join as joinBoard, startServer, synced, type TestServer } from './helpers.ts'

const GOLDEN = join(import.meta.dirname, 'golden')
const T0 = Date.parse('2025-03-04T17:30:00Z') // 18:30 in Copenhagen

/**
 * The fixed board: two themes, labels in three colours, an answer, a hidden
 * label, an unsorted one, nicknames, a vote round, and text that tries to be
 * a formula, a link and HTML.
 */
function fixedBoard(): Y.Doc {
  vi.useFakeTimers({ toFake: ['Date'] })
  try {
    vi.setSystemTime(T0)
    const doc = new Y.Doc()
    initBoard(doc, { title: 'Hvad skal vi lave i klubben?' })
    setQuestion(doc, 'Hvad kan vi selv gøre?')
    addTheme(doc, { id: 'tema-lokaler', name: 'Lokalerne', x: 0, y: 0 })
    vi.setSystemTime(T0 + 60_000)
    addTheme(doc, { id: 'tema-aktiv', name: 'Aktiviteter', x: 400, y: 0 })
    const at = (min: number) => T0 + min * 60_000
    const label = (id: string, text: string, category: string, min: number, extra: object = {}) =>
      addLabel(doc, { id, text, category, x: 0, y: 0, author: `p-${id}`, createdAt: at(min), ...extra })
    label('l1', 'Der er for koldt om vinteren', 'problem', 2, { themeId: 'tema-lokaler', nickname: 'Ali' })
    label('l2', 'Male væggene selv', 'ide', 3, { themeId: 'tema-lokaler' })
    label('l3', 'Flere sofaer', 'onske', 4, { themeId: 'tema-lokaler', nickname: 'Sara' })
    label('l4', 'Vi lukker for tidligt', 'problem', 5, { themeId: 'tema-lokaler' })
    label('a1', 'Spørge kommunen om penge', 'ide', 6, { themeId: 'tema-lokaler', kind: LabelKind.Answer })
    label('l5', 'Filmaften hver fredag', 'onske', 7, { themeId: 'tema-aktiv' })
    label('l6', '=HYPERLINK("http://x.example","klik")', 'ide', 8, { themeId: 'tema-aktiv' })
    label('l7', '[klik her](javascript:alert(1)) <b>fed</b> *stjerne*', 'ide', 9, { themeId: 'tema-aktiv' })
    label('l8', 'Noget helt andet, "med citat", og komma', 'onske', 10)
    label('l9', 'Skjult af facilitator', 'problem', 11)
    setLabelHidden(doc, 'l9', true)
    startVoteRound(doc, 'labels', 3)
    castVote(doc, 'p-a', 'l1')
    castVote(doc, 'p-b', 'l1')
    castVote(doc, 'p-c', 'l1')
    castVote(doc, 'p-a', 'l5')
    castVote(doc, 'p-b', 'l5')
    castVote(doc, 'p-c', 'l2')
    return doc
  } finally {
    vi.useRealTimers()
  }
}

const board = fixedBoard()
const withNicknames = wallModel(board, { nicknames: true })
const plain = wallModel(board, { nicknames: false })
const options = (o: Partial<ExportOptions>): ExportOptions => ({
  format: 'md',
  locale: 'da',
  size: 'A4',
  timeZone: 'Europe/Copenhagen',
  delimiter: CsvDelimiter.Comma,
  scale: 1,
  ...o,
})
const snapshot = { name: 'Efter brainstorm', createdAt: T0 + 30 * 60_000 }

async function text(model: WallModel, o: Partial<ExportOptions>, nicknames = false): Promise<string> {
  return String((await renderExport({ model, nicknames, snapshot }, options(o))).body)
}

async function bytes(model: WallModel, o: Partial<ExportOptions>): Promise<Buffer> {
  const body = (await renderExport({ model, nicknames: false, snapshot }, options(o))).body
  return Buffer.isBuffer(body) ? body : Buffer.from(body)
}

/** Compares with the golden file; `UPDATE_GOLDEN=1` rewrites it after a deliberate change. */
function golden(name: string, actual: string): void {
  const file = join(GOLDEN, name)
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual)
  expect(actual).toBe(readFileSync(file, 'utf8'))
}

describe('transcript', () => {
  it('Markdown groups labels by theme and colour, with answers, votes and times, and no nicknames by default', async () => {
    const md = await text(plain, { format: 'md' })
    golden('transcript.md', md)
    expect(md).not.toContain('Ali')
    expect(md).not.toContain('Skjult')
  })

  it('Markdown names authors only when the facilitator asks for nicknames', async () => {
    const md = await text(withNicknames, { format: 'md' }, true)
    golden('transcript-nicknames.md', md)
    expect(md).toContain('Der er for koldt om vinteren · kl. 18:32 · 3 stemmer — Ali')
  })

  it('CSV has one row per label in the same order, quoted, with a nickname column only when asked', async () => {
    const csv = await text(plain, { format: 'csv' })
    golden('transcript.csv', csv)
    expect(csv.startsWith('\uFEFFtema,temastemmer,type,kategori,tekst,stemmer,tidspunkt\r\n')).toBe(true)
    const withNames = await text(withNicknames, { format: 'csv', delimiter: CsvDelimiter.Semicolon }, true)
    expect(withNames.split('\r\n')[0]).toBe('\uFEFFtema;temastemmer;type;kategori;tekst;stemmer;tidspunkt;kaldenavn')
    expect(withNames).toContain('Lokalerne;0;label;Problem;Der er for koldt om vinteren;3;2025-03-04 18:32;Ali')
  })

  it('CSV cells a spreadsheet would run as a formula start with an apostrophe', async () => {
    for (const attack of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
      expect(csvCell(attack).includes(`'${attack}`)).toBe(true)
    expect(csvCell('=A1,B1')).toBe(`"'=A1,B1"`)
    expect(csvCell('sagde "hej"')).toBe('"sagde ""hej"""')
    expect(csvCell('to\nlinjer')).toBe('"to\nlinjer"')
    expect(csvCell('a;b', CsvDelimiter.Semicolon)).toBe('"a;b"')
    expect(csvCell('a;b')).toBe('a;b')
    expect(csvCell('Helt almindelig tekst')).toBe('Helt almindelig tekst')
    const csv = await text(plain, { format: 'csv' })
    expect(csv).toContain(`"'=HYPERLINK(""http://x.example"",""klik"")"`)
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m)
  })

  it('Markdown keeps label text inert: no link, no HTML, no emphasis', async () => {
    const md = await text(plain, { format: 'md' })
    expect(md).toContain('\\[klik her\\]\\(javascript:alert\\(1\\)\\) \\<b\\>fed\\</b\\> \\*stjerne\\*')
    expect(md).not.toMatch(/[^\\]\]\(/)
    expect(md).not.toMatch(/[^\\]<b>/)
    expect(escapeMarkdown('- liste')).toBe('\\- liste')
    expect(escapeMarkdown('1. punkt')).toBe('1\\. punkt')
    expect(escapeMarkdown('to\nlinjer')).toBe('to linjer')
  })
})

describe('in English', () => {
  const en = { locale: 'en' }

  it('the Markdown transcript has English headings, times and votes around what people wrote', async () => {
    const md = await text(withNicknames, { ...en, format: 'md' }, true)
    const lines = md.split('\n')
    expect(lines.slice(0, 6)).toEqual([
      '# Transcript: Hvad skal vi lave i klubben?',
      '',
      'Saved wall: Efter brainstorm · 2025-03-04 19:00  ',
      'Question for each theme: Hvad kan vi selv gøre?  ',
      'Voting: 3 dots per person on labels (open)  ',
      'Labels: 9',
    ])
    for (const line of [
      '## The colours mean',
      '- Red-orange triangle: Problem',
      '- Sky blue circle: Idé',
      '- Yellow star: Ønske',
      '## Theme: Lokalerne',
      '- Der er for koldt om vinteren · at 18:32 · 3 votes — Ali',
      '- Male væggene selv · at 18:33 · 1 vote',
      '### Answers: Hvad kan vi selv gøre?',
      '- Spørge kommunen om penge (Idé) · at 18:36',
      '## Unsorted',
    ])
      expect(lines).toContain(line)
    for (const danish of ['Afskrift', 'Gemt væg', 'Farverne', 'Tema:', 'kl.', 'stemme', 'Usorteret', 'sorteret'])
      expect(md).not.toContain(danish)
    // Only the words change: the same wall gives the same lines in the same order.
    const da = await text(withNicknames, { format: 'md' }, true)
    expect(lines).toHaveLength(da.split('\n').length)
  })

  it('the CSV has an English header and row types; times stay the same', async () => {
    const csv = await text(withNicknames, { ...en, format: 'csv' }, true)
    const rows = csv.split('\r\n')
    expect(rows[0]).toBe('\uFEFFtheme,theme votes,type,category,text,votes,time,nickname')
    expect(rows).toContain('Lokalerne,0,label,Problem,Der er for koldt om vinteren,3,2025-03-04 18:32,Ali')
    expect(rows).toContain('Lokalerne,0,answer,Idé,Spørge kommunen om penge,0,2025-03-04 18:36,')
  })

  it('the PDF, read back, has English headings, legend and footer', async () => {
    const pages = await pdfPages(await bytes(plain, { ...en, format: 'pdf' }))
    const all = pages.map((p) => p.text).join('\n')
    for (const words of [
      'The colours mean',
      'Saved wall: Efter brainstorm · 2025-03-04 19:00',
      'Question for each theme: Hvad kan vi selv gøre?',
      'Voting: 3 dots per person on labels (open)',
      'Answers',
      'Unsorted',
      'Made with Vægavis',
    ])
      expect(all).toContain(words)
    for (const danish of ['Farverne betyder', 'Gemt væg', 'Afstemning', 'Usorteret', 'Lavet med'])
      expect(all).not.toContain(danish)
    // What people wrote is never translated.
    for (const t of ['Flere sofaer', 'Lokalerne', 'Problem', 'Idé', 'Ønske']) expect(all).toContain(t)
  })

  it('the SVG and PNG carry the English words too', async () => {
    const svg = await text(plain, { ...en, format: 'svg' })
    expect(svg).toContain('The colours mean:')
    expect(svg).toContain('>Unsorted<')
    expect(svg).not.toContain('Farverne')
    expect(PNG.sync.read(await bytes(plain, { ...en, format: 'png' })).width).toBeGreaterThan(0)
  })

  it('a colour or shape with no name is written as its code', async () => {
    const odd = { ...plain, legend: [{ ...plain.legend[0]!, colour: '#123456', icon: 'hexagon' as 'star' }] }
    expect(await text(odd, { ...en, format: 'md' })).toContain('- #123456 hexagon: Problem')
  })
})

describe('images', () => {
  it('SVG escapes what people wrote, so a <script> label is only text', async () => {
    const doc = fixedBoard()
    addLabel(doc, {
      id: 'x1',
      text: '<script>alert("x")</script> & </svg>\u0007',
      category: 'ide',
      x: 0,
      y: 0,
      author: 'p',
    })
    const svg = await text(wallModel(doc, { nicknames: false }), { format: 'svg' })
    expect(svg).not.toContain('<script')
    expect(svg).not.toContain('\u0007')
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)')
    expect(svg.match(/<\/svg>/g)).toHaveLength(1)
    // Still one well-formed picture: resvg renders it.
    const png = await bytes(wallModel(doc, { nicknames: false }), { format: 'png' })
    expect(PNG.sync.read(png).width).toBeGreaterThan(0)
  })

  it('PNG has the wall size, shows every category colour, and renders text', async () => {
    const layout = layoutWall(plain, { locale: 'da', subtitle: 'x' })
    const image = PNG.sync.read(await bytes(plain, { format: 'png' }))
    expect(image.width).toBe(layout.width)
    expect(Math.abs(image.height - (layout.headerHeight + layout.bodyHeight))).toBeLessThanOrEqual(1)
    const count = (hex: string) => {
      const n = Number.parseInt(hex.slice(1), 16)
      const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255]
      let found = 0
      for (let i = 0; i < image.data.length; i += 4) {
        if (image.data[i] === r && image.data[i + 1] === g && image.data[i + 2] === b) found++
      }
      return found
    }
    for (const c of plain.legend) expect(count(c.colour)).toBeGreaterThan(300)
    // Dark text pixels: the fonts were found and the labels are written on the cards.
    let dark = 0
    for (let i = 0; i < image.data.length; i += 4)
      if (image.data[i]! < 60 && image.data[i + 1]! < 60 && image.data[i + 2]! < 60) dark++
    expect(dark).toBeGreaterThan(5_000)

    const double = PNG.sync.read(await bytes(plain, { format: 'png', scale: 2 }))
    expect(double.width).toBe(layout.width * 2)
  })
})

async function pdfPages(pdf: Buffer) {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise
  const pages: { width: number; height: number; text: string }[] = []
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i)
    const [, , width = 0, height = 0] = page.view
    const content = await page.getTextContent()
    // Wrapped lines come back as separate items: join them as running text.
    const text = content.items.map((it) => ('str' in it ? it.str : '')).join(' ')
    pages.push({ width, height, text: text.replace(/\s+/g, ' ') })
  }
  await doc.destroy()
  return pages
}

describe('PDF', () => {
  it('is A4 landscape with the legend and every label as real text', async () => {
    const pages = await pdfPages(await bytes(plain, { format: 'pdf', size: 'A4' }))
    expect(pages.length).toBeGreaterThanOrEqual(1)
    for (const p of pages) expect([Math.round(p.width), Math.round(p.height)]).toEqual([842, 595])
    const all = pages.map((p) => p.text).join('\n')
    expect(all).toContain('Farverne betyder')
    for (const meaning of ['Problem', 'Idé', 'Ønske']) expect(all).toContain(meaning)
    for (const t of ['Flere sofaer', 'Filmaften hver fredag', 'Male væggene selv', 'Lokalerne', 'Aktiviteter'])
      expect(all).toContain(t)
    expect(all).toContain('Efter brainstorm')
    expect(all).not.toContain('Ali')
    expect(all).not.toContain('Skjult')
  })

  it('is A3 landscape when asked', async () => {
    const pages = await pdfPages(await bytes(plain, { format: 'pdf', size: 'A3' }))
    for (const p of pages) expect([Math.round(p.width), Math.round(p.height)]).toEqual([1191, 842])
  })

  it('continues a tall wall on further pages, each with the legend, losing no label', async () => {
    const doc = new Y.Doc()
    initBoard(doc, { title: 'Lang væg' })
    addTheme(doc, { id: 't', name: 'Alt', x: 0, y: 0 })
    for (let i = 0; i < 40; i++) {
      addLabel(doc, {
        id: `n${i}`,
        text: `Seddel nummer ${i}`,
        category: 'ide',
        x: 0,
        y: 0,
        author: 'p',
        themeId: 't',
        createdAt: T0 + i,
      })
    }
    const pages = await pdfPages(await bytes(wallModel(doc, { nicknames: false }), { format: 'pdf' }))
    expect(pages.length).toBeGreaterThan(1)
    for (const p of pages) expect(p.text).toContain('Farverne betyder')
    const all = pages.map((p) => p.text).join('\n')
    for (let i = 0; i < 40; i++) expect(all).toContain(`Seddel nummer ${i}`)
  })
})

describe('export routes', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer()
  })
  afterAll(async () => {
    await server.destroy()
  })

  it('a facilitator exports the live board in every format; nicknames only when asked', async () => {
    const { cookie, board, facToken } = await boardFixture(server)
    const p = await joinBoard(server.app, board.joinCode, 'Mira')
    const phone = connect(server.wsUrl, board.id, p.token)
    const projector = connect(server.wsUrl, board.id, facToken)
    try {
      await Promise.all([synced(phone), synced(projector)])
      addLabel(phone.doc, {
        text: 'Mere musik',
        category: 'onske',
        x: 0,
        y: 0,
        author: p.participantId,
        nickname: 'Mira',
      })
      const get = (url: string) => server.app.inject({ method: 'GET', url, headers: { cookie } })
      await vi.waitFor(async () =>
        expect((await get(`/api/boards/${board.id}/export.md`)).body).toContain('Mere musik'),
      )
      const md = await get(`/api/boards/${board.id}/export.md`)
      expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8')
      expect(md.body).not.toContain('Mira')
      expect((await get(`/api/boards/${board.id}/export.md?nicknames=1`)).body).toContain('Mira')

      const expected = {
        svg: 'image/svg+xml; charset=utf-8',
        png: 'image/png',
        pdf: 'application/pdf',
        csv: 'text/csv; charset=utf-8',
      }
      for (const [format, type] of Object.entries(expected)) {
        const res = await get(`/api/boards/${board.id}/export.${format}?download=1`)
        expect([format, res.statusCode, res.headers['content-type']]).toEqual([format, 200, type])
        expect(res.headers['content-disposition']).toBe(`attachment; filename="klubaften.${format}"`)
      }
      const svg = await get(`/api/boards/${board.id}/export.svg`)
      expect(svg.headers['content-security-policy']).toContain("default-src 'none'")
      // Its own embedded fonts may load, from data: only; no script, no other source.
      expect(svg.headers['content-security-policy']).toContain('font-src data:;')
      expect(svg.body).toContain("@font-face{font-family:'Noto Sans'")
      expect((await get(`/api/boards/${board.id}/export.pdf?size=A5`)).statusCode).toBe(400)
      expect((await get(`/api/boards/${board.id}/export.docx`)).statusCode).toBe(400)
      expect((await get(`/api/boards/${board.id}/export.md?tz=Mars/Olympus`)).statusCode).toBe(400)
      expect((await server.app.inject({ method: 'GET', url: `/api/boards/${board.id}/export.md` })).statusCode).toBe(
        401,
      )
      // Exporting reads the wall; it never writes to it.
      const before = (await server.store.docs.load(board.id)).lastSeq
      await get(`/api/boards/${board.id}/export.png`)
      expect((await server.store.docs.load(board.id)).lastSeq).toBe(before)
    } finally {
      phone.destroy()
      projector.destroy()
    }
  })

  it('words the export in the language of ?lang=, else Accept-Language, else Danish', async () => {
    const { cookie, board } = await boardFixture(server)
    const get = (query: string, language?: string) =>
      server.app.inject({
        method: 'GET',
        url: `/api/boards/${board.id}/export.md${query}`,
        headers: { cookie, ...(language ? { 'accept-language': language } : {}) },
      })
    const heading = async (query: string, language?: string) => (await get(query, language)).body.split('\n')[0]
    expect(await heading('')).toBe('# Afskrift: Klubaften')
    expect(await heading('?lang=en')).toBe('# Transcript: Klubaften')
    expect(await heading('', 'en-GB,en;q=0.9')).toBe('# Transcript: Klubaften')
    expect(await heading('', 'sv-SE,sv;q=0.9')).toBe('# Afskrift: Klubaften')
    // The link's own language wins over the browser's.
    expect(await heading('?lang=da', 'en-GB,en;q=0.9')).toBe('# Afskrift: Klubaften')
    expect(await heading('?lang=en-GB')).toBe('# Transcript: Klubaften')
    // A language we have no file for is ignored, not refused: the browser's or Danish.
    expect(await heading('?lang=xx')).toBe('# Afskrift: Klubaften')
    expect(await heading('?lang=xx', 'en')).toBe('# Transcript: Klubaften')
    const csvEn = await server.app.inject({
      method: 'GET',
      url: `/api/boards/${board.id}/export.csv?lang=en`,
      headers: { cookie },
    })
    expect(csvEn.body.split('\r\n')[0]).toBe('\uFEFFtheme,theme votes,type,category,text,votes,time')
    // Danish Excel splits on semicolons, so a Danish CSV uses them unless ?delimiter= says otherwise.
    const csvDa = await server.app.inject({
      method: 'GET',
      url: `/api/boards/${board.id}/export.csv`,
      headers: { cookie },
    })
    expect(csvDa.body.split('\r\n')[0]).toBe('\uFEFFtema;temastemmer;type;kategori;tekst;stemmer;tidspunkt')
    // Junk is still bad input, with the usual code.
    const junk = await get(`?lang=${'x'.repeat(200)}`)
    expect(junk.statusCode).toBe(400)
    expect(junk.json().code).toBe('VGA_ERR_BAD_REQUEST')
  })
})

/** A wall with one theme and these labels, in the default legend's colours. */
function wallOf(texts: readonly string[], title = 'Klubaften'): WallModel {
  const doc = new Y.Doc()
  initBoard(doc, { title })
  addTheme(doc, { id: 't', name: 'Tema', x: 0, y: 0 })
  texts.forEach((text, i) => {
    addLabel(doc, {
      id: `s${i}`,
      text,
      category: ['problem', 'ide', 'onske'][i % 3]!,
      x: 0,
      y: 0,
      author: 'p',
      themeId: 't',
      createdAt: T0 + i,
    })
  })
  return wallModel(doc, { nicknames: false })
}

/** Pixels (RGBA) that differ clearly between two images of the same size. */
function differingPixels(a: Buffer, b: Buffer): number {
  const x = PNG.sync.read(a)
  const y = PNG.sync.read(b)
  expect([x.width, x.height]).toEqual([y.width, y.height])
  let n = 0
  for (let i = 0; i < x.data.length; i += 4) {
    const d = Math.abs(x.data[i]! - y.data[i]!) + Math.abs(x.data[i + 1]! - y.data[i + 1]!)
    if (d + Math.abs(x.data[i + 2]! - y.data[i + 2]!) > 60) n++
  }
  return n
}

/** The same text with every character outside ASCII replaced by one that no font has (a private-use point). */
const noFontHas = (text: string) => text.replace(/[^ -~]/gu, '\uE000')

describe('scripts and shipped fonts', () => {
  // Short enough that neither they nor their boxes wrap: both walls have the same layout.
  const written = ['Hej 🙂🎉', 'مرحبا بكم', 'ሰላም', 'Türkçe ğüşİı']

  it('the PNG draws emoji and Arabic from the shipped fonts: not as the boxes of characters no font has, nor as a render without those fonts', async () => {
    const real = wallOf(written)
    const png = await bytes(real, { format: 'png' })
    // Same layout, same number of characters, but none of them in any font: each is a "missing" box.
    const boxes = await bytes(wallOf(written.map(noFontHas)), { format: 'png' })
    expect(differingPixels(png, boxes)).toBeGreaterThan(800)
    // The same SVG rendered with only the Latin font: Arabic, Ethiopic and emoji fall back to boxes.
    const { renderPng } = await import('../src/exports/png.ts')
    const { renderSvg } = await import('../src/exports/svg.ts')
    const { fontFile, isolate } = await import('../src/exports/fonts.ts')
    const subtitle = `Gemt væg: ${isolate('Efter brainstorm')} · 2025-03-04 19:00`
    const layout = layoutWall(real, { locale: 'da', subtitle })
    const size = { width: layout.width, height: layout.headerHeight + layout.bodyHeight }
    const latinOnly = await renderPng(renderSvg(layout), size, {
      fontFiles: ['regular', 'bold', 'italic'].map((w) => fontFile('latin', w as 'regular')),
    })
    expect(differingPixels(png, latinOnly)).toBeGreaterThan(800)
    // With all shipped fonts the render is the export itself: the difference above is the fonts, nothing else.
    expect(differingPixels(png, await renderPng(renderSvg(layout), size))).toBe(0)
  })

  it('every font file the exports use is in a shipped npm package, in a weight the Docker image keeps', async () => {
    const { allFontFiles } = await import('../src/exports/fonts.ts')
    const { existsSync } = await import('node:fs')
    const files = allFontFiles()
    expect(files.length).toBeGreaterThanOrEqual(4)
    for (const f of files) {
      expect(existsSync(f), f).toBe(true)
      expect(f).toMatch(
        /node_modules\/@expo-google-fonts\/[a-z-]+\/(400Regular|400Regular_Italic|700Bold)\/[A-Za-z_0-9]+\.ttf$/,
      )
    }
  })

  it('Arabic is shaped right to left and joined; emoji and Ethiopic get their own font', async () => {
    const { shapeLine, fontFile } = await import('../src/exports/fonts.ts')
    const line = shapeLine('Hej مرحبا بكم ok 🙂 ሰላም')
    const words = line.pieces.filter((p) => p.text.trim() !== '')
    // Visual order, left to right: the second Arabic word stands left of the first.
    expect(words.map((p) => [p.text.trim(), p.script])).toEqual([
      ['Hej', 'latin'],
      ['بكم', 'arabic'],
      ['مرحبا', 'arabic'],
      ['ok', 'latin'],
      ['🙂', 'emoji'],
      ['ሰላም', 'ethiopic'],
    ])
    // A line that starts in Arabic reads right to left, an emoji between words taking that direction, as in a browser.
    const arabicFirst = shapeLine('مرحبا 🙂 Ali')
    expect(arabicFirst.rtl).toBe(true)
    expect(arabicFirst.pieces.filter((p) => p.text.trim() !== '').map((p) => p.text)).toEqual(['Ali', '🙂', 'مرحبا'])
    for (let i = 1; i < line.pieces.length; i++)
      expect(line.pieces[i]!.x).toBeCloseTo(line.pieces[i - 1]!.x + line.pieces[i - 1]!.width, 6)
    // Joined: inside a word the letters take their connected forms, not the ones they have alone.
    const fontkit = await import('fontkit')
    const arabic = fontkit.openSync(fontFile('arabic', 'regular')) as import('fontkit').Font
    const joined = arabic.layout('مرحبا').glyphs.map((g) => g.id)
    const alone = [...'مرحبا'].flatMap((ch) => arabic.layout(ch).glyphs.map((g) => g.id))
    expect(joined.filter((id) => !alone.includes(id)).length).toBeGreaterThanOrEqual(3)
  })

  it('a label written in Arabic is set against the right edge of its card, a Danish one against the left', async () => {
    const svg = await text(wallOf(['Hej med dig', 'مرحبا بكم']), { format: 'svg' })
    const xOf = (word: string) => Number(new RegExp(`<tspan x="([\\d.]+)"[^>]*>${word}</tspan>`).exec(svg)?.[1])
    const { CARD } = await import('../src/exports/layout.ts')
    const { textWidth } = await import('../src/exports/fonts.ts')
    const left = xOf('Hej med dig')
    // The Arabic line ends where the card's text area ends: left edge + inner width.
    const arabicLeft = Math.min(xOf('مرحبا'), xOf('بكم'))
    const inner = CARD.width - 2 * CARD.padding
    expect(arabicLeft + textWidth('مرحبا بكم', CARD.fontSize)).toBeCloseTo(left + inner, 0)
  })

  it('the PDF embeds a shipped font per script and never a built-in one', async () => {
    const pdf = (await bytes(wallOf(written), { format: 'pdf' })).toString('latin1')
    for (const font of [
      'NotoSans-Regular',
      'NotoSans-Bold',
      'NotoSansArabic-Regular',
      'NotoSansEthiopic-Regular',
      'NotoEmoji-Regular',
    ])
      expect(pdf).toContain(font)
    expect(pdf).not.toContain('Helvetica')
    const all = (await pdfPages(Buffer.from(pdf, 'latin1'))).map((p) => p.text).join(' ')
    expect(all).toContain('Hej')
    expect(all).toContain('Türkçe ğüşİı')
  })

  it('the SVG carries the glyphs it uses, so it looks the same opened from the archive on any machine', async () => {
    const svg = await text(wallOf(written), { format: 'svg' })
    const fontkit = await import('fontkit')
    const embedded = new Map<string, import('fontkit').Font>()
    for (const m of svg.matchAll(
      /font-family:'([^']+)';font-weight:400;font-style:normal;src:url\(data:font\/ttf;base64,([^)]+)\)/g,
    ))
      embedded.set(m[1]!, fontkit.create(Buffer.from(m[2]!, 'base64')) as import('fontkit').Font)
    expect([...embedded.keys()].sort()).toEqual(['Noto Emoji', 'Noto Sans', 'Noto Sans Arabic', 'Noto Sans Ethiopic'])
    expect(embedded.get('Noto Emoji')!.hasGlyphForCodePoint(0x1f642)).toBe(true)
    expect(embedded.get('Noto Sans Arabic')!.hasGlyphForCodePoint('م'.codePointAt(0)!)).toBe(true)
    expect(embedded.get('Noto Sans Ethiopic')!.hasGlyphForCodePoint('ሰ'.codePointAt(0)!)).toBe(true)
    // A subset, not the whole font: the SVG stays small.
    expect(svg.length).toBeLessThan(250_000)
    expect(svg).toContain(`<tspan x="`)
    expect(svg).toMatch(/font-family="'Noto Emoji'">🙂🎉<\/tspan>/)
  })

  it('thumbnails draw emoji and Arabic from the shipped fonts too', async () => {
    const { thumbnailPng, THUMBNAIL_WIDTH } = await import('../src/exports/index.ts')
    const { renderPng } = await import('../src/exports/png.ts')
    const { renderSvg } = await import('../src/exports/svg.ts')
    const { fontFile } = await import('../src/exports/fonts.ts')
    const model = wallOf(['🙂🎉 🙂🎉', 'مرحبا بكم'])
    const thumbnail = await thumbnailPng(model, 'da')
    expect(PNG.sync.read(thumbnail).width).toBe(THUMBNAIL_WIDTH)
    // The same picture drawn with the Latin font only: emoji and Arabic become boxes.
    const layout = layoutWall(model, { locale: 'da' })
    const height = Math.min(layout.headerHeight + layout.bodyHeight, Math.round(layout.width * 0.75))
    const svg = renderSvg(layout, { maxHeight: height })
    const size = { width: layout.width, height }
    const latin = ['regular', 'bold', 'italic'].map((w) => fontFile('latin', w as 'regular'))
    const boxes = await renderPng(svg, size, { maxWidth: THUMBNAIL_WIDTH, fontFiles: latin })
    expect(differingPixels(thumbnail, boxes)).toBeGreaterThan(100)
    expect(differingPixels(thumbnail, await renderPng(svg, size, { maxWidth: THUMBNAIL_WIDTH }))).toBe(0)
  })
})

describe('PDF pages', () => {
  it('a 60-label wall flows over pages with no label cut by a page edge, each label whole on one page', async () => {
    const { renderWallPdf } = await import('../src/exports/index.ts')
    const doc = new Y.Doc()
    initBoard(doc, { title: 'Stor væg' })
    for (const [id, name] of [
      ['a', 'Lokaler'],
      ['b', 'Aktiviteter'],
      ['c', 'Ture'],
    ] as const)
      addTheme(doc, { id, name, x: 0, y: 0 })
    for (let i = 0; i < 60; i++) {
      // Short and long labels, so cards differ in height and columns end at different places.
      const filler = i % 3 === 0 ? ' og så en længere tanke der fylder tre eller fire linjer på kortet' : ''
      addLabel(doc, {
        id: `n${i}`,
        text: `Nr${i} ${filler}`,
        category: ['problem', 'ide', 'onske'][i % 3]!,
        x: 0,
        y: 0,
        author: 'p',
        ...(i % 4 === 3 ? {} : { themeId: ['a', 'b', 'c'][i % 3] }),
        createdAt: T0 + i,
      })
    }
    const model = wallModel(doc, { nicknames: false })
    let plan: import('../src/exports/index.ts').PdfPlan | undefined
    const pdf = await renderWallPdf(model, { size: 'A4', locale: 'da', onPlan: (p) => (plan = p) })
    if (!plan) throw new Error('no plan')
    const { bottom, left, scale, pageWidth } = plan
    expect(plan.pages.length).toBeGreaterThan(1)
    const seen: string[] = []
    for (const [i, page] of plan.pages.entries()) {
      const top = i === 0 ? plan.top : plan.nextTop
      for (const c of page.cards) {
        seen.push(c.id)
        // In points on the page: inside the wall area, below the header and above the footer.
        expect(top + c.y * scale).toBeGreaterThanOrEqual(top)
        expect(top + (c.y + c.h) * scale).toBeLessThanOrEqual(bottom + 0.01)
        expect(left + (c.x + c.w) * scale).toBeLessThanOrEqual(pageWidth - left + 0.01)
      }
    }
    expect(seen.sort()).toEqual(Array.from({ length: 60 }, (_, i) => `n${i}`).sort())
    // Read back: every label's text is on exactly one page, in one piece.
    const pages = await pdfPages(pdf)
    expect(pages).toHaveLength(plan.pages.length)
    for (let i = 0; i < 60; i++) {
      const on = pages.filter((p) => p.text.includes(`Nr${i} `))
      expect([i, on.length]).toEqual([i, 1])
      if (i % 3 === 0) expect(on[0]!.text).toContain(`Nr${i} og så en længere tanke der fylder tre eller fire linjer`)
    }
  })

  it('a theme that fits a column is never split, even when it starts low on a page', async () => {
    const { flowWall } = await import('../src/exports/layout.ts')
    const pages = flowWall(wallOf(Array.from({ length: 5 }, (_, i) => `Kort ${i}`)), {
      locale: 'da',
      columns: 2,
      columnHeight: 700,
    })
    expect(pages).toHaveLength(1)
    expect(new Set(pages[0]!.cards.map((c) => c.x)).size).toBe(1)
  })
})

describe('CSV for spreadsheets', () => {
  /** RFC 4180 rows of `csv` split on `delimiter`. */
  function parseCsv(csv: string, delimiter: string): string[][] {
    const rows: string[][] = []
    let row: string[] = []
    let cell = ''
    let quoted = false
    for (let i = 0; i < csv.length; i++) {
      const c = csv[i]!
      if (quoted) {
        if (c === '"' && csv[i + 1] === '"') {
          cell += '"'
          i++
        } else if (c === '"') quoted = false
        else cell += c
      } else if (c === '"') quoted = true
      else if (c === delimiter) {
        row.push(cell)
        cell = ''
      } else if (c === '\r' && csv[i + 1] === '\n') {
        row.push(cell)
        rows.push(row)
        row = []
        cell = ''
        i++
      } else cell += c
    }
    return rows
  }

  it('in Danish the CSV has a BOM and semicolon columns, in English comma columns, with the same cells', async () => {
    const { exportOptions } = await import('../src/plugins/exportHttp.ts')
    const csvIn = async (locale: string) =>
      String((await renderExport({ model: plain, nicknames: false }, exportOptions('csv', {}, locale))).body)
    const da = await csvIn('da')
    const en = await csvIn('en')
    expect(da.startsWith('\uFEFF')).toBe(true)
    expect(en.startsWith('\uFEFF')).toBe(true)
    const daRows = parseCsv(da.slice(1), ';')
    const enRows = parseCsv(en.slice(1), ',')
    expect(daRows[0]).toEqual(['tema', 'temastemmer', 'type', 'kategori', 'tekst', 'stemmer', 'tidspunkt'])
    expect(enRows[0]).toEqual(['theme', 'theme votes', 'type', 'category', 'text', 'votes', 'time'])
    expect(daRows).toHaveLength(enRows.length)
    for (const r of [...daRows, ...enRows]) expect(r).toHaveLength(7)
    // The text with commas and quotes is one cell in both.
    const quote = 'Noget helt andet, "med citat", og komma'
    expect(daRows.some((r) => r[4] === quote)).toBe(true)
    expect(enRows.some((r) => r[4] === quote)).toBe(true)
    // A comma alone needs no quotes in Danish, where it is no delimiter; a formula stays inert in both.
    expect(csvCell('a, b', CsvDelimiter.Semicolon)).toBe('a, b')
    expect(daRows.some((r) => r[4] === `'=HYPERLINK("http://x.example","klik")`)).toBe(true)
    // ?delimiter= still wins over the language.
    expect(exportOptions('csv', { delimiter: 'comma' }, 'da').delimiter).toBe(',')
    expect(exportOptions('csv', { delimiter: 'semicolon' }, 'en').delimiter).toBe(';')
  })
})

describe('export headers', () => {
  it('a snapshot with the default name says its time once', async () => {
    const named = { name: 'Væggen 2025-03-04 19:00', createdAt: T0 + 30 * 60_000 }
    const md = String((await renderExport({ model: plain, nicknames: false, snapshot: named }, options({}))).body)
    expect(md.split('\n')[2]).toBe('Gemt væg: Væggen 2025-03-04 19:00  ')
    const pdf = await renderExport({ model: plain, nicknames: false, snapshot: named }, options({ format: 'pdf' }))
    const first = (await pdfPages(pdf.body as Buffer))[0]!.text
    expect(first.match(/2025-03-04 19:00/g)).toHaveLength(1)
    const svg = String(
      (await renderExport({ model: plain, nicknames: false, snapshot: named }, options({ format: 'svg' }))).body,
    )
    expect(svg.match(/2025-03-04 19:00/g)).toHaveLength(1)
  })
})

describe('project report', () => {
  it('shows each saved wall itself, every label as text at a readable size, not a thumbnail', async () => {
    const { projectReportPdf } = await import('../src/exports/index.ts')
    const texts = Array.from({ length: 30 }, (_, i) => `Rapportlabel ${i}`)
    const model = wallOf(texts)
    const pdf = await projectReportPdf(
      {
        title: 'Forløb',
        meetings: [
          {
            meeting: { title: 'Første', date: '2025-03-04' },
            boards: [{ title: 'Klubaften', snapshots: [{ ...snapshot, model, thumbnail: null }] }],
          },
        ],
      },
      { size: 'A4', timeZone: 'Europe/Copenhagen', locale: 'da' },
    )
    const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise
    const sizes = new Map<string, number>()
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent()
      for (const item of content.items)
        if ('str' in item && item.str.startsWith('Rapportlabel'))
          sizes.set(item.str.trim(), Math.abs(item.transform[3]))
    }
    await doc.destroy()
    expect([...sizes.keys()].sort()).toEqual([...texts].sort())
    // Card text of 20 wall units prints at 13 pt on A4: readable on paper without zooming.
    for (const size of sizes.values()) expect(size).toBeGreaterThanOrEqual(12)
  })
})
