// DenvrCloud through a real gateway (port 0) over HTTP and graphql-ws, beside a libvirt backend: inventory and
// snapshot mapping over two clusters, create and delete followed to their end, what Denvr lacks, a failed snapshot,
// token renewal, failures of every kind, and the dashboard's request count at 5 and 100 VMs. Then the whole lab:
// one cluster failing beside the other, snapshots whose server is gone, planned and pending servers.
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseKey, powerStateOf, vmKeyOf } from '../src/connectors/denvr/connector.js';
import {
  DENVR_SIM_DEFAULT_AUTH,
  DENVR_SIM_DEFAULT_SETTINGS,
  startDenvrSimulator,
  type DenvrSimOptions,
  type DenvrSimulator,
} from '../src/connectors/denvr/simulator.js';
import { startLibvirtSimulator, type LibvirtSimulator } from '../src/connectors/libvirt/simulator.js';
import type { ConnectorSpec } from '../src/connectors/registry.js';
import { startGateway, type StartedGateway } from '../src/start.js';
import { graphql } from './gql/index.js';
import type { DenvrInventoryQuery } from './gql/graphql.js';
import { collectWs, execute, query, startTestGateway, wsClient, type TestGateway, UNCACHED } from './helpers/gateway.js';
import { CreateSnapshot, Dashboard, DeleteSnapshot, FollowOperation, RevertSnapshot, VmSnapshots } from './helpers/documents.js';
import { denvr as denvrBackend } from '../src/connectors/denvr/backend.js';

const DV = 'dv';
const LV = 'lv';

const DenvrInventory = graphql(`
  query DenvrInventory {
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
          drives { id }
          snapshots(first: 100) {
            totalCount
            edges { node { id name externalId createdAt status sizeBytes hasDisk parent { id } } }
          }
        }
      }
    }
  }
`);

const DenvrUnsupported = graphql(`
  mutation DenvrUnsupported($snapshotId: ID!) {
    cloneSnapshot(input: { snapshotId: $snapshotId, name: "copy" }) {
      __typename
      ... on UnsupportedOperationError { capability backend { name } }
    }
    updateSnapshot(input: { snapshotId: $snapshotId, name: "renamed" }) {
      __typename
      ... on UnsupportedOperationError { capability }
    }
  }
`);

const DenvrPartial = graphql(`
  query DenvrPartial {
    vms(first: 1000) {
      totalCount
      backendErrors { message code backendCode httpStatus backend { name } }
      edges { node { name backend { name } snapshots(first: 100) { totalCount } } }
    }
  }
`);

type Vm = DenvrInventoryQuery['vms']['edges'][number]['node'];

const started: { close(): Promise<void> }[] = [];
let libvirt: LibvirtSimulator;
beforeAll(async () => {
  libvirt = await startLibvirtSimulator({ vmCount: 3, listsSnapshots: true });
  started.push(libvirt);
});
afterAll(async () => {
  await Promise.all(started.splice(0).reverse().map((s) => s.close()));
});

async function simulator(options: Partial<DenvrSimOptions> = {}): Promise<DenvrSimulator> {
  const sim = await startDenvrSimulator({ vmCount: 6, ...options });
  started.push(sim);
  return sim;
}

async function gatewayWith(
  dv: DenvrSimulator | string,
  { timeoutMs = 2_000, settings = DENVR_SIM_DEFAULT_SETTINGS }: { timeoutMs?: number; settings?: Record<string, unknown> } = {},
): Promise<{ url: string; wsUrl: string; gateway: StartedGateway }> {
  const specs: ConnectorSpec[] = [
    { name: LV, kind: 'LIBVIRT', baseUrl: libvirt.url, credentials: {}, settings: {} },
    { name: DV, kind: 'DENVR', baseUrl: typeof dv === 'string' ? dv : dv.url, credentials: { ...DENVR_SIM_DEFAULT_AUTH }, settings },
  ];
  const gateway = await startGateway({
    specs,
    port: 0,
    host: '127.0.0.1',
    cache: UNCACHED,
    http: { timeoutMs, readRetries: 0 },
    engine: { pollIntervalMs: 20, maxPollIntervalMs: 100 },
  });
  started.push(gateway);
  const url = `${gateway.server.url}/graphql`;
  return { url, wsUrl: url.replace(/^http/, 'ws'), gateway };
}

