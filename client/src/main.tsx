import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import { startI18n } from './i18n.ts'
import './styles.css'

function render(root: HTMLElement) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}

const root = document.getElementById('root')
if (root) {
  // Danish is in this chunk; another language's texts arrive first, so no page shows in the wrong one.
  const loading = startI18n()
  if (loading)
    loading.then(
      () => render(root),
      () => render(root),
    )
  else render(root)
}
