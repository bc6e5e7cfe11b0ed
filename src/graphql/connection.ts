// Cursor connections: PageInfo, one Connection and Edge type per node type, and the paging of a sorted list.
// Cursors are the item's sort key, so a page boundary survives items being added or removed before it.
import type { ObjectRef } from '@pothos/core';
import { builder, READ_SCOPED, type BuilderTypes } from './builder.js';
import type { Context } from './context.js';
import { BackendError } from './errors.js';
import { badInput } from './lookup.js';

export const DEFAULT_PAGE_SIZE = 50;

interface PageInfoShape {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfoShape;
  /** A count, or how to make one when the client asks (when counting costs more than the page). */
  totalCount: number | (() => Promise<number>);
  /** Backends whose part is missing from this list, and why. */
  backendErrors: BackendError[];
}

interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** How a list is ordered: a sort key per item (unique within the list) and which way it runs. */
export interface Ordering<T> {
  /** Named in the cursor, so a cursor from one ordering is refused by another. */
  name: string;
  key: (item: T) => string;
  descending: boolean;
}

// Cursors are items' sort keys (names and keys of the estate): the page, like its items, is read-scoped.
const PageInfoRef = builder.objectRef<PageInfoShape>('PageInfo').implement({
  ...READ_SCOPED,
  description: 'Where a page sits in its list (docs/paging.md).',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage', { description: 'Whether the list holds items after this page.' }),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage', { description: 'Whether the list holds items before this page.' }),
    startCursor: t.exposeString('startCursor', { nullable: true, description: "The first edge's cursor (for `before`); null on an empty page." }),
    endCursor: t.exposeString('endCursor', { nullable: true, description: "The last edge's cursor (for `after`); null on an empty page." }),
  }),
});

export function connectionType<T>(name: string, node: ObjectRef<BuilderTypes, T>) {
  const edge = builder.objectRef<{ cursor: string; node: T }>(`${name}Edge`).implement({
    ...READ_SCOPED,
    description: `One ${name} of a page, with its place in the list.`,
    fields: (t) => ({
      cursor: t.exposeString('cursor', { description: 'Its place in the list and ordering: pass it as after or before.' }),
      node: t.expose('node', { type: node, description: `The ${name}.` }),
    }),
  });
  return builder.objectRef<ConnectionShape<T>>(`${name}Connection`).implement({
    ...READ_SCOPED,
    description: `A page of a list of ${name} items (docs/paging.md), and the backends whose part is missing from it.`,
    fields: (t) => ({
      // The connection field counted its items already (fieldCost.ts): its edges are those items, not 10 more each.
      edges: t.field({ type: [edge], description: 'The items of this page, in the list\'s order.', complexity: { field: 1, multiplier: 1 }, resolve: (c) => c.edges }),
      pageInfo: t.field({ type: PageInfoRef, description: 'Whether there is more before or after, and the cursors to get it.', resolve: (c) => c.pageInfo }),
      totalCount: t.int({
        description: 'All items that match, on every page.',
        resolve: (c) => (typeof c.totalCount === 'number' ? c.totalCount : c.totalCount()),
      }),
      backendErrors: t.field({
        type: [BackendError],
        description: 'Backends whose items are missing from this list because they failed to answer.',
        resolve: (c) => c.backendErrors,
      }),
    }),
  });
}

// A cursor names its ordering and the item's sort key; a string that is not one of ours is the client's error.
const CURSOR_MARK = 'c1';

export const encodeCursor = (sortKey: string, ordering = ''): string =>
  Buffer.from(`${CURSOR_MARK}\u0000${ordering}\u0000${sortKey}`, 'utf8').toString('base64url');

/** The sort key a cursor holds; `argument` names the argument in the error for one that is not of this list. */
export function decodeCursor(cursor: string, ordering = '', argument = 'after'): string {
  const refused = badInput(`'${argument}' is not a cursor from this list${ordering ? ` in ${ordering} order` : ''}`);
  if (!/^[A-Za-z0-9_-]*$/.test(cursor)) throw refused;
  const [mark, order, ...key] = Buffer.from(cursor, 'base64url').toString('utf8').split('\u0000');
  if (mark !== CURSOR_MARK || order !== ordering || key.length === 0) throw refused;
  return key.join('\u0000');
}

/** Checks a page size against the configured cap; one out of range is the client's error. */
function checkedSize(ctx: Context, size: number | null | undefined, argument: 'first' | 'last'): number | null {
  if (size === null || size === undefined) return null;
  const max = ctx.gateway.limits.maxPageSize;
  if (size < 0 || size > max) throw badInput(`'${argument}' must be between 0 and ${max}, got ${size}`);
  return size;
}

/** Checks `first` against the configured cap (the default page size where it is not given). */
export function pageSize(ctx: Context, first: number | null | undefined): number {
  return checkedSize(ctx, first, 'first') ?? Math.min(DEFAULT_PAGE_SIZE, ctx.gateway.limits.maxPageSize);
}

const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One page of `items` in `ordering`: `after`/`before` cut the list at their items' places, then `first` takes from
 * the start of what is left or `last` from its end. hasPreviousPage/hasNextPage say whether the whole list holds
 * items before and after the page.
 */
export function paginate<T>(ctx: Context, items: readonly T[], args: PageArgs, ordering: Ordering<T>, backendErrors: BackendError[] = []): ConnectionShape<T> {
  const first = checkedSize(ctx, args.first, 'first');
  const last = checkedSize(ctx, args.last, 'last');
  if (first !== null && last !== null) throw badInput("give 'first' or 'last', not both");
  const sign = ordering.descending ? -1 : 1;
  const sorted = items.map((item) => ({ key: ordering.key(item), item })).sort((a, b) => sign * compareKeys(a.key, b.key));
  // Where a cursor's item is, or would be: the first index past it in this ordering.
  const past = (cursor: string, argument: string) => {
    const key = decodeCursor(cursor, ordering.name, argument);
    const index = sorted.findIndex((entry) => sign * compareKeys(entry.key, key) > 0);
    return index === -1 ? sorted.length : index;
  };
  const upTo = (cursor: string, argument: string) => {
    const key = decodeCursor(cursor, ordering.name, argument);
    const index = sorted.findIndex((entry) => sign * compareKeys(entry.key, key) >= 0);
    return index === -1 ? sorted.length : index;
  };
  const from = args.after === null || args.after === undefined ? 0 : past(args.after, 'after');
  const to = Math.max(from, args.before === null || args.before === undefined ? sorted.length : upTo(args.before, 'before'));
  let start = from;
  let end = to;
  if (last !== null) start = Math.max(from, to - last);
  else end = Math.min(to, from + (first ?? Math.min(DEFAULT_PAGE_SIZE, ctx.gateway.limits.maxPageSize)));
  const edges = sorted.slice(start, end).map((entry) => ({ cursor: encodeCursor(entry.key, ordering.name), node: entry.item }));
  return {
    edges,
    pageInfo: {
      hasNextPage: end < sorted.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: sorted.length,
    backendErrors,
  };
}
