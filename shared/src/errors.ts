/**
 * Every error Vægavis reports has a code, and each code maps to exactly one
 * HTTP status. Websocket close codes live beside them so client and server
 * agree on what a closed socket means.
 */
export const ErrorCode = {
  BadRequest: 'VGA_ERR_BAD_REQUEST',
  Unauthorized: 'VGA_ERR_UNAUTHORIZED',
  InvalidCredentials: 'VGA_ERR_INVALID_CREDENTIALS',
  Forbidden: 'VGA_ERR_FORBIDDEN',
  NotFound: 'VGA_ERR_NOT_FOUND',
  UnknownJoinCode: 'VGA_ERR_UNKNOWN_JOIN_CODE',
  BoardLocked: 'VGA_ERR_BOARD_LOCKED',
  TextEmpty: 'VGA_ERR_TEXT_EMPTY',
  TextTooLong: 'VGA_ERR_TEXT_TOO_LONG',
  UnknownCategory: 'VGA_ERR_UNKNOWN_CATEGORY',
  NicknameTooLong: 'VGA_ERR_NICKNAME_TOO_LONG',
  RateLimited: 'VGA_ERR_RATE_LIMITED',
  Conflict: 'VGA_ERR_CONFLICT',
  Internal: 'VGA_ERR_INTERNAL',
  /** A share link was revoked by a facilitator. */
  ShareLinkRevoked: 'VGA_ERR_SHARE_LINK_REVOKED',
  /** A share link is past its expiry. */
  ShareLinkExpired: 'VGA_ERR_SHARE_LINK_EXPIRED',
  /** No facilitator account has that email (adding a project member). */
  UnknownFacilitator: 'VGA_ERR_UNKNOWN_FACILITATOR',
  /** The board, or this participant, has as many labels as a board allows (as close code 4413 on a socket). */
  BoardFull: 'VGA_ERR_BOARD_FULL',
  /** An upload that is not a photo we can read (wrong type, broken file). */
  ImageInvalid: 'VGA_ERR_IMAGE_INVALID',
  /** An upload with too many bytes or pixels (a decompression bomb included). */
  ImageTooBig: 'VGA_ERR_IMAGE_TOO_BIG',
  /** A label names a picture this participant did not send to this board. */
  ImageNotYours: 'VGA_ERR_IMAGE_NOT_YOURS',
  /** A photo of a paper wall in which no notes were found. */
  NoNotesFound: 'VGA_ERR_NO_NOTES_FOUND',
  /** This board is already reading a photo; one at a time. */
  CaptureBusy: 'VGA_ERR_CAPTURE_BUSY',
  /** A file to import that is not what it claims (not a Vægavis export or Padlet CSV, or a record out of bounds). */
  ImportInvalid: 'VGA_ERR_IMPORT_INVALID',
} as const
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** HTTP status for each error code; the one place this mapping is defined. */
export const httpStatusOf: Record<ErrorCode, number> = {
  VGA_ERR_BAD_REQUEST: 400,
  VGA_ERR_UNAUTHORIZED: 401,
  VGA_ERR_INVALID_CREDENTIALS: 401,
  VGA_ERR_FORBIDDEN: 403,
  VGA_ERR_NOT_FOUND: 404,
  VGA_ERR_UNKNOWN_JOIN_CODE: 404,
  VGA_ERR_BOARD_LOCKED: 423,
  VGA_ERR_TEXT_EMPTY: 400,
  VGA_ERR_TEXT_TOO_LONG: 400,
  VGA_ERR_UNKNOWN_CATEGORY: 400,
  VGA_ERR_NICKNAME_TOO_LONG: 400,
  VGA_ERR_RATE_LIMITED: 429,
  VGA_ERR_CONFLICT: 409,
  VGA_ERR_INTERNAL: 500,
  VGA_ERR_SHARE_LINK_REVOKED: 401,
  VGA_ERR_SHARE_LINK_EXPIRED: 401,
  VGA_ERR_UNKNOWN_FACILITATOR: 404,
  VGA_ERR_BOARD_FULL: 413,
  VGA_ERR_IMAGE_INVALID: 415,
  VGA_ERR_IMAGE_TOO_BIG: 413,
  VGA_ERR_IMAGE_NOT_YOURS: 403,
  VGA_ERR_NO_NOTES_FOUND: 422,
  VGA_ERR_CAPTURE_BUSY: 409,
  VGA_ERR_IMPORT_INVALID: 422,
}

/** JSON body of every error response from the REST API. */
export interface ApiErrorBody {
  code: ErrorCode
  message: string
}

/**
 * Websocket close codes. 1009 is the standard "message too big"; the 44xx
 * range is ours and mirrors the HTTP status it resembles.
 */
export const CloseCode = {
  /** Server is shutting down or restarting; the client should reconnect. */
  GoingAway: 1001,
  /** A frame the websocket layer itself rejected (e.g. reserved bits set). */
  ProtocolError: 1002,
  /** Message larger than the configured limit. */
  MessageTooBig: 1009,
  /** Unexpected server-side failure while handling this socket. */
  InternalError: 1011,
  /** A message could not be decoded (truncated, unknown type, invalid Yjs update). */
  MalformedMessage: 4400,
  /** The token no longer grants access (revoked share link, deleted board). */
  Unauthorized: 4401,
  /** The client sent a change its role is not allowed to make. */
  Forbidden: 4403,
  /** The board was deleted while the socket was open. */
  BoardGone: 4404,
  /** The client's protocol or schema version is not one this server speaks. */
  VersionMismatch: 4409,
  /** A board limit was reached: labels on the board, labels per participant, or document size. */
  BoardFull: 4413,
  /** Too many messages in too short a time. */
  Limit: 4429,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]
