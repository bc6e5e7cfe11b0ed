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
 * Some parts of one read answered and some failed (one cluster of several, say): what the answering parts gave,
 * and why the others are missing. A connector throws it from a read; the loaders keep the records and report the
 * failures beside them, so the failed parts are a BackendError each and the rest is still shown.
 */
export class PartialFailure extends Error {
  override readonly name = 'PartialFailure';
  constructor(
    readonly backend: string,
    /** The records of the parts that answered, of the type the read returns (the loaders check their entity). */
    readonly records: readonly unknown[],
    /** One per failed part, its message naming the part ("cluster Msc1: ..."). */
    readonly failures: readonly BackendFailure[],
    /**
     * For reads by key or under parents: the failure behind each key asked for that a failed part holds (keys not
     * in it were answered). Null when the read cannot tell, and every key may be missing something.
     */
    readonly failedKeys: ReadonlyMap<string, BackendFailure> | null = null,
  ) {
    super(failures.map((failure) => failure.message).join('; ') || 'part of the read failed');
  }
}
