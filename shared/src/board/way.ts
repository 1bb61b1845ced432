/**
 * Which way a new label goes: onto the wall through the shared document, or
 * into the board's held document until the facilitator reveals or approves
 * it. Decided here once, for the phone (which path it sends by) and for the
 * server (which document it writes), so the two can never disagree.
 */
import { type BoardSettings, HeldFor } from '../schema.ts'

/** Why a new label is held back, or null when it goes straight onto the wall. */
export function heldForNew(
  settings: Pick<BoardSettings, 'privateWriting' | 'approveFirst' | 'picturesNeedApproval'>,
  label: { photo?: string | undefined } = {},
): HeldFor | null {
  if (settings.privateWriting) return HeldFor.Private
  if (settings.approveFirst) return HeldFor.Approval
  if (label.photo !== undefined && settings.picturesNeedApproval) return HeldFor.Approval
  return null
}
