// ManageIQ through a real gateway (port 0) over HTTP and graphql-ws: inventory and snapshot mapping, every mutation
// followed to its end, what ManageIQ lacks, a failed task, token renewal, paging, failures beside a healthy
// libvirt, and the dashboard's request count at two lab scales.
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLibvirtSimulator, type LibvirtSimulator } from '../src/connectors/libvirt/simulator.js';
import { joinKey } from '../src/connectors/keys.js';
import { powerStateOf } from '../src/connectors/manageiq/connector.js';
import {
  MANAGEIQ_SIM_DEFAULT_AUTH,
  startManageIQSimulator,
  type ManageIQSimOptions,
  type ManageIQSimulator,
  type SimCollection,
} from '../src/connectors/manageiq/simulator.js';
import type { ConnectorSpec } from '../src/connectors/registry.js';
import { startGateway, type StartedGateway } from '../src/start.js';
import { graphql } from './gql/index.js';
import type { MiqInventoryQuery } from './gql/graphql.js';
import { collectWs, execute, query, startTestGateway, wsClient, type TestGateway, UNCACHED } from './helpers/gateway.js';
import { CreateSnapshot, Dashboard, DeleteSnapshot, FollowOperation, RevertSnapshot, VmSnapshots } from './helpers/documents.js';
import { manageiq as manageiqBackend } from '../src/connectors/manageiq/backend.js';

const MIQ = 'lab-manageiq';

const MiqInventory = graphql(`
  query MiqInventory {
    backends {
      name
      kind
      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }
      health { status lastError }
    }
    vms(first: 1000) {
      totalCount
      edges {
        node {
          id
          name
          externalId
          kind
          powerState
          backend { name }
          capabilities { revert }
          drives { id }
          currentSnapshot { id name }
          snapshotTree { id name children { id name children { id name children { id name } } } }
          snapshots(first: 100) {
            totalCount
            edges {
              node { id externalId name description createdAt isCurrent sizeBytes hasDisk status depth parent { id name } children { id } }
            }
          }
        }
      }
    }
  }
`);

