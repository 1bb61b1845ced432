import { t } from '../i18n.ts'
import { paths } from '../router.ts'
import { Link } from './Link.tsx'

export function NotFoundPage() {
  return (
    <main className="page page--narrow">
      <h1>{t('common.notFoundHeading')}</h1>
      <p>
        <Link href={paths.start()}>{t('common.notFoundLink')}</Link>
      </p>
    </main>
  )
}
