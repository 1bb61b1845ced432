import { describe, expect, it } from 'vitest'
import { appPath, basePathOf, hostAndBase, stripBase } from './base.ts'
import { matchRoute, paths } from './router.ts'

describe('the prefix the app is served under', () => {
  it('is read from the page base, without its trailing slash', () => {
    expect(basePathOf('https://club.example.dk/vaegavis/')).toBe('/vaegavis')
    expect(basePathOf('https://club.example.dk/klub/vaegavis/')).toBe('/klub/vaegavis')
    expect(basePathOf('http://localhost:5173/')).toBe('')
  })

  it('is put in front of API paths and page links, and nothing changes at the root', () => {
    expect(appPath('/api/me', '/vaegavis')).toBe('/vaegavis/api/me')
    expect(appPath(paths.wall('b1'), '/vaegavis')).toBe('/vaegavis/b/b1')
    expect(appPath('/api/me', '')).toBe('/api/me')
  })

  it('is taken off the address bar before routing, so deep links under it reach their page', () => {
    expect(matchRoute(stripBase('/vaegavis/j/ACD347', '/vaegavis'))).toEqual({ name: 'phone', code: 'ACD347' })
    expect(matchRoute(stripBase('/vaegavis/', '/vaegavis'))).toEqual({ name: 'start' })
    expect(matchRoute(stripBase('/vaegavis', '/vaegavis'))).toEqual({ name: 'start' })
    expect(stripBase('/b/b1', '')).toBe('/b/b1')
  })

  it('is left alone on a path outside it, which the server answers too', () => {
    expect(stripBase('/vaegavisen/b/b1', '/vaegavis')).toBe('/vaegavisen/b/b1')
    expect(stripBase('/b/b1', '/vaegavis')).toBe('/b/b1')
  })

  it('is part of the address the wall tells people to open', () => {
    expect(hostAndBase({ host: 'club.example.dk' }, '/vaegavis')).toBe('club.example.dk/vaegavis')
    expect(hostAndBase({ host: '192.168.1.20:8080' }, '')).toBe('192.168.1.20:8080')
  })
})
