// The SchemaBuilder and its plugins; defines no types (every definition file imports this one).
import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin, { type AuthFailure } from '@pothos/plugin-scope-auth';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ValidationPlugin from '@pothos/plugin-validation';
import { GraphQLError } from 'graphql';
import type { Scope } from '../auth/principal.js';
import type { Context } from './context.js';

interface PothosTypes {
  Context: Context;
  AuthScopes: Record<Scope, boolean>;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    ID: { Input: string; Output: string };
  };
}

/** The builder's full type set, for generic helpers that take refs. */
export type BuilderTypes = PothosSchemaTypes.ExtendDefaultTypes<PothosTypes>;

/** The scopes a failed check wanted, however the check was nested. */
function wantedScopes(failure: AuthFailure): string[] {
  if ('failures' in failure) return failure.failures.flatMap(wantedScopes);
  return 'scope' in failure ? [failure.scope] : [];
}

export const builder = new SchemaBuilder<PothosTypes>({
  // scope-auth first: nothing runs (validation included) for a caller without the scope.
  plugins: [ScopeAuthPlugin, ValidationPlugin, ComplexityPlugin],
  scopeAuth: {
    authScopes: (ctx) => ({
      'snapshots:read': ctx.principal.scopes.has('snapshots:read'),
      'snapshots:write': ctx.principal.scopes.has('snapshots:write'),
      'schedules:write': ctx.principal.scopes.has('schedules:write'),
    }),
    // A subscription is checked when it starts, not on every event.
    authorizeOnSubscribe: true,
    unauthorizedError: (_parent, _ctx, info, result) =>
      new GraphQLError(`${info.parentType.name}.${info.fieldName} needs the ${[...new Set(wantedScopes(result.failure))].join(' or ') || 'missing'} scope, which this caller lacks`, {
        extensions: { code: 'FORBIDDEN', http: { status: 403 } },
      }),
  },
  defaultFieldNullability: false,
  validation: {
    // Argument mistakes (a huge `first`, say) are the client's: a typed GraphQL error, never masked.
    validationError: (failure) =>
      new GraphQLError(
        failure.issues
          .map((issue) => `${(issue.path ?? []).map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.')}: ${issue.message}`)
          .join('; '),
        { extensions: { code: 'BAD_USER_INPUT' } },
      ),
  },
});

/**
 * On every type that holds estate data (backends, VMs, drives, snapshots, schedules, lists of them): wherever it is
 * reached, through a mutation's payload or a typed error too, each of its fields needs snapshots:read. A writer
 * without it still sees its own Operation (status, progress, error), never what is around it.
 */
export const READ_SCOPED = { authScopes: { 'snapshots:read': true } } as const;

// Reading needs snapshots:read; each mutation names the write scope it needs.
builder.queryType({ description: 'Reads: the backends, their VMs, drives and snapshots, and the operations started on them.', authScopes: { 'snapshots:read': true } });
builder.mutationType({ description: 'Acts on backends: each answers an operation to follow, or a typed error when nothing was sent.' });
builder.subscriptionType({ description: 'Live progress of operations and changes to the inventory, over graphql-ws or SSE.', authScopes: { 'snapshots:read': true } });

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date and time with an offset, e.g. 2026-11-23T14:00:00Z.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString()),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string');
    return date;
  },
});
