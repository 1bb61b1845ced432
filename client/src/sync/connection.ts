/**
 * One live board: a Y.Doc synced over y-websocket, the Ack extension wired
 * in, and a small observable connection state for the UI.
 */
import { CloseCode, MessageType, WS_PATH } from '@vaegavis/shared'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { AckTracker, readAck } from './ack.ts'

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

export function websocketBase(loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${WS_PATH}`
}

export class BoardConnection {
  readonly doc = new Y.Doc()
  readonly acks = new AckTracker()
  readonly provider: WebsocketProvider
  private state: ConnectionState = { status: 'connecting', loaded: false }
  private readonly listeners = new Set<() => void>()

  constructor(boardId: string, token: string, wsBase: string = websocketBase()) {
    this.provider = new WebsocketProvider(wsBase, boardId, this.doc, {
      connect: false,
      params: { token, ack: '1' },
      // Tabs of the same board must not sync around the server's rights check.
      disableBc: true,
      shouldReconnect: (event) => !isTerminalClose(event.code),
    })
    this.provider.messageHandlers[MessageType.Ack] = (_encoder, decoder) => {
      try {
        this.acks.update(readAck(decoder))
      } catch (e: unknown) {
        console.warn('Vægavis: ignored an undecodable ack', e)
      }
    }
    this.provider.on('sync', (synced) => {
      if (synced) this.set({ status: 'online', loaded: true })
    })
    this.provider.on('connection-close', (event) => {
      if (event && isTerminalClose(event.code)) {
        this.provider.shouldConnect = false
        this.set({ status: 'closed', closeCode: event.code })
      } else if (this.state.status !== 'closed') {
        this.set({ status: 'offline' })
      }
    })
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
    this.set({ status: 'connecting', closeCode: undefined })
    this.provider.connect()
  }

  destroy(): void {
    this.listeners.clear()
    this.provider.destroy()
    this.doc.destroy()
  }

  private set(patch: Partial<ConnectionState>): void {
    this.state = { ...this.state, ...patch }
    for (const fn of this.listeners) fn()
  }
}
