/** An error the dashboard answers with its own status and message (4xx); anything else is a 500 without details. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: 400 | 403 | 404 | 405,
    message: string,
  ) {
    super(message);
  }
}
