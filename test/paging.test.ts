// Paging as clients expect, through a real gateway over the lab: forward (first/after) and backward (last/before)
// pages that add up to the whole list, in every ordering of orderBy; a cursor that is not of this list and ordering,
// or first with last, is a BAD_USER_INPUT error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VariablesOf } from '@graphql-typed-document-node/core';
import { graphql } from './gql/index.js';
import type { PagingVmsQuery } from './gql/graphql.js';
import { execute, query, startTestGateway, type TestGateway } from './helpers/gateway.js';

const VmPage = graphql(`
  query PagingVms($first: Int, $after: String, $last: Int, $before: String, $orderBy: VMOrder) {
    vms(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id name backend { name } } }
    }
  }
`);

const SnapshotPage = graphql(`
  query PagingSnapshots($first: Int, $orderBy: SnapshotOrder) {
    snapshots(first: $first, orderBy: $orderBy) { edges { node { id name createdAt } } }
  }
`);

describe('paging', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ scale: 1 });
  }, 60_000);
  afterAll(() => gw?.close());

  const all = async (orderBy?: { field: 'BACKEND' | 'NAME'; direction: 'ASC' | 'DESC' }) =>
    (await query(gw.graphqlUrl, VmPage, { first: 1000, orderBy })).vms.edges.map((e) => e.node.id);

  it('pages backward with last/before and forward with first/after, both adding up to the whole list', async () => {
    const whole = await all();
    expect(whole.length).toBeGreaterThan(10);
    const backward: string[][] = [];
    let before: string | null = null;
    for (;;) {
      const { vms }: PagingVmsQuery = await query(gw.graphqlUrl, VmPage, { last: 4, before });
      backward.unshift(vms.edges.map((e) => e.node.id));
      expect(vms.pageInfo.hasNextPage).toBe(before !== null);
      if (!vms.pageInfo.hasPreviousPage) break;
      before = vms.pageInfo.startCursor;
    }
    expect(backward.flat()).toEqual(whole);
    expect(backward.at(-1)).toHaveLength(4);

    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { vms }: PagingVmsQuery = await query(gw.graphqlUrl, VmPage, { first: 5, after });
      forward.push(...vms.edges.map((e) => e.node.id));
      if (!vms.pageInfo.hasNextPage) break;
      after = vms.pageInfo.endCursor;
    }
    expect(forward).toEqual(whole);

    // Between two cursors: what lies strictly between them.
    const { vms: page } = await query(gw.graphqlUrl, VmPage, { first: 10 });
    const [, second, , , , sixth] = page.edges;
    const between = await query(gw.graphqlUrl, VmPage, { first: 100, after: second?.cursor, before: sixth?.cursor });
    expect(between.vms.edges.map((e) => e.node.id)).toEqual(whole.slice(2, 5));
  });

  it('orders by name or backend, either way, and snapshots by when or name', async () => {
    const { vms } = await query(gw.graphqlUrl, VmPage, { first: 1000, orderBy: { field: 'NAME', direction: 'ASC' } });
    const names = vms.edges.map((e) => e.node.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(await all({ field: 'NAME', direction: 'DESC' })).toEqual(vms.edges.map((e) => e.node.id).reverse());
    expect(await all({ field: 'BACKEND', direction: 'DESC' })).toEqual((await all()).reverse());

    const newest = (await query(gw.graphqlUrl, SnapshotPage, { first: 1000, orderBy: { field: 'CREATED_AT', direction: 'DESC' } })).snapshots.edges;
    const times = newest.map((e) => (e.node.createdAt === null ? 0 : Date.parse(e.node.createdAt)));
    expect(times.length).toBeGreaterThan(5);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const byName = (await query(gw.graphqlUrl, SnapshotPage, { first: 1000, orderBy: { field: 'NAME', direction: 'ASC' } })).snapshots.edges.map((e) => e.node.name);
    expect(byName).toEqual([...byName].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('refuses a cursor not of this list or ordering, and first with last, as BAD_USER_INPUT', async () => {
    const { vms } = await query(gw.graphqlUrl, VmPage, { first: 2, orderBy: { field: 'NAME', direction: 'ASC' } });
    const nameCursor = vms.pageInfo.endCursor;
    const refusals: [VariablesOf<typeof VmPage>, RegExp][] = [
      [{ first: 2, after: 'bm90LWEtY3Vyc29y' }, /^'after' is not a cursor from this list in BACKEND_ASC order$/],
      [{ last: 2, before: 'garbage' }, /^'before' is not a cursor from this list in BACKEND_ASC order$/],
      [{ first: 2, after: nameCursor }, /^'after' is not a cursor from this list in BACKEND_ASC order$/],
      [{ first: 2, last: 2 }, /^give 'first' or 'last', not both$/],
      [{ last: 5000 }, /^'last' must be between 0 and 1000, got 5000$/],
    ];
    for (const [variables, message] of refusals) {
      const answer = await execute(gw.graphqlUrl, VmPage, variables);
      expect(answer.data).toBeNull();
      expect(answer.errors?.[0]?.message).toMatch(message);
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    // In its own ordering the cursor goes on where it left off.
    const next = await query(gw.graphqlUrl, VmPage, { first: 2, after: nameCursor, orderBy: { field: 'NAME', direction: 'ASC' } });
    expect(next.vms.edges).toHaveLength(2);
  });
});
