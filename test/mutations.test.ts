// Mutations over real HTTP, followed to their end over graphql-ws and SSE: create, revert, delete, bulk delete,
// idempotent replay, the operations stream, unsupported capabilities and a failed backend action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { print } from 'graphql';
import { encodeId } from '../src/graphql/ids.js';
import { graphql } from './gql/index.js';
import type { FirstVmsQuery } from './gql/graphql.js';
import {
  collectSse,
  collectWs,
  execute,
  operationSubscribers,
  query,
  startTestGateway,
  streamSse,
  untilSubscribers,
  wsClient,
  type TestGateway,
} from './helpers/gateway.js';
import {
  CreateSnapshot,
  DeleteSnapshot,
  FirstVms,
  FollowOperation,
  RevertSnapshot,
  VmSnapshots,
} from './helpers/documents.js';
import { libvirt as libvirtBackend } from '../src/connectors/libvirt/backend.js';

const Unsupported = graphql(`
  mutation Unsupported($snapshotId: ID!, $targetId: ID!) {
    cloneSnapshot(input: { snapshotId: $snapshotId, name: "copy" }) {
      __typename
      ... on UnsupportedOperationError { capability message backend { name } }
    }
    updateSnapshot(input: { snapshotId: $snapshotId, name: "renamed" }) {
      __typename
      ... on UnsupportedOperationError { capability }
    }
    createSnapshotSchedule(input: { targetId: $targetId, name: "nightly", schedule: "0 3 * * *", retention: 7 }) {
      __typename
      ... on UnsupportedOperationError { capability }
    }
  }
`);

const DeleteMany = graphql(`
  mutation DeleteMany($ids: [ID!]!) {
    deleteSnapshots(input: { snapshotIds: $ids }) {
      __typename
      ... on OperationPayload { operation { id status kind } }
      ... on Error { message }
      ... on ValidationError { field }
    }
  }
`);

const Operations = graphql(`
  query Operations($filter: OperationFilter) {
    operations(first: 100, filter: $filter) { totalCount edges { node { id kind status createdAt } } }
  }
`);

const OperationById = graphql(`
  query OperationById($id: ID!) {
    operation(id: $id) { id status kind target { id ... on VM { name } } }
    node(id: $id) { id __typename }
  }
`);

const OperationsStream = graphql(`
  subscription OperationsStream($filter: OperationFilter) {
    operations(filter: $filter) { id kind status }
  }
`);

type Vm = FirstVmsQuery['vms']['edges'][number]['node'];

