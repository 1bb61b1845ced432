import { DEFAULT_SETTINGS, type Label, LabelKind } from '@vaegavis/shared'
import { describe, expect, it } from 'vitest'
import {
  afterRefusal,
  type FlushContext,
  isFinalRefusal,
  MAX_REJECTED,
  myLabelViews,
  planFlush,
  reconcileHeld,
  routeFor,
} from './outbox.ts'
import type { HeldEntry, PendingLabel } from './storage.ts'

const pending = (id: string, extra: Partial<PendingLabel> = {}): PendingLabel => ({
  id,
  text: `text ${id}`,
  category: 'ide',
  x: 0,
  y: 0,
  createdAt: 1,
  ...extra,
})

const ctx = (extra: Partial<FlushContext> = {}): FlushContext => ({
  clientID: 7,
  route: 'doc',
  onWall: () => false,
  categoryExists: () => true,
  themeExists: () => true,
  ...extra,
})

const label = (id: string, extra: Partial<Label> = {}): Label => ({
  id,
  text: `text ${id}`,
  category: 'ide',
  x: 0,
  y: 0,
  author: 'p1',
  createdAt: 1,
  kind: LabelKind.Label,
  ...extra,
})

describe('how a waiting label reaches the server', () => {
  it('goes into the shared document normally, to the held endpoint during private writing or approval, nowhere while locked', () => {
    expect(routeFor(DEFAULT_SETTINGS)).toBe('doc')
    expect(routeFor({ ...DEFAULT_SETTINGS, privateWriting: true })).toBe('held')
    expect(routeFor({ ...DEFAULT_SETTINGS, approveFirst: true })).toBe('held')
    expect(routeFor({ ...DEFAULT_SETTINGS, privateWriting: true, locked: true })).toBe('wait')
  })

  it('sends a picture label through the server whatever the route, and never while locked', () => {
    const waiting = [pending('plain'), pending('drawn', { picture: 'drawing' }), pending('shot', { picture: 'photo' })]
    const plan = planFlush(waiting, ctx({ route: 'doc' }))
    expect(plan.write.map((p) => p.id)).toEqual(['plain'])
    expect(plan.post.map((p) => p.id)).toEqual(['drawn', 'shot'])
    expect(planFlush(waiting, ctx({ route: 'held' })).post.map((p) => p.id)).toEqual(['plain', 'drawn', 'shot'])
    expect(planFlush(waiting, ctx({ route: 'wait' })).post).toEqual([])
    // Already on the wall (sent before a reload): done, not sent again.
    expect(planFlush(waiting, ctx({ onWall: (id) => id === 'shot' })).landed).toEqual(['shot'])
  })

  it('sends a label written offline by the path that is right when the phone is back', () => {
    const offline = [pending('a')]
    expect(planFlush(offline, ctx({ route: 'doc' })).write.map((p) => p.id)).toEqual(['a'])
    expect(planFlush(offline, ctx({ route: 'held' })).post.map((p) => p.id)).toEqual(['a'])
    expect(planFlush(offline, ctx({ route: 'wait' }))).toEqual({ write: [], post: [], landed: [], fail: [] })
  })

  it('never sends a label twice: one written by this document waits for its ack, one on the wall is left alone', () => {
    const plan = planFlush(
      [
        pending('mine-now', { client: 7, clock: 3 }),
        pending('earlier-load', { client: 5, clock: 9 }),
        pending('posted'),
      ],
      ctx({ route: 'held', onWall: (id) => id !== 'mine-now' }),
    )
    expect(plan).toEqual({ write: [], post: [], landed: ['posted'], fail: [] })
  })

  it('re-sends a label an earlier page load wrote but the server never got', () => {
    const plan = planFlush([pending('lost', { client: 5, clock: 9 })], ctx())
    expect(plan.write.map((p) => p.id)).toEqual(['lost'])
  })

  it('gives up on a label whose colour or theme was removed instead of having it refused', () => {
    const plan = planFlush(
      [
        pending('colour', { category: 'gone' }),
        pending('answer', { themeId: 'deleted' }),
        pending('ok', { themeId: 't1' }),
      ],
      ctx({ categoryExists: (id) => id !== 'gone', themeExists: (id) => id === 't1' }),
    )
    expect(plan.fail).toEqual(['colour', 'answer'])
    expect(plan.write.map((p) => p.id)).toEqual(['ok'])
  })

  it('treats only 400, 403 and 404 as a final answer from the held endpoint', () => {
    expect([400, 403, 404].every(isFinalRefusal)).toBe(true)
    expect([0, 401, 409, 423, 429, 500, 503].some(isFinalRefusal)).toBe(false)
  })
})

