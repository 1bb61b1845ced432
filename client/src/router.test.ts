import { describe, expect, it } from 'vitest'
import { matchRoute, paths } from './router.ts'

describe('matchRoute', () => {
  it('maps each page path to its route', () => {
    expect(matchRoute('/')).toEqual({ name: 'start' })
    expect(matchRoute('/login')).toEqual({ name: 'login' })
    expect(matchRoute('/boards')).toEqual({ name: 'boards' })
    expect(matchRoute('/b/abc123')).toEqual({ name: 'wall', boardId: 'abc123' })
    expect(matchRoute('/j/ACD347')).toEqual({ name: 'phone', code: 'ACD347' })
  })

  it('ignores a trailing slash', () => {
    expect(matchRoute('/boards/')).toEqual({ name: 'boards' })
    expect(matchRoute('/j/ACD347/')).toEqual({ name: 'phone', code: 'ACD347' })
  })

  it('decodes path parameters and round-trips with paths', () => {
    expect(matchRoute(paths.phone('ab c'))).toEqual({ name: 'phone', code: 'ab c' })
    expect(matchRoute(paths.wall('x/y'))).toEqual({ name: 'wall', boardId: 'x/y' })
  })

  it('sends unknown or malformed paths to not-found', () => {
    expect(matchRoute('/nope')).toEqual({ name: 'notFound' })
    expect(matchRoute('/b/')).toEqual({ name: 'notFound' })
    expect(matchRoute('/j/a/b')).toEqual({ name: 'notFound' })
    expect(matchRoute('/j/%E0%A4%A')).toEqual({ name: 'notFound' })
  })
})
