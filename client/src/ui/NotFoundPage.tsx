import { paths } from '../router.ts'
import { Link } from './Link.tsx'
import { t } from './strings.ts'

export function NotFoundPage() {
  return (
    <main className="page page--narrow">
      <h1>{t.notFoundHeading}</h1>
      <p>
        <Link href={paths.start()}>{t.notFoundLink}</Link>
      </p>
    </main>
  )
}
