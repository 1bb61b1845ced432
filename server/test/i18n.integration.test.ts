/**
 * Server-made text in the reader's language: a new board's legend, the
 * built-in templates, default snapshot and meeting names, and every export
 * route (snapshot, share link, project report) following ?lang= or
 * Accept-Language. Boards keep the words they were made with.
 */
import { CSRF_HEADER, readLegend, readQuestion, readThemes } from '@vaegavis/shared'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { signIn, startServer, type TestServer } from './helpers.ts'

let server: TestServer
let cookie = ''
beforeEach(async () => {
  server = await startServer()
  cookie = await signIn(server.app)
})
afterEach(async () => {
  await server.destroy()
})

/** A request as the client makes it: Accept-Language set to the language it shows. */
async function api(method: 'GET' | 'POST', url: string, opts: { language?: string; payload?: object } = {}) {
  const headers: Record<string, string> = {
    cookie,
    ...(method === 'POST' ? { [CSRF_HEADER]: '1' } : {}),
    ...(opts.language ? { 'accept-language': opts.language } : {}),
  }
  const res = await server.app.inject({ method, url, headers, ...(opts.payload ? { payload: opts.payload } : {}) })
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
  return res
}

async function stored(name: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  for (const u of (await server.store.docs.load(name)).updates) Y.applyUpdate(doc, u)
  return doc
}

async function newBoard(language: string | undefined, payload: object = {}): Promise<string> {
  const res = await api('POST', '/api/boards', {
    payload: { title: 'Klubaften', ...payload },
    ...(language ? { language } : {}),
  })
  return (res.json() as { board: { id: string } }).board.id
}

const meanings = async (boardId: string) => readLegend(await stored(boardId)).map((c) => c.meaning)

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise
  const parts: string[] = []
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent()
    parts.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '))
  }
  await doc.destroy()
  return parts.join('\n').replace(/\s+/g, ' ')
}

describe('a board made in English', () => {
  it('gets the legend Problem / Idea / Wish; one made in Danish keeps Problem / Idé / Ønske', async () => {
    expect(await meanings(await newBoard('en-GB,en;q=0.9'))).toEqual(['Problem', 'Idea', 'Wish'])
    const danish = await newBoard(undefined)
    expect(await meanings(danish)).toEqual(['Problem', 'Idé', 'Ønske'])
    // Exporting the Danish board in English words leaves its own text alone.
    const md = (await api('GET', `/api/boards/${danish}/export.md?lang=en`)).body
    expect(md).toContain('- Sky blue circle: Idé')
    expect(await meanings(danish)).toEqual(['Problem', 'Idé', 'Ønske'])
  })

  it('offers the built-in templates in English, and a board from one is worded in English', async () => {
    type Templates = { templates: { id: string; name: string; description: string; builtIn: boolean }[] }
    const list = (await api('GET', '/api/templates', { language: 'en' })).json() as Templates
    const builtIns = list.templates.filter((x) => x.builtIn)
    expect(builtIns.map((x) => x.name)).toEqual([
      'The Labels method',
      'The same question for every theme',
      'Priorities',
    ])
    expect(builtIns[0]?.description).toMatch(/^Everyone writes thoughts on labels in three colours/)
    const danish = (await api('GET', '/api/templates')).json() as Templates
    expect(danish.templates.filter((x) => x.builtIn).map((x) => x.id)).toEqual(builtIns.map((x) => x.id))

    const same = await newBoard('en', { templateId: 'builtin:samme-spoergsmaal' })
    const doc = await stored(same)
    expect(readQuestion(doc)).toBe('What can we do about it ourselves?')
    expect(
      readThemes(doc)
        .map((x) => x.name)
        .sort(),
    ).toEqual(['Theme 1', 'Theme 2', 'Theme 3'])
    expect(readLegend(doc).map((c) => c.meaning)).toEqual(['Problem', 'Idea', 'Wish'])
    expect(await meanings(await newBoard('en', { templateId: 'builtin:prioritering' }))).toEqual(['Suggestion'])
  })
})

