/**
 * Bringing boards in: a Vægavis export moved to another server comes back
 * whole (legend, themes, labels, votes, held labels, saved walls), a Padlet
 * CSV becomes themes and labels, and a file that is not what it claims is
 * refused with a message that says where — with nothing written.
 */
import {
  addHeldLabel,
  addLabel,
  addTheme,
  CSRF_HEADER,
  castVote,
  closeVoteRound,
  HeldFor,
  heldDocName,
  readHeldLabels,
  readLabels,
  readLegend,
  readThemes,
  readVoteCounts,
  readVoteRound,
  startVoteRound,
} from '@vaegavis/shared'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { loadStored, signIn, startServer, type TestServer } from './helpers.ts'

let server: TestServer
let cookie: string
beforeEach(async () => {
  server = await startServer()
  cookie = await signIn(server.app)
})
afterEach(async () => {
  await server.destroy()
})

const headers = () => ({ cookie, [CSRF_HEADER]: '1' })

async function boardCount(): Promise<number> {
  const res = await server.app.inject({ method: 'GET', url: '/api/boards', headers: headers() })
  return (res.json().boards as unknown[]).length
}

function postImport(format: string, body: string | Buffer, query = '', contentType = 'application/octet-stream') {
  return server.app.inject({
    method: 'POST',
    url: `/api/boards/import?format=${format}${query}`,
    headers: { ...headers(), 'content-type': contentType },
    payload: body,
  })
}

/** A board with a theme, labels in and out of it, a closed vote, a held label and a saved wall; its JSON export. */
async function exportedBoard(): Promise<{ json: string; boardId: string }> {
  const made = await server.app.inject({
    method: 'POST',
    url: '/api/boards',
    headers: headers(),
    payload: { title: 'Klubaften i marts' },
  })
  const boardId = made.json().board.id as string
  await server.app.rooms.withRoom(boardId, (room) =>
    room.applyServerChange((doc) => {
      const theme = addTheme(doc, { name: 'Mere fodbold', x: 0, y: 0 })
      const a = addLabel(doc, {
        text: 'Fodbold om fredagen',
        category: 'ide',
        x: 0,
        y: 0,
        author: 'p-a',
        themeId: theme,
      })
      addLabel(doc, { text: 'Bordtennis', category: 'onske', x: 10, y: 10, author: 'p-b' })
      addLabel(doc, { text: 'For lidt plads', category: 'problem', x: 20, y: 20, author: 'p-c' })
      startVoteRound(doc, 'labels', 3)
      castVote(doc, 'p-a', a)
      castVote(doc, 'p-b', a)
      closeVoteRound(doc)
    }),
  )
  await server.app.rooms.withRoom(heldDocName(boardId), (room) =>
    room.applyServerChange((doc) =>
      addHeldLabel(
        doc,
        { id: 'held-1', text: 'Ikke vist endnu', category: 'ide', x: 0, y: 0, author: 'p-d' },
        HeldFor.Approval,
      ),
    ),
  )
  const snap = await server.app.inject({
    method: 'POST',
    url: `/api/boards/${boardId}/snapshots`,
    headers: headers(),
    payload: { name: 'Før pausen' },
  })
  expect(snap.statusCode).toBe(201)
  const res = await server.app.inject({ method: 'GET', url: `/api/boards/${boardId}/data.json`, headers: headers() })
  expect(res.statusCode).toBe(200)
  return { json: res.body, boardId }
}

