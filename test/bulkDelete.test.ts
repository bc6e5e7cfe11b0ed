// deleteSnapshots as a plan, through a real gateway on the lab: with descendants, a tree three levels deep is
// deleted leaves first, one after another, and a dry run answers the very plan the real run then follows (the order
// the backend received the deletes); a deletion whose child failed is not sent; a snapshot the backend would refuse
// is flagged in the plan and refused before anything is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { danube as danubeBackend } from '../src/connectors/danube/backend.js';
import { libvirt as libvirtBackend } from '../src/connectors/libvirt/backend.js';
import { graphql } from './gql/index.js';
import type { BulkTreesQuery } from './gql/graphql.js';
import { CreateSnapshot, FollowOperation } from './helpers/documents.js';
import { collectWs, query, startTestGateway, wsClient, type TestGateway } from './helpers/gateway.js';

const BulkTrees = graphql(`
  query BulkTrees {
    vms(first: 100) {
      edges { node { id name externalId backend { name } drives { id } snapshots(first: 100) { edges { node { id name isCurrent status parent { name } } } } } }
    }
  }
`);

const BulkDelete = graphql(`
  mutation BulkDelete($ids: [ID!]!, $includeDescendants: Boolean, $dryRun: Boolean) {
    deleteSnapshots(input: { snapshotIds: $ids, includeDescendants: $includeDescendants, dryRun: $dryRun }) {
      __typename
      ... on PlannedDeletion { step current refusal snapshot { id name } because { name } after { name } }
      ... on OperationPayload { operation { id status snapshot { name } } }
      ... on ValidationError { field message }
      ... on NotFoundError { id }
    }
  }
`);

type Vm = BulkTreesQuery['vms']['edges'][number]['node'];