describe('mutations followed to their end', () => {
  let gw: TestGateway;
  let ws: Client;
  let vms: Vm[];
  beforeAll(async () => {
    gw = await startTestGateway({ scale: 3, opMs: 150 });
    ws = wsClient(gw.wsUrl);
    // libvirt's VMs: the lab's other backends sort around them (by backend name) and act differently.
    vms = (await query(gw.graphqlUrl, FirstVms)).vms.edges.map((e) => e.node).filter((vm) => vm.backend.name === 'lab-libvirt');
  });
  afterAll(async () => {
    await ws?.dispose();
    await gw?.close();
  });

  const vm = (index: number): Vm => {
    const found = vms[index];
    if (!found) throw new Error(`the lab has no VM #${index}`);
    return found;
  };

  async function create(vmId: string, name: string, extra: { idempotencyKey?: string; includeMemory?: boolean } = {}) {
    const { createSnapshot } = await query(gw.graphqlUrl, CreateSnapshot, { input: { targetId: vmId, name, ...extra } });
    if (createSnapshot.__typename !== 'OperationPayload') throw new Error(`create answered ${createSnapshot.__typename}`);
    return createSnapshot.operation;
  }

  it('creates a snapshot: PENDING at once, then RUNNING and SUCCEEDED over graphql-ws, and the new one is current', async () => {
    const target = vm(0);
    const before = target.currentSnapshot;
    const operation = await create(target.id, 'ws-created', { includeMemory: true });
    expect(operation).toMatchObject({ kind: 'CREATE_SNAPSHOT', status: 'PENDING', backend: { name: 'lab-libvirt' } });
    expect(operation.target?.id).toBe(target.id);

    const events = await collectWs(ws, FollowOperation, { id: operation.id });
    const statuses = events.map((e) => e.data?.operation.status);
    expect(statuses.at(-1)).toBe('SUCCEEDED');
    expect(statuses).toContain('RUNNING');
    expect(events.every((e) => e.errors === undefined)).toBe(true);
    const done = events.at(-1)?.data?.operation;
    expect(done?.finishedAt).toBeTruthy();
    expect(done?.error).toBeNull();
    expect(done?.snapshot).toMatchObject({ name: 'ws-created', isCurrent: true, hasMemory: true });
    expect(done?.snapshot?.parent?.id).toBe(before?.id);

    // Read-after-write: a new request sees the effect.
    const after = await query(gw.graphqlUrl, VmSnapshots, { id: target.id });
    expect(after.vm?.currentSnapshot?.name).toBe('ws-created');
    expect(after.vm?.snapshots.edges.filter((e) => e.node.isCurrent)).toHaveLength(1);
  });

  it('reverts to an older snapshot, followed over SSE', async () => {
    const target = vm(1);
    const older = target.snapshots.edges.map((e) => e.node).find((s) => !s.isCurrent);
    if (!older) throw new Error('no non-current snapshot');
    const { revertSnapshot } = await query(gw.graphqlUrl, RevertSnapshot, { input: { snapshotId: older.id } });
    if (revertSnapshot.__typename !== 'OperationPayload') throw new Error(`revert answered ${revertSnapshot.__typename}`);
    expect(revertSnapshot.operation.kind).toBe('REVERT_SNAPSHOT');

    const events = await collectSse(gw.graphqlUrl, FollowOperation, { id: revertSnapshot.operation.id });
    expect(events.length).toBeGreaterThanOrEqual(1);
    const done = events.at(-1)?.data?.operation;
    expect(done?.status).toBe('SUCCEEDED');
    expect(done?.snapshot).toMatchObject({ id: older.id, isCurrent: true });

    const after = await query(gw.graphqlUrl, VmSnapshots, { id: target.id });
    expect(after.vm?.currentSnapshot?.id).toBe(older.id);
  });

  it('deletes a snapshot with children: they move up to its parent', async () => {
    const target = vm(2);
    const tree = (await query(gw.graphqlUrl, VmSnapshots, { id: target.id })).vm?.snapshots.edges.map((e) => e.node) ?? [];
    const middle = tree.find((s) => s.parent !== null && s.children.length > 0);
    if (!middle) throw new Error('no snapshot with a parent and children');
    const { deleteSnapshot } = await query(gw.graphqlUrl, DeleteSnapshot, { input: { snapshotId: middle.id } });
    if (deleteSnapshot.__typename !== 'OperationPayload') throw new Error(`delete answered ${deleteSnapshot.__typename}`);

    const events = await collectWs(ws, FollowOperation, { id: deleteSnapshot.operation.id });
    expect(events.at(-1)?.data?.operation.status).toBe('SUCCEEDED');
    // Gone, so the operation's snapshot no longer resolves.
    expect(events.at(-1)?.data?.operation.snapshot).toBeNull();

    const after = (await query(gw.graphqlUrl, VmSnapshots, { id: target.id })).vm?.snapshots.edges.map((e) => e.node) ?? [];
    expect(after.find((s) => s.id === middle.id)).toBeUndefined();
    for (const child of middle.children) {
      expect(after.find((s) => s.id === child.id)?.parent?.id).toBe(middle.parent?.id);
    }
  });

  it.each(['graphql-ws', 'SSE'] as const)('follows create, revert and delete to SUCCEEDED over %s', async (transport) => {
    const follow = (id: string) =>
      transport === 'SSE' ? collectSse(gw.graphqlUrl, FollowOperation, { id }) : collectWs(ws, FollowOperation, { id });
    const target = vm(transport === 'SSE' ? 10 : 11);
    const created = await create(target.id, `via-${transport}`);
    const createEvents = await follow(created.id);
    expect(createEvents.map((e) => e.data?.operation.status)).toContain('RUNNING');
    const snapshot = createEvents.at(-1)?.data?.operation;
    expect(snapshot).toMatchObject({ status: 'SUCCEEDED', snapshot: { name: `via-${transport}`, isCurrent: true } });
    const createdId = snapshot?.snapshot?.id ?? '';
    const parentId = snapshot?.snapshot?.parent?.id ?? '';

    const { revertSnapshot } = await query(gw.graphqlUrl, RevertSnapshot, { input: { snapshotId: parentId } });
    if (revertSnapshot.__typename !== 'OperationPayload') throw new Error(`revert answered ${revertSnapshot.__typename}`);
    expect((await follow(revertSnapshot.operation.id)).at(-1)?.data?.operation).toMatchObject({
      status: 'SUCCEEDED',
      snapshot: { id: parentId, isCurrent: true },
    });

    const { deleteSnapshot } = await query(gw.graphqlUrl, DeleteSnapshot, { input: { snapshotId: createdId } });
    if (deleteSnapshot.__typename !== 'OperationPayload') throw new Error(`delete answered ${deleteSnapshot.__typename}`);
    expect((await follow(deleteSnapshot.operation.id)).at(-1)?.data?.operation.status).toBe('SUCCEEDED');
    const after = await query(gw.graphqlUrl, VmSnapshots, { id: target.id });
    expect(after.vm?.currentSnapshot?.id).toBe(parentId);
    expect(after.vm?.snapshots.edges.some((e) => e.node.id === createdId)).toBe(false);
  });

  it('follows an operation named by a literal argument, as GraphiQL users write it', async () => {
    const operation = await create(vm(13).id, 'literal-argument');
    const literal = `subscription { operation(id: "${operation.id}") { id status } }`;
    const overWs: unknown[] = [];
    await new Promise<void>((resolve, reject) =>
      ws.subscribe({ query: literal }, { next: (r) => overWs.push(r), error: reject, complete: resolve }),
    );
    expect(overWs.at(-1)).toEqual({ data: { operation: { id: operation.id, status: 'SUCCEEDED' } } });
    const overSse = await fetch(gw.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: literal }),
    });
    expect(await overSse.text()).toContain(`"status":"SUCCEEDED"`);
  });

  it('gives a late subscriber the terminal state, then completes', async () => {
    const operation = await create(vm(3).id, 'late-subscriber');
    await collectWs(ws, FollowOperation, { id: operation.id });
    const late = await collectWs(ws, FollowOperation, { id: operation.id });
    expect(late).toHaveLength(1);
    expect(late[0]?.data?.operation.status).toBe('SUCCEEDED');
    const lateSse = await collectSse(gw.graphqlUrl, FollowOperation, { id: operation.id });
    expect(lateSse.map((e) => e.data?.operation.status)).toEqual(['SUCCEEDED']);

    const byId = await query(gw.graphqlUrl, OperationById, { id: operation.id });
    expect(byId.operation).toMatchObject({ id: operation.id, status: 'SUCCEEDED', kind: 'CREATE_SNAPSHOT' });
    expect(byId.operation?.target).toMatchObject({ id: vm(3).id, name: vm(3).name });
    expect(byId.node).toEqual({ id: operation.id, __typename: 'Operation' });
  });

  it('replays an idempotency key: the same operation, and the backend acts once', async () => {
    const target = vm(4);
    const countBefore = gw.lab.sim(libvirtBackend).snapshotsOf(target.name).length;
    const input = { targetId: target.id, name: 'idempotent', idempotencyKey: 'key-idempotent-1' };
    const answers = await Promise.all([1, 2, 3].map(() => query(gw.graphqlUrl, CreateSnapshot, { input })));
    const ids = answers.map((a) => (a.createSnapshot.__typename === 'OperationPayload' ? a.createSnapshot.operation.id : null));
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).not.toBeNull();
    await collectWs(ws, FollowOperation, { id: ids[0] ?? '' });
    const replay = await query(gw.graphqlUrl, CreateSnapshot, { input });
    expect(replay.createSnapshot.__typename === 'OperationPayload' && replay.createSnapshot.operation).toMatchObject({
      id: ids[0],
      status: 'SUCCEEDED',
    });
    expect(gw.lab.sim(libvirtBackend).snapshotsOf(target.name).length).toBe(countBefore + 1);

    const conflict = await query(gw.graphqlUrl, CreateSnapshot, { input: { ...input, name: 'something else' } });
    expect(conflict.createSnapshot).toMatchObject({ __typename: 'ValidationError', field: 'input.idempotencyKey' });
    expect(gw.lab.sim(libvirtBackend).snapshotsOf(target.name).length).toBe(countBefore + 1);
  });

  it('streams every change of matching operations to an operations subscriber', async () => {
    const subscribers = await operationSubscribers(gw.adminUrl);
    const received: { id: string; status: string; kind: string }[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const unsubscribe = ws.subscribe(
        { query: print(OperationsStream), variables: { filter: { kinds: ['CREATE_SNAPSHOT'] } } },
        {
          next: (result) => {
            const op = result.data?.operations;
            if (op && typeof op === 'object' && 'id' in op && 'status' in op && 'kind' in op) {
              received.push({ id: String(op.id), status: String(op.status), kind: String(op.kind) });
              if (op.status === 'SUCCEEDED') {
                unsubscribe();
                resolve();
              }
            }
          },
          error: reject,
          complete: () => resolve(),
        },
      );
    });
    // The subscription is in place on the server before anything acts.
    await untilSubscribers(gw.adminUrl, subscribers + 1);
    const operation = await create(vm(5).id, 'streamed');
    // A revert, which the filter leaves out.
    const older = vm(6).snapshots.edges.map((e) => e.node).find((s) => !s.isCurrent);
    if (older) await query(gw.graphqlUrl, RevertSnapshot, { input: { snapshotId: older.id } });
    await done;
    expect(received.map((r) => r.id).every((id) => id === operation.id)).toBe(true);
    expect(received.map((r) => r.status)).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);

    const listed = await query(gw.graphqlUrl, Operations, { filter: { kinds: ['CREATE_SNAPSHOT'], statuses: ['SUCCEEDED'] } });
    expect(listed.operations.edges[0]?.node.id).toBe(operation.id);
    const times = listed.operations.edges.map((e) => e.node.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(listed.operations.edges.every((e) => e.node.kind === 'CREATE_SNAPSHOT')).toBe(true);
  });

  it('streams operation changes over SSE too', async () => {
    let operationId = '';
    const subscribers = await operationSubscribers(gw.adminUrl);
    const events = await streamSse(
      gw.graphqlUrl,
      OperationsStream,
      { filter: { kinds: ['CREATE_SNAPSHOT'], statuses: ['SUCCEEDED'] } },
      (received) => received.some((e) => e.data?.operations.id === operationId),
      async () => {
        // The stream is subscribed on the server before the operation starts.
        await untilSubscribers(gw.adminUrl, subscribers + 1);
        operationId = (await create(vm(12).id, 'over-sse')).id;
      },
    );
    expect(events.map((e) => e.data?.operations)).toEqual([{ id: operationId, kind: 'CREATE_SNAPSHOT', status: 'SUCCEEDED' }]);
  });

  it('answers UnsupportedOperationError with the capability for what libvirt cannot do', async () => {
    const snapshot = vm(7).snapshots.edges[0]?.node;
    if (!snapshot) throw new Error('no snapshot');
    const data = await query(gw.graphqlUrl, Unsupported, { snapshotId: snapshot.id, targetId: vm(7).id });
    expect(data.cloneSnapshot).toMatchObject({
      __typename: 'UnsupportedOperationError',
      capability: 'clone',
      backend: { name: 'lab-libvirt' },
    });
    expect(data.updateSnapshot).toMatchObject({ __typename: 'UnsupportedOperationError', capability: 'update' });
    expect(data.createSnapshotSchedule).toMatchObject({ __typename: 'UnsupportedOperationError', capability: 'schedules' });
    const withMetadata = await query(gw.graphqlUrl, CreateSnapshot, {
      input: { targetId: vm(7).id, name: 'tagged', metadata: [{ key: 'team', value: 'a' }] },
    });
    expect(withMetadata.createSnapshot).toMatchObject({ __typename: 'UnsupportedOperationError', capability: 'metadata' });
    const subtree = await query(gw.graphqlUrl, DeleteSnapshot, { input: { snapshotId: snapshot.id, includeDescendants: true } });
    expect(subtree.deleteSnapshot).toMatchObject({ __typename: 'UnsupportedOperationError', message: expect.stringMatching(/does not support subtreeDelete/) });
    const after = (await query(gw.graphqlUrl, VmSnapshots, { id: vm(7).id })).vm?.snapshots.edges.map((e) => e.node.id);
    expect(after).toContain(snapshot.id);
  });

  it('deletes many snapshots at once: one operation per id, in order, each followed to its end', async () => {
    const leaves = [vm(8), vm(9)].flatMap((v) =>
      v.snapshots.edges.map((e) => e.node).filter((s) => s.name === 'experiment'),
    );
    expect(leaves).toHaveLength(2);
    const { deleteSnapshots } = await query(gw.graphqlUrl, DeleteMany, { ids: [...leaves.map((l) => l.id), leaves[0]?.id ?? ''] });
    expect(deleteSnapshots.map((r) => r.__typename)).toEqual(['OperationPayload', 'OperationPayload', 'ValidationError']);
    expect(deleteSnapshots[2]).toMatchObject({ field: 'input.snapshotIds.2' });
    for (const result of deleteSnapshots) {
      if (result.__typename !== 'OperationPayload') continue;
      const events = await collectWs(ws, FollowOperation, { id: result.operation.id });
      expect(events.at(-1)?.data?.operation.status).toBe('SUCCEEDED');
    }
    expect(gw.lab.sim(libvirtBackend).snapshotsOf(vm(8).name).some((s) => s.name === 'experiment')).toBe(false);
    expect(gw.lab.sim(libvirtBackend).snapshotsOf(vm(9).name).some((s) => s.name === 'experiment')).toBe(false);
  });

  it("ends FAILED with the backend's code and message when the backend refuses the action", async () => {
    const target = vm(0);
    gw.lab.sim(libvirtBackend).failNext('POST', `/vms/${target.name}/snapshots`, 500, {
      code: 'INTERNAL_SERVER_ERROR',
      message: 'An internal server error occurred',
      status: 500,
    });
    const operation = await create(target.id, 'doomed');
    const events = await collectWs(ws, FollowOperation, { id: operation.id });
    const last = events.at(-1)?.data?.operation;
    expect(last?.status).toBe('FAILED');
    expect(last?.error).toMatchObject({ code: 'SERVER_ERROR', backendCode: 'INTERNAL_SERVER_ERROR', httpStatus: 500 });
    expect(last?.error?.message).toContain('An internal server error occurred');
    expect(gw.lab.sim(libvirtBackend).snapshotsOf(target.name).some((s) => s.name === 'doomed')).toBe(false);
  });

  it('rejects a subscription to an operation that does not exist with a typed error', async () => {
    const id = encodeId('Operation', 'lab-libvirt', 'no-such-operation');
    const results = await collectWs(ws, FollowOperation, { id });
    expect(results).toHaveLength(1);
    expect(results[0]?.errors?.[0]?.message).toBe('no operation has the id given');
    expect(results[0]?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const result = await execute(gw.graphqlUrl, OperationById, { id });
    expect(result.data?.operation).toBeNull();
  });
});
