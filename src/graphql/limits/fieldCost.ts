// What a field adds to an operation's cost: 1, and a list multiplies the cost of what is selected under it by the
// items it may hold, so nested connections multiply (1000 VMs × 100 snapshots each are 100,000 snapshots).
import type { FieldComplexityValue } from '@pothos/plugin-complexity';
import { getNamedType, getNullableType, isListType, isObjectType, type GraphQLField } from 'graphql';
import { DEFAULT_PAGE_SIZE } from '../connection.js';
import type { Context } from '../context.js';

/** Items assumed for a list the query does not bound (a VM's drives, a snapshot's children): the plugin's default. */
const LIST_ESTIMATE = 10;

/** A connection: it takes `first` and answers edges. */
const pages = (field: GraphQLField<unknown, Context, Record<string, unknown>>): boolean => {
  const type = getNamedType(field.type);
  return field.args.some((arg) => arg.name === 'first') && isObjectType(type) && 'edges' in type.getFields();
};

/**
 * The items of one page: `first` (or `last`), or the default page size when absent. A `first` over the cap counts as the cap,
 * since the field refuses it with its own BAD_USER_INPUT before anything is read.
 */
function pageItems(ctx: Context, first: unknown): number {
  const max = ctx.gateway.limits.maxPageSize;
  if (typeof first !== 'number') return Math.min(DEFAULT_PAGE_SIZE, max);
  return Math.min(Math.max(first, 0), max);
}

/** The plugin's `fieldComplexity`: used for every field that sets no `complexity` of its own. */
export function fieldCost(args: Record<string, unknown>, ctx: Context, field: GraphQLField<unknown, Context, Record<string, unknown>>): FieldComplexityValue {
  if (pages(field)) return { field: 1, multiplier: pageItems(ctx, typeof args.last === 'number' ? args.last : args.first) };
  if (!isListType(getNullableType(field.type))) return 1;
  // A list fetched by id (`nodes(ids)`) holds one item per id.
  if (Array.isArray(args.ids)) return { field: 1, multiplier: args.ids.length };
  return { field: 1, multiplier: LIST_ESTIMATE };
}
