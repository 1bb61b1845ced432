/**
 * One live board: a Y.Doc synced over y-websocket, the Ack extension wired
 * in, and a small observable connection state for the UI.
 */
import { CloseCode, ErrorCode, MessageType, spreadRenewals, WS_PATH } from '@vaegavis/shared'
import * as decoding from 'lib0/decoding'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { basePath } from '../base.ts'
import { AckTracker, readAck } from './ack.ts'
import { reconnectDelay } from './backoff.ts'

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'closed'

export interface ConnectionState {
  status: ConnectionStatus
  /** True once the first full sync with the server completed (the doc holds the board). */
  loaded: boolean
  /** Close code of a terminal close; set when status is `closed`. */
  closeCode?: number
}

/**
 * Closes after which reconnecting cannot help: the server decided (44xx), or
 * our own pending change is too big and would be sent again (1009).
 */
export function isTerminalClose(code: number): boolean {
  return (code >= 4400 && code < 4500) || code === CloseCode.MessageTooBig
}

/** `wss://club.example.dk/vaegavis/ws`: same host, under the app's prefix. */
export function websocketBase(loc: Pick<Location, 'protocol' | 'host'> = window.location, base = basePath()): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${base}${WS_PATH}`
}

/**
 * Why the server refuses a websocket URL, as a close code: 4401 for a token
 * that does not open the board, 4404 for a board that does not exist; null
 * when the answer says nothing certain (offline, server down, or the token is
 * fine and the server merely wants an upgrade).
 */
export async function probeRefusal(wsUrl: string, fetchFn: typeof fetch = fetch): Promise<number | null> {
  try {
    const res = await fetchFn(wsUrl.replace(/^ws/, 'http'), { cache: 'no-store', credentials: 'same-origin' })
    if (res.status === 401) return CloseCode.Unauthorized
    if (res.status === 404) {
      const body: unknown = await res.json().catch(() => null)
      const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined
      if (code === ErrorCode.NotFound || code === ErrorCode.UnknownJoinCode) return CloseCode.BoardGone
    }
    return null
  } catch {
    return null
  }
}

/** Who a phone is on the board it joined through its socket (the server's `Joined` frame). */
export interface JoinedBoard {
  boardId: string
  participantId: string
  title: string
}

/**
 * Join and open in one step: the socket names the board by its join code and
 * carries a token the phone made ({@link newPhoneToken}). The server joins,
 * says who the phone is, then syncs; reconnects use the board id and token.
 */
export interface JoinRequest {
  code: string
  nickname?: string
  onJoined: (joined: JoinedBoard) => void
}

/** 256 random bits, base64url: the token a phone joins with. */
export function newPhoneToken(): string {
  const bytes = new Uint8Array(32)
  globalThis.crypto.getRandomValues(bytes)
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export class BoardConnection {
  readonly doc = new Y.Doc()
  readonly acks = new AckTracker()
  readonly provider: WebsocketProvider
  private state: ConnectionState = { status: 'connecting', loaded: false }
  private readonly listeners = new Set<() => void>()
  private failedOpens = 0
  private probing = false
  private attempts = 0
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private readonly onBrowserOnline = () => this.retryNow()
  /** Until the server says who we are: a refused join (unknown code) should show at once, not after two tries. */
  private joining: boolean

  constructor(boardId: string, token: string, wsBase: string = websocketBase(), join?: JoinRequest) {
    this.joining = join !== undefined
    const joinParams = join ? { join: '1', ...(join.nickname ? { nickname: join.nickname } : {}) } : {}
    this.provider = new WebsocketProvider(wsBase, join ? join.code : boardId, this.doc, {
      connect: false,
      params: { token, ack: '1', ...joinParams },
      // Tabs of the same board must not sync around the server's rights check.
      disableBc: true,
      shouldReconnect: (event) => !isTerminalClose(event.code),
    })
    // Phones that joined together would otherwise renew their presence together, every 15 s, all session.
    spreadRenewals(this.provider.awareness)
    this.provider.messageHandlers[MessageType.Ack] = (_encoder, decoder) => {
      try {
        this.acks.update(readAck(decoder))
      } catch (e: unknown) {
        console.warn('Vægavis: ignored an undecodable ack', e)
      }
    }
    if (join) {
      this.provider.messageHandlers[MessageType.Joined] = (_encoder, decoder) => {
        let joined: JoinedBoard
        try {
          joined = readJoined(decoder)
        } catch (e: unknown) {
          console.warn('Vægavis: ignored an undecodable join answer', e)
          return
        }
        // From now on this phone is a participant of that board: a reconnect opens it the ordinary way.
        this.provider.roomname = joined.boardId
        this.provider.params = { token, ack: '1' }
        this.joining = false
        join.onJoined(joined)
      }
    }
    this.provider.on('sync', (synced) => {
      if (synced) this.set({ status: 'online', loaded: true })
    })
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') {
        this.failedOpens = 0
        this.attempts = 0
      }
    })
    this.provider.on('connection-close', (event) => {
      if (event && isTerminalClose(event.code)) {
        // Inside the provider's close handling: only stop it from scheduling another attempt.
        this.provider.shouldConnect = false
        this.set({ status: 'closed', closeCode: event.code })
        return
      }
      if (this.state.status !== 'closed') this.set({ status: 'offline' })
      // Still flagged connected here: the provider resets it after emitting.
      if (event && !this.provider.wsconnected) this.onFailedOpen()
      // y-websocket's own backoff has no jitter; take over scheduling the next attempt.
      this.provider.shouldConnect = false
      this.scheduleRetry()
    })
    if (typeof window !== 'undefined') window.addEventListener('online', this.onBrowserOnline)
    this.provider.connect()
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== null || this.state.status === 'closed') return
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null
        if (this.state.status !== 'closed') this.provider.connect()
      },
      reconnectDelay(this.attempts++),
    )
  }

  /** The browser says the network is back: try at once instead of waiting out the backoff. */
  private retryNow(): void {
    if (this.retryTimer === null || this.state.status === 'closed') return
    clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.provider.connect()
  }

  getState = (): ConnectionState => this.state

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn)
    return () => {
      this.listeners.delete(fn)
    }
  }

  /** Tries again after a terminal close, optionally with a fresh token. */
  reconnect(token?: string): void {
    if (token) this.provider.params = { ...this.provider.params, token }
    this.failedOpens = 0
    this.set({ status: 'connecting', closeCode: undefined })
    this.provider.connect()
  }

  destroy(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer)
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onBrowserOnline)
    this.listeners.clear()
    this.provider.destroy()
    this.doc.destroy()
  }

  private terminate(code: number): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.set({ status: 'closed', closeCode: code })
    this.provider.disconnect()
  }

  /**
   * The server refuses a bad token with an HTTP status before the upgrade,
   * which a browser reports only as close code 1006, like a network failure.
   * After repeated failed opens, ask the same URL over plain HTTP why.
   */
  private onFailedOpen(): void {
    this.failedOpens++
    const first = this.joining ? 1 : 2
    if (this.probing || (this.failedOpens !== first && this.failedOpens % 10 !== 0)) return
    this.probing = true
    probeRefusal(this.provider.url)
      .then((code) => {
        if (code !== null && this.state.status !== 'closed' && !this.provider.wsconnected) this.terminate(code)
      })
      .finally(() => {
        this.probing = false
      })
  }

  private set(patch: Partial<ConnectionState>): void {
    this.state = { ...this.state, ...patch }
    for (const fn of this.listeners) fn()
  }
}

/** Reads the payload of a `Joined` message (after its type). */
export function readJoined(decoder: decoding.Decoder): JoinedBoard {
  return {
    boardId: decoding.readVarString(decoder),
    participantId: decoding.readVarString(decoder),
    title: decoding.readVarString(decoder),
  }
}