describe('a Vægavis export brought in', () => {
  it('comes back as a new board with the same legend, themes, labels, votes, held labels and saved walls', async () => {
    const { json, boardId } = await exportedBoard()
    const res = await postImport('vaegavis', json, '', 'application/json')
    expect(res.statusCode, res.body).toBe(201)
    const out = res.json()
    expect(out).toMatchObject({ labels: 3, themes: 1, snapshots: 1, skipped: 0 })
    const newId = out.board.id as string
    expect(newId).not.toBe(boardId)
    expect(out.board.title).toBe('Klubaften i marts')

    const before = await loadStored(server, boardId)
    const after = await server.app.rooms.withRoom(newId, (room) =>
      room.read((doc) => ({
        labels: readLabels(doc),
        themes: readThemes(doc),
        round: readVoteRound(doc),
        counts: readVoteCounts(doc),
      })),
    )
    const shape = (labels: ReturnType<typeof readLabels>) =>
      labels
        .map((l) => ({ text: l.text, category: l.category, themeId: l.themeId ?? null }))
        .sort((a, b) => a.text.localeCompare(b.text))
    expect(shape(after.labels)).toEqual(shape(readLabels(before)))
    expect(after.themes.map((t) => t.name)).toEqual(['Mere fodbold'])
    // The vote is over on the new board, and its dots still count.
    expect(after.round?.open).toBe(false)
    const football = after.labels.find((l) => l.text === 'Fodbold om fredagen')
    expect(after.counts.get(football?.id ?? '')).toBe(2)

    const held = await server.app.rooms.withRoom(heldDocName(newId), (room) => room.read(readHeldLabels))
    expect(held.map((l) => [l.text, l.heldFor])).toEqual([['Ikke vist endnu', HeldFor.Approval]])

    const snaps = await server.store.app.listSnapshots({ boardId: newId })
    expect(snaps.map((s) => s.name)).toEqual(['Før pausen'])
    const full = await server.store.app.getSnapshot(snaps[0]?.id ?? '')
    const snapDoc = new Y.Doc()
    Y.applyUpdate(snapDoc, full?.state ?? new Uint8Array())
    expect(
      readLabels(snapDoc)
        .map((l) => l.text)
        .sort(),
    ).toEqual(['Bordtennis', 'Fodbold om fredagen', 'For lidt plads'])
    expect(
      Buffer.from(full?.thumbnail ?? [])
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG')

    // The new board is the facilitator's, with a join code of its own.
    const listed = await server.app.inject({ method: 'GET', url: '/api/boards', headers: headers() })
    const boards = listed.json().boards as { id: string; joinCode: string }[]
    expect(boards.map((b) => b.id)).toContain(newId)
    const codes = new Set(boards.map((b) => b.joinCode))
    expect(codes.size).toBe(boards.length)
  })

  it('takes a new name when one is given', async () => {
    const { json } = await exportedBoard()
    const res = await postImport('vaegavis', json, `&title=${encodeURIComponent('Flyttet væg')}`)
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().board.title).toBe('Flyttet væg')
  })
})

const PADLET = [
  'Subject,Body,Attachment,Author,Created At,Section',
  '"Fodbold","<p>Om <b>fredagen</b> &amp; lørdagen</p>",,Sofie Jensen,2026-03-01,Aktiviteter',
  'Bordtennis,,,Ali Hassan,2026-03-01,Aktiviteter',
  ',"Mere plads i caféen",,Mads,2026-03-02,Rummet',
  ',,,Emma,2026-03-02,Rummet',
  'Længere åbent,,,Noah,2026-03-02,',
].join('\r\n')

describe('a Padlet CSV brought in', () => {
  it('turns sections into themes and posts into labels, without the authors’ names', async () => {
    const res = await postImport('padlet', PADLET, `&title=${encodeURIComponent('Fra Padlet')}`, 'text/csv')
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ labels: 4, themes: 2, snapshots: 0, skipped: 1 })
    const id = res.json().board.id as string
    const wall = await server.app.rooms.withRoom(id, (room) =>
      room.read((doc) => ({ labels: readLabels(doc), themes: readThemes(doc), legend: readLegend(doc) })),
    )
    // Posts carry no meaning of their own: they come in under a colour named for where they came from.
    expect(wall.legend.map((c) => c.meaning)).toEqual(['Fra Padlet', 'Problem', 'Idé', 'Ønske'])
    expect(new Set(wall.labels.map((l) => l.category))).toEqual(new Set([wall.legend[0]?.id]))
    const themeName = new Map(wall.themes.map((t) => [t.id, t.name]))
    expect(wall.labels.map((l) => [l.text, l.themeId ? themeName.get(l.themeId) : null])).toEqual([
      ['Fodbold\nOm fredagen & lørdagen', 'Aktiviteter'],
      ['Bordtennis', 'Aktiviteter'],
      ['Mere plads i caféen', 'Rummet'],
      ['Længere åbent', null],
    ])
    const stored = Y.encodeStateAsUpdate(await loadStored(server, id))
    for (const name of ['Sofie', 'Ali Hassan', 'Mads', 'Emma', 'Noah'])
      expect(Buffer.from(stored).includes(Buffer.from(name))).toBe(false)
  })

  it('reads a semicolon CSV with a byte-order mark, as Danish Excel saves it', async () => {
    const danish = `\uFEFFEmne;Indhold;Sektion\r\nHygge;Mere hygge;Rummet\r\n`
    const res = await postImport('padlet', danish)
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ labels: 1, themes: 1 })
  })
})

