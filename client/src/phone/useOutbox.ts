/**
 * Sending labels from the phone and knowing what became of them. Every new
 * label first goes into a localStorage outbox. While synced it leaves by the
 * path the board allows right then: written into the shared document (saved
 * once the server's ack covers the write), or posted to the held-labels
 * endpoint during private writing / approve-first (then tracked as held
 * until it reaches the wall or is rejected). Offline it waits, survives a
 * reload, and is sent with the same id when the phone is back.
 *
 * Module map: `outbox.ts` decides (pure), `useStoredList.ts` persists,
 * `useSendLoop.ts` sends, `useHeldWatch.ts` follows held labels,
 * `useOwnEdits.ts` edits labels on the wall; this hook puts them together.
 */
import { countLabels, type Label, newId } from '@vaegavis/shared'
import { useCallback, useMemo, useState } from 'react'
import type { BoardConnection, ConnectionState } from '../sync/connection.ts'
import type { BoardSnapshot } from '../sync/hooks.ts'
import { unsortedSlot } from '../sync/placement.ts'
import { draftOf, type MyLabelView, myLabelViews } from './outbox.ts'
import { loadPictures } from './pictureSend.ts'
import type { Picked } from './pictures.ts'
import {
  type HeldEntry,
  type Identity,
  type KeyValueStore,
  type LabelDraft,
  loadHeld,
  loadOutbox,
  type PendingLabel,
  pictureKey,
  saveHeld,
  saveOutbox,
} from './storage.ts'
import { useHeldWatch } from './useHeldWatch.ts'
import { useOwnEdits } from './useOwnEdits.ts'
import { useSendLoop } from './useSendLoop.ts'
import { useStoredList } from './useStoredList.ts'

export interface Outbox {
  /**
   * Queues a label (an answer when `themeId` is given; a picture label with `picture`, its image kept
   * in IndexedDB until the server has it) and sends it if the phone can.
   */
  send: (text: string, category: string, themeId?: string, picture?: Picture) => void
  /** The phone's own labels, newest first, each with its status. */
  mine: MyLabelView[]
  /** Changes the text and colour of an own label on the wall; it shows as saving until the server acks it. */
  edit: (id: string, text: string, category: string) => void
  /** Deletes an own label from the wall. */
  remove: (id: string) => void
}

/** A photo or drawing the phone made ready to send. */
export type Picture = Picked

export function useOutbox(
  conn: BoardConnection,
  state: ConnectionState,
  board: BoardSnapshot,
  identity: Identity,
  code: string,
  store: KeyValueStore | null,
): Outbox {
  const pending = useStoredList<PendingLabel>(store, code, loadOutbox, saveOutbox)
  const held = useStoredList<HeldEntry>(store, code, loadHeld, saveHeld)
  const [failed, setFailed] = useState<ReadonlyMap<string, LabelDraft>>(() => new Map())
  const fail = useCallback((labels: readonly LabelDraft[]) => {
    if (labels.length > 0) setFailed((f) => new Map([...f, ...labels.map((l) => [l.id, draftOf(l)] as const)]))
  }, [])

  const flush = useSendLoop(conn, state, board, identity, code, pending, held, fail)
  useHeldWatch(conn, state, board, identity, held)
  const { edit, remove, editing } = useOwnEdits(conn, state)

  const { ref: pendingRef, commit } = pending
  const send = useCallback(
    (text: string, category: string, themeId?: string, picture?: Picture) => {
      const slot = unsortedSlot(countLabels(conn.doc))
      // A little scatter so two phones sending at the same moment do not cover each other exactly.
      const jitter = () => Math.round(Math.random() * 16)
      const entry: PendingLabel = {
        id: newId(),
        text,
        category,
        x: slot.x + jitter(),
        y: slot.y + jitter(),
        createdAt: Date.now(),
        ...(themeId ? { themeId } : {}),
        ...(picture ? { picture: picture.kind } : {}),
      }
      if (!picture) {
        commit([...pendingRef.current, entry])
        flush()
        return
      }
      // Listed once its picture is stored: a label that waits must never have lost its image.
      loadPictures()
        .then((m) => m.shelvePicture(pictureKey(code, entry.id), picture.blob))
        .then(
          () => {
            commit([...pendingRef.current, entry])
            flush()
          },
          () => fail([entry]),
        )
    },
    [conn, pendingRef, commit, flush, fail, code],
  )

  const wall = useMemo(
    () => board.labels.filter((l: Label) => l.author === identity.participantId),
    [board.labels, identity.participantId],
  )
  const mine = useMemo(
    () => myLabelViews({ wall, pending: pending.list, held: held.list, failed, editing }),
    [wall, pending.list, held.list, failed, editing],
  )
  return { send, mine, edit, remove }
}
