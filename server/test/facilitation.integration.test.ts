import {
  addLabel,
  addTheme,
  CloseCode,
  CSRF_HEADER,
  castVote,
  closeVoteRound,
  deleteTheme,
  doneKey,
  extendTimer,
  isUnsortedSlot,
  LabelKind,
  moveLabel,
  newStep,
  readDone,
  readDoneIds,
  readHeldLabels,
  readLabels,
  readLegend,
  readMyVotes,
  readStep,
  readThemes,
  readTimer,
  readVoteCounts,
  removeCategory,
  renameTheme,
  setCategory,
  setDone,
  setLabelTheme,
  setSetting,
  startTimer,
  startVoteRound,
  voteKey,
} from '@vaegavis/shared'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  boardFixture,
  type Client,
  clientTracker,
  connect,
  join,
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

async function room() {
  const fx = await boardFixture(server)
  const projector = track(connect(server.wsUrl, fx.board.id, fx.facToken))
  const pa = await join(server.app, fx.board.joinCode, 'Ali')
  const pb = await join(server.app, fx.board.joinCode)
  const alice = track(connect(server.wsUrl, fx.board.id, pa.token))
  const bob = track(connect(server.wsUrl, fx.board.id, pb.token))
  await Promise.all([synced(projector), synced(alice), synced(bob)])
  return { ...fx, projector, alice, bob, pa, pb }
}

const refused = (c: Client) => vi.waitFor(() => expect(c.closeCodes).toContain(CloseCode.Forbidden))

describe('themes', () => {
  it('the facilitator clusters labels into a named theme and every view sees it; deleting the theme keeps the labels', async () => {
    const { projector, alice, pa } = await room()
    const id = addLabel(alice.doc, { text: 'Larm', category: 'problem', x: 0, y: 0, author: pa.participantId })
    await vi.waitFor(() => expect(readLabels(projector.doc)).toHaveLength(1))
    const theme = addTheme(projector.doc, { name: 'Lokalerne', x: 500, y: 100 })
    setLabelTheme(projector.doc, id, theme)
    renameTheme(projector.doc, theme, 'Vores lokaler')
    await vi.waitFor(() => {
      expect(readThemes(alice.doc).map((t) => t.name)).toEqual(['Vores lokaler'])
      expect(readLabels(alice.doc)[0]?.themeId).toBe(theme)
    })
    deleteTheme(projector.doc, theme)
    await vi.waitFor(() => {
      expect(readThemes(alice.doc)).toEqual([])
      expect(readLabels(alice.doc)).toHaveLength(1)
      expect(readLabels(alice.doc)[0]?.themeId).toBeUndefined()
    })
  })

  it('a participant cannot create or rename a theme, or sort a label into one', async () => {
    const { projector, alice, bob, board } = await room()
    addTheme(alice.doc, { name: 'Mit tema', x: 0, y: 0 })
    await refused(alice)
    const theme = addTheme(projector.doc, { name: 'Tema', x: 0, y: 0 })
    const id = addLabel(projector.doc, { text: 'x', category: 'ide', x: 0, y: 0, author: 'facilitator' })
    await vi.waitFor(() => expect(readThemes(bob.doc)).toHaveLength(1))
    renameTheme(bob.doc, theme, 'Hacket')
    await refused(bob)
    const carol = track(connect(server.wsUrl, board.id, (await join(server.app, board.joinCode)).token))
    await synced(carol)
    setLabelTheme(carol.doc, id, theme)
    await refused(carol)
    expect(readThemes(projector.doc)[0]?.name).toBe('Tema')
    expect(readLabels(projector.doc)[0]?.themeId).toBeUndefined()
  })
})

describe('the same question for every theme', () => {
  it('a participant answers the question for a theme; the answer sits with that theme', async () => {
    const { projector, alice, pa } = await room()
    const theme = addTheme(projector.doc, { name: 'Fritid', x: 0, y: 0 })
    await vi.waitFor(() => expect(readThemes(alice.doc)).toHaveLength(1))
    addLabel(alice.doc, {
      text: 'Åbne om lørdagen',
      category: 'ide',
      x: 0,
      y: 0,
      author: pa.participantId,
      kind: LabelKind.Answer,
      themeId: theme,
    })
    await vi.waitFor(() =>
      expect(readLabels(projector.doc)).toEqual([expect.objectContaining({ kind: 'answer', themeId: theme })]),
    )
  })

  it('an answer to a theme that does not exist is refused', async () => {
    const { alice, pa } = await room()
    addLabel(alice.doc, {
      text: 'svar',
      category: 'ide',
      x: 0,
      y: 0,
      author: pa.participantId,
      kind: LabelKind.Answer,
      themeId: 'nope',
    })
    await refused(alice)
  })
})

