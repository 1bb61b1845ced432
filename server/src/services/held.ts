/**
 * The held-label flow, in one place: a label that must not reach other
 * devices yet (private writing, waiting for approval, a picture waiting to be
 * seen) is posted by its phone and kept in the board's held document, which
 * only facilitators open; reveal and approve move it onto the wall, reject
 * deletes it. Which way a new label goes is {@link heldForNew}'s decision,
 * the same one the phone makes. The HTTP routes (plugins/labels.ts) only
 * check who is asking and call these.
 */
import {
  addHeldLabel,
  addLabel,
  checkLabelRecord,
  countLabelsByAuthor,
  deleteLabel,
  ErrorCode,
  HeldFor,
  type HeldLabel,
  hasLabel,
  heldDocName,
  heldForNew,
  isCoordinate,
  LabelKind,
  putLabel,
  readHeldLabels,
  readLegend,
  readSettings,
  readThemes,
  recordOf,
  setSetting,
  UNSORTED_SLOTS,
  validateLabelText,
} from '@vaegavis/shared'
import { AppError } from '../errors.ts'
import type { RoomManager } from '../sync/index.ts'

/** What a phone posts. */
export interface PostedLabel {
  id: string
  text: string
  category: string
  x: number
  y: number
  themeId?: string | undefined
  /** A picture the author sent (checked by the caller against the blob store's uploader). */
  photo?: string | undefined
}

/** Who posts it: the participant's pseudonymous id and the nickname they gave. */
export interface Author {
  subject: string
  nickname: string | null | undefined
}

/** Where the label is now, and whether this call put it there (false: it was there already, a retry). */
export interface Posted {
  status: 'held' | 'posted'
  created: boolean
}

type Outcome = 'done' | 'already' | 'board-full' | 'participant-full'

function limitsError(outcome: Outcome): void {
  if (outcome === 'board-full') throw new AppError(ErrorCode.BoardFull, 'The wall is full.')
  if (outcome === 'participant-full')
    throw new AppError(ErrorCode.BoardFull, 'You have written as many labels as one person can here.')
}

/**
 * Takes a phone's label: into the held document when the board holds new
 * labels back, else (a picture label, which a phone never writes over the
 * socket) straight onto the wall. Idempotent by the label's id, so a phone
 * that did not hear the answer can send it again.
 */
export async function postLabel(rooms: RoomManager, boardId: string, who: Author, input: PostedLabel): Promise<Posted> {
  const text = validateLabelText(input.text)
  if (!text.ok) {
    throw new AppError(
      text.code,
      text.code === ErrorCode.TextTooLong
        ? 'Your label is too long: at most 280 characters.'
        : 'Write something first.',
    )
  }
  if (!isCoordinate(input.x) || !isCoordinate(input.y)) throw new AppError(ErrorCode.BadRequest, 'Invalid position.')

  const board = await rooms.withRoom(boardId, (room) =>
    room.read((doc) => ({
      settings: readSettings(doc),
      refs: {
        categoryIds: new Set(readLegend(doc).map((c) => c.id)),
        themeIds: new Set(readThemes(doc).map((t) => t.id)),
      },
      onWall: hasLabel(doc, input.id),
      counts: countLabelsByAuthor(doc),
    })),
  )
  if (board.onWall) return { status: 'posted', created: false }
  if (board.settings.locked) throw new AppError(ErrorCode.BoardLocked, 'The wall is locked right now.')
  if (!board.refs.categoryIds.has(input.category))
    throw new AppError(ErrorCode.UnknownCategory, 'Pick one of the colours.')
  if (input.themeId !== undefined && !board.refs.themeIds.has(input.themeId))
    throw new AppError(ErrorCode.BadRequest, 'That theme is gone.')
  const heldFor = heldForNew(board.settings, input)
  if (heldFor === null && input.photo === undefined) {
    throw new AppError(ErrorCode.Conflict, 'Labels go straight onto the wall right now; send it again.')
  }
  const label = {
    id: input.id,
    text: text.value,
    category: input.category,
    x: input.x,
    y: input.y,
    author: who.subject,
    createdAt: Date.now(),
    kind: input.themeId ? LabelKind.Answer : LabelKind.Label,
    ...(input.themeId ? { themeId: input.themeId } : {}),
    ...(who.nickname ? { nickname: who.nickname } : {}),
    ...(input.photo !== undefined ? { photo: input.photo } : {}),
  }
  // The same schema check a label written over the socket meets.
  const { id: _id, ...fields } = label
  const shape = checkLabelRecord(label.id, recordOf({ ...fields, heldFor: heldFor ?? undefined }), board.refs)
  if (shape) throw new AppError(ErrorCode.BadRequest, 'That label cannot be saved.')
  const { maxLabels, maxLabelsPerParticipant } = rooms.limits
  // Counted across the wall and the held labels: a reveal must never take the wall past its limits.
  const overLimits = (wall: ReturnType<typeof countLabelsByAuthor>, held: ReturnType<typeof countLabelsByAuthor>) => {
    if (wall.total + held.total >= maxLabels) return 'board-full'
    const mine = (wall.by.get(who.subject) ?? 0) + (held.by.get(who.subject) ?? 0)
    return mine >= maxLabelsPerParticipant ? 'participant-full' : null
  }

  if (heldFor === null) {
    const held = await rooms.withRoom(heldDocName(boardId), (room) =>
      room.read((doc) => ({ has: hasLabel(doc, input.id), counts: countLabelsByAuthor(doc) })),
    )
    if (held.has) return { status: 'held', created: false }
    const outcome = await rooms.withRoom(boardId, (room) =>
      room.applyServerChange((doc): Outcome => {
        if (hasLabel(doc, input.id)) return 'already'
        const over = overLimits(countLabelsByAuthor(doc), held.counts)
        if (over) return over
        addLabel(doc, label)
        return 'done'
      }),
    )
    limitsError(outcome)
    return { status: 'posted', created: outcome === 'done' }
  }
  const outcome = await rooms.withRoom(heldDocName(boardId), (room) =>
    room.applyServerChange((doc): Outcome => {
      if (hasLabel(doc, input.id)) return 'already'
      const over = overLimits(board.counts, countLabelsByAuthor(doc))
      if (over) return over
      addHeldLabel(doc, label, heldFor)
      return 'done'
    }),
  )
  limitsError(outcome)
  return { status: 'held', created: outcome === 'done' }
}