const MiqUnsupported = graphql(`
  mutation MiqUnsupported($snapshotId: ID!, $targetId: ID!) {
    cloneSnapshot(input: { snapshotId: $snapshotId, name: "copy" }) {
      __typename
      ... on UnsupportedOperationError { capability backend { name } }
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

const MiqDeleteMany = graphql(`
  mutation MiqDeleteMany($ids: [ID!]!) {
    deleteSnapshots(input: { snapshotIds: $ids }) {
      __typename
      ... on OperationPayload { operation { id status kind } }
      ... on Error { message }
    }
  }
`);

const MiqPartial = graphql(`
  query MiqPartial {
    vms(first: 1000) {
      totalCount
      backendErrors { message code backendCode httpStatus backend { name } }
      edges { node { name backend { name } currentSnapshot { name } snapshots(first: 100) { totalCount } } }
    }
  }
`);

type Vm = MiqInventoryQuery['vms']['edges'][number]['node'];

/** The simulator's collection and id behind a ManageIQ VM's externalId (its key). */
function idsOf(vm: Vm): { collection: SimCollection; id: string } {
  const parsed: unknown = JSON.parse(vm.externalId);
  if (!Array.isArray(parsed) || (parsed[0] !== 'vms' && parsed[0] !== 'instances') || typeof parsed[1] !== 'string') {
    throw new Error(`not a ManageIQ key: ${vm.externalId}`);
  }
  return { collection: parsed[0], id: parsed[1] };
}

describe('ManageIQ in the lab, through the gateway', () => {
  let gw: TestGateway;
  let ws: Client;
  let vms: Vm[];
  let sim: ManageIQSimulator;

  const inventory = async () => (await query(gw.graphqlUrl, MiqInventory)).vms.edges.map((e) => e.node).filter((vm) => vm.backend.name === MIQ);
  const byIds = (collection: SimCollection, id: string): Vm => {
    const found = vms.find((vm) => vm.externalId === joinKey(collection, id));
    if (!found) throw new Error(`no ${collection} ${id} in the gateway`);
    return found;
  };
  const snapshotNamed = (vm: Vm, name: string) => {
    const found = vm.snapshots.edges.map((e) => e.node).find((s) => s.name === name);
    if (!found) throw new Error(`no snapshot ${name} on ${vm.name}`);
    return found;
  };
  const posts = () => sim.requests().filter((r) => r.method === 'POST');

  beforeAll(async () => {
    gw = await startTestGateway({ scale: 1, opMs: 300 });
    ws = wsClient(gw.wsUrl);
    sim = gw.lab.sim(manageiqBackend);
    vms = await inventory();
  });
  afterAll(async () => {
    await ws?.dispose();
    await gw?.close();
  });

  async function create(targetId: string, name: string, includeMemory = false) {
    const { createSnapshot } = await query(gw.graphqlUrl, CreateSnapshot, { input: { targetId, name, includeMemory } });
    if (createSnapshot.__typename !== 'OperationPayload') throw new Error(`create answered ${createSnapshot.__typename}`);
    return createSnapshot.operation;
  }

  it('lists 5 VMs (kind VM) and 2 instances (kind INSTANCE) with their power states; instances cannot revert', async () => {
    const data = await query(gw.graphqlUrl, MiqInventory);
    const backend = data.backends.find((b) => b.name === MIQ);
    expect(backend).toEqual({
      name: MIQ,
      kind: 'MANAGEIQ',
      capabilities: {
        memorySnapshots: true,
        quiesce: false,
        revert: true,
        clone: false,
        driveSnapshots: false,
        snapshotTree: true,
        bulkDelete: true,
        update: false,
        schedules: false,
        metadata: false,
      },
      health: { status: 'UP', lastError: null },
    });
    expect(vms.map((vm) => vm.kind).sort()).toEqual(['INSTANCE', 'INSTANCE', 'VM', 'VM', 'VM', 'VM', 'VM']);
    for (const vm of vms) {
      const { collection, id } = idsOf(vm);
      expect(collection).toBe(vm.kind === 'VM' ? 'vms' : 'instances');
      expect(vm.name).toBe(sim.name(collection, id));
      expect(vm.powerState).toBe(powerStateOf(sim.powerState(collection, id)));
      expect(vm.capabilities.revert).toBe(vm.kind === 'VM');
      expect(vm.drives).toEqual([]);
    }
    expect(new Set(vms.map((vm) => vm.powerState))).toEqual(new Set(['RUNNING', 'STOPPED', 'PAUSED']));
    expect(vms.filter((vm) => vm.kind === 'INSTANCE').map((vm) => vm.powerState).sort()).toEqual(['RUNNING', 'STOPPED']);
  });

  it('reads snapshot trees with the current marker, sizes, times and descriptions as ManageIQ has them', () => {
    for (const vm of vms) {
      const { collection, id } = idsOf(vm);
      const wire = sim.snapshotsOf(collection, id);
      const snapshots = vm.snapshots.edges.map((e) => e.node);
      expect(vm.snapshots.totalCount).toBe(wire.length);
      expect(snapshots.filter((s) => s.isCurrent)).toHaveLength(1);
      expect(vm.currentSnapshot?.name).toBe(wire.find((w) => w.current === 1)?.name);
      expect(Math.max(...snapshots.map((s) => s.depth))).toBeGreaterThanOrEqual(3);
      expect(vm.snapshotTree.map((root) => root.name)).toEqual(['base']);
      expect(vm.snapshotTree[0]?.children[0]?.children[0]?.children[0]?.name).toBe('release-1');
      for (const w of wire) {
        const s = snapshotNamed(vm, w.name);
        expect(s).toMatchObject({ sizeBytes: w.total_size, isCurrent: w.current === 1, status: 'READY', hasDisk: true });
        expect(s.description).toBe(w.description || null);
        expect(s.createdAt).toBe(new Date(w.create_time).toISOString());
        expect(s.parent?.name ?? null).toBe(wire.find((p) => p.id === w.parent_id)?.name ?? null);
      }
      if (vm.kind === 'INSTANCE') expect(snapshots.every((s) => s.sizeBytes === null)).toBe(true);
      else expect(snapshots.every((s) => (s.sizeBytes ?? 0) >= 1024 ** 3)).toBe(true);
    }
  });

  it.each([
    ['a VM', 'vms', '1'],
    ['an instance', 'instances', '6'],
  ] as const)('creates on %s: followed over graphql-ws to SUCCEEDED, with progress, the snapshot found by name', async (_what, collection, id) => {
    const target = byIds(collection, id);
    const before = target.currentSnapshot;
    const name = `created-on-${collection}`;
    const operation = await create(target.id, name, collection === 'vms');
    expect(operation).toMatchObject({ kind: 'CREATE_SNAPSHOT', status: 'PENDING', backend: { name: MIQ } });
    const events = await collectWs(ws, FollowOperation, { id: operation.id });
    const states = events.map((e) => e.data?.operation);
    expect(states.map((s) => s?.status)).toContain('RUNNING');
    expect(states.some((s) => typeof s?.progress === 'number' && s.progress > 0 && s.progress < 100)).toBe(true);
    const done = states.at(-1);
    expect(done).toMatchObject({ status: 'SUCCEEDED', progress: 100, error: null, snapshot: { name, isCurrent: true } });
    expect(done?.snapshot?.parent?.id).toBe(before?.id);
    expect(sim.requests().find((r) => r.method === 'POST' && r.path === `/api/${collection}/${id}/snapshots`)?.body).toEqual({
      name,
      memory: collection === 'vms',
    });
    const after = await query(gw.graphqlUrl, VmSnapshots, { id: target.id });
    expect(after.vm?.currentSnapshot?.name).toBe(name);
  });

  it('reverts a VM: SUCCEEDED, and the snapshot is current', async () => {
    const target = byIds('vms', '2');
    const base = snapshotNamed(target, 'base');
    expect(base.isCurrent).toBe(false);
    const { revertSnapshot } = await query(gw.graphqlUrl, RevertSnapshot, { input: { snapshotId: base.id } });
    if (revertSnapshot.__typename !== 'OperationPayload') throw new Error(`revert answered ${revertSnapshot.__typename}`);
    const done = (await collectWs(ws, FollowOperation, { id: revertSnapshot.operation.id })).at(-1)?.data?.operation;
    expect(done).toMatchObject({ status: 'SUCCEEDED', snapshot: { id: base.id, isCurrent: true } });
    expect((await query(gw.graphqlUrl, VmSnapshots, { id: target.id })).vm?.currentSnapshot?.id).toBe(base.id);
  });

  it('refuses to revert an instance with UnsupportedOperationError (revert), sending ManageIQ nothing', async () => {
    const snapshot = snapshotNamed(byIds('instances', '7'), 'base');
    const before = posts().length;
    const { revertSnapshot } = await query(gw.graphqlUrl, RevertSnapshot, { input: { snapshotId: snapshot.id } });
    expect(revertSnapshot).toMatchObject({ __typename: 'UnsupportedOperationError', capability: 'revert' });
    expect(posts()).toHaveLength(before);
  });

  it('answers UnsupportedOperationError for clone, update, schedules, metadata and quiesce', async () => {
    const vm = byIds('vms', '3');
    const snapshot = snapshotNamed(vm, 'base');
    const data = await query(gw.graphqlUrl, MiqUnsupported, { snapshotId: snapshot.id, targetId: vm.id });
    expect(data.cloneSnapshot).toMatchObject({ __typename: 'UnsupportedOperationError', capability: 'clone', backend: { name: MIQ } });
    expect(data.updateSnapshot).toMatchObject({ capability: 'update' });
    expect(data.createSnapshotSchedule).toMatchObject({ capability: 'schedules' });
    const lacking: [{ metadata?: { key: string; value: string }[]; quiesce?: boolean }, string][] = [
      [{ metadata: [{ key: 'team', value: 'a' }] }, 'metadata'],
      [{ quiesce: true }, 'quiesce'],
    ];
    for (const [extra, capability] of lacking) {
      const { createSnapshot } = await query(gw.graphqlUrl, CreateSnapshot, { input: { targetId: vm.id, name: 'nope', ...extra } });
      expect(createSnapshot).toMatchObject({ __typename: 'UnsupportedOperationError', capability });
    }
  });

  it('deletes a snapshot: SUCCEEDED, its children move up', async () => {
    const vm = byIds('vms', '3');
    const updates = snapshotNamed(vm, 'updates');
    const { deleteSnapshot } = await query(gw.graphqlUrl, DeleteSnapshot, { input: { snapshotId: updates.id } });
    if (deleteSnapshot.__typename !== 'OperationPayload') throw new Error(`delete answered ${deleteSnapshot.__typename}`);
    expect((await collectWs(ws, FollowOperation, { id: deleteSnapshot.operation.id })).at(-1)?.data?.operation.status).toBe('SUCCEEDED');
    const after = (await query(gw.graphqlUrl, VmSnapshots, { id: vm.id })).vm?.snapshots.edges.map((e) => e.node) ?? [];
    expect(after.some((s) => s.id === updates.id)).toBe(false);
    expect(after.find((s) => s.name === 'pre-release')?.parent?.name).toBe('base');
  });

  it('deletes snapshots of a VM and an instance in bulk POSTs by level of their trees (a parent after its child), every operation SUCCEEDED', async () => {
    const vm = byIds('vms', '4');
    const instance = byIds('instances', '7');
    const targets = [snapshotNamed(vm, 'experiment'), snapshotNamed(instance, 'experiment'), snapshotNamed(vm, 'base'), snapshotNamed(instance, 'updates')];
    const before = posts().length;
    const { deleteSnapshots } = await query(gw.graphqlUrl, MiqDeleteMany, { ids: targets.map((t) => t.id) });
    expect(deleteSnapshots.map((r) => r.__typename)).toEqual(['OperationPayload', 'OperationPayload', 'OperationPayload', 'OperationPayload']);
    for (const result of deleteSnapshots) {
      if (result.__typename !== 'OperationPayload') continue;
      expect((await collectWs(ws, FollowOperation, { id: result.operation.id })).at(-1)?.data?.operation.status).toBe('SUCCEEDED');
    }
    const sent = sim.requests().slice(before);
    const idOf = (snapshot: { externalId: string }) => JSON.parse(snapshot.externalId).at(-1);
    // The instance's two are on one level of its tree: one bulk POST. The VM's base is experiment's parent: experiment
    // is deleted first (its level's request), base after it, on its own.
    const forInstance = sent.filter((r) => r.method === 'POST' && r.path === '/api/instances/7/snapshots');
    expect(forInstance).toHaveLength(1);
    expect(forInstance[0]?.body).toMatchObject({ action: 'delete', resources: [{ href: expect.any(String) }, { href: expect.any(String) }] });
    const touching = (snapshot: { externalId: string }) =>
      sent.findIndex((r) => r.path.endsWith(`/snapshots/${idOf(snapshot)}`) || JSON.stringify(r.body ?? '').includes(`/vms/4/snapshots/${idOf(snapshot)}"`));
    const [experiment, base] = [touching(snapshotNamed(vm, 'experiment')), touching(snapshotNamed(vm, 'base'))];
    expect(experiment).toBeGreaterThanOrEqual(0);
    expect(base).toBeGreaterThan(experiment);
    expect(sim.snapshotsOf('vms', '4').map((s) => s.name)).toEqual(['updates', 'pre-release', 'release-1']);
    expect(sim.snapshotsOf('instances', '7').map((s) => s.name)).toEqual(['base', 'pre-release', 'release-1']);
  });

  it("ends FAILED with the task's message when the ManageIQ task fails", async () => {
    const vm = byIds('vms', '5');
    sim.failNextTask('Unable to create snapshot: the VM is locked by another task');
    const operation = await create(vm.id, 'doomed');
    const done = (await collectWs(ws, FollowOperation, { id: operation.id })).at(-1)?.data?.operation;
    expect(done).toMatchObject({
      status: 'FAILED',
      snapshot: null,
      error: { code: 'TASK_ERROR', message: 'Unable to create snapshot: the VM is locked by another task' },
    });
    expect(sim.snapshotsOf('vms', '5').some((s) => s.name === 'doomed')).toBe(false);
  });

  it('renews an expired token transparently', async () => {
    const logins = sim.loginCount();
    sim.expireTokens();
    const result = await execute(gw.graphqlUrl, MiqInventory);
    expect(result.errors).toBeUndefined();
    expect(result.data?.vms.edges.filter((e) => e.node.backend.name === MIQ)).toHaveLength(7);
    expect(sim.loginCount()).toBe(logins + 1);
  });
});

