// cancelOperation through a real gateway on the lab: a Danube create cancelled while it runs ends CANCELLED and its
// snapshot is not there; one whose task finished before the cancel arrived ends SUCCEEDED, saying so, with the
// snapshot; a backend that cannot cancel answers UnsupportedOperationError and is sent nothing; a final operation
// is answered as it is; capabilities.cancel says which backends and kinds can be cancelled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { danube as danubeBackend } from '../src/connectors/danube/backend.js';
import { encodeId } from '../src/graphql/ids.js';
import { graphql } from './gql/index.js';
import { CreateSnapshot, FollowOperation } from './helpers/documents.js';
import { collectWs, query, startTestGateway, wsClient, type TestGateway } from './helpers/gateway.js';

const CancelOperation = graphql(`
  mutation CancelOperation($id: ID!) {
    cancelOperation(input: { id: $id }) {
      __typename
      ... on OperationPayload { operation { id status message } }
      ... on UnsupportedOperationError { capability message backend { name } }
      ... on NotFoundError { id message }
      ... on ValidationError { field message }
    }
  }
`);

const CancelTargets = graphql(`
  query CancelTargets {
    backends { name capabilities { cancel } }
    vms(first: 100) { edges { node { id name externalId backend { name } drives { id name } snapshots(first: 100) { edges { node { name } } } } } }
  }
`);

/** A lab whose tasks run long enough to be cancelled, on a gateway that polls often. */
const OP_MS = 3_000;