describe('Denvr through the gateway', () => {
  let sim: DenvrSimulator;
  let url: string;
  let ws: Client;
  let vms: Vm[];

  const inventory = async () => (await query(url, DenvrInventory)).vms.edges.map((e) => e.node).filter((vm) => vm.backend.name === DV);
  const online = (index = 0): Vm => {
    const found = vms.filter((vm) => vm.powerState === 'RUNNING')[index];
    if (!found) throw new Error('no running VM');
    return found;
  };

  beforeAll(async () => {
    sim = await simulator({ vmCount: 8, opMs: 600 });
    const gateway = await gatewayWith(sim);
    url = gateway.url;
    ws = wsClient(gateway.wsUrl);
    vms = await inventory();
  });
  afterAll(async () => {
    await ws?.dispose();
  });

  it('lists the servers of both clusters as VMs with their status mapped; capabilities as Denvr has them', async () => {
    const data = await query(url, DenvrInventory);
    expect(data.backends.find((b) => b.name === DV)).toEqual({
      name: DV,
      kind: 'DENVR',
      capabilities: {
        memorySnapshots: false,
        quiesce: false,
        revert: false,
        clone: false,
        driveSnapshots: false,
        snapshotTree: false,
        bulkDelete: false,
        update: false,
        schedules: false,
        metadata: false,
      },
      health: { status: 'UP', lastError: null },
    });
    expect(vms).toHaveLength(8);
    for (const s of sim.servers()) {
      const vm = vms.find((v) => v.externalId === vmKeyOf(s.cluster, s.namespace, s.name));
      expect(vm).toMatchObject({ name: s.name, kind: 'VM', powerState: powerStateOf(s.status), drives: [] });
    }
    expect(new Set(vms.map((vm) => parseKey(vm.externalId)?.cluster))).toEqual(new Set(['Hou1', 'Msc1']));
    expect(new Set(vms.map((vm) => vm.powerState))).toEqual(new Set(['RUNNING', 'STOPPED', 'UNKNOWN']));
  });

  it('attaches every snapshot to its source VM (sourceName, namespace, cluster), READY, with dates and sizes', () => {
    for (const vm of vms) {
      const ref = parseKey(vm.externalId);
      const wire = sim.snapshots().filter((s) => s.cluster === ref?.cluster && s.namespace === ref.namespace && s.sourceName === vm.name);
      expect(vm.snapshots.totalCount).toBe(wire.length);
      for (const w of wire) {
        const s = vm.snapshots.edges.find((e) => e.node.name === w.name)?.node;
        expect(s).toMatchObject({
          externalId: JSON.stringify([w.cluster, w.namespace, w.name]),
          status: 'READY',
          createdAt: new Date(w.creationDate).toISOString(),
          sizeBytes: Number.parseInt(w.rootDiskSize, 10) * 1024 ** 3,
          hasDisk: true,
          parent: null,
        });
      }
    }
  });

  it('creates: 202, CREATING while readyToUse is false, followed over graphql-ws to SUCCEEDED', async () => {
    const target = online();
    const { createSnapshot } = await query(url, CreateSnapshot, { input: { targetId: target.id, name: 'gw-created' } });
    if (createSnapshot.__typename !== 'OperationPayload') throw new Error(`create answered ${createSnapshot.__typename}`);
    const during = (await query(url, DenvrInventory)).vms.edges.find((e) => e.node.id === target.id)?.node;
    expect(during?.snapshots.edges.find((e) => e.node.name === 'gw-created')?.node.status).toBe('CREATING');
    const states = (await collectWs(ws, FollowOperation, { id: createSnapshot.operation.id })).map((e) => e.data?.operation);
    expect(states.map((s) => s?.status)).toContain('RUNNING');
    expect(states.at(-1)).toMatchObject({ status: 'SUCCEEDED', error: null, snapshot: { name: 'gw-created' } });
    const ref = parseKey(target.externalId);
    expect(sim.requests().find((r) => r.path.endsWith('/CreateSnapshot'))?.body).toEqual({
      name: 'gw-created',
      namespace: ref?.namespace,
      cluster: ref?.cluster,
      sourceVMName: target.name,
    });
    const after = await query(url, VmSnapshots, { id: target.id });
    expect(after.vm?.snapshots.edges.map((e) => e.node.name)).toContain('gw-created');
  });

  it('deletes: 202, followed until the snapshot is gone, SUCCEEDED', async () => {
    const target = online(1);
    const victim = target.snapshots.edges[0]?.node;
    if (!victim) throw new Error('no snapshot');
    const { deleteSnapshot } = await query(url, DeleteSnapshot, { input: { snapshotId: victim.id } });
    if (deleteSnapshot.__typename !== 'OperationPayload') throw new Error(`delete answered ${deleteSnapshot.__typename}`);
    const done = (await collectWs(ws, FollowOperation, { id: deleteSnapshot.operation.id })).at(-1)?.data?.operation;
    expect(done).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(sim.snapshots().some((s) => s.name === victim.name)).toBe(false);
    const after = await query(url, VmSnapshots, { id: target.id });
    expect(after.vm?.snapshots.edges.some((e) => e.node.id === victim.id)).toBe(false);
  });

  it('answers UnsupportedOperationError for revert, clone and update, sending Denvr nothing', async () => {
    const snapshot = online().snapshots.edges[0]?.node;
    if (!snapshot) throw new Error('no snapshot');
    const before = sim.requests().filter((r) => r.method !== 'GET').length;
    const { revertSnapshot } = await query(url, RevertSnapshot, { input: { snapshotId: snapshot.id } });
    expect(revertSnapshot).toMatchObject({ __typename: 'UnsupportedOperationError', capability: 'revert' });
    const data = await query(url, DenvrUnsupported, { snapshotId: snapshot.id });
    expect(data.cloneSnapshot).toMatchObject({ __typename: 'UnsupportedOperationError', capability: 'clone', backend: { name: DV } });
    expect(data.updateSnapshot).toMatchObject({ __typename: 'UnsupportedOperationError', capability: 'update' });
    expect(sim.requests().filter((r) => r.method !== 'GET')).toHaveLength(before);
  });

  it("ends FAILED with the backend's message when the snapshot fails", async () => {
    sim.failNextSnapshot('VolumeSnapshot failed: insufficient quota in namespace');
    const { createSnapshot } = await query(url, CreateSnapshot, { input: { targetId: online().id, name: 'doomed' } });
    if (createSnapshot.__typename !== 'OperationPayload') throw new Error(`create answered ${createSnapshot.__typename}`);
    const done = (await collectWs(ws, FollowOperation, { id: createSnapshot.operation.id })).at(-1)?.data?.operation;
    expect(done).toMatchObject({
      status: 'FAILED',
      snapshot: null,
      error: { message: "Snapshot 'doomed' failed: VolumeSnapshot failed: insufficient quota in namespace" },
    });
  });

  it('a create Denvr refuses ends FAILED with the envelope’s code and message (ABP validation details included)', async () => {
    const { createSnapshot } = await query(url, CreateSnapshot, { input: { targetId: online().id, name: 'Upper Case' } });
    if (createSnapshot.__typename !== 'OperationPayload') throw new Error(`create answered ${createSnapshot.__typename}`);
    const done = (await collectWs(ws, FollowOperation, { id: createSnapshot.operation.id })).at(-1)?.data?.operation;
    expect(done).toMatchObject({
      status: 'FAILED',
      error: { code: 'INVALID_REQUEST', backendCode: '400', httpStatus: 400, message: expect.stringMatching(/^Your request is not valid!: .*lower case/s) },
    });
  });

  it('renews an expired access token with the refresh token, and logs in again when that expired too', async () => {
    const [logins, refreshes] = [sim.loginCount(), sim.refreshCount()];
    sim.expireTokens();
    expect(await inventory()).toHaveLength(8);
    expect([sim.loginCount(), sim.refreshCount()]).toEqual([logins, refreshes + 1]);
    sim.expireTokens();
    sim.expireRefreshTokens();
    expect(await inventory()).toHaveLength(8);
    expect([sim.loginCount(), sim.refreshCount()]).toEqual([logins + 1, refreshes + 1]);
  });
});