describe('ManageIQ beside libvirt, one gateway', () => {
  let libvirt: LibvirtSimulator;
  const started: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    libvirt = await startLibvirtSimulator({ vmCount: 3, listsSnapshots: true });
  });
  afterAll(async () => {
    await Promise.all(started.splice(0).map((s) => s.close()));
    await libvirt?.close();
  });

  async function gatewayWith(miq: ManageIQSimulator | string, timeoutMs = 300): Promise<{ url: string; gateway: StartedGateway }> {
    const baseUrl = typeof miq === 'string' ? miq : miq.url;
    const specs: ConnectorSpec[] = [
      { name: 'lv', kind: 'LIBVIRT', baseUrl: libvirt.url, credentials: {}, settings: {} },
      { name: 'miq', kind: 'MANAGEIQ', baseUrl, credentials: { ...MANAGEIQ_SIM_DEFAULT_AUTH }, settings: {} },
    ];
    const gateway = await startGateway({ specs, port: 0, host: '127.0.0.1', http: { timeoutMs, readRetries: 0 }, cache: UNCACHED });
    started.push(gateway);
    return { url: `${gateway.server.url}/graphql`, gateway };
  }
  async function simulator(options: Partial<ManageIQSimOptions> = {}) {
    const sim = await startManageIQSimulator({ vmCount: 4, instanceCount: 2, ...options });
    started.push(sim);
    return sim;
  }

  it('pages past the first page when the server caps pages at 4', async () => {
    const sim = await simulator({ vmCount: 9, instanceCount: 3, maxResultsPerPage: 4 });
    const { url } = await gatewayWith(sim);
    const data = await query(url, Dashboard);
    const miq = data.vms.edges.filter((e) => e.node.backend.name === 'miq');
    expect(miq).toHaveLength(12);
    expect(miq.filter((e) => e.node.snapshots.totalCount === 5 && e.node.currentSnapshot)).toHaveLength(12);
    const offsets = (path: string) =>
      [...new Set(sim.requests().filter((r) => r.path === path).map((r) => Number(new URLSearchParams(r.query).get('offset'))))].sort((a, b) => a - b);
    // /api/vms holds the 3 instances too: 12 rows in pages of 4.
    expect(offsets('/api/vms')).toEqual([0, 4, 8]);
    expect(offsets('/api/instances')).toEqual([0]);
  });

  it.each([
    ['answers 500', async (sim: ManageIQSimulator) => sim.failNext('GET', '/api/vms', 500, { error: { kind: 'internal_server_error', message: 'PG::ConnectionBad: could not connect', klass: 'PG::ConnectionBad' } }), { code: 'SERVER_ERROR', backendCode: 'internal_server_error', httpStatus: 500 }, /PG::ConnectionBad/],
    ['answers garbage', async (sim: ManageIQSimulator) => sim.setFault({ mode: 'garbage', json: true }), { code: 'BAD_RESPONSE', backendCode: null, httpStatus: null }, /unexpected answer to GET \/api\/(vms|instances): field /],
  ] as const)('a ManageIQ that %s is a BackendError for its part; libvirt still answers', async (_what, breakIt, codes, message) => {
    const sim = await simulator();
    const { url } = await gatewayWith(sim);
    expect((await query(url, MiqPartial)).vms.totalCount).toBe(9);
    await breakIt(sim);
    const result = await execute(url, MiqPartial);
    expect(result.status).toBe(200);
    expect(result.data?.vms.totalCount).toBe(3);
    expect(result.data?.vms.edges.every((e) => e.node.backend.name === 'lv' && e.node.currentSnapshot !== null)).toBe(true);
    expect(result.data?.vms.backendErrors).toEqual([{ backend: { name: 'miq' }, ...codes, message: expect.stringMatching(message) }]);
    expect(result.errors?.[0]).toMatchObject({ path: ['vms'], extensions: { code: 'BACKEND_ERROR', backend: 'miq', errorCode: codes.code, backendCode: codes.backendCode, httpStatus: codes.httpStatus } });
  });

  it('a ManageIQ that is down is UNREACHABLE; libvirt still answers', async () => {
    const sim = await startManageIQSimulator({ vmCount: 1 });
    const url = sim.url;
    await sim.close();
    const gateway = await gatewayWith(url);
    const result = await execute(gateway.url, MiqPartial);
    expect(result.data?.vms.totalCount).toBe(3);
    expect(result.data?.vms.backendErrors).toEqual([
      { backend: { name: 'miq' }, code: 'UNREACHABLE', backendCode: null, httpStatus: null, message: 'the backend did not accept the connection' },
    ]);
  });

  it('a ManageIQ slower than the timeout is TIMEOUT; libvirt still answers', async () => {
    const sim = await simulator({ latencyMs: 1_000 });
    const { url } = await gatewayWith(sim, 200);
    const result = await execute(url, MiqPartial);
    expect(result.data?.vms.totalCount).toBe(3);
    expect(result.data?.vms.backendErrors).toEqual([
      { backend: { name: 'miq' }, code: 'TIMEOUT', backendCode: null, httpStatus: null, message: 'the backend took longer than 200 ms to answer' },
    ]);
  });
});

