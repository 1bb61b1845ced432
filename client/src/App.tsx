import { normalizeJoinCode } from '@vaegavis/shared'
import { lazy, Suspense } from 'react'
import { PhonePage } from './phone/PhonePage.tsx'
import { matchRoute, usePathname } from './router.ts'
import { BoardsPage } from './ui/BoardsPage.tsx'
import { LoginPage } from './ui/LoginPage.tsx'
import { NotFoundPage } from './ui/NotFoundPage.tsx'
import { StartPage } from './ui/StartPage.tsx'
import { t } from './ui/strings.ts'

// The wall is the only route that needs Konva; it stays in its own chunk so phones never download it.
const WallPage = lazy(() => import('./canvas/WallPage.tsx'))

export function App() {
  const route = matchRoute(usePathname())
  switch (route.name) {
    case 'start':
      return <StartPage />
    case 'login':
      return <LoginPage />
    case 'boards':
      return <BoardsPage />
    case 'phone':
      return <PhonePage key={normalizeJoinCode(route.code) ?? route.code} rawCode={route.code} />
    case 'wall':
      return (
        <Suspense
          fallback={
            <main className="page page--narrow">
              <p aria-live="polite">{t.wallLoading}</p>
            </main>
          }
        >
          <WallPage key={route.boardId} boardId={route.boardId} />
        </Suspense>
      )
    default:
      return <NotFoundPage />
  }
}
