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
}

// Cursors are items' sort keys (names and keys of the estate): the page, like its items, is read-scoped.
const PageInfoRef = builder.objectRef<PageInfoShape>('PageInfo').implement({
  ...READ_SCOPED,
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage'),
    startCursor: t.exposeString('startCursor', { nullable: true }),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

export function connectionType<T>(name: string, node: ObjectRef<BuilderTypes, T>) {
  const edge = builder.objectRef<{ cursor: string; node: T }>(`${name}Edge`).implement({
    ...READ_SCOPED,
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.expose('node', { type: node }),
    }),
  });
  return builder.objectRef<ConnectionShape<T>>(`${name}Connection`).implement({
    ...READ_SCOPED,
    fields: (t) => ({
      // The connection field counted its items already (fieldCost.ts): its edges are those items, not 10 more each.
      edges: t.field({ type: [edge], complexity: { field: 1, multiplier: 1 }, resolve: (c) => c.edges }),
      pageInfo: t.field({ type: PageInfoRef, resolve: (c) => c.pageInfo }),
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

export const encodeCursor = (sortKey: string): string => Buffer.from(sortKey, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(cursor)) throw badInput(`'after' is not a cursor from this list`);
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

/** Checks `first` against the configured cap; a page size out of range is the client's error. */
export function pageSize(ctx: Context, first: number | null | undefined): number {
  const max = ctx.gateway.limits.maxPageSize;
  if (first === null || first === undefined) return Math.min(DEFAULT_PAGE_SIZE, max);
  if (first < 0 || first > max) throw badInput(`'first' must be between 0 and ${max}, got ${first}`);
  return first;
}

/** One page of `items`, ordered by `sortKey` (which must be unique). */
export function paginate<T>(
  ctx: Context,
  items: readonly T[],
  args: PageArgs,
  sortKey: (item: T) => string,
  backendErrors: BackendError[] = [],
): ConnectionShape<T> {
  const size = pageSize(ctx, args.first);
  const sorted = items.map((item) => ({ key: sortKey(item), item })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let start = 0;
  if (args.after !== null && args.after !== undefined) {
    const after = decodeCursor(args.after);
    start = sorted.findIndex((entry) => entry.key > after);
    if (start === -1) start = sorted.length;
  }
  const slice = sorted.slice(start, start + size);
  const edges = slice.map((entry) => ({ cursor: encodeCursor(entry.key), node: entry.item }));
  return {
    edges,
    pageInfo: {
      hasNextPage: start + size < sorted.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: sorted.length,
    backendErrors,
  };
}
