// Failures a connector reports; the GraphQL layer turns them into BackendError for that backend's part only.

/** A backend answered badly, not at all, or with something its schema rejects. */
export class BackendFailure extends Error {
  override readonly name = 'BackendFailure';
  constructor(
    readonly backend: string,
    message: string,
    /** The backend's HTTP status or error code, if any. */
    readonly code: string | null = null,
  ) {
    super(message);
  }
}