describe('the legend', () => {
  it('the facilitator adds a category and phones see it live; a category in use cannot be removed', async () => {
    const { projector, alice, pa } = await room()
    setCategory(projector.doc, { id: 'sp', colour: '#009E73', meaning: 'Spørgsmål', icon: 'diamond', order: 3 })
    await vi.waitFor(() => expect(readLegend(alice.doc).map((c) => c.meaning)).toContain('Spørgsmål'))
    addLabel(alice.doc, { text: 'Hvorfor?', category: 'sp', x: 0, y: 0, author: pa.participantId })
    await vi.waitFor(() => expect(readLabels(projector.doc)).toHaveLength(1))
    // The helper itself refuses; a hand-made delete is refused by the server.
    expect(removeCategory(projector.doc, 'sp')).toBe(false)
    projector.doc.getMap('legend').delete('sp')
    await refused(projector)
    expect(readLegend(alice.doc).map((c) => c.id)).toContain('sp')
  })

  it('a colour outside the colour-blind-safe palette is refused', async () => {
    const { projector } = await room()
    setCategory(projector.doc, { id: 'red', colour: '#FF0000', meaning: 'Rød', icon: 'circle', order: 5 })
    await refused(projector)
  })
})

describe('voting', () => {
  it('participants place at most N dots; the projector counts them', async () => {
    const { projector, alice, bob, pa, pb } = await room()
    const l1 = addLabel(projector.doc, { text: 'Fodbold', category: 'onske', x: 0, y: 0, author: 'facilitator' })
    const l2 = addLabel(projector.doc, { text: 'Musik', category: 'onske', x: 0, y: 0, author: 'facilitator' })
    startVoteRound(projector.doc, 'labels', 2)
    await vi.waitFor(() => expect(readMyVotes(alice.doc, pa.participantId).left).toBe(2))
    expect(castVote(alice.doc, pa.participantId, l1)).toBe(true)
    expect(castVote(alice.doc, pa.participantId, l1)).toBe(true)
    expect(castVote(alice.doc, pa.participantId, l2)).toBe(false)
    expect(castVote(bob.doc, pb.participantId, l2)).toBe(true)
    await vi.waitFor(() => {
      const counts = readVoteCounts(projector.doc)
      expect(counts.get(l1)).toBe(2)
      expect(counts.get(l2)).toBe(1)
    })
  })

  it('the server refuses a dot beyond N, a dot in someone else’s name, a dot on a closed round and on something not on the board', async () => {
    const { projector, alice, bob, pa, board } = await room()
    const l1 = addLabel(projector.doc, { text: 'Fodbold', category: 'onske', x: 0, y: 0, author: 'facilitator' })
    const round = startVoteRound(projector.doc, 'labels', 2)
    await vi.waitFor(() => expect(readMyVotes(alice.doc, pa.participantId).left).toBe(2))

    alice.doc.getMap('votes').set(voteKey(round.id, pa.participantId, 2), l1)
    await refused(alice)
    bob.doc.getMap('votes').set(voteKey(round.id, pa.participantId, 0), l1)
    await refused(bob)

    const carol = track(connect(server.wsUrl, board.id, (await join(server.app, board.joinCode)).token))
    await synced(carol)
    carol.doc.getMap('votes').set(voteKey(round.id, 'p-x', 0), 'label-on-another-board')
    await refused(carol)

    closeVoteRound(projector.doc)
    const dave = await join(server.app, board.joinCode)
    const daveClient = track(connect(server.wsUrl, board.id, dave.token))
    await synced(daveClient)
    await vi.waitFor(() => expect(readMyVotes(daveClient.doc, dave.participantId).left).toBe(2))
    daveClient.doc.getMap('votes').set(voteKey(round.id, dave.participantId, 0), l1)
    await refused(daveClient)
    expect(readVoteCounts(projector.doc, round.id).get(l1) ?? 0).toBe(0)
  })
})

