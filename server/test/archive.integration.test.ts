/**
 * Projects, meetings, snapshots, forks, the recap, templates and share links,
 * through the REST API and real websockets.
 */
import { createHash } from 'node:crypto'
import {
  addLabel,
  addTheme,
  CloseCode,
  CSRF_HEADER,
  castVote,
  ErrorCode,
  editLabel,
  heldDocName,
  LabelKind,
  MessageType,
  readLabels,
  readLegend,
  readQuestion,
  readSettings,
  readThemes,
  readTitle,
  readVoteCounts,
  readVoteRound,
  setLabelTheme,
  setQuestion,
  setSetting,
  startVoteRound,
} from '@vaegavis/shared'
import * as encoding from 'lib0/encoding'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { ensureFacilitator } from '../src/services/boards.ts'
import {
  clientTracker,
  connect,
  createBoard,
  FACILITATOR,
  facilitatorToken,
  join,
  openRaw,
  signIn,
  startServer,
  synced,
  type TestServer,
  upgradeStatus,
} from './helpers.ts'

let server: TestServer
const { track, destroyAll } = clientTracker()
beforeEach(async () => {
  server = await startServer()
})
afterEach(async () => {
  destroyAll()
  await server.destroy()
})

const csrf = { [CSRF_HEADER]: '1' }
const OLE = { email: 'ole@klub.dk', password: 'ole-har-en-kode' }

async function api(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, cookie?: string, payload?: object) {
  const headers: Record<string, string> = { ...(method === 'GET' ? {} : csrf), ...(cookie ? { cookie } : {}) }
  return server.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })
}

