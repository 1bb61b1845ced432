/**
 * The entry of the `/j/:code` page the server inlines into its HTML
 * (`vite build --mode phone`, see vite.config.ts), so a phone on a weak
 * connection needs the page and the socket, not a script in between. It is
 * built to stand alone: an inline module has no URL, so a chunk importing
 * React from it would get a second copy. It imports nothing but the texts of
 * another language, which are modules of their own. Any other route is the
 * full app, so leaving the phone route loads that page from the server.
 */
import { normalizeJoinCode } from '@vaegavis/shared'
import { StrictMode, useEffect } from 'react'
import { createRoot } from 'react-dom/client'
import { startI18n, useLocale } from '../i18n.ts'
import { matchRoute, usePathname } from '../router.ts'
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx'
import '../styles.css'
import { PhonePage } from './PhonePage.tsx'

function PhoneApp() {
  useLocale()
  const route = matchRoute(usePathname())
  const elsewhere = route.name !== 'phone'
  useEffect(() => {
    if (elsewhere) window.location.reload()
  }, [elsewhere])
  if (route.name !== 'phone') return null
  return (
    <>
      <PhonePage key={normalizeJoinCode(route.code) ?? route.code} rawCode={route.code} />
      <footer className="app-footer">
        <LanguageSwitch />
      </footer>
    </>
  )
}

function render(root: HTMLElement) {
  createRoot(root).render(
    <StrictMode>
      <PhoneApp />
    </StrictMode>,
  )
}

const root = document.getElementById('root')
if (root) {
  const loading = startI18n()
  loading.then(
    () => render(root),
    () => render(root),
  )
}
