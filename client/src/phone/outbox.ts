/**
 * The phone's outbox decisions, pure so they can be tested without a
 * browser: which path a waiting label takes, what the server's list of held
 * labels means for the ones this phone tracks, and the status shown for each
 * of the phone's own labels.
 */
import { type BoardSettings, heldForNew, type Label, LabelKind } from '@vaegavis/shared'
import type { HeldEntry, LabelDraft, PendingLabel } from './storage.ts'

/** What a young person sees next to each of their labels. */
export type LabelStatus = 'saving' | 'saved' | 'held' | 'rejected' | 'failed'

/**
 * How a new label reaches the server right now: written into the shared
 * document, posted to the held-labels endpoint (private writing or
 * approve-first: no other phone may see it yet), or not at all while locked.
 */
export type Route = 'doc' | 'held' | 'wait'

export function routeFor(settings: BoardSettings): Route {
  if (settings.locked) return 'wait'
  return heldForNew(settings) === null ? 'doc' : 'held'
}

export interface FlushContext {
  /** `doc.clientID` of the document in use: labels it wrote wait for their ack. */
  clientID: number
  route: Route
  onWall: (id: string) => boolean
  categoryExists: (id: string) => boolean
  themeExists: (id: string) => boolean
}

export interface FlushPlan {
  /** Write into the shared document. */
  write: PendingLabel[]
  /** Post to the held-labels endpoint. */
  post: PendingLabel[]
  /** On the wall already without a write of ours to wait for: done. */
  landed: string[]
  /** Would be refused whatever the path (colour or theme gone). */
  fail: string[]
}

/**
 * What to do with each waiting label. Call only while synced, so `onWall`
 * and the settings are the server's. A label is never sent twice by two
 * paths: one written by this document waits for its ack, and one already on
 * the wall (same id) is left alone.
 */
export function planFlush(pending: readonly PendingLabel[], ctx: FlushContext): FlushPlan {
  const plan: FlushPlan = { write: [], post: [], landed: [], fail: [] }
  for (const p of pending) {
    if (p.client === ctx.clientID) continue
    if (ctx.onWall(p.id)) {
      // Written by an earlier page load: the ack prunes it. Never written: it arrived by the held path.
      if (p.client === undefined) plan.landed.push(p.id)
      continue
    }
    if (ctx.route === 'wait') continue
    if (!ctx.categoryExists(p.category) || (p.themeId !== undefined && !ctx.themeExists(p.themeId))) {
      plan.fail.push(p.id)
      continue
    }
    // A picture never goes into the shared document: the server checks it is the phone's own.
    plan[ctx.route === 'held' || p.picture ? 'post' : 'write'].push(p)
  }
  return plan
}

/** A label's draft fields only: what the phone keeps of a label it no longer sends. */
export const draftOf = ({ id, text, category, createdAt, themeId, photo }: LabelDraft): LabelDraft => ({
  id,
  text,
  category,
  createdAt,
  ...(themeId ? { themeId } : {}),
  ...(photo ? { photo } : {}),
})

/** HTTP statuses after which sending the same label again cannot succeed. */
export function isFinalRefusal(status: number): boolean {
  return status === 400 || status === 403 || status === 404 || status === 413 || status === 415
}

/** Rejected labels the phone keeps showing, newest kept. */
export const MAX_REJECTED = 20

/**
 * Merges the server's list of this participant's held labels into the
 * phone's own list. A tracked label that is on the wall is done; one missing
 * from the server's list and not on the wall twice in a row was rejected
 * (once could be the wall update still on its way: the server puts a label
 * on the wall before it removes it from the held list).
 */
