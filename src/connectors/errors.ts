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

/**
 * Whether a failed call may still have acted: its answer was lost (timed out, or the connection cut after the
 * request went out), so the backend neither did it nor refused it as far as the caller can tell.
 */
export const answerLost = (error: unknown): boolean =>
  error instanceof BackendFailure && (error.code === 'TIMEOUT' || error.code === 'ANSWER_LOST');
