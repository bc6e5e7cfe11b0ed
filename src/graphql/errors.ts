// The Error interface and the typed errors of the contract: what a mutation answers when it cannot act.
import { BACKEND_ERROR_CODES, BACKEND_ERROR_MEANINGS, type BackendErrorCode, type BackendFailure } from '../connectors/errors.js';
import type { Capability } from '../domain/model.js';
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
    readonly capability: Capability,
  ) {
    this.message = `Backend '${backend.connector.name}' (${backend.connector.kind}) does not support ${capability}.`;
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

export type TypedError = ValidationError | NotFoundError | UnsupportedOperationError | BackendError | OperationsUnavailableError;

/** The GraphQL type of a typed error; unions and the interface resolve through it (graphql-jit needs resolveType). */
export function errorTypename(error: TypedError): string {
  if (error instanceof ValidationError) return 'ValidationError';
  if (error instanceof NotFoundError) return 'NotFoundError';
  if (error instanceof UnsupportedOperationError) return 'UnsupportedOperationError';
  if (error instanceof OperationsUnavailableError) return 'OperationsUnavailableError';
  return 'BackendError';
}

export const ErrorRef = builder.interfaceRef<TypedError>('Error').implement({
  description: 'Every typed error returned from a mutation implements Error.',
  resolveType: errorTypename,
  fields: (t) => ({ message: t.exposeString('message') }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorRef],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({
    field: t.exposeString('field', { nullable: true, description: 'The input field at fault, as a dotted path.' }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorRef],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: (t) => ({ id: t.exposeID('id') }),
});

builder.objectType(UnsupportedOperationError, {
  name: 'UnsupportedOperationError',
  interfaces: [ErrorRef],
  isTypeOf: (value) => value instanceof UnsupportedOperationError,
  fields: (t) => ({
    backend: t.field({ type: BackendRef, resolve: (error) => error.backend }),
    capability: t.exposeString('capability', { description: 'The BackendCapabilities field that is false.' }),
  }),
});

builder.objectType(OperationsUnavailableError, {
  name: 'OperationsUnavailableError',
  description: 'Operations cannot be recorded right now (their store is unreachable); nothing was sent to the backend. Retry later.',
  interfaces: [ErrorRef],
  isTypeOf: (value) => value instanceof OperationsUnavailableError,
  fields: () => ({}),
});

builder.objectType(BackendError, {
  name: 'BackendError',
  interfaces: [ErrorRef],
  isTypeOf: (value) => value instanceof BackendError,
  fields: (t) => ({
    backend: t.field({ type: BackendRef, resolve: (error) => error.backend }),
    code: t.exposeString('code', { nullable: true, description: CODE_DESCRIPTION }),
    backendCode: t.exposeString('backendCode', { nullable: true, description: "The backend's own error code, if it sent one." }),
    httpStatus: t.exposeInt('httpStatus', { nullable: true, description: 'The HTTP status the backend answered, if it answered.' }),
  }),
});