async function ok<T>(res: Awaited<ReturnType<typeof api>>, status = 200): Promise<T> {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`)
  return res.json() as T
}

async function signInAs(who: { email: string; password: string }): Promise<string> {
  await ensureFacilitator(server.store, who.email, who.password)
  const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', headers: csrf, payload: who })
  const cookie = res.cookies.find((c) => c.name === 'vg_session')
  if (!cookie) throw new Error(`sign-in failed: ${res.body}`)
  return `vg_session=${cookie.value}`
}

/** The stored document (what a restart would load). */
async function stored(name: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  for (const u of (await server.store.docs.load(name)).updates) Y.applyUpdate(doc, u)
  return doc
}

function docOf(bytes: Buffer | Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, new Uint8Array(bytes))
  return doc
}

const texts = (doc: Y.Doc) => readLabels(doc).map((l) => l.text)

/** A board on the wall: a facilitator projector and two phones (one with a nickname), with a theme and labels. */
async function liveBoard(cookie: string, title = 'Klubaften', placement: object = {}) {
  const board = await ok<{ board: { id: string; joinCode: string } }>(
    await api('POST', '/api/boards', cookie, { title, ...placement }),
    201,
  )
  const { id, joinCode } = board.board
  const projector = track(connect(server.wsUrl, id, await facilitatorToken(server.app, cookie, id)))
  const ali = await join(server.app, joinCode, 'Ali')
  const phone = track(connect(server.wsUrl, id, ali.token))
  await Promise.all([synced(projector), synced(phone)])
  const theme = addTheme(projector.doc, { name: 'Lokalerne', x: 0, y: 0 })
  const cold = addLabel(phone.doc, {
    text: 'Der er for koldt',
    category: 'problem',
    x: 0,
    y: 0,
    author: ali.participantId,
    nickname: 'Ali',
  })
  const paint = addLabel(projector.doc, { text: 'Male væggene', category: 'ide', x: 0, y: 0, author: 'facilitator' })
  await vi.waitFor(() => expect(texts(projector.doc)).toHaveLength(2))
  setLabelTheme(projector.doc, cold, theme)
  setLabelTheme(projector.doc, paint, theme)
  await vi.waitFor(async () => expect(readLabels(await stored(id)).filter((l) => l.themeId === theme)).toHaveLength(2))
  return { id, joinCode, projector, phone, ali, theme, cold, paint }
}

async function snapshot(cookie: string, boardId: string, name = 'Efter brainstorm') {
  return (
    await ok<{ snapshot: { id: string; labelCount: number; name: string } }>(
      await api('POST', `/api/boards/${boardId}/snapshots`, cookie, { name }),
      201,
    )
  ).snapshot
}

async function project(cookie: string, title = 'Mere klub') {
  return (await ok<{ project: { id: string } }>(await api('POST', '/api/projects', cookie, { title }), 201)).project
}

async function meeting(cookie: string, projectId: string, date: string, title = 'Møde') {
  return (
    await ok<{ meeting: { id: string } }>(
      await api('POST', `/api/projects/${projectId}/meetings`, cookie, { title, date }),
      201,
    )
  ).meeting
}

/** A websocket speaking the y-websocket protocol by hand. */
function rawSocket(url: string): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)))
    ws.on('open', () => resolve({ ws, closed }))
    ws.on('error', reject)
  })
}

function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.Sync)
  syncProtocol.writeUpdate(e, update)
  return encoding.toUint8Array(e)
}

describe('snapshots', () => {
  it('taking a snapshot does not write to the live board, and later changes to the board leave the snapshot as it was', async () => {
    const cookie = await signIn(server.app)
    const b = await liveBoard(cookie)
    const before = await server.store.docs.load(b.id)

    const snap = await snapshot(cookie, b.id)
    expect(snap.labelCount).toBe(2)
    expect((await server.store.docs.load(b.id)).lastSeq).toBe(before.lastSeq)

    editLabel(b.projector.doc, b.paint, { text: 'Male væggene grønne' })
    addLabel(b.phone.doc, { text: 'Flere sofaer', category: 'onske', x: 0, y: 0, author: b.ali.participantId })
    await vi.waitFor(async () => expect(texts(await stored(b.id))).toContain('Flere sofaer'))

    const state = await api('GET', `/api/snapshots/${snap.id}/state`, cookie)
    expect(state.statusCode).toBe(200)
    expect(state.headers['content-type']).toBe('application/octet-stream')
    const frozen = docOf(state.rawPayload)
    expect(texts(frozen).sort()).toEqual(['Der er for koldt', 'Male væggene'])
    expect(readThemes(frozen).map((t) => t.name)).toEqual(['Lokalerne'])

    const wall = await ok<{ wall: { themes: { name: string; labels: { text: string; nickname?: string }[] }[] } }>(
      await api('GET', `/api/snapshots/${snap.id}/wall?nicknames=1`, cookie),
    )
    expect(wall.wall.themes[0]?.labels.map((l) => l.text).sort()).toEqual(['Der er for koldt', 'Male væggene'])
    expect(wall.wall.themes[0]?.labels.find((l) => l.text === 'Der er for koldt')?.nickname).toBe('Ali')

    const thumb = await api('GET', `/api/snapshots/${snap.id}/thumbnail.png`, cookie)
    expect(thumb.headers['content-type']).toBe('image/png')
    expect(thumb.rawPayload.subarray(1, 4).toString()).toBe('PNG')

    const list = await ok<{ snapshots: { id: string; name: string }[] }>(
      await api('GET', `/api/boards/${b.id}/snapshots`, cookie),
    )
    expect(list.snapshots).toEqual([expect.objectContaining({ id: snap.id, name: 'Efter brainstorm' })])
  })

  it('a fork carries on with the same themes, labels and votes under a new join code, and leaves the original alone', async () => {
    const cookie = await signIn(server.app)
    const b = await liveBoard(cookie)
    const bo = await join(server.app, b.joinCode)
    const voter = track(connect(server.wsUrl, b.id, bo.token))
    await synced(voter)
    setQuestion(b.projector.doc, 'Hvad kan vi selv gøre?')
    addLabel(b.projector.doc, {
      text: 'Låne en radiator',
      category: 'ide',
      x: 0,
      y: 0,
      author: 'facilitator',
      themeId: b.theme,
      kind: LabelKind.Answer,
    })
    startVoteRound(b.projector.doc, 'labels', 3)
    await vi.waitFor(() => expect(readVoteRound(voter.doc)?.open).toBe(true))
    castVote(voter.doc, bo.participantId, b.cold)
    castVote(voter.doc, bo.participantId, b.cold)
    castVote(b.phone.doc, b.ali.participantId, b.paint)
    await vi.waitFor(async () => expect(readVoteCounts(await stored(b.id)).get(b.cold)).toBe(2))
    await vi.waitFor(async () => expect(readVoteCounts(await stored(b.id)).get(b.paint)).toBe(1))
    const snap = await snapshot(cookie, b.id)

    const fork = (
      await ok<{ board: { id: string; joinCode: string; title: string } }>(
        await api('POST', `/api/snapshots/${snap.id}/fork`, cookie, { title: 'Klubaften, del 2' }),
        201,
      )
    ).board
    expect(fork.joinCode).not.toBe(b.joinCode)
    expect(fork.title).toBe('Klubaften, del 2')

    const firstStored = await server.store.docs.load(fork.id)
    expect(firstStored.updates).toHaveLength(1)
    const copy = await stored(fork.id)
    const original = await stored(b.id)
    expect(readTitle(copy)).toBe('Klubaften, del 2')
    expect(readThemes(copy)).toEqual(readThemes(original))
    expect(readLabels(copy)).toEqual(readLabels(original))
    expect(readQuestion(copy)).toBe('Hvad kan vi selv gøre?')
    expect([...readVoteCounts(copy)].sort()).toEqual([...readVoteCounts(original)].sort())

    // The group carries on: a new phone posts on the fork, the original is untouched.
    const newcomer = await join(server.app, fork.joinCode)
    const phone = track(connect(server.wsUrl, fork.id, newcomer.token))
    await synced(phone)
    addLabel(phone.doc, { text: 'Ny idé', category: 'ide', x: 0, y: 0, author: newcomer.participantId })
    await vi.waitFor(async () => expect(texts(await stored(fork.id))).toContain('Ny idé'))
    expect(texts(await stored(b.id))).not.toContain('Ny idé')
  })

  it('deleting a board removes its snapshots and their share links', async () => {
    const cookie = await signIn(server.app)
    const b = await liveBoard(cookie)
    const snap = await snapshot(cookie, b.id)
    const share = await ok<{ token: string }>(await api('POST', `/api/snapshots/${snap.id}/shares`, cookie, {}), 201)

    expect((await api('DELETE', `/api/boards/${b.id}`, cookie)).statusCode).toBe(204)

    expect((await api('GET', `/api/snapshots/${snap.id}`, cookie)).statusCode).toBe(404)
    expect(await server.store.app.getSnapshot(snap.id)).toBeUndefined()
    expect((await api('GET', `/api/share/${share.token}`)).statusCode).toBe(404)
    await vi.waitFor(() => expect(b.projector.closeCodes).toContain(CloseCode.BoardGone))
  })
})

describe('projects shared between facilitators', () => {
  it('a colleague added to a project sees and runs its boards; others cannot find them', async () => {
    const pia = await signIn(server.app)
    const ole = await signInAs(OLE)
    const outsider = await signInAs({ email: 'x@andet.dk', password: 'en-helt-anden' })
    const p = await project(pia, 'Ungdomsrådet')
    const m = await meeting(pia, p.id, '2025-03-04', 'Opstart')
    const board = await createBoard(server.app, pia, 'Første væg')
    await ok(await api('PATCH', `/api/boards/${board.id}`, pia, { meetingId: m.id }))

    expect((await api('GET', `/api/boards/${board.id}`, ole)).statusCode).toBe(404)
    expect((await api('GET', `/api/projects/${p.id}`, ole)).statusCode).toBe(404)
    const unknown = await api('POST', `/api/projects/${p.id}/members`, pia, { email: 'ingen@klub.dk' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe(ErrorCode.UnknownFacilitator)
    const added = await ok<{ members: { email: string; owner: boolean }[] }>(
      await api('POST', `/api/projects/${p.id}/members`, pia, { email: OLE.email }),
    )
    expect(added.members.map((x) => [x.email, x.owner])).toEqual([
      [FACILITATOR.email, true],
      [OLE.email, false],
    ])

    const seen = await ok<{ projects: { id: string; role: string }[] }>(await api('GET', '/api/projects', ole))
    expect(seen.projects).toEqual([expect.objectContaining({ id: p.id, role: 'member' })])
    const timeline = await ok<{ meetings: { id: string; boards: { id: string }[] }[] }>(
      await api('GET', `/api/projects/${p.id}`, ole),
    )
    expect(timeline.meetings.map((x) => [x.id, x.boards.map((y) => y.id)])).toEqual([[m.id, [board.id]]])
    expect(
      (await ok<{ boards: { id: string }[] }>(await api('GET', '/api/boards', ole))).boards.map((x) => x.id),
    ).toEqual([board.id])

    // Ole runs Pia's board: a facilitator token, and the live wall over a websocket.
    const token = await facilitatorToken(server.app, ole, board.id)
    const projector = track(connect(server.wsUrl, board.id, token))
    await synced(projector)
    addTheme(projector.doc, { name: 'Oles tema', x: 0, y: 0 })
    await vi.waitFor(async () => expect(readThemes(await stored(board.id)).map((t) => t.name)).toEqual(['Oles tema']))
    const olesBoard = await ok<{ board: { id: string; projectId: string } }>(
      await api('POST', '/api/boards', ole, { title: 'Oles væg', projectId: p.id }),
      201,
    )
    expect((await api('GET', `/api/boards/${olesBoard.board.id}`, pia)).statusCode).toBe(200)
    expect((await api('GET', `/api/boards/${board.id}`, outsider)).statusCode).toBe(404)
    expect((await api('POST', '/api/boards', outsider, { title: 'Snyd', projectId: p.id })).statusCode).toBe(404)

    expect((await api('DELETE', `/api/projects/${p.id}`, ole)).statusCode).toBe(403)
    const olesSocket = await openRaw(`${server.wsUrl}/${board.id}?token=${token}`)
    const piasSocket = await openRaw(
      `${server.wsUrl}/${board.id}?token=${await facilitatorToken(server.app, pia, board.id)}`,
    )
    expect(
      (
        await api(
          'DELETE',
          `/api/projects/${p.id}/members/${(await server.store.app.getUserByEmail(OLE.email))?.id}`,
          ole,
        )
      ).statusCode,
    ).toBe(204)
    expect((await api('GET', `/api/boards/${board.id}`, ole)).statusCode).toBe(404)
    // His open walls of Pia's board close at once, and his still-valid token no longer opens them.
    expect(await olesSocket.closed).toBe(CloseCode.Unauthorized)
    expect(await upgradeStatus(`${server.wsUrl}/${board.id}?token=${token}`)).toBe(401)
    expect(piasSocket.ws.readyState).toBe(piasSocket.ws.OPEN)
    piasSocket.ws.close()
    // Ole's own board stays his, even in Pia's project.
    expect((await api('GET', `/api/boards/${olesBoard.board.id}`, ole)).statusCode).toBe(200)
  })

  it('deleting a project removes its boards, their documents, snapshots and share links', async () => {
    const cookie = await signIn(server.app)
    const p = await project(cookie)
    const m = await meeting(cookie, p.id, '2025-03-04')
    const b = await liveBoard(cookie, 'Klubaften', { meetingId: m.id })
    await server.store.docs.append(heldDocName(b.id), [
      { update: Y.encodeStateAsUpdate(new Y.Doc({ gc: false })), subject: 'test', clients: [] },
    ])
    const snap = await snapshot(cookie, b.id)
    const archiveLink = await ok<{ token: string }>(await api('POST', `/api/projects/${p.id}/shares`, cookie, {}), 201)
    const snapLink = await ok<{ token: string }>(await api('POST', `/api/snapshots/${snap.id}/shares`, cookie, {}), 201)
    const outside = await createBoard(server.app, cookie, 'Udenfor')

    expect((await api('DELETE', `/api/projects/${p.id}`, cookie)).statusCode).toBe(204)

    expect((await api('GET', `/api/projects/${p.id}`, cookie)).statusCode).toBe(404)
    expect(await server.store.app.getBoard(b.id)).toBeUndefined()
    expect((await server.store.docs.load(b.id)).updates).toEqual([])
    expect((await server.store.docs.load(heldDocName(b.id))).updates).toEqual([])
    expect(await server.store.app.getSnapshot(snap.id)).toBeUndefined()
    expect(await server.store.app.getMeeting(m.id)).toBeUndefined()
    expect((await api('GET', `/api/share/${archiveLink.token}`)).statusCode).toBe(404)
    expect((await api('GET', `/api/share/${snapLink.token}`)).statusCode).toBe(404)
    await vi.waitFor(() => expect(b.phone.closeCodes).toContain(CloseCode.BoardGone))
    expect((await api('GET', `/api/boards/${outside.id}`, cookie)).statusCode).toBe(200)
  })
})

describe('"last time we met"', () => {
  it('recaps the last meeting theme by theme with votes, and "continue" opens today\'s board carried on from it', async () => {
    const cookie = await signIn(server.app)
    const p = await project(cookie)
    const first = await meeting(cookie, p.id, '2025-03-04', 'Opstart')
    const b = await liveBoard(cookie, 'Klubaften', { meetingId: first.id })
    setQuestion(b.projector.doc, 'Hvad kan vi selv gøre?')
    addLabel(b.phone.doc, {
      text: 'Tage en trøje på',
      category: 'ide',
      x: 0,
      y: 0,
      author: b.ali.participantId,
      themeId: b.theme,
      kind: LabelKind.Answer,
    })
    startVoteRound(b.projector.doc, 'labels', 2)
    await vi.waitFor(() => expect(readVoteRound(b.phone.doc)?.open).toBe(true))
    castVote(b.phone.doc, b.ali.participantId, b.cold)
    await vi.waitFor(async () => expect(readVoteCounts(await stored(b.id)).get(b.cold)).toBe(1))
    // The meeting ended in the middle of private writing, with approval on.
    setSetting(b.projector.doc, 'approveFirst', true)
    setSetting(b.projector.doc, 'privateWriting', true)
    await vi.waitFor(async () => expect(readSettings(await stored(b.id)).privateWriting).toBe(true))
    await snapshot(cookie, b.id, 'Midtvejs')
    const last = await snapshot(cookie, b.id, 'Slut')

    const none = await ok<{ meeting: null }>(await api('GET', `/api/projects/${p.id}/recap?today=2025-03-03`, cookie))
    expect(none.meeting).toBeNull()
    // Right after saving, the same day: the recap shows the meeting just held, not "nothing saved".
    const sameDay = await ok<{ meeting: { id: string } }>(
      await api('GET', `/api/projects/${p.id}/recap?today=2025-03-04`, cookie),
    )
    expect(sameDay.meeting.id).toBe(first.id)

    type Recap = {
      meeting: { id: string }
      snapshots: {
        snapshot: { id: string }
        wall: {
          question: string
          themes: {
            name: string
            labels: { text: string; votes: number; nickname?: string }[]
            answers: { text: string }[]
          }[]
        }
      }[]
    }
    const recap = await ok<Recap>(await api('GET', `/api/projects/${p.id}/recap?today=2025-03-11`, cookie))
    expect(recap.meeting.id).toBe(first.id)
    expect(recap.snapshots.map((s) => s.snapshot.id)).toEqual([last.id])
    const wall = recap.snapshots[0]!.wall
    expect(wall.question).toBe('Hvad kan vi selv gøre?')
    expect(wall.themes.map((t) => t.name)).toEqual(['Lokalerne'])
    expect(wall.themes[0]!.labels.map((l) => [l.text, l.votes]).sort()).toEqual([
      ['Der er for koldt', 1],
      ['Male væggene', 0],
    ])
    expect(wall.themes[0]!.labels.every((l) => l.nickname === undefined)).toBe(true)
    expect(wall.themes[0]!.answers.map((a) => a.text)).toEqual(['Tage en trøje på'])

    const go = await api('POST', `/api/projects/${p.id}/continue`, cookie, { today: '2025-03-11' })
    const today = await ok<{
      meeting: { id: string; date: string }
      board: { id: string; meetingId: string }
      created: boolean
      forkedFrom: string
    }>(go, 201)
    expect(today).toMatchObject({ created: true, forkedFrom: last.id, meeting: { date: '2025-03-11' } })
    expect(today.board.meetingId).toBe(today.meeting.id)
    const carried = await stored(today.board.id)
    expect(readThemes(carried).map((t) => t.name)).toEqual(['Lokalerne'])
    expect(texts(carried).sort()).toEqual(['Der er for koldt', 'Male væggene', 'Tage en trøje på'])
    // Today starts with new labels shown at once: last time's private writing and approval do not carry over.
    expect(readSettings(carried)).toMatchObject({ privateWriting: false, approveFirst: false, locked: false })

    const again = await ok<{ board: { id: string }; created: boolean }>(
      await api('POST', `/api/projects/${p.id}/continue`, cookie, { today: '2025-03-11' }),
    )
    expect(again).toMatchObject({ created: false, board: { id: today.board.id } })
  })
})

describe('templates', () => {
  it('offers the Danish built-ins, and a board started from one has its legend, question and vote round', async () => {
    const cookie = await signIn(server.app)
    const { templates } = await ok<{ templates: { id: string; name: string; builtIn: boolean }[] }>(
      await api('GET', '/api/templates', cookie),
    )
    expect(templates.filter((t) => t.builtIn).map((t) => t.name)).toEqual([
      'Labels-metoden',
      'Samme spørgsmål til alle temaer',
      'Prioritering',
    ])
    const byName = (name: string) => templates.find((t) => t.name === name)!.id

    const voting = await ok<{ board: { id: string } }>(
      await api('POST', '/api/boards', cookie, { title: 'Hvad først?', templateId: byName('Prioritering') }),
      201,
    )
    const doc = await stored(voting.board.id)
    expect(readLegend(doc).map((c) => c.meaning)).toEqual(['Forslag'])
    expect(readVoteRound(doc)).toMatchObject({ target: 'labels', dots: 3, open: true })
    expect(readTitle(doc)).toBe('Hvad først?')

    const same = await ok<{ board: { id: string } }>(
      await api('POST', '/api/boards', cookie, {
        title: 'Brainstorm',
        templateId: byName('Samme spørgsmål til alle temaer'),
      }),
      201,
    )
    const sameDoc = await stored(same.board.id)
    expect(readQuestion(sameDoc)).not.toBe('')
    expect(readThemes(sameDoc)).toHaveLength(3)
  })

  it("saves a board's structure, without its labels, as the facilitator's own template", async () => {
    const cookie = await signIn(server.app)
    const b = await liveBoard(cookie)
    setQuestion(b.projector.doc, 'Hvorfor?')
    await vi.waitFor(async () => expect(readQuestion(await stored(b.id))).toBe('Hvorfor?'))
    const saved = await ok<{ template: { id: string; name: string; themes: string[]; builtIn: boolean } }>(
      await api('POST', `/api/boards/${b.id}/template`, cookie, { name: 'Vores aften' }),
      201,
    )
    expect(saved.template).toMatchObject({ name: 'Vores aften', themes: ['Lokalerne'], builtIn: false })

    const fresh = await ok<{ board: { id: string } }>(
      await api('POST', '/api/boards', cookie, { title: 'Næste aften', templateId: saved.template.id }),
      201,
    )
    const doc = await stored(fresh.board.id)
    expect(readThemes(doc).map((t) => t.name)).toEqual(['Lokalerne'])
    expect(readQuestion(doc)).toBe('Hvorfor?')
    expect(readLabels(doc)).toEqual([])

    const ole = await signInAs(OLE)
    expect((await api('POST', '/api/boards', ole, { title: 'x', templateId: saved.template.id })).statusCode).toBe(404)
    expect((await api('DELETE', `/api/templates/${saved.template.id}`, cookie)).statusCode).toBe(204)
    expect((await api('DELETE', '/api/templates/builtin:prioritering', cookie)).statusCode).toBe(403)
  })
})

describe('share links', () => {
  async function sharedSnapshot() {
    const cookie = await signIn(server.app)
    const b = await liveBoard(cookie)
    const secret = addLabel(b.projector.doc, {
      text: 'Skjult af facilitator',
      category: 'ide',
      x: 0,
      y: 0,
      author: 'facilitator',
    })
    await vi.waitFor(async () => expect(readLabels(await stored(b.id)).map((l) => l.id)).toContain(secret))
    expect((await api('POST', `/api/boards/${b.id}/labels/hide`, cookie, { labelIds: [secret] })).statusCode).toBe(200)
    await vi.waitFor(async () => expect(readLabels(await stored(b.id)).map((l) => l.id)).not.toContain(secret))
    const snap = await snapshot(cookie, b.id)
    const share = await ok<{ url: string; token: string; share: { id: string; status: string } }>(
      await api('POST', `/api/snapshots/${snap.id}/shares`, cookie, { expiresAt: Date.now() + 3_600_000 }),
      201,
    )
    return { cookie, b, snap, share }
  }

  it('a viewer reads the snapshot, its wall and transcript, with no nicknames and no hidden labels', async () => {
    const { snap, share } = await sharedSnapshot()
    expect(share.url).toMatch(new RegExp(`/s/${share.token}$`))
    expect(share.share.status).toBe('active')

    const what = await ok<{ kind: string; snapshots: { id: string; boardTitle: string }[] }>(
      await api('GET', `/api/share/${share.token}`),
    )
    expect(what.kind).toBe('snapshot')
    expect(what.snapshots).toEqual([expect.objectContaining({ id: snap.id, boardTitle: 'Klubaften' })])

    const state = await api('GET', `/api/share/${share.token}/snapshots/${snap.id}/state`)
    expect(state.statusCode).toBe(200)
    const doc = docOf(state.rawPayload)
    expect(texts(doc).sort()).toEqual(['Der er for koldt', 'Male væggene'])
    expect(readLabels(doc).some((l) => l.nickname !== undefined)).toBe(false)
    // Not merely unread: the nickname and hidden text are not in the bytes at all.
    expect(state.rawPayload.includes(Buffer.from('Ali'))).toBe(false)
    expect(state.rawPayload.includes(Buffer.from('Skjult af facilitator'))).toBe(false)

    const md = await api('GET', `/api/share/${share.token}/snapshots/${snap.id}/export.md`)
    expect(md.statusCode).toBe(200)
    expect(md.body).toContain('Der er for koldt')
    expect(md.body).not.toContain('Ali')
    expect(md.body).not.toContain('Skjult')
    const csv = await api('GET', `/api/share/${share.token}/snapshots/${snap.id}/export.csv`)
    expect(csv.body).not.toContain('kaldenavn')
    expect((await api('GET', `/api/share/${share.token}/snapshots/${snap.id}/export.md?nicknames=1`)).statusCode).toBe(
      400,
    )
    const wall = await ok<{ wall: { themes: { labels: object[] }[] } }>(
      await api('GET', `/api/share/${share.token}/snapshots/${snap.id}`),
    )
    expect(JSON.stringify(wall)).not.toContain('Ali')
    const png = await api('GET', `/api/share/${share.token}/snapshots/${snap.id}/thumbnail.png`)
    expect(png.headers['content-type']).toBe('image/png')

    // The facilitator's own export can include nicknames when asked.
    const { cookie } = { cookie: await signIn(server.app) }
    const own = await api('GET', `/api/snapshots/${snap.id}/export.md?nicknames=1`, cookie)
    expect(own.body).toContain('Ali')
  })

  it('a viewer can never write: not over REST, not with the share token on a websocket, not with a viewer token', async () => {
    const { b, snap, share } = await sharedSnapshot()
    const bearer = { authorization: `Bearer ${share.token}`, ...csrf }
    const post = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${b.id}/labels`,
      headers: bearer,
      payload: { id: 'abcdefgh12', text: 'Hej', category: 'ide', x: 0, y: 0 },
    })
    expect(post.statusCode).toBe(401)
    for (const [method, url] of [
      ['POST', `/api/boards/${b.id}/snapshots`],
      ['POST', `/api/snapshots/${snap.id}/fork`],
      ['DELETE', `/api/snapshots/${snap.id}`],
      ['POST', `/api/snapshots/${snap.id}/shares`],
      ['DELETE', `/api/shares/${share.share.id}`],
    ] as const) {
      const res = await server.app.inject({ method, url, headers: bearer, payload: {} })
      expect([method, url, res.statusCode]).toEqual([method, url, 401])
    }
    expect(await upgradeStatus(`${server.wsUrl}/${b.id}?token=${share.token}`)).toBe(401)

    // Even a viewer token for the live board, used by a hand-made client, cannot change anything.
    const viewerToken = 'viewer-token-for-this-test-only-0123456789'
    await server.store.app.createToken({
      tokenHash: createHash('sha256').update(viewerToken).digest('base64url'),
      boardId: b.id,
      role: 'viewer',
      subject: `share:${share.share.id}`,
      nickname: '',
      createdAt: Date.now(),
      expiresAt: null,
    })
    const before = await server.store.docs.load(b.id)
    const { ws, closed } = await rawSocket(`${server.wsUrl}/${b.id}?token=${viewerToken}`)
    const forged = new Y.Doc()
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(await stored(b.id)))
    const changes: Uint8Array[] = []
    forged.on('update', (u: Uint8Array) => changes.push(u))
    addLabel(forged, { text: 'Skrevet af en fremmed', category: 'ide', x: 0, y: 0, author: 'facilitator' })
    ws.send(updateMessage(changes[0]!))
    expect(await closed).toBe(CloseCode.Forbidden)
    const after = await server.store.docs.load(b.id)
    expect(after.lastSeq).toBe(before.lastSeq)
    expect(texts(await stored(b.id))).not.toContain('Skrevet af en fremmed')
    expect(texts(b.projector.doc)).not.toContain('Skrevet af en fremmed')
  })

  it('a revoked link stops at once, an expired one too, and an unknown one is not found', async () => {
    const { cookie, snap, share } = await sharedSnapshot()
    const url = `/api/share/${share.token}/snapshots/${snap.id}/state`
    expect((await api('GET', url)).statusCode).toBe(200)

    const revoked = await ok<{ share: { status: string; revokedAt: number } }>(
      await api('DELETE', `/api/shares/${share.share.id}`, cookie),
    )
    expect(revoked.share.status).toBe('revoked')
    for (const path of [
      `/api/share/${share.token}`,
      url,
      `/api/share/${share.token}/snapshots/${snap.id}/export.pdf`,
    ]) {
      const res = await api('GET', path)
      expect(res.statusCode).toBe(401)
      expect(res.json().code).toBe(ErrorCode.ShareLinkRevoked)
    }

    const expiredToken = 'an-expired-share-token-0123456789abcdef'
    await server.store.app.createShareLink({
      id: 'expired-link',
      tokenHash: createHash('sha256').update(expiredToken).digest('base64url'),
      projectId: null,
      snapshotId: snap.id,
      createdBy: 'someone',
      createdAt: Date.now() - 10_000,
      expiresAt: Date.now() - 1,
      revokedAt: null,
    })
    const expired = await api('GET', `/api/share/${expiredToken}`)
    expect(expired.statusCode).toBe(401)
    expect(expired.json().code).toBe(ErrorCode.ShareLinkExpired)

    expect((await api('GET', '/api/share/no-such-token-0123456789abcdef')).statusCode).toBe(404)
    expect(
      (await api('POST', `/api/snapshots/${snap.id}/shares`, cookie, { expiresAt: Date.now() - 1000 })).statusCode,
    ).toBe(400)
    const links = await ok<{ shares: { status: string }[] }>(
      await api('GET', `/api/snapshots/${snap.id}/shares`, cookie),
    )
    expect(links.shares.map((s) => s.status).sort()).toEqual(['expired', 'revoked'])
  })

  it("a project link opens the project's whole archive and report, and no other snapshot", async () => {
    const cookie = await signIn(server.app)
    const p = await project(cookie, 'Ungdomsrådet')
    const m = await meeting(cookie, p.id, '2025-03-04', 'Opstart')
    const b = await liveBoard(cookie, 'Klubaften', { meetingId: m.id })
    const inside = await snapshot(cookie, b.id, 'Første')
    const elsewhere = await liveBoard(cookie, 'Privat')
    const outside = await snapshot(cookie, elsewhere.id, 'Andet')
    const link = await ok<{ token: string }>(await api('POST', `/api/projects/${p.id}/shares`, cookie, {}), 201)

    const what = await ok<{
      kind: string
      title: string
      meetings: { id: string }[]
      snapshots: { id: string; meetingId: string }[]
    }>(await api('GET', `/api/share/${link.token}`))
    expect(what).toMatchObject({
      kind: 'project',
      title: 'Ungdomsrådet',
      meetings: [{ id: m.id }],
      snapshots: [{ id: inside.id, meetingId: m.id }],
    })
    expect((await api('GET', `/api/share/${link.token}/snapshots/${inside.id}/export.svg`)).statusCode).toBe(200)
    expect((await api('GET', `/api/share/${link.token}/snapshots/${outside.id}/state`)).statusCode).toBe(404)
    const report = await api('GET', `/api/share/${link.token}/report.md`)
    expect(report.statusCode).toBe(200)
    expect(report.body).toContain('Lokalerne')
    expect(report.body).toContain('Første')
    expect(report.body).not.toContain('Ali')
    const pdf = await api('GET', `/api/share/${link.token}/report.pdf`)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
  })
})

