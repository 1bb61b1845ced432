import { type ErrorCode, httpStatusOf } from '@vaegavis/shared'

/** An error the API reports to the client as `{ code, message }` with the code's HTTP status. */
export class AppError extends Error {
  readonly statusCode: number
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'AppError'
    this.statusCode = httpStatusOf[code]
  }
}
