// Why the planner makes no action, as plain domain data; the API layer words each as its own typed error.
import type { Connector } from '../../connectors/connector.js';
import type { BackendFailure } from '../../connectors/errors.js';
import type { Capabilities } from '../../domain/model.js';

export type Refused =
  /** The request is wrong in a way the client can fix; field is the input field at fault, as a dotted path. */
  | { refused: 'INVALID'; message: string; field: string | null }
  /** An id names nothing the caller can see. */
  | { refused: 'NOT_FOUND'; message: string; id: string }
  /** The backend cannot do this (here); `of` narrows what it cannot (cancel: of which operations). */
  | { refused: 'UNSUPPORTED'; connector: Connector; capability: keyof Capabilities; of?: string }
  /** Reading what the request names failed on the backend. */
  | { refused: 'BACKEND_FAILED'; connector: Connector; failure: BackendFailure };

export const isRefused = <T extends object>(value: T | Refused): value is Refused => 'refused' in value;

/** The input field at fault, and why: the message leads with the field. */
export const invalid = (field: string, why: string): Refused => ({ refused: 'INVALID', message: `${field}: ${why}`, field });

/** What an id (given in `field`) was expected to name is not there. */
export const notFound = (named: { id: string; field: string; type: string }): Refused => ({
  refused: 'NOT_FOUND',
  message: `${named.field}: no ${named.type} has this id`,
  id: named.id,
});

/** A read the plan needed failed on the backend. */
export const backendFailed = (connector: Connector, failure: BackendFailure): Refused => ({ refused: 'BACKEND_FAILED', connector, failure });
