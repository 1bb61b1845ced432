import { CloseCode, ErrorCode } from '@vaegavis/shared'
import { describe, expect, it } from 'vitest'
import { isTerminalClose, probeRefusal, websocketBase } from './connection.ts'

const answer = (status: number, body?: unknown) => async () =>
  new Response(body === undefined ? null : JSON.stringify(body), { status })

describe('connection', () => {
  it('stops reconnecting for closes that another attempt cannot fix', () => {
    expect(isTerminalClose(CloseCode.Unauthorized)).toBe(true)
    expect(isTerminalClose(CloseCode.BoardGone)).toBe(true)
    expect(isTerminalClose(CloseCode.MessageTooBig)).toBe(true)
    expect(isTerminalClose(CloseCode.GoingAway)).toBe(false)
    expect(isTerminalClose(1006)).toBe(false)
  })

  it('uses wss behind https', () => {
    expect(websocketBase({ protocol: 'https:', host: 'vg.example' })).toBe('wss://vg.example/ws')
    expect(websocketBase({ protocol: 'http:', host: 'localhost:5173' })).toBe('ws://localhost:5173/ws')
  })

  it('opens sockets under the prefix the app is served at', () => {
    expect(websocketBase({ protocol: 'https:', host: 'club.example.dk' }, '/vaegavis')).toBe(
      'wss://club.example.dk/vaegavis/ws',
    )
  })

  it('learns over HTTP why a socket could not open', async () => {
    const url = 'ws://h/ws/b1?token=t&ack=1'
    expect(await probeRefusal(url, answer(401, { code: ErrorCode.Unauthorized, message: '' }))).toBe(
      CloseCode.Unauthorized,
    )
    expect(await probeRefusal(url, answer(404, { code: ErrorCode.NotFound, message: '' }))).toBe(CloseCode.BoardGone)
    // Removed by the facilitator, or the door is closed: terminal, so the phone stops and says why.
    expect(await probeRefusal(url, answer(403, { code: ErrorCode.Removed, message: '' }))).toBe(CloseCode.Removed)
    expect(await probeRefusal(url, answer(423, { code: ErrorCode.DoorClosed, message: '' }))).toBe(CloseCode.DoorClosed)
    expect(isTerminalClose(CloseCode.Removed) && isTerminalClose(CloseCode.DoorClosed)).toBe(true)
    expect(await probeRefusal(url, answer(403, { code: ErrorCode.Forbidden, message: '' }))).toBeNull()
    // A valid token without an upgrade, a server error, or no network: nothing certain, keep trying.
    expect(await probeRefusal(url, answer(404))).toBeNull()
    expect(await probeRefusal(url, answer(502))).toBeNull()
    expect(
      await probeRefusal(url, async () => {
        throw new TypeError('offline')
      }),
    ).toBeNull()
  })
})