describe('API description', () => {
  it('documents every route of projects, meetings, snapshots, templates, exports and share links', async () => {
    const spec = (await api('GET', '/api/openapi.json')).json() as {
      paths: Record<string, Record<string, { summary?: string }>>
    }
    const expected = [
      ['get', '/api/projects'],
      ['post', '/api/projects'],
      ['get', '/api/projects/{id}'],
      ['patch', '/api/projects/{id}'],
      ['delete', '/api/projects/{id}'],
      ['post', '/api/projects/{id}/members'],
      ['delete', '/api/projects/{id}/members/{userId}'],
      ['post', '/api/projects/{id}/meetings'],
      ['patch', '/api/meetings/{id}'],
      ['delete', '/api/meetings/{id}'],
      ['get', '/api/projects/{id}/archive'],
      ['get', '/api/projects/{id}/recap'],
      ['post', '/api/projects/{id}/continue'],
      ['post', '/api/projects/{id}/shares'],
      ['get', '/api/projects/{id}/shares'],
      ['patch', '/api/boards/{id}'],
      ['post', '/api/boards/{id}/snapshots'],
      ['get', '/api/boards/{id}/snapshots'],
      ['post', '/api/boards/{id}/template'],
      ['get', '/api/snapshots/{id}'],
      ['get', '/api/snapshots/{id}/state'],
      ['get', '/api/snapshots/{id}/thumbnail.png'],
      ['get', '/api/snapshots/{id}/wall'],
      ['post', '/api/snapshots/{id}/fork'],
      ['delete', '/api/snapshots/{id}'],
      ['post', '/api/snapshots/{id}/shares'],
      ['get', '/api/snapshots/{id}/shares'],
      ['delete', '/api/shares/{id}'],
      ['get', '/api/templates'],
      ['delete', '/api/templates/{id}'],
      ['get', '/api/share/{token}'],
      ['get', '/api/share/{token}/snapshots/{snapshotId}'],
      ['get', '/api/share/{token}/snapshots/{snapshotId}/state'],
      ['get', '/api/share/{token}/snapshots/{snapshotId}/thumbnail.png'],
    ] as const
    for (const [method, path] of expected)
      expect([method, path, spec.paths[path]?.[method]?.summary]).toEqual([method, path, expect.any(String)])
    const exports = Object.keys(spec.paths).filter((p) => p.includes('export') || p.includes('report'))
    expect(exports).toHaveLength(5)
  })
})