describe("the facilitator's frame", () => {
  it('participants may move labels only when the facilitator allows it', async () => {
    const { projector, alice, bob, pa } = await room()
    const id = addLabel(alice.doc, { text: 'flyt', category: 'ide', x: 0, y: 0, author: pa.participantId })
    setSetting(projector.doc, 'participantsMayMove', true)
    await vi.waitFor(() => expect(bob.doc.getMap('settings').get('participantsMayMove')).toBe(true))
    moveLabel(bob.doc, id, 300, 300)
    await vi.waitFor(() => expect(readLabels(projector.doc)[0]).toMatchObject({ x: 300, y: 300 }))
    expect(bob.closeCodes).toEqual([])
  })

  it('a locked board refuses votes too', async () => {
    const { projector, alice, pa } = await room()
    const l1 = addLabel(projector.doc, { text: 'x', category: 'ide', x: 0, y: 0, author: 'facilitator' })
    const round = startVoteRound(projector.doc, 'labels', 3)
    setSetting(projector.doc, 'locked', true)
    await vi.waitFor(() => expect(alice.doc.getMap('settings').get('locked')).toBe(true))
    alice.doc.getMap('votes').set(voteKey(round.id, pa.participantId, 0), l1)
    await refused(alice)
  })
})

describe('time and "I\'m done"', () => {
  it('only the facilitator starts or extends the timer; a phone sees the extra minute with the same start', async () => {
    const { projector, alice } = await room()
    startTimer(projector.doc, 60_000)
    await vi.waitFor(() => expect(readTimer(alice.doc)?.durationMs).toBe(60_000))
    const startedAt = readTimer(projector.doc)?.startedAt
    extendTimer(projector.doc, 60_000)
    await vi.waitFor(() => expect(readTimer(alice.doc)).toEqual({ startedAt, durationMs: 120_000 }))
    extendTimer(alice.doc, 60_000)
    await refused(alice)
    expect(readTimer(projector.doc)?.durationMs).toBe(120_000)
  })

  it('a participant says "done" for themselves in the current step; a new step starts everyone over', async () => {
    const { projector, alice, bob, pa, pb } = await room()
    startTimer(projector.doc, 60_000)
    const step = readStep(projector.doc)
    await vi.waitFor(() => expect(readStep(alice.doc)).toBe(step))
    setDone(alice.doc, pa.participantId, true)
    setDone(bob.doc, pb.participantId, true)
    await vi.waitFor(() => expect(readDoneIds(projector.doc).size).toBe(2))
    setDone(bob.doc, pb.participantId, false)
    await vi.waitFor(() => expect(readDoneIds(projector.doc)).toEqual(new Set([pa.participantId])))

    newStep(projector.doc)
    await vi.waitFor(() => expect(readStep(alice.doc)).not.toBe(step))
    expect(readDoneIds(projector.doc).size).toBe(0)
    expect(readDone(alice.doc, pa.participantId)).toBe(false)
    expect(alice.closeCodes).toEqual([])
    expect(bob.closeCodes).toEqual([])
  })

  it('the server refuses "done" in someone else\'s name, for a past step, as anything but true, and from the facilitator', async () => {
    const { projector, alice, bob, pa, pb, board } = await room()
    const past = readStep(projector.doc)
    newStep(projector.doc)
    await vi.waitFor(() => expect(readStep(bob.doc)).not.toBe(past))
    const now = readStep(projector.doc)

    alice.doc.getMap('done').set(doneKey(now, pb.participantId), true)
    await refused(alice)
    bob.doc.getMap('done').set(doneKey(past, pb.participantId), true)
    await refused(bob)

    const carol = await join(server.app, board.joinCode)
    const carolClient = track(connect(server.wsUrl, board.id, carol.token))
    await synced(carolClient)
    carolClient.doc.getMap('done').set(doneKey(now, carol.participantId), 'ja, og her er 100 KB')
    await refused(carolClient)

    projector.doc.getMap('done').set(doneKey(now, pa.participantId), true)
    await refused(projector)
    // Nothing of it reached anyone who stayed.
    const dave = track(connect(server.wsUrl, board.id, (await join(server.app, board.joinCode)).token))
    await synced(dave)
    expect(dave.doc.getMap('done').size).toBe(0)
  })
})

async function post(boardId: string, token: string, body: Record<string, unknown>) {
  return server.app.inject({
    method: 'POST',
    url: `/api/boards/${boardId}/labels`,
    headers: { authorization: `Bearer ${token}`, [CSRF_HEADER]: '1' },
    payload: { x: 0, y: 0, category: 'ide', ...body },
  })
}