describe('the dashboard query’s cost to ManageIQ', () => {
  async function measure(scale: number) {
    const gw = await startTestGateway({ scale });
    try {
      const metrics = gw.started.gateway.metrics;
      const first = await query(gw.graphqlUrl, Dashboard);
      const firstSent = await metrics.backendRequestCount(MIQ);
      const answeredBefore = gw.lab.sim(manageiqBackend).requestCount();
      await query(gw.graphqlUrl, Dashboard);
      return {
        vms: first.vms.edges.filter((e) => e.node.backend.name === MIQ).length,
        snapshots: first.vms.edges.filter((e) => e.node.backend.name === MIQ).reduce((sum, e) => sum + e.node.snapshots.totalCount, 0),
        first: firstSent,
        sent: (await metrics.backendRequestCount(MIQ)) - firstSent,
        answered: gw.lab.sim(manageiqBackend).requestCount() - answeredBefore,
      };
    } finally {
      await gw.close();
    }
  }

  it('is the same at LAB_SCALE=1 and LAB_SCALE=20: a VM list and a snapshot list per collection', async () => {
    const small = await measure(1);
    const large = await measure(20);
    expect([small.vms, large.vms]).toEqual([7, 140]);
    expect(large.snapshots).toBe(700);
    // GET /api/vms and /api/instances for the VMs, the same two with attributes=snapshots for every tree;
    // drives, current snapshots, trees, parents and children cost nothing more.
    expect(small.sent).toBe(4);
    expect(large.sent).toBe(4);
    expect(small.answered).toBe(small.sent);
    expect(large.answered).toBe(large.sent);
    // The first query also fetches the token.
    expect([small.first, large.first]).toEqual([5, 5]);
  });
});