describe('short-lived tokens', () => {
  it('a token that expires is renewed before it does: no 401, no new login', async () => {
    const sim = await simulator({ vmCount: 2, tokenTtlSeconds: 1 });
    const { url } = await gatewayWith(sim);
    expect((await query(url, DenvrPartial)).vms.totalCount).toBe(5);
    // The gateway builds its connector itself, so the clock moved is the process's Date (timers stay real):
    // 1.1 s on, past the token's lifetime on both sides.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    try {
      vi.setSystemTime(Date.now() + 1_100);
      const before = sim.requests().length;
      const result = await execute(url, DenvrPartial);
      expect(result.errors).toBeUndefined();
      expect(result.data?.vms.totalCount).toBe(5);
      // Renewed before anything went out with the old token.
      expect(sim.requests()[before]?.path).toBe('/api/TokenAuth/RefreshToken');
      expect(sim.loginCount()).toBe(1);
      expect(sim.refreshCount()).toBeGreaterThanOrEqual(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a failing Denvr beside libvirt', () => {
  it.each([
    ['answers 500', (sim: DenvrSimulator) => sim.failNext('GET', 'GetServers', 500, { result: null, success: false, error: { code: 0, message: 'An internal error occurred during your request!' }, __abp: true }), { code: 'SERVER_ERROR', backendCode: null, httpStatus: 500 }, /^An internal error occurred/],
    ['answers garbage', (sim: DenvrSimulator) => sim.setFault({ mode: 'garbage', json: true }), { code: 'BAD_RESPONSE', backendCode: null, httpStatus: null }, /unexpected answer to GET \/api\/v1\/servers\/virtual\/GetServers: field items/],
  ] as const)('a Denvr that %s is a BackendError for its part; libvirt still answers', async (_what, breakIt, codes, message) => {
    const sim = await simulator({ vmCount: 2, clusters: ['Hou1'] });
    const { url } = await gatewayWith(sim, { settings: { clusters: ['Hou1'] } });
    expect((await query(url, DenvrPartial)).vms.totalCount).toBe(5);
    breakIt(sim);
    const result = await execute(url, DenvrPartial);
    expect(result.status).toBe(200);
    expect(result.data?.vms.totalCount).toBe(3);
    expect(result.data?.vms.edges.every((e) => e.node.backend.name === LV)).toBe(true);
    expect(result.data?.vms.backendErrors).toEqual([{ backend: { name: DV }, ...codes, message: expect.stringMatching(message) }]);
  });

  it('a Denvr that is down is UNREACHABLE; libvirt still answers', async () => {
    const sim = await startDenvrSimulator({ vmCount: 1 });
    const address = sim.url;
    await sim.close();
    const { url } = await gatewayWith(address);
    const result = await execute(url, DenvrPartial);
    expect(result.data?.vms.totalCount).toBe(3);
    expect(result.data?.vms.backendErrors).toEqual([
      { backend: { name: DV }, code: 'UNREACHABLE', backendCode: null, httpStatus: null, message: 'the backend did not accept the connection' },
    ]);
  });

  it('a Denvr slower than the timeout is TIMEOUT; libvirt still answers', async () => {
    const sim = await simulator({ vmCount: 2, latencyMs: 600 });
    const { url } = await gatewayWith(sim, { timeoutMs: 200 });
    const result = await execute(url, DenvrPartial);
    expect(result.data?.vms.totalCount).toBe(3);
    expect(result.data?.vms.backendErrors).toEqual([
      { backend: { name: DV }, code: 'TIMEOUT', backendCode: null, httpStatus: null, message: 'the backend took longer than 200 ms to answer' },
    ]);
  });
});

describe('the dashboard query’s cost to Denvr', () => {
  async function measure(vmCount: number) {
    const sim = await simulator({ vmCount });
    const { url, gateway } = await gatewayWith(sim);
    const metrics = gateway.gateway.metrics;
    const first = await query(url, Dashboard);
    const firstSent = await metrics.backendRequestCount(DV);
    const answeredBefore = sim.requestCount();
    const second = await query(url, Dashboard);
    const mine = second.vms.edges.filter((e) => e.node.backend.name === DV);
    return {
      vms: mine.length,
      snapshots: mine.reduce((sum, e) => sum + e.node.snapshots.totalCount, 0),
      firstVms: first.vms.edges.filter((e) => e.node.backend.name === DV).length,
      first: firstSent,
      sent: (await metrics.backendRequestCount(DV)) - firstSent,
      answered: sim.requestCount() - answeredBefore,
      servers: sim.servers().length,
    };
  }

  it('is the same at 5 and 100 VMs: one GetServers and one GetSnapshots per cluster (no paging: ListResultDto)', async () => {
    const small = await measure(5);
    const large = await measure(100);
    expect([small.vms, large.vms]).toEqual([5, 100]);
    expect([small.firstVms, large.firstVms]).toEqual([5, 100]);
    expect(large.snapshots).toBe(250);
    // Two clusters: GetServers ×2, GetSnapshots ×2; drives, current snapshots, trees and parents cost nothing more.
    expect(small.sent).toBe(4);
    expect(large.sent).toBe(4);
    expect([small.answered, large.answered]).toEqual([4, 4]);
    // The first query also logs in (the health ping is not part of the dashboard query).
    expect([small.first, large.first]).toEqual([5, 5]);
  });
});

const DenvrEstate = graphql(`
  query DenvrEstate {
    backends { id name }
    vms(first: 1000) {
      backendErrors { message code backend { name } }
      edges {
        node {
          id
          externalId
          name
          powerState
          backend { name }
          snapshots(first: 100) { totalCount backendErrors { message code backend { name } } edges { node { id externalId } } }
        }
      }
    }
    snapshots(first: 1000) {
      backendErrors { message code backend { name } }
      edges { node { id externalId name backend { name } vm { id name } } }
    }
  }
`);

const DenvrBackendSnapshots = graphql(`
  query DenvrBackendSnapshots($backendId: ID!) {
    snapshots(first: 1000, filter: { backendIds: [$backendId] }) {
      totalCount
      backendErrors { message }
      edges { node { externalId name backend { name } vm { id } } }
    }
  }
`);

const DenvrNodes = graphql(`
  query DenvrNodes($ids: [ID!]!) {
    nodes(ids: $ids) { id ... on Snapshot { name } }
  }
`);

const DenvrVmState = graphql(`
  query DenvrVmState($id: ID!) {
    vm(id: $id) { name powerState }
  }
`);

describe('DenvrCloud as its real servers behave (the lab behind a real gateway)', () => {
  const LAB_DV = 'lab-denvr';
  const MAINTENANCE = { status: 500, message: "Cluster 'Msc1' is in maintenance" };
  const IN_MSC1 = `cluster Msc1: ${MAINTENANCE.message}`;
  let gw: TestGateway;
  let sim: DenvrSimulator;
  const clusterOf = (externalId: string) => parseKey(externalId)?.cluster;
  const estate = async () => {
    const result = await execute(gw.graphqlUrl, DenvrEstate);
    if (!result.data) throw new Error(`no data: ${JSON.stringify(result.errors)}`);
    const vms = result.data.vms.edges.map((e) => e.node);
    return {
      result,
      data: result.data,
      denvrVms: vms.filter((vm) => vm.backend.name === LAB_DV),
      otherVms: vms.filter((vm) => vm.backend.name !== LAB_DV),
      denvrSnapshots: result.data.snapshots.edges.map((e) => e.node).filter((s) => s.backend.name === LAB_DV),
    };
  };
  const createRequests = () => sim.requests().filter((r) => r.path.endsWith('/CreateSnapshot')).length;

  beforeAll(async () => {
    gw = await startTestGateway();
    sim = gw.lab.sim(denvrBackend);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("one cluster failing: the other cluster's VMs and snapshots are listed, backendErrors and errors name the cluster", async () => {
    const before = await estate();
    expect(before.result.errors).toBeUndefined();
    expect(new Set(before.denvrVms.map((vm) => clusterOf(vm.externalId)))).toEqual(new Set(['Hou1', 'Msc1']));
    const hou = (ids: { externalId: string }[]) => ids.filter((r) => clusterOf(r.externalId) === 'Hou1');
    sim.failCluster('Msc1', MAINTENANCE);
    try {
      const { result, data, denvrVms, otherVms, denvrSnapshots } = await estate();
      const named = { backend: { name: LAB_DV }, code: 'SERVER_ERROR', message: IN_MSC1 };
      expect(denvrVms.map((vm) => vm.externalId).sort()).toEqual(hou(before.denvrVms).map((vm) => vm.externalId).sort());
      expect(data.vms.backendErrors).toEqual([named]);
      expect(denvrVms.every((vm) => vm.snapshots.backendErrors.length === 0 && vm.snapshots.totalCount > 0)).toBe(true);
      expect(denvrSnapshots.map((s) => s.externalId).sort()).toEqual(hou(before.denvrSnapshots).map((s) => s.externalId).sort());
      expect(data.snapshots.backendErrors).toEqual([named]);
      // Every other backend still answers, and the response says what is missing.
      expect(otherVms).toHaveLength(before.otherVms.length);
      expect(result.errors?.map((e) => [e.path, e.message, e.extensions?.backend])).toEqual([
        [['vms'], `Backend '${LAB_DV}' failed: ${IN_MSC1}`, LAB_DV],
        [['snapshots'], `Backend '${LAB_DV}' failed: ${IN_MSC1}`, LAB_DV],
      ]);
    } finally {
      sim.failCluster('Msc1', null);
    }
    expect((await estate()).denvrVms).toHaveLength(before.denvrVms.length);
  });

  it("one cluster's snapshots failing: its VMs are listed with the cluster's error on their snapshots; by id, only its snapshots fail", async () => {
    const before = await estate();
    const ofCluster = (cluster: string) => before.denvrSnapshots.find((s) => clusterOf(s.externalId) === cluster);
    const [houSnapshot, mscSnapshot] = [ofCluster('Hou1'), ofCluster('Msc1')];
    if (!houSnapshot || !mscSnapshot) throw new Error('a snapshot in each cluster expected');
    sim.failCluster('Msc1', { ...MAINTENANCE, pathContains: 'GetSnapshots' });
    try {
      const { denvrVms } = await estate();
      expect(denvrVms).toHaveLength(before.denvrVms.length);
      for (const vm of denvrVms) {
        const was = before.denvrVms.find((v) => v.id === vm.id);
        if (clusterOf(vm.externalId) === 'Msc1') {
          expect(vm.snapshots).toMatchObject({ totalCount: 0, backendErrors: [{ backend: { name: LAB_DV }, code: 'SERVER_ERROR', message: IN_MSC1 }] });
        } else {
          expect(vm.snapshots).toEqual(was?.snapshots);
        }
      }
      const byId = await execute(gw.graphqlUrl, DenvrNodes, { ids: [houSnapshot.id, mscSnapshot.id] });
      expect(byId.data?.nodes).toEqual([{ id: houSnapshot.id, name: houSnapshot.name }, null]);
      expect(byId.errors?.map((e) => [e.path, e.message])).toEqual([[['nodes', 1], `Backend '${LAB_DV}' failed: ${IN_MSC1}`]]);
    } finally {
      sim.failCluster('Msc1', null);
    }
  });

  it.each(['PLANNED', 'PENDING', 'PENDING_RESOURCES', 'PENDING_READINESS'])(
    'a %s server is UNKNOWN, not STOPPED; createSnapshot on it is a ValidationError and Denvr is sent nothing',
    async (status) => {
      const { denvrVms } = await estate();
      const target = denvrVms.find((vm) => vm.name === 'etl-005');
      if (!target) throw new Error('no etl-005 in the lab');
      sim.setStatus('Hou1', 'etl-005', status);
      try {
        expect((await query(gw.graphqlUrl, DenvrVmState, { id: target.id })).vm).toEqual({ name: 'etl-005', powerState: 'UNKNOWN' });
        const creates = createRequests();
        const { createSnapshot } = await query(gw.graphqlUrl, CreateSnapshot, { input: { targetId: target.id, name: 'too-early' } });
        expect(createSnapshot).toEqual({
          __typename: 'ValidationError',
          field: 'input.targetId',
          message: "input.targetId: Denvr snapshots a server once it is ONLINE or OFFLINE; 'etl-005' is not (planned, pending or not reported yet)",
        });
        expect(createRequests()).toBe(creates);
      } finally {
        sim.setStatus('Hou1', 'etl-005', 'PLANNED');
      }
    },
  );

  it('an OFFLINE server is STOPPED and can be snapshotted: the CreateSnapshot is sent', async () => {
    const { denvrVms } = await estate();
    const offline = denvrVms.find((vm) => sim.servers().some((s) => s.name === vm.name && s.status === 'OFFLINE'));
    if (!offline) throw new Error('no OFFLINE server in the lab');
    expect(offline.powerState).toBe('STOPPED');
    const creates = createRequests();
    const { createSnapshot } = await query(gw.graphqlUrl, CreateSnapshot, { input: { targetId: offline.id, name: 'while-off' } });
    expect(createSnapshot.__typename).toBe('OperationPayload');
    expect(createRequests()).toBe(creates + 1);
  });

  it('a snapshot whose server is gone is still listed, under its backend, with vm null', async () => {
    const before = await estate();
    const gone = before.denvrVms.find((vm) => vm.name === 'notebook-003');
    const backendId = before.data.backends.find((b) => b.name === LAB_DV)?.id;
    if (!gone || !backendId) throw new Error('no notebook-003 in the lab');
    const theirs = gone.snapshots.edges.map((e) => e.node.externalId).sort();
    expect(theirs.length).toBeGreaterThan(0);
    sim.destroyServer('Hou1', 'notebook-003');
    const after = await estate();
    expect(after.result.errors).toBeUndefined();
    expect(after.denvrVms.some((vm) => vm.id === gone.id)).toBe(false);
    const orphans = after.denvrSnapshots.filter((s) => theirs.includes(s.externalId));
    expect(orphans.map((s) => s.externalId).sort()).toEqual(theirs);
    expect(orphans.every((s) => s.vm === null)).toBe(true);
    expect(after.denvrSnapshots).toHaveLength(before.denvrSnapshots.length);
    const underBackend = await query(gw.graphqlUrl, DenvrBackendSnapshots, { backendId });
    expect(underBackend.snapshots.backendErrors).toEqual([]);
    expect(underBackend.snapshots.totalCount).toBe(sim.snapshots().length);
    expect(underBackend.snapshots.edges.filter((e) => theirs.includes(e.node.externalId)).map((e) => e.node)).toEqual(
      orphans.map((s) => ({ externalId: s.externalId, name: s.name, backend: { name: LAB_DV }, vm: null })),
    );
  });
});