describe('cancelOperation', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ opMs: OP_MS });
  });
  afterAll(() => gw?.close());

  const targets = () => query(gw.graphqlUrl, CancelTargets);
  async function danubeDrive(index: number): Promise<{ id: string; hostname: string }> {
    const vms = (await targets()).vms.edges.map((e) => e.node).filter((vm) => vm.backend.name === 'lab-danube');
    const vm = vms[index];
    const drive = vm?.drives[0];
    if (!vm || !drive) throw new Error('the lab has too few Danube VMs');
    return { id: drive.id, hostname: vm.externalId };
  }
  async function create(targetId: string, name: string): Promise<string> {
    const { createSnapshot } = await query(gw.graphqlUrl, CreateSnapshot, { input: { targetId, name } });
    if (createSnapshot.__typename !== 'OperationPayload') throw new Error(`create refused: ${createSnapshot.__typename}`);
    return createSnapshot.operation.id;
  }
  const cancel = async (id: string) => (await query(gw.graphqlUrl, CancelOperation, { id })).cancelOperation;
  const follow = async (id: string) => {
    const client = wsClient(gw.wsUrl);
    try {
      return (await collectWs(client, FollowOperation, { id })).map((event) => event.data?.operation);
    } finally {
      await client.dispose();
    }
  };
  const danubeSim = () => gw.lab.sim(danubeBackend);
  const cancelsSent = () => danubeSim().requests().filter((r) => r.method === 'PUT' && r.path.endsWith('/cancel/')).length;

  it('says which backends can cancel which kinds: Danube its tasks, the others none', async () => {
    const { backends } = await targets();
    const cancel = Object.fromEntries(backends.map((b) => [b.name, b.capabilities.cancel]));
    expect(cancel).toEqual({
      'lab-libvirt': [],
      'lab-manageiq': [],
      'lab-cloudsigma': [],
      'lab-danube': ['CREATE_SNAPSHOT', 'REVERT_SNAPSHOT', 'DELETE_SNAPSHOT'],
      'lab-denvr': [],
    });
  });

  it('stops a Danube create while it runs: CANCELLED once the backend revoked the task, and the snapshot is not there', async () => {
    const drive = await danubeDrive(0);
    const id = await create(drive.id, 'cancel-me');
    const events = follow(id);
    const answer = await cancel(id);
    expect(answer).toMatchObject({ __typename: 'OperationPayload', operation: { id } });
    const seen = await events;
    const last = seen.at(-1);
    expect(last).toMatchObject({ status: 'CANCELLED', error: null });
    expect(last?.message).toMatch(/^the backend revoked the task.*; the backend shows nothing of it$/);
    expect(danubeSim().snapshots(drive.hostname).map((s) => s.name)).not.toContain('cancel-me');
    expect(cancelsSent()).toBe(1);

    // Idempotent: a cancel of the cancelled operation answers it as it is, and sends nothing.
    expect(await cancel(id)).toMatchObject({ __typename: 'OperationPayload', operation: { id, status: 'CANCELLED' } });
    expect(cancelsSent()).toBe(1);
  });

  it('reports SUCCEEDED, with the snapshot, when the backend finished before the cancel reached it', async () => {
    const late = await startTestGateway({ opMs: 200 }, { engine: { pollIntervalMs: 5_000, maxPollIntervalMs: 5_000 } });
    try {
      const { vms } = await query(late.graphqlUrl, CancelTargets);
      const vm = vms.edges.map((e) => e.node).find((v) => v.backend.name === 'lab-danube');
      const drive = vm?.drives[0];
      if (!vm || !drive) throw new Error('the lab has no Danube VM');
      const { createSnapshot } = await query(late.graphqlUrl, CreateSnapshot, { input: { targetId: drive.id, name: 'too-late' } });
      if (createSnapshot.__typename !== 'OperationPayload') throw new Error('create refused');
      const sim = late.lab.sim(danubeBackend);
      // The task has finished at the backend; the gateway, polling every 5 s, has not looked yet.
      await expect.poll(() => sim.snapshots(vm.externalId).find((s) => s.name === 'too-late')?.status, { timeout: 5_000 }).toBe(1);
      const answer = (await query(late.graphqlUrl, CancelOperation, { id: createSnapshot.operation.id })).cancelOperation;
      expect(answer).toMatchObject({ __typename: 'OperationPayload' });
      const client = wsClient(late.wsUrl);
      const seen = (await collectWs(client, FollowOperation, { id: createSnapshot.operation.id })).map((e) => e.data?.operation);
      await client.dispose();
      expect(seen.at(-1)).toMatchObject({ status: 'SUCCEEDED', snapshot: { name: 'too-late' } });
      expect(seen.at(-1)?.message).toMatch(/^the cancel came too late: the backend had finished/);
      expect(sim.snapshots(vm.externalId).map((s) => s.name)).toContain('too-late');
    } finally {
      await late.close();
    }
  });

  it('refuses a cancel where the backend cannot stop that kind of operation, before anything is sent', async () => {
    const { vms } = await targets();
    const vm = vms.edges.map((e) => e.node).find((v) => v.backend.name === 'lab-libvirt');
    if (!vm) throw new Error('the lab has no libvirt VM');
    const id = await create(vm.id, 'not-cancellable');
    const before = gw.lab.simulators.map((s) => s.requestCount());
    const answer = await cancel(id);
    expect(answer).toMatchObject({
      __typename: 'UnsupportedOperationError',
      capability: 'cancel',
      backend: { name: 'lab-libvirt' },
      message: "Backend 'lab-libvirt' (LIBVIRT) does not support cancel of CREATE_SNAPSHOT operations.",
    });
    expect(gw.lab.simulators.map((s) => s.requestCount())).toEqual(before);
    expect((await follow(id)).at(-1)).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('answers NotFoundError for an operation nobody has, and ValidationError for an id that is not one', async () => {
    const missing = encodeId('Operation', 'gateway', '00000000-0000-4000-8000-000000000000');
    expect(await cancel(missing)).toMatchObject({ __typename: 'NotFoundError', id: missing });
    expect(await cancel('not-an-id')).toMatchObject({ __typename: 'ValidationError', field: 'input.id' });
    const { vms } = await targets();
    const vmId = vms.edges[0]?.node.id ?? '';
    expect(await cancel(vmId)).toMatchObject({ __typename: 'ValidationError', field: 'input.id' });
  });
});