describe('a file that is not what it claims', () => {
  const longText = 'x'.repeat(300)
  const cases: [string, string, string | Buffer, RegExp][] = [
    ['not JSON', 'vaegavis', 'Subject,Body\nHej,med dig', /not JSON/],
    [
      'a project export',
      'vaegavis',
      JSON.stringify({ format: 'vaegavis-project/1', boards: [] }),
      /one wall at a time/,
    ],
    ['another format', 'vaegavis', JSON.stringify({ format: 'miro/2', board: {} }), /vaegavis-board\/1/],
    ['a picture', 'padlet', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0xff, 0xfe, 0xfd]), /not text/],
    ['a CSV without post columns', 'padlet', 'Name,Email\nPia,pia@klub.dk', /"Subject" or "Body"/],
    [
      'a post too long for a label',
      'padlet',
      `Subject,Section\nfine,A\n${longText},B`,
      /Line 3: the post has 300 characters/,
    ],
    ['a CSV with no posts', 'padlet', 'Subject,Body\n,\n', /no posts/],
  ]
  it.each(cases)(
    'refuses %s with a message that says why, and writes nothing',
    async (_what, format, body, message) => {
      const boards = await boardCount()
      const res = await postImport(format, body)
      expect(res.statusCode).toBe(422)
      expect(res.json().code).toBe('VGA_ERR_IMPORT_INVALID')
      expect(res.json().message).toMatch(message)
      expect(await boardCount()).toBe(boards)
    },
  )

  it('refuses an export with one label out of bounds, naming it, and writes nothing', async () => {
    const { json } = await exportedBoard()
    const data = JSON.parse(json)
    data.board.wall.labels[1].text = 'y'.repeat(400)
    const boards = await boardCount()
    const res = await postImport('vaegavis', JSON.stringify(data))
    expect(res.statusCode).toBe(422)
    expect(res.json().message).toMatch(/The wall, label 2 \("y+"\): a label text must be 1 to 280 characters/)
    expect(await boardCount()).toBe(boards)
  })

  it('refuses dots on a label that is not on the wall, and a label of a colour not in the legend', async () => {
    const { json } = await exportedBoard()
    const dots = JSON.parse(json)
    dots.board.wall.votes['r1/p-x/0'] = 'nowhere'
    expect((await postImport('vaegavis', JSON.stringify(dots))).json().message).toMatch(/not on the wall/)
    const colour = JSON.parse(json)
    colour.board.wall.labels[0].category = 'purple'
    expect((await postImport('vaegavis', JSON.stringify(colour))).json().message).toMatch(/unknown category/)
    const snapshot = JSON.parse(json)
    snapshot.board.snapshots[0].wall.themes[0].name = ''
    expect((await postImport('vaegavis', JSON.stringify(snapshot))).json().message).toMatch(/^Saved wall 1, theme/)
  })

  it('asks who you are, and for the header every write needs', async () => {
    const anonymous = await server.app.inject({
      method: 'POST',
      url: '/api/boards/import?format=padlet',
      headers: { [CSRF_HEADER]: '1', 'content-type': 'text/csv' },
      payload: PADLET,
    })
    expect(anonymous.statusCode).toBe(401)
    const forged = await server.app.inject({
      method: 'POST',
      url: '/api/boards/import?format=padlet',
      headers: { cookie, 'content-type': 'text/csv' },
      payload: PADLET,
    })
    expect(forged.statusCode).toBe(403)
  })
})
