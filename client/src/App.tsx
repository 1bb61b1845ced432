import { normalizeJoinCode } from '@vaegavis/shared'
import { lazy, type ReactNode, Suspense } from 'react'
import { PhonePage } from './phone/PhonePage.tsx'
import { matchRoute, usePathname } from './router.ts'
import { NotFoundPage } from './ui/NotFoundPage.tsx'
import { StartPage } from './ui/StartPage.tsx'
import { t } from './ui/strings.ts'

// Only the start page and the phone are in the entry chunk: phones on little data load nothing else.
// The wall is the only route that needs Konva; it stays in its own chunk so phones never download it.
const WallPage = lazy(() => import('./canvas/WallPage.tsx'))
const LoginPage = lazy(() => import('./ui/LoginPage.tsx').then((m) => ({ default: m.LoginPage })))
const BoardsPage = lazy(() => import('./ui/BoardsPage.tsx').then((m) => ({ default: m.BoardsPage })))
const ProjectsPage = lazy(() => import('./archive/ProjectsPage.tsx').then((m) => ({ default: m.ProjectsPage })))
const ProjectPage = lazy(() => import('./archive/ProjectPage.tsx').then((m) => ({ default: m.ProjectPage })))
const RecapPage = lazy(() => import('./archive/RecapPage.tsx').then((m) => ({ default: m.RecapPage })))
const SnapshotPage = lazy(() => import('./archive/SnapshotPage.tsx').then((m) => ({ default: m.SnapshotPage })))
const SharePage = lazy(() => import('./archive/SharePage.tsx').then((m) => ({ default: m.SharePage })))

function Loading({ text = t.pageLoading, children }: { text?: string; children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <main className="page page--narrow">
          <p aria-live="polite">{text}</p>
        </main>
      }
    >
      {children}
    </Suspense>
  )
}

export function App() {
  const route = matchRoute(usePathname())
  switch (route.name) {
    case 'start':
      return <StartPage />
    case 'login':
      return (
        <Loading>
          <LoginPage />
        </Loading>
      )
    case 'boards':
      return (
        <Loading>
          <BoardsPage />
        </Loading>
      )
    case 'phone':
      return <PhonePage key={normalizeJoinCode(route.code) ?? route.code} rawCode={route.code} />
    case 'wall':
      return (
        <Loading text={t.wallLoading}>
          <WallPage key={route.boardId} boardId={route.boardId} />
        </Loading>
      )
    case 'projects':
      return (
        <Loading>
          <ProjectsPage />
        </Loading>
      )
    case 'project':
      return (
        <Loading>
          <ProjectPage key={route.projectId} projectId={route.projectId} />
        </Loading>
      )
    case 'recap':
      return (
        <Loading>
          <RecapPage key={route.projectId} projectId={route.projectId} />
        </Loading>
      )
    case 'snapshot':
      return (
        <Loading>
          <SnapshotPage key={route.snapshotId} snapshotId={route.snapshotId} />
        </Loading>
      )
    case 'share':
      return (
        <Loading>
          <SharePage key={route.token} token={route.token} />
        </Loading>
      )
    default:
      return <NotFoundPage />
  }
}
