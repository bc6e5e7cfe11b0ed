// The SchemaBuilder and its plugins; defines no types (every definition file imports this one).
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ValidationPlugin from '@pothos/plugin-validation';
import { GraphQLError } from 'graphql';
import type { Context } from './context.js';

export interface PothosTypes {
  Context: Context;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    ID: { Input: string; Output: string };
  };
}

/** The builder's full type set, for generic helpers that take refs. */
export type BuilderTypes = PothosSchemaTypes.ExtendDefaultTypes<PothosTypes>;

export const builder = new SchemaBuilder<PothosTypes>({
  plugins: [ValidationPlugin, ComplexityPlugin],
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

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date and time with an offset, e.g. 2026-11-23T14:00:00Z.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString()),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string');
    return date;
  },
});
