/**
 * Wire constants. Message types 0–3 are the standard y-websocket protocol so
 * that any stock Yjs client can sync; 100+ are Vægavis extensions that stock
 * clients never receive unless they ask for them.
 */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  /**
   * Server → client, only for sockets opened with `?ack=1`: an encoded Yjs
   * state vector listing, per client id, the clock up to which that client's
   * changes are stored durably. A label is "saved" when its clock is covered.
   */
  Ack: 100,
  /**
   * Server → client, only for sockets opened with `?join=1` (join and open in
   * one step), sent before anything else: three varStrings, the board id, the
   * participant id and the board's title. Reconnect with `/ws/<board id>?token=`.
   */
  Joined: 101,
} as const
export type MessageType = (typeof MessageType)[keyof typeof MessageType]

/** Version of the Vægavis wire extensions; clients may send `?v=` to check it. */
export const PROTOCOL_VERSION = 1

/** Default maximum size of one websocket message, in bytes (1 MiB). */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024

/** Path under which boards are synced: `ws://host/ws/<boardId>`. */
export const WS_PATH = '/ws'

/** Who is on the other end of a socket or request. Rights follow from the role. */
export const Role = {
  Facilitator: 'facilitator',
  Participant: 'participant',
  Viewer: 'viewer',
} as const
export type Role = (typeof Role)[keyof typeof Role]

/**
 * Header every state-changing REST request must carry. Browsers cannot add a
 * custom header to a cross-site request without a CORS preflight, which this
 * server never grants, so its presence defeats cross-site request forgery.
 */
export const CSRF_HEADER = 'x-vaegavis'