describe('after the server refuses a change (4403)', () => {
  it('retries unacknowledged labels once on a fresh document, then gives them up', () => {
    const covers = (_c: number, clock: number) => clock <= 2
    const first = afterRefusal(
      [pending('acked', { client: 7, clock: 2 }), pending('unacked', { client: 7, clock: 5 }), pending('queued')],
      7,
      covers,
    )
    expect(first.failed).toEqual([])
    expect(first.keep.map((p) => [p.id, p.refused])).toEqual([
      ['acked', undefined],
      ['unacked', 1],
      ['queued', undefined],
    ])
    // Written again by the next document (new client id) and refused again.
    const again = first.keep.map((p) => (p.id === 'unacked' ? { ...p, client: 8, clock: 1 } : p))
    const second = afterRefusal(again, 8, () => false)
    expect(second.failed.map((p) => p.id)).toEqual(['unacked'])
  })
})

describe('labels held back by the server', () => {
  const held = (id: string, extra: Partial<HeldEntry> = {}): HeldEntry => ({
    id,
    text: id,
    category: 'ide',
    createdAt: 1,
    state: 'held',
    ...extra,
  })
  const draft = (id: string) => ({ id, text: id, category: 'ide', createdAt: 1 })

  it('keeps waiting while the server lists it, and is done once it is on the wall', () => {
    expect(reconcileHeld([held('a'), held('b')], [draft('a')], (id) => id === 'b')).toEqual([held('a', { misses: 0 })])
  })

  it('is called rejected only after missing from the list twice without reaching the wall', () => {
    const once = reconcileHeld([held('a')], [], () => false)
    expect(once).toEqual([held('a', { misses: 1 })])
    const twice = reconcileHeld(once, [], () => false)
    expect(twice).toEqual([held('a', { state: 'rejected', misses: 2 })])
    // The wall update arriving late still wins.
    expect(reconcileHeld(twice, [], () => true)).toEqual([])
  })

  it('picks up held labels the phone forgot and keeps only the newest rejected ones', () => {
    expect(reconcileHeld([], [draft('x')], () => false)).toEqual([held('x', { misses: 0 })])
    const many = Array.from({ length: MAX_REJECTED + 3 }, (_, i) => held(`r${i}`, { state: 'rejected', createdAt: i }))
    const kept = reconcileHeld(many, [], () => false)
    expect(kept).toHaveLength(MAX_REJECTED)
    expect(kept.some((h) => h.id === 'r0')).toBe(false)
  })
})

describe("the phone's own list", () => {
  it('shows every label once, newest first, by the furthest place it reached', () => {
    const views = myLabelViews({
      wall: [label('saved', { createdAt: 1 }), label('acking', { createdAt: 2, hidden: true })],
      pending: [pending('acking', { client: 7, clock: 4 }), pending('offline', { createdAt: 3 })],
      held: [
        { id: 'waiting', text: 'w', category: 'ide', createdAt: 4, state: 'held', themeId: 't1' },
        { id: 'no', text: 'n', category: 'ide', createdAt: 5, state: 'rejected' },
      ],
      failed: new Map([['refused', { id: 'refused', text: 'r', category: 'ide', createdAt: 6 }]]),
    })
    expect(views.map((v) => [v.id, v.status])).toEqual([
      ['refused', 'failed'],
      ['no', 'rejected'],
      ['waiting', 'held'],
      ['offline', 'saving'],
      ['acking', 'saving'],
      ['saved', 'saved'],
    ])
    expect(views.find((v) => v.id === 'waiting')?.themeId).toBe('t1')
    expect(views.find((v) => v.id === 'acking')?.hidden).toBe(true)
  })

  it('a label the facilitator hid is saved, says it is hidden, and offers no edit (it is off the wall)', () => {
    const views = myLabelViews({
      wall: [],
      pending: [],
      held: [{ id: 'skjult', text: 's', category: 'ide', createdAt: 1, state: 'held', hidden: true }],
      failed: new Map(),
    })
    expect(views).toMatchObject([{ id: 'skjult', status: 'saved', hidden: true, onWall: false, answer: false }])
  })

  it('calls a label an answer only when it answers a theme, not when the facilitator sorted it into one', () => {
    const views = myLabelViews({
      wall: [
        label('sorted', { themeId: 't1' }),
        label('answered', { themeId: 't1', kind: LabelKind.Answer }),
        label('loose', {}),
      ],
      pending: [pending('answering', { themeId: 't2' })],
      held: [],
      failed: new Map(),
    })
    const byId = new Map(views.map((v) => [v.id, v]))
    expect(byId.get('sorted')).toMatchObject({ themeId: 't1', answer: false, onWall: true })
    expect(byId.get('answered')).toMatchObject({ themeId: 't1', answer: true, onWall: true })
    expect(byId.get('loose')).toMatchObject({ answer: false, onWall: true })
    expect(byId.get('answering')).toMatchObject({ themeId: 't2', answer: true, onWall: false })
  })

  it('shows a label as saving while an edit of it waits for the server', () => {
    const views = myLabelViews({
      wall: [label('edited', {}), label('kept', {})],
      pending: [],
      held: [],
      failed: new Map(),
      editing: new Set(['edited']),
    })
    expect(views.map((v) => [v.id, v.status]).sort()).toEqual([
      ['edited', 'saving'],
      ['kept', 'saved'],
    ])
  })
})
