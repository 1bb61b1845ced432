/**
 * A labelled form control and the sentence that says why its value was
 * refused. The control points at that sentence (`aria-describedby`) while
 * there is one, so a screen reader reads it with the control.
 */
import type { ReactNode } from 'react'

/** The error sentence's id for the control `id`. */
export const errorIdOf = (id: string) => `${id}-error`

/** Attributes for a control whose value `error` refused; `describedBy` adds ids it points at anyway (a hint). */
export function invalidProps(id: string, error: string | null, describedBy?: string) {
  const ids = [describedBy, error ? errorIdOf(id) : undefined].filter(Boolean).join(' ')
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined }
}

/** The sentence under a control (or a form) while something is wrong; nothing otherwise. */
export function ErrorText({ error, id, testId }: { error: string | null; id?: string; testId?: string }) {
  if (!error) return null
  return (
    <p id={id} className="error" role="alert" data-testid={testId}>
      {error}
    </p>
  )
}

/** A label above its control; `error` is shown under it, with the id {@link invalidProps} points at. */
export function Field({
  id,
  label,
  grow,
  error = null,
  children,
}: {
  id: string
  label: ReactNode
  /** Takes the room left in its row. */
  grow?: boolean
  error?: string | null
  children: ReactNode
}) {
  return (
    <div className={grow ? 'field field--grow' : 'field'}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children}
      <ErrorText error={error} id={errorIdOf(id)} />
    </div>
  )
}
