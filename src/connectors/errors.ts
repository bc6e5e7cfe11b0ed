// Failures a connector reports; the GraphQL layer turns them into BackendError for that backend's part only.
import { withoutAddresses } from './failureWords.js';

/** What went wrong with a backend, in words a client can switch on (docs/errors.md says what each means). */
export const BACKEND_ERROR_CODES = [
  'UNREACHABLE',
  'TIMEOUT',
  'ANSWER_LOST',
  'CIRCUIT_OPEN',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_REQUEST',
  'RATE_LIMITED',
  'SERVER_ERROR',
  'BAD_RESPONSE',
  'UNSUPPORTED',
  'TASK_FAILED',
  'STATE_UNAVAILABLE',
] as const;

export type BackendErrorCode = (typeof BACKEND_ERROR_CODES)[number];

/** When each code is given, in a few words (the schema's description; docs/errors.md says more). */
export const BACKEND_ERROR_MEANINGS: Record<BackendErrorCode, string> = {
  UNREACHABLE: 'no connection to the backend, or it dropped the call before answering',
  TIMEOUT: 'the backend did not answer in time',
  ANSWER_LOST: 'the connection was cut after a write was sent: the backend may or may not have acted',
  CIRCUIT_OPEN: 'the backend failed too often in a row, so calls fail at once until it answers again',
  UNAUTHORIZED: "the backend refused the gateway's credentials (HTTP 401)",
  FORBIDDEN: 'the backend does not let the gateway do this (HTTP 403)',
  NOT_FOUND: 'the backend has no such thing, or the id does not name one (HTTP 404, 410)',
  CONFLICT: 'the backend refused because of the state of the thing (HTTP 409)',
  INVALID_REQUEST: 'the backend refused the request as invalid (HTTP 400, 422 and other 4xx)',
  RATE_LIMITED: 'the backend asks the gateway to slow down (HTTP 429)',
  SERVER_ERROR: 'the backend failed on its side (HTTP 5xx, or an answer or health check saying it failed)',
  BAD_RESPONSE: 'the backend answered something the gateway cannot read',
  UNSUPPORTED: 'the backend cannot do this at all',
  TASK_FAILED: 'the backend took the action and reports that it failed',
  STATE_UNAVAILABLE: "the gateway's own record of this backend (what it knows beyond the backend's lists, kept in Redis or a file) cannot be read",
};

/** What the backend itself said, kept beside our code. */
interface BackendFailureDetail {
  /** The backend's own error code, kind or type, if it sent one. */
  backendCode?: string | null;
  /** The HTTP status the backend answered, if it answered. */
  httpStatus?: number | null;
  /** What the log gets beyond the message: the raw error, with its address. Never shown to a client. */
  raw?: string | null;
}

/** Our code for an HTTP status the backend answered with (a non-2xx one; a 2xx here is an answer we cannot use). */
function codeOfStatus(status: number): BackendErrorCode {
  switch (status) {
    case 401:
      return 'UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
    case 410:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 429:
      return 'RATE_LIMITED';
  }
  if (status >= 400 && status < 500) return 'INVALID_REQUEST';
  if (status >= 500 && status < 600) return 'SERVER_ERROR';
  return 'BAD_RESPONSE';
}

/**
 * A backend answered badly, not at all, or with something its schema rejects. Its message is the client's, in words
 * and without addresses (any the text had are replaced, see withoutAddresses); `raw` is the log's.
 */
export class BackendFailure extends Error {
  override readonly name = 'BackendFailure';
  readonly backendCode: string | null;
  readonly httpStatus: number | null;
  /** The raw error, for the log only; null when the message says it all. */
  readonly raw: string | null;

  constructor(
    readonly backend: string,
    message: string,
    readonly code: BackendErrorCode,
    detail: BackendFailureDetail = {},
  ) {
    const words = withoutAddresses(message);
    super(words);
    this.backendCode = detail.backendCode ?? null;
    this.httpStatus = detail.httpStatus ?? null;
    this.raw = detail.raw ?? (words === message ? null : message);
  }

  /** What the log gets: the raw error where there is one, else the message. */
  get logged(): string {
    return this.raw ?? this.message;
  }

  /** The failure of an answer with this status, with the backend's own code if its body carried one. */
  static fromAnswer(backend: string, message: string, httpStatus: number, backendCode: string | null = null): BackendFailure {
    return new BackendFailure(backend, message, codeOfStatus(httpStatus), { backendCode, httpStatus });
  }
}

/**
 * Whether a failed call may still have acted: its answer was lost (timed out, or the connection cut after the
 * request went out), so the backend neither did it nor refused it as far as the caller can tell.
 */
export const answerLost = (error: unknown): boolean =>
  error instanceof BackendFailure && (error.code === 'TIMEOUT' || error.code === 'ANSWER_LOST');

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
