/**
 * A tiny history-API router: a pure `matchRoute` plus a hook that re-renders
 * on navigation. The server answers every non-API path with index.html.
 * Routes and `paths` are app paths (`/b/x`); the prefix the app may be served
 * under (`/vaegavis`, see base.ts) is added and removed only at the edges:
 * `navigate`, `usePathname` and `<Link>`.
 */
import { useSyncExternalStore } from 'react'
import { appPath, stripBase } from './base.ts'

export type Route =
  | { name: 'start' }
  | { name: 'login' }
  | { name: 'boards' }
  | { name: 'wall'; boardId: string }
  | { name: 'capture'; boardId: string }
  | { name: 'phone'; code: string }
  | { name: 'projects' }
  | { name: 'project'; projectId: string }
  | { name: 'recap'; projectId: string }
  | { name: 'snapshot'; snapshotId: string }
  | { name: 'share'; token: string }
  | { name: 'notFound' }

/** Maps a pathname to a route. Path parameters are URI-decoded; a trailing slash is ignored. */
export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  if (path === '/' || path === '') return { name: 'start' }
  if (path === '/login') return { name: 'login' }
  if (path === '/boards') return { name: 'boards' }
  if (path === '/projekter') return { name: 'projects' }
  const parts = path.split('/')
  if (parts.length === 4 && parts[1] === 'b' && parts[3] === 'foto' && parts[2]) {
    const id = safeDecode(parts[2])
    if (id) return { name: 'capture', boardId: id }
  }
  if (parts.length === 4 && parts[1] === 'projekter' && parts[3] === 'recap' && parts[2]) {
    const id = safeDecode(parts[2])
    if (id) return { name: 'recap', projectId: id }
  }
  if (parts.length === 3 && parts[2]) {
    const param = safeDecode(parts[2])
    if (param !== null && param !== '') {
      if (parts[1] === 'b') return { name: 'wall', boardId: param }
      if (parts[1] === 'j') return { name: 'phone', code: param }
      if (parts[1] === 'projekter') return { name: 'project', projectId: param }
      if (parts[1] === 'arkiv') return { name: 'snapshot', snapshotId: param }
      if (parts[1] === 's') return { name: 'share', token: param }
    }
  }
  return { name: 'notFound' }
}

/** App path of a route, for `navigate` and `<Link href>` (which add the prefix). */
export const paths = {
  start: () => '/',
  login: () => '/login',
  boards: () => '/boards',
  wall: (boardId: string) => `/b/${encodeURIComponent(boardId)}`,
  /** Reading a photo of a paper wall into the board (capture review screen). */
  capture: (boardId: string) => `/b/${encodeURIComponent(boardId)}/foto`,
  phone: (code: string) => `/j/${encodeURIComponent(code)}`,
  projects: () => '/projekter',
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s)
  } catch {
    return null
  }
}

const NAVIGATE_EVENT = 'vaegavis:navigate'

/** Goes to an app path (`paths.wall(id)`); the address bar shows it under the prefix. */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const url = appPath(to)
  if (opts.replace) window.history.replaceState(null, '', url)
  else window.history.pushState(null, '', url)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange)
  window.addEventListener(NAVIGATE_EVENT, onChange)
  return () => {
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(NAVIGATE_EVENT, onChange)
  }
}

const getPathname = () => stripBase(window.location.pathname)

/** The current app path (without the prefix); re-renders on push, replace and back/forward. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, getPathname)
}