describe('deleteSnapshots as a chain-aware plan', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ opMs: 100 });
  });
  afterAll(() => gw?.close());

  const vms = async (backend: string): Promise<Vm[]> =>
    (await query(gw.graphqlUrl, BulkTrees)).vms.edges.map((e) => e.node).filter((vm) => vm.backend.name === backend);
  const snapshotOf = (vm: Vm, name: string) => {
    const found = vm.snapshots.edges.map((e) => e.node).find((s) => s.name === name);
    if (!found) throw new Error(`no snapshot ${name} on ${vm.name}`);
    return found;
  };
  const endOf = async (id: string) => {
    const client = wsClient(gw.wsUrl);
    try {
      return (await collectWs(client, FollowOperation, { id })).at(-1)?.data?.operation;
    } finally {
      await client.dispose();
    }
  };
  const deletesSent = (from: number) =>
    gw.lab.sim(libvirtBackend).requests().slice(from).filter((r) => r.method === 'DELETE').map((r) => decodeURIComponent(r.path.split('/').at(-1) ?? ''));

  it('plans a subtree three levels deep leaves first, and the real run follows the dry run', async () => {
    // base -> updates -> pre-release -> release-1 (current), and base -> experiment: delete 'updates' with what is under it.
    const [vm] = await vms('lab-libvirt');
    if (!vm) throw new Error('the lab has no libvirt VM');
    const updates = snapshotOf(vm, 'updates');
    const before = gw.lab.sim(libvirtBackend).requests().length;
    const planned = (await query(gw.graphqlUrl, BulkDelete, { ids: [updates.id], includeDescendants: true, dryRun: true })).deleteSnapshots;
    expect(planned).toEqual([
      { __typename: 'PlannedDeletion', step: 3, current: false, refusal: null, snapshot: { id: updates.id, name: 'updates' }, because: null, after: [{ name: 'pre-release' }, { name: 'release-1' }] },
      { __typename: 'PlannedDeletion', step: 1, current: true, refusal: null, snapshot: expect.objectContaining({ name: 'release-1' }), because: { name: 'updates' }, after: [] },
      { __typename: 'PlannedDeletion', step: 2, current: false, refusal: null, snapshot: expect.objectContaining({ name: 'pre-release' }), because: { name: 'updates' }, after: [{ name: 'release-1' }] },
    ]);
    // A dry run sends nothing.
    expect(deletesSent(before)).toEqual([]);
    expect((await vms('lab-libvirt'))[0]?.snapshots.edges.map((e) => e.node.name)).toContain('release-1');

    const ran = (await query(gw.graphqlUrl, BulkDelete, { ids: [updates.id], includeDescendants: true })).deleteSnapshots;
    // The same deletions, in the same order as the plan's answer.
    const plannedNames = planned.map((p) => (p.__typename === 'PlannedDeletion' ? p.snapshot.name : p.__typename));
    expect(ran.map((r) => (r.__typename === 'OperationPayload' ? r.operation.snapshot?.name : r.__typename))).toEqual(plannedNames);
    const ends = await Promise.all(ran.map((r) => (r.__typename === 'OperationPayload' ? endOf(r.operation.id) : null)));
    expect(ends.map((e) => e?.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    // What the backend received, in order: the dry run's steps.
    const bySteps = planned.flatMap((p) => (p.__typename === 'PlannedDeletion' ? [p] : [])).sort((a, b) => a.step - b.step).map((p) => p.snapshot.name);
    expect(deletesSent(before)).toEqual(bySteps);
    const left = (await vms('lab-libvirt'))[0]?.snapshots.edges.map((e) => e.node.name).sort();
    expect(left).toEqual(['base', 'experiment']);
  });

  it('does not send a deletion once one under it failed: it ends FAILED (NOT_SENT), and the backend keeps it', async () => {
    const [, vm] = await vms('lab-libvirt');
    if (!vm) throw new Error('the lab has no second libvirt VM');
    const sim = gw.lab.sim(libvirtBackend);
    sim.failNext('DELETE', 'release-1', 409, { success: false, message: 'another job holds the VM' });
    const ran = (await query(gw.graphqlUrl, BulkDelete, { ids: [snapshotOf(vm, 'pre-release').id], includeDescendants: true })).deleteSnapshots;
    const ends = await Promise.all(ran.map((r) => (r.__typename === 'OperationPayload' ? endOf(r.operation.id) : null)));
    expect(ends.map((e) => [e?.snapshot?.name ?? null, e?.status, e?.error?.code])).toEqual([
      ['pre-release', 'FAILED', 'NOT_SENT'],
      ['release-1', 'FAILED', 'CONFLICT'],
    ]);
    expect(ends[0]?.error?.message).toBe("not sent: 'release-1' under it was to be deleted first and was not (FAILED)");
    expect(sim.snapshotsOf(vm.name).map((s) => s.name)).toEqual(expect.arrayContaining(['pre-release', 'release-1']));
  });

  it('flags in the plan a snapshot the backend would refuse (Danube, while it is being made), and refuses it without sending', async () => {
    const slow = await startTestGateway({ opMs: 1_500 });
    try {
      const [vm] = (await query(slow.graphqlUrl, BulkTrees)).vms.edges.map((e) => e.node).filter((v) => v.backend.name === 'lab-danube');
      const drive = vm?.drives[0];
      if (!vm || !drive) throw new Error('the lab has no Danube drive');
      const { createSnapshot } = await query(slow.graphqlUrl, CreateSnapshot, { input: { targetId: drive.id, name: 'in-making' } });
      if (createSnapshot.__typename !== 'OperationPayload') throw new Error('create refused');
      const pending = (await query(slow.graphqlUrl, BulkTrees)).vms.edges.map((e) => e.node).find((v) => v.id === vm.id);
      const making = pending && snapshotOf(pending, 'in-making');
      const other = pending && snapshotOf(pending, 'backup1');
      if (!making || !other) throw new Error('no snapshots to delete');
      expect(making.status).toBe('CREATING');
      const plan = (await query(slow.graphqlUrl, BulkDelete, { ids: [making.id, other.id], dryRun: true })).deleteSnapshots;
      expect(plan[0]).toMatchObject({ __typename: 'PlannedDeletion', refusal: expect.stringMatching(/^Danube deletes a snapshot only once its status is ok/) });
      expect(plan[1]).toMatchObject({ __typename: 'PlannedDeletion', refusal: null });
      const sim = slow.lab.sim(danubeBackend);
      const before = sim.requests().filter((r) => r.method === 'DELETE').length;
      const ran = (await query(slow.graphqlUrl, BulkDelete, { ids: [making.id] })).deleteSnapshots;
      expect(ran).toEqual([{ __typename: 'ValidationError', field: 'input.snapshotIds.0', message: expect.stringMatching(/^input\.snapshotIds\.0: Danube deletes/) }]);
      expect(sim.requests().filter((r) => r.method === 'DELETE').length).toBe(before);
    } finally {
      await slow.close();
    }
  });
});
