import type { AnchorHTMLAttributes, MouseEvent } from 'react'
import { appPath } from '../base.ts'
import { navigate } from '../router.ts'

/**
 * An ordinary link that navigates in-app on a plain left click. `href` is an
 * app path (`paths.…`); the rendered link carries the prefix, so opening it in
 * a new tab works too.
 */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e)
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
    e.preventDefault()
    navigate(href)
  }
  return <a href={appPath(href)} onClick={handle} {...rest} />
}