/** A participant's own labels still held back. */
export async function heldOf(rooms: RoomManager, boardId: string, subject: string): Promise<HeldLabel[]> {
  const labels = await rooms.withRoom(heldDocName(boardId), (room) => room.read(readHeldLabels))
  return labels.filter((l) => l.author === subject)
}

/**
 * Moves held labels onto the wall; the wall write is stored before the held
 * copy is removed. A released label goes onto the unsorted area's slot
 * grid, whatever position its phone sent: the walls flow labels standing on
 * a slot side by side with the other new ones, so a reveal of twenty labels
 * written at once never stacks them on one spot or on a theme.
 */
async function release(
  rooms: RoomManager,
  boardId: string,
  pick: (heldFor: HeldFor, id: string) => boolean,
): Promise<number> {
  const held = await rooms.withRoom(heldDocName(boardId), (room) => room.read(readHeldLabels))
  const chosen = held.filter((l) => pick(l.heldFor, l.id))
  if (chosen.length === 0) return 0
  await rooms.withRoom(boardId, (room) =>
    room.applyServerChange((doc) => {
      for (const l of chosen) putLabel(doc, { ...l, x: UNSORTED_SLOTS.originX, y: UNSORTED_SLOTS.originY })
    }),
  )
  await rooms.withRoom(heldDocName(boardId), (room) =>
    room.applyServerChange((doc) => {
      for (const l of chosen) deleteLabel(doc, l.id)
    }),
  )
  return chosen.length
}

/** Every privately written label onto the wall, and private writing ends; how many came out. */
export async function revealPrivate(rooms: RoomManager, boardId: string): Promise<number> {
  const revealed = await release(rooms, boardId, (heldFor) => heldFor === HeldFor.Private)
  await rooms.withRoom(boardId, (room) => room.applyServerChange((doc) => setSetting(doc, 'privateWriting', false)))
  return revealed
}

/** One held label onto the wall; a 404 when it is not waiting any more. */
export async function approveHeld(rooms: RoomManager, boardId: string, labelId: string): Promise<number> {
  const approved = await release(rooms, boardId, (_, id) => id === labelId)
  if (approved === 0) throw new AppError(ErrorCode.NotFound, 'That label is not waiting any more.')
  return approved
}

/** One held label deleted, never shown; a 404 when it is not waiting any more. */
export async function rejectHeld(rooms: RoomManager, boardId: string, labelId: string): Promise<number> {
  const rejected = await rooms.withRoom(heldDocName(boardId), (room) =>
    room.applyServerChange((doc) => {
      if (!hasLabel(doc, labelId)) return 0
      deleteLabel(doc, labelId)
      return 1
    }),
  )
  if (rejected === 0) throw new AppError(ErrorCode.NotFound, 'That label is not waiting any more.')
  return rejected
}