export function reconcileHeld(
  tracked: readonly HeldEntry[],
  server: readonly (LabelDraft & { hidden?: boolean })[],
  onWall: (id: string) => boolean,
): HeldEntry[] {
  const listed = new Map(server.map((s) => [s.id, s]))
  const out: HeldEntry[] = []
  for (const h of tracked) {
    if (onWall(h.id)) continue
    const now = listed.get(h.id)
    if (now) {
      const { hidden: _was, ...rest } = h
      out.push({ ...rest, state: 'held', misses: 0, ...(now.hidden ? { hidden: true } : {}) })
    } else if (h.state === 'rejected') out.push(h)
    else {
      const misses = (h.misses ?? 0) + 1
      out.push(misses >= 2 ? { ...h, state: 'rejected', misses } : { ...h, misses })
    }
  }
  // Held labels this phone forgot (storage cleared) are still the young person's own.
  for (const s of server) {
    if (!tracked.some((h) => h.id === s.id) && !onWall(s.id)) out.push({ ...s, state: 'held', misses: 0 })
  }
  const rejected = out.filter((h) => h.state === 'rejected').sort((a, b) => b.createdAt - a.createdAt)
  const drop = new Set(rejected.slice(MAX_REJECTED).map((h) => h.id))
  return drop.size > 0 ? out.filter((h) => !drop.has(h.id)) : out
}

/** One of the phone's own labels as listed under "Dine labels". */
export interface MyLabelView extends LabelDraft {
  status: LabelStatus
  hidden?: boolean
  /**
   * An answer to the board question (its `themeId` is the theme asked about).
   * A label the facilitator sorted into a theme has a `themeId` too, but is not an answer.
   */
  answer: boolean
  /** On the wall: the young person may edit or delete it while the board is open. */
  onWall: boolean
}

/**
 * Every label this phone wrote, newest first: on the wall (saved, or saving
 * until acked), waiting to be sent, held back by the server, rejected, or
 * refused. A label is listed once, by the most advanced place it reached.
 */
export function myLabelViews(input: {
  wall: readonly Label[]
  pending: readonly PendingLabel[]
  held: readonly HeldEntry[]
  failed: ReadonlyMap<string, LabelDraft>
  /** Labels on the wall with an edit the server has not acknowledged yet. */
  editing?: ReadonlySet<string>
}): MyLabelView[] {
  const { wall, pending, held, failed, editing } = input
  const seen = new Set<string>()
  const out: MyLabelView[] = []
  // Drafts never left the phone as sorted labels: a theme on a draft means it answers that theme.
  const add = (
    d: LabelDraft,
    status: LabelStatus,
    answer = d.themeId !== undefined,
    onWall = false,
    hidden?: boolean,
  ) => {
    if (seen.has(d.id)) return
    seen.add(d.id)
    const v: MyLabelView = {
      id: d.id,
      text: d.text,
      category: d.category,
      createdAt: d.createdAt,
      status,
      answer,
      onWall,
    }
    if (d.themeId) v.themeId = d.themeId
    if (d.photo) v.photo = d.photo
    if (hidden) v.hidden = true
    out.push(v)
  }
  const waiting = new Set(pending.map((p) => p.id))
  for (const l of wall) {
    const status = failed.has(l.id) ? 'failed' : waiting.has(l.id) || editing?.has(l.id) ? 'saving' : 'saved'
    add(l, status, l.kind === LabelKind.Answer, true, l.hidden)
  }
  for (const p of pending) add(p, 'saving')
  // A hidden label was saved: the facilitator took it off the wall, the server still keeps it.
  for (const h of held) add(h, h.hidden && h.state === 'held' ? 'saved' : h.state, undefined, false, h.hidden)
  for (const f of failed.values()) add(f, 'failed')
  return out.sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id))
}

/**
 * The server refused a change from this document (close 4403) and the phone
 * starts over with a fresh one. Labels it wrote and the server did not ack
 * are sent again by the path that is right then; a label refused twice is
 * given up (the server will refuse it again), and listed as not saved.
 */
export function afterRefusal(
  pending: readonly PendingLabel[],
  clientID: number,
  covers: (client: number, clock: number) => boolean,
): { keep: PendingLabel[]; failed: PendingLabel[] } {
  const keep: PendingLabel[] = []
  const failed: PendingLabel[] = []
  for (const p of pending) {
    if (p.client !== clientID || p.clock === undefined || covers(p.client, p.clock)) keep.push(p)
    else if ((p.refused ?? 0) >= 1) failed.push(p)
    else keep.push({ ...p, refused: 1 })
  }
  return { keep, failed }
}
