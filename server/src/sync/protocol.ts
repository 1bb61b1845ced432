/**
 * The y-websocket wire format, decoded and encoded without I/O. Bytes in,
 * values out: a message that does not decode throws {@link MalformedMessageError}.
 */
import { MessageType } from '@vaegavis/shared'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/** Sub-types of a y-websocket sync message (y-protocols/sync). */
export const SyncStep = { Step1: 0, Step2: 1, Update: 2 } as const

export type ClientMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  | { type: 'update'; update: Uint8Array; step2: boolean }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }
  | { type: 'auth' }

export class MalformedMessageError extends Error {
  constructor(reason: string) {
    super(`malformed message: ${reason}`)
    this.name = 'MalformedMessageError'
  }
}

/** Decodes one client → server message; the whole buffer must be consumed. */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(data)
    const type = decoding.readVarUint(decoder)
    let msg: ClientMessage
    switch (type) {
      case MessageType.Sync: {
        const step = decoding.readVarUint(decoder)
        const payload = decoding.readVarUint8Array(decoder)
        if (step === SyncStep.Step1) msg = { type: 'sync-step-1', stateVector: payload }
        else if (step === SyncStep.Step2 || step === SyncStep.Update)
          msg = { type: 'update', update: payload, step2: step === SyncStep.Step2 }
        else throw new MalformedMessageError(`unknown sync step ${step}`)
        break
      }
      case MessageType.Awareness:
        msg = { type: 'awareness', update: decoding.readVarUint8Array(decoder) }
        break
      case MessageType.QueryAwareness:
        msg = { type: 'query-awareness' }
        break
      case MessageType.Auth:
        // y-protocols/auth: a permission-denied reason the client never sends in practice.
        decoding.readVarUint(decoder)
        decoding.readVarString(decoder)
        msg = { type: 'auth' }
        break
      default:
        throw new MalformedMessageError(`unknown message type ${type}`)
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes')
    return msg
  } catch (e: unknown) {
    if (e instanceof MalformedMessageError) throw e
    // lib0 throws plain Errors on truncated input ("Unexpected end of array").
    throw new MalformedMessageError(e instanceof Error ? e.message : 'undecodable')
  }
}

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync)
    encoding.writeVarUint(e, SyncStep.Step1)
    encoding.writeVarUint8Array(e, stateVector)
  })
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync)
    encoding.writeVarUint(e, SyncStep.Step2)
    encoding.writeVarUint8Array(e, update)
  })
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync)
    encoding.writeVarUint(e, SyncStep.Update)
    encoding.writeVarUint8Array(e, update)
  })
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Awareness)
    encoding.writeVarUint8Array(e, update)
  })
}

/** The Vægavis `Joined` frame: the board and participant a socket that joined with a code now is. */
export function encodeJoined(boardId: string, participantId: string, title: string): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Joined)
    encoding.writeVarString(e, boardId)
    encoding.writeVarString(e, participantId)
    encoding.writeVarString(e, title)
  })
}

/** The Vægavis acknowledgement: a state vector of durably stored clocks. */
export function encodeAck(stateVector: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Ack)
    encoding.writeVarUint8Array(e, stateVector)
  })
}