describe('private writing and approval', () => {
  it('privately written labels reach no other device until the facilitator reveals them', async () => {
    const { projector, alice, bob, pa, board, cookie } = await room()
    setSetting(projector.doc, 'privateWriting', true)
    await vi.waitFor(() => expect(alice.doc.getMap('settings').get('privateWriting')).toBe(true))

    // Wherever the phone says it goes (here: on top of everything), a revealed label joins the new ones.
    const res = await post(board.id, pa.token, { id: 'label-private-1', text: 'Min hemmelige tanke', x: 900, y: 120 })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toEqual({ id: 'label-private-1', status: 'held' })
    // A retry is not a duplicate.
    expect((await post(board.id, pa.token, { id: 'label-private-1', text: 'Min hemmelige tanke' })).statusCode).toBe(
      200,
    )

    // Writing straight into the shared document is refused while private writing is on.
    addLabel(bob.doc, {
      text: 'snyd',
      category: 'ide',
      x: 0,
      y: 0,
      author: (await join(server.app, board.joinCode)).participantId,
    })
    await refused(bob)

    // The facilitator's held document has it; the wall and the other phone do not.
    const held = track(connect(server.wsUrl, `${board.id}~held`, await facToken(board.id, cookie)))
    await synced(held)
    expect(readHeldLabels(held.doc).map((l) => l.text)).toEqual(['Min hemmelige tanke'])
    expect(JSON.stringify(bob.doc.toJSON())).not.toContain('hemmelige')
    expect(JSON.stringify(projector.doc.toJSON())).not.toContain('hemmelige')
    // A participant cannot open the held document.
    expect(await upgradeStatus(`${server.wsUrl}/${board.id}~held?token=${pa.token}`)).toBe(403)

    const mine = await server.app.inject({
      method: 'GET',
      url: `/api/boards/${board.id}/labels/held/mine`,
      headers: { authorization: `Bearer ${pa.token}` },
    })
    expect(mine.json().labels.map((l: { text: string }) => l.text)).toEqual(['Min hemmelige tanke'])

    const reveal = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${board.id}/reveal`,
      headers: { cookie, [CSRF_HEADER]: '1' },
    })
    expect(reveal.json()).toEqual({ revealed: 1 })
    await vi.waitFor(() => {
      expect(readLabels(projector.doc).map((l) => l.text)).toEqual(['Min hemmelige tanke'])
      expect(readLabels(alice.doc)[0]?.author).toBe(pa.participantId)
      const revealed = readLabels(alice.doc)[0]
      expect(isUnsortedSlot(revealed?.x ?? 0, revealed?.y ?? 0)).toBe(true)
      expect(alice.doc.getMap('settings').get('privateWriting')).toBe(false)
    })
    expect(readHeldLabels(held.doc)).toEqual([])
  })

  it('in approve-first mode a label waits in the queue until approved, and a rejected one is never shown', async () => {
    const { projector, pa, board, cookie } = await room()
    setSetting(projector.doc, 'approveFirst', true)
    await vi.waitFor(async () => {
      const r = await server.app.rooms.peek(board.id)
      expect(r?.read((d) => d.getMap('settings').get('approveFirst'))).toBe(true)
    })
    expect((await post(board.id, pa.token, { id: 'label-ok-0001', text: 'God idé' })).statusCode).toBe(201)
    expect((await post(board.id, pa.token, { id: 'label-bad-0001', text: 'Grim tekst' })).statusCode).toBe(201)
    const act = (labelId: string, what: string) =>
      server.app.inject({
        method: 'POST',
        url: `/api/boards/${board.id}/held/${labelId}/${what}`,
        headers: { cookie, [CSRF_HEADER]: '1' },
      })
    expect((await act('label-ok-0001', 'approve')).statusCode).toBe(200)
    expect((await act('label-bad-0001', 'reject')).statusCode).toBe(200)
    expect((await act('label-bad-0001', 'approve')).statusCode).toBe(404)
    await vi.waitFor(() => expect(readLabels(projector.doc).map((l) => l.text)).toEqual(['God idé']))
  })

  it('posting while the board is locked gets a clear refusal', async () => {
    const { projector, pa, board } = await room()
    setSetting(projector.doc, 'privateWriting', true)
    setSetting(projector.doc, 'locked', true)
    await vi.waitFor(async () => {
      const r = await server.app.rooms.peek(board.id)
      expect(r?.read((d) => d.getMap('settings').get('locked'))).toBe(true)
    })
    const res = await post(board.id, pa.token, { id: 'label-late-0001', text: 'For sent' })
    expect(res.statusCode).toBe(423)
    expect(res.json().code).toBe('VGA_ERR_BOARD_LOCKED')
  })
})

async function facToken(boardId: string, cookie: string): Promise<string> {
  const res = await server.app.inject({
    method: 'POST',
    url: `/api/boards/${boardId}/token`,
    headers: { cookie, [CSRF_HEADER]: '1' },
  })
  return res.json().token
}
