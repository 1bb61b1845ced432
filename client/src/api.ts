/**
 * The REST API, same origin. Every state-changing request carries the CSRF
 * header; every failure becomes an {@link ApiError} with the server's code.
 */
import { type ApiErrorBody, CSRF_HEADER, ErrorCode } from '@vaegavis/shared'
import type { BoardOut, ImportFormat, ImportOut, JoinOut, UserOut } from '@vaegavis/shared/api'
import { appPath } from './base.ts'
import { locale } from './i18n.ts'

/** Code for a request that never reached the server (offline, DNS, aborted). */
export const NETWORK_ERROR = 'VGA_ERR_NETWORK'
export type ClientErrorCode = ErrorCode | typeof NETWORK_ERROR

export class ApiError extends Error {
  readonly status: number
  readonly code: ClientErrorCode
  constructor(status: number, code: ClientErrorCode, message: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
  }
}

/** The shapes the server answers with: its own schemas' types (`import type`: no TypeBox in the bundle). */
export type User = UserOut
export type BoardSummary = BoardOut
export type JoinResult = JoinOut

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

const KNOWN_CODES: readonly string[] = Object.values(ErrorCode)

function isErrorBody(v: unknown): v is ApiErrorBody {
  if (typeof v !== 'object' || v === null) return false
  const code = (v as { code?: unknown }).code
  return typeof code === 'string' && KNOWN_CODES.includes(code)
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return ErrorCode.Unauthorized
  if (status === 403) return ErrorCode.Forbidden
  if (status === 404) return ErrorCode.NotFound
  if (status === 429) return ErrorCode.RateLimited
  if (status >= 500) return ErrorCode.Internal
  return ErrorCode.BadRequest
}

/**
 * One request to an absolute API path (`/api/me`; the prefix is added here).
 * The caller states the response type; a 204 resolves to undefined. A phone
 * passes its board `token`: it has no session.
 */
export async function request<T>(method: Method, path: string, body?: unknown, token?: string): Promise<T> {
  // The server words what it makes (default legend, template names, exports) in the reader's language.
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': locale() }
  if (token) headers.authorization = `Bearer ${token}`
  // A file goes as its own bytes (no form encoding); the server decides what it is.
  const file = body instanceof Blob
  if (method !== 'GET') {
    headers[CSRF_HEADER] = '1'
    headers['content-type'] = file ? 'application/octet-stream' : 'application/json'
  }
  let res: Response
  try {
    res = await fetch(appPath(path), {
      method,
      headers,
      credentials: 'same-origin',
      // Answers change with every request (a phone polls its held labels): never one from the browser's cache.
      cache: 'no-store',
      body: method === 'GET' ? undefined : file ? body : JSON.stringify(body ?? {}),
    })
  } catch (e: unknown) {
    throw new ApiError(0, NETWORK_ERROR, e instanceof Error ? e.message : 'network error')
  }
  if (res.status === 204) return undefined as T
  const data: unknown = await res.json().catch(() => undefined)
  if (!res.ok) {
    if (isErrorBody(data)) throw new ApiError(res.status, data.code, data.message)
    throw new ApiError(res.status, codeForStatus(res.status), res.statusText)
  }
  return data as T
}

export const api = {
  login: (email: string, password: string) =>
    request<{ user: User }>('POST', '/api/auth/login', { email, password }).then((r) => r.user),
  logout: () => request<undefined>('POST', '/api/auth/logout'),
  me: () => request<{ user: User }>('GET', '/api/me').then((r) => r.user),
  listBoards: () => request<{ boards: BoardSummary[] }>('GET', '/api/boards').then((r) => r.boards),
  createBoard: (title: string, templateId?: string) =>
    request<{ board: BoardSummary }>('POST', '/api/boards', templateId ? { title, templateId } : { title }).then(
      (r) => r.board,
    ),
  getBoard: (id: string) =>
    request<{ board: BoardSummary }>('GET', `/api/boards/${encodeURIComponent(id)}`).then((r) => r.board),
  boardToken: (id: string) =>
    request<{ token: string }>('POST', `/api/boards/${encodeURIComponent(id)}/token`).then((r) => r.token),
  qrUrl: (id: string) => appPath(`/api/boards/${encodeURIComponent(id)}/qr.svg`),
  /** A label's picture on a board, for its facilitators (session cookie). */
  pictureUrl: (id: string, hash: string) =>
    appPath(`/api/boards/${encodeURIComponent(id)}/images/${encodeURIComponent(hash)}`),
  joinInfo: (code: string) => request<{ title: string }>('GET', `/api/join/${encodeURIComponent(code)}`),
  /** Brings a board in from a Vægavis export (.json) or a Padlet export (.csv). */
  importBoard: (file: Blob, format: ImportFormat, title?: string) => {
    const q = new URLSearchParams({ format, ...(title ? { title } : {}) })
    return request<ImportOut>('POST', `/api/boards/import?${q}`, file)
  },
  join: (code: string, nickname?: string) =>
    request<JoinResult>('POST', '/api/join', nickname ? { code, nickname } : { code }),
}
