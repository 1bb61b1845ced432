import { normalizeJoinCode } from '@vaegavis/shared'
import { lazy, type ReactNode, Suspense } from 'react'
import { t, useLocale, withArea } from './i18n.ts'
import { PhonePage } from './phone/PhonePage.tsx'
import { matchRoute, type Route, usePathname } from './router.ts'
import { LanguageSwitch } from './ui/LanguageSwitch.tsx'
import { NotFoundPage } from './ui/NotFoundPage.tsx'
import { StartPage } from './ui/StartPage.tsx'

// Only the start page and the phone are in the entry chunk: phones on little data load nothing else.
// The wall is the only route that needs Konva; it stays in its own chunk so phones never download it.
// Each lazy page waits for its area of the current language's texts as well.
// The wall saves itself into the archive and exports from it (SaveTools): it needs the archive's words too.
const WallPage = lazy(() => withArea(['app', 'wall', 'archive'], () => import('./canvas/WallPage.tsx')))
const LoginPage = lazy(() =>
  withArea(['app'], () => import('./ui/LoginPage.tsx')).then((m) => ({ default: m.LoginPage })),
)
const BoardsPage = lazy(() =>
  withArea(['app', 'archive'], () => import('./ui/BoardsPage.tsx')).then((m) => ({ default: m.BoardsPage })),
)
const ProjectsPage = lazy(() =>
  withArea(['archive'], () => import('./archive/ProjectsPage.tsx')).then((m) => ({ default: m.ProjectsPage })),
)
const ProjectPage = lazy(() =>
  withArea(['archive'], () => import('./archive/ProjectPage.tsx')).then((m) => ({ default: m.ProjectPage })),
)
const RecapPage = lazy(() =>
  withArea(['archive'], () => import('./archive/RecapPage.tsx')).then((m) => ({ default: m.RecapPage })),
)
const SnapshotPage = lazy(() =>
  withArea(['archive'], () => import('./archive/SnapshotPage.tsx')).then((m) => ({ default: m.SnapshotPage })),
)
const CapturePage = lazy(() =>
  withArea(['app', 'capture'], () => import('./capture/CapturePage.tsx')).then((m) => ({ default: m.CapturePage })),
)
const SharePage = lazy(() =>
  withArea(['archive'], () => import('./archive/SharePage.tsx')).then((m) => ({ default: m.SharePage })),
)

function Loading({ text = t('common.pageLoading'), children }: { text?: string; children: ReactNode }) {
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
  // Re-renders every page (and its children) when the language is switched.
  useLocale()
  const route = matchRoute(usePathname())
  // The projector has the switch in its facilitator panel; every other page has it at the foot.
  if (route.name === 'wall') return <Page route={route} />
  return (
    <>
      <Page route={route} />
      <footer className="app-footer">
        <LanguageSwitch />
      </footer>
    </>
  )
}

function Page({ route }: { route: Route }) {
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
        <Loading text={t('common.wallLoading')}>
          <WallPage key={route.boardId} boardId={route.boardId} />
        </Loading>
      )
    case 'capture':
      return (
        <Loading>
          <CapturePage key={route.boardId} boardId={route.boardId} />
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
