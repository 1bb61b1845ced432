/**
 * A tiny history-API router: a pure `matchRoute` plus a hook that re-renders
 * on navigation. The server answers every non-API path with index.html.
 */
import { useSyncExternalStore } from 'react'

export type Route =
  | { name: 'start' }
  | { name: 'login' }
  | { name: 'boards' }
  | { name: 'wall'; boardId: string }
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

/** Path of a route, for links. */
export const paths = {
  start: () => '/',
  login: () => '/login',
  boards: () => '/boards',
  wall: (boardId: string) => `/b/${encodeURIComponent(boardId)}`,
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

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
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

const getPathname = () => window.location.pathname

/** The current pathname; re-renders on push, replace and back/forward. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, getPathname)
}