describe('default names', () => {
  it('an unnamed snapshot is called "Wall <time>" in English and "Væggen <time>" in Danish', async () => {
    const board = await newBoard(undefined)
    const name = async (language?: string) =>
      (
        (
          await api('POST', `/api/boards/${board}/snapshots`, { payload: {}, ...(language ? { language } : {}) })
        ).json() as { snapshot: { name: string } }
      ).snapshot.name
    expect(await name('en')).toMatch(/^Wall \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    expect(await name()).toMatch(/^Væggen \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
  })

  it('"continue" in English makes the meeting "Meeting <date>" and a board with the English legend', async () => {
    const project = (
      (await api('POST', '/api/projects', { payload: { title: 'Mere klub' } })).json() as { project: { id: string } }
    ).project
    const res = await api('POST', `/api/projects/${project.id}/continue`, {
      language: 'en',
      payload: { today: '2025-03-11' },
    })
    const made = res.json() as { meeting: { title: string }; board: { id: string } }
    expect(made.meeting.title).toBe('Meeting 2025-03-11')
    expect(await meanings(made.board.id)).toEqual(['Problem', 'Idea', 'Wish'])
  })
})

describe('export routes in English', () => {
  it('a snapshot, its share link and the project report follow ?lang= and Accept-Language', async () => {
    const project = (
      (await api('POST', '/api/projects', { payload: { title: 'Mere klub' } })).json() as { project: { id: string } }
    ).project
    const board = await newBoard(undefined, { projectId: project.id })
    const snapshot = (
      (await api('POST', `/api/boards/${board}/snapshots`, { payload: { name: 'Efter brainstorm' } })).json() as {
        snapshot: { id: string }
      }
    ).snapshot

    const own = await api('GET', `/api/snapshots/${snapshot.id}/export.md?lang=en`)
    expect(own.body).toMatch(
      /^# Transcript: Klubaften\n\nSaved wall: Efter brainstorm · \d{4}-\d{2}-\d{2} \d{2}:\d{2} {2}\n/,
    )
    expect((await api('GET', `/api/snapshots/${snapshot.id}/export.md`)).body).toMatch(/^# Afskrift: Klubaften\n/)

    const link = (
      (await api('POST', `/api/projects/${project.id}/shares`, { payload: {} })).json() as { token: string }
    ).token
    const viewer = (url: string, language?: string) =>
      server.app.inject({ method: 'GET', url, headers: language ? { 'accept-language': language } : {} })
    const shared = await viewer(`/api/share/${link}/snapshots/${snapshot.id}/export.csv`, 'en-GB,en;q=0.9')
    expect(shared.body.split('\r\n')[0]).toBe('\uFEFFtheme,theme votes,type,category,text,votes,time')

    const md = await viewer(`/api/share/${link}/report.md?lang=en&download=1`)
    expect(md.statusCode).toBe(200)
    expect(md.body).toMatch(/^# Report: Mere klub\n/)
    expect(md.body).toContain('## Not in a meeting')
    expect(md.body).toMatch(/#### Saved wall: Efter brainstorm · \d{4}-\d{2}-\d{2} \d{2}:\d{2}\n/)
    expect(md.body).toContain('The colours mean: Problem, Idé, Ønske')
    expect(md.headers['content-disposition']).toBe('attachment; filename="report-mere-klub.md"')
    const danish = await viewer(`/api/share/${link}/report.md?download=1`)
    expect(danish.body).toMatch(/^# Rapport: Mere klub\n/)
    expect(danish.headers['content-disposition']).toBe('attachment; filename="rapport-mere-klub.md"')

    const pdf = await api('GET', `/api/projects/${project.id}/report.pdf`, { language: 'en' })
    const text = await pdfText(pdf.rawPayload)
    for (const words of ['Report: Mere klub', 'Made with Vægavis', 'Not in a meeting', 'Labels: 0'])
      expect(text).toContain(words)
    expect(text).not.toContain('Rapport')
  })
})
