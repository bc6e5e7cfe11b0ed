// The Error interface and the typed errors of the contract: what a mutation answers when it cannot act.
import { BACKEND_ERROR_CODES, BACKEND_ERROR_MEANINGS, type BackendErrorCode, type BackendFailure } from '../connectors/errors.js';
import type { Capabilities } from '../domain/model.js';
import { builder } from './builder.js';
import { BackendRef, type BackendShape } from './refs.js';

export class ValidationError {
  constructor(
    readonly message: string,
    /** The input field at fault, as a dotted path. */
    readonly field: string | null,
  ) {}
}

export class NotFoundError {
  constructor(
    readonly message: string,
    readonly id: string,
  ) {}
}

export class UnsupportedOperationError {
  readonly message: string;
  constructor(
    readonly backend: BackendShape,
    readonly capability: keyof Capabilities,
    of?: string,
  ) {
    this.message = `Backend '${backend.connector.name}' (${backend.connector.kind}) does not support ${capability}${of ? ` of ${of}` : ''}.`;
  }
}

export class BackendError {
  readonly message: string;
  readonly code: BackendErrorCode;
  readonly backendCode: string | null;
  readonly httpStatus: number | null;
  constructor(
    failure: BackendFailure,
    readonly backend: BackendShape,
  ) {
    this.message = failure.message;
    this.code = failure.code;
    this.backendCode = failure.backendCode;
    this.httpStatus = failure.httpStatus;
  }
}

const CODE_DESCRIPTION = [
  'What went wrong, always one of these (docs/errors.md says what a client should do):',
  ...BACKEND_ERROR_CODES.map((code) => `- ${code}: ${BACKEND_ERROR_MEANINGS[code]}`),
].join('\n');

/** Operations cannot be recorded (their store, Redis, is unreachable): nothing was sent to the backend. */
export class OperationsUnavailableError {
  constructor(readonly message: string) {}
}

/**
 * Every typed error, in the order the result unions list them; each class is named after its GraphQL type.
 * Adding one is a class, its object type below, and its place here.
 */
export const TYPED_ERRORS = [ValidationError, NotFoundError, UnsupportedOperationError, BackendError, OperationsUnavailableError] as const;

export type TypedError = InstanceType<(typeof TYPED_ERRORS)[number]>;


/** The GraphQL type of a typed error; unions and the interface resolve through it (graphql-jit needs resolveType). */
export function errorTypename(error: TypedError): string {
  const type = TYPED_ERRORS.find((candidate) => error instanceof candidate);
  if (!type) throw new Error('not a typed error');
  return type.name;
}

const ErrorRef = builder.interfaceRef<TypedError>('Error').implement({
  description: 'Every typed error returned from a mutation implements Error.',
  resolveType: errorTypename,
  fields: (t) => ({ message: t.exposeString('message', { description: 'What went wrong, in words for a person.' }) }),
});

/** What every typed error's object type shares: its class's name, the Error interface, and instanceof to tell it. */
const errorObject = (type: (typeof TYPED_ERRORS)[number]) =>
  ({ name: type.name, interfaces: [ErrorRef], isTypeOf: (value: unknown) => value instanceof type });

builder.objectType(ValidationError, {
  ...errorObject(ValidationError),
  description: 'The input cannot be acted on as it is (a name taken or malformed, a state the target is not in); nothing was sent to the backend.',
  fields: (t) => ({
    field: t.exposeString('field', { nullable: true, description: 'The input field at fault, as a dotted path.' }),
  }),
});

builder.objectType(NotFoundError, {
  ...errorObject(NotFoundError),
  description: 'Nothing with this id exists, or the caller may not see it; nothing was sent to the backend.',
  fields: (t) => ({ id: t.exposeID('id', { description: 'The id that was looked for.' }) }),
});

builder.objectType(UnsupportedOperationError, {
  ...errorObject(UnsupportedOperationError),
  description: "The target's backend cannot do this (its capability is false); nothing was sent to the backend.",
  fields: (t) => ({
    backend: t.field({ type: BackendRef, description: 'The backend that cannot do it.', resolve: (error) => error.backend }),
    capability: t.exposeString('capability', { description: 'The BackendCapabilities field that is false.' }),
  }),
});

builder.objectType(OperationsUnavailableError, {
  ...errorObject(OperationsUnavailableError),
  description: 'Operations cannot be recorded right now (their store is unreachable); nothing was sent to the backend. Retry later.',
  fields: () => ({}),
});

builder.objectType(BackendError, {
  ...errorObject(BackendError),
  description: 'The backend failed to answer or refused; its part is missing. What it said is in message, backendCode and httpStatus.',
  fields: (t) => ({
    backend: t.field({ type: BackendRef, description: 'The backend that failed.', resolve: (error) => error.backend }),
    code: t.exposeString('code', { nullable: true, description: CODE_DESCRIPTION }),
    backendCode: t.exposeString('backendCode', { nullable: true, description: "The backend's own error code, if it sent one." }),
    httpStatus: t.exposeInt('httpStatus', { nullable: true, description: 'The HTTP status the backend answered, if it answered.' }),
  }),
});
