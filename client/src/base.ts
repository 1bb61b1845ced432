/**
 * The path prefix the app is served under: `/vaegavis` behind a reverse proxy
 * at https://club.example.dk/vaegavis/, `''` at the root. The server writes it
 * into index.html as `<base href="/vaegavis/">`; the build itself uses only
 * relative URLs, so one build works under any prefix. Every absolute path the
 * client puts in a request, a link or the address bar goes through here, so
 * none escapes the prefix (the proxy would not route it back to us).
 */

/** The prefix a page's base URI names: `https://x.dk/vaegavis/` → `/vaegavis`, `https://x.dk/` → `''`. */
export function basePathOf(baseURI: string): string {
  return new URL(baseURI).pathname.replace(/\/+$/, '')
}

let cached: string | undefined

/**
 * This page's prefix, from its `<base>`. Without one (a test in Node, a page
 * not served by us) it is `''`: `document.baseURI` would then be the page's
 * own address, which is no prefix at all.
 */
export function basePath(): string {
  if (cached === undefined) {
    const hasBase = typeof document !== 'undefined' && document.querySelector('base[href]') !== null
    cached = hasBase ? basePathOf(document.baseURI) : ''
  }
  return cached
}

/**
 * An absolute path on this server (`/api/me`, `/b/x`, as the code writes
 * them) as the browser must request it (`/vaegavis/api/me`, `/vaegavis/b/x`).
 */
export function appPath(path: string, base: string = basePath()): string {
  return `${base}${path}`
}

/**
 * The app's own path for a pathname in the address bar (`/vaegavis/b/x` →
 * `/b/x`). A pathname outside the prefix (the server reached directly, not
 * through the proxy) is returned unchanged: the server answers there too.
 */
export function stripBase(pathname: string, base: string = basePath()): string {
  if (base === '') return pathname
  if (pathname === base) return '/'
  if (pathname.startsWith(`${base}/`)) return pathname.slice(base.length)
  return pathname
}

/** The host and prefix people type to reach us, for "join at …" on the wall: `club.example.dk/vaegavis`. */
export function hostAndBase(loc: Pick<Location, 'host'> = window.location, base: string = basePath()): string {
  return `${loc.host}${base}`
}
