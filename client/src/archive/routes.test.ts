import { describe, expect, it } from 'vitest'
import { matchRoute } from '../router.ts'
import { archivePaths } from './paths.ts'

describe('archive routes', () => {
  it('round-trips every archive path', () => {
    expect(matchRoute(archivePaths.projects())).toEqual({ name: 'projects' })
    expect(matchRoute(archivePaths.project('p 1'))).toEqual({ name: 'project', projectId: 'p 1' })
    expect(matchRoute(archivePaths.recap('p1'))).toEqual({ name: 'recap', projectId: 'p1' })
    expect(matchRoute(archivePaths.snapshot('s1'))).toEqual({ name: 'snapshot', snapshotId: 's1' })
    expect(matchRoute(archivePaths.share('tok'))).toEqual({ name: 'share', token: 'tok' })
  })
  it('sends malformed archive paths to not-found', () => {
    expect(matchRoute('/projekter/p1/other')).toEqual({ name: 'notFound' })
    expect(matchRoute('/projekter//recap')).toEqual({ name: 'notFound' })
  })
})
