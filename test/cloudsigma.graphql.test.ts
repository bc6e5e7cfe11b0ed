// CloudSigma through a real gateway (port 0) over HTTP and graphql-ws: servers, drives and drive snapshots read back,
// create on a drive (and the ValidationError on a VM), clone, update, delete and bulk delete followed to SUCCEEDED,
// revert unsupported, a failed clone job, Basic auth, paging, failures beside a healthy libvirt, and the dashboard's
// request count at two lab scales.
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLONED_FROM_META } from '../src/connectors/cloudsigma/connector.js';
import {
  CLOUDSIGMA_SIM_DEFAULT_AUTH,
  startCloudSigmaSimulator,
  type CloudSigmaSimOptions,
  type CloudSigmaSimulator,
} from '../src/connectors/cloudsigma/simulator.js';
import { startLibvirtSimulator, type LibvirtSimulator } from '../src/connectors/libvirt/simulator.js';
import type { ConnectorSpec } from '../src/connectors/registry.js';
import { startGateway } from '../src/start.js';
import { graphql } from './gql/index.js';
import type { CsInventoryQuery } from './gql/graphql.js';
import { collectWs, execute, query, startTestGateway, wsClient, type TestGateway, UNCACHED } from './helpers/gateway.js';
import { CreateSnapshot, Dashboard, DeleteSnapshot, RevertSnapshot } from './helpers/documents.js';
import { cloudsigma as cloudsigmaBackend } from '../src/connectors/cloudsigma/backend.js';

const CS = 'lab-cloudsigma';

const CsInventory = graphql(`
  query CsInventory {
    backends {
      name
      kind
      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }
      health { status lastError }
    }
    vms(first: 1000) {
      edges {
        node {
          id
          name
          externalId
          powerState
          backend { name }
          drives { id externalId name sizeBytes status vm { id } }
          snapshots(first: 100) { totalCount edges { node { id externalId name drive { id } vm { id } } } }
        }
      }
    }
    drives(first: 1000) {
      edges {
        node {
          id
          externalId
          name
          status
          sizeBytes
          backend { name }
          vm { id }
          clonedFrom { id }
          snapshots(first: 100) {
            totalCount
            edges { node { id externalId name description createdAt sizeBytes status isCurrent hasDisk hasMemory metadata { key value } parent { id } } }
          }
        }
      }
    }
  }
`);

const CsFollow = graphql(`
  subscription CsFollow($id: ID!) {
    operation(id: $id) {
      id
      kind
      status
      progress
      message
      error { code message }
      snapshot { id name metadata { key value } }
      drive { id name status clonedFrom { id name } }
    }
  }
`);

const CsClone = graphql(`
  mutation CsClone($snapshotId: ID!, $name: String) {
    cloneSnapshot(input: { snapshotId: $snapshotId, name: $name }) {
      __typename
      ... on OperationPayload { operation { id kind status } }
      ... on Error { message }
    }
  }
`);

const CsUpdate = graphql(`
  mutation CsUpdate($snapshotId: ID!, $name: String, $metadata: [MetadataEntryInput!]) {
    updateSnapshot(input: { snapshotId: $snapshotId, name: $name, metadata: $metadata }) {
      __typename
      ... on OperationPayload { operation { id kind status } }
      ... on Error { message }
    }
  }
`);

const CsDeleteMany = graphql(`
  mutation CsDeleteMany($ids: [ID!]!) {
    deleteSnapshots(input: { snapshotIds: $ids }) {
      __typename
      ... on OperationPayload { operation { id status kind } }
      ... on Error { message }
    }
  }
`);

const CsPartial = graphql(`
  query CsPartial {
    vms(first: 1000) {
      totalCount
      backendErrors { message code backendCode httpStatus backend { name } }
      edges { node { name backend { name } currentSnapshot { name } } }
    }
  }
`);

type Drive = CsInventoryQuery['drives']['edges'][number]['node'];
type Vm = CsInventoryQuery['vms']['edges'][number]['node'];

describe('CloudSigma in the lab, through the gateway', () => {
  let gw: TestGateway;
  let ws: Client;
  let sim: CloudSigmaSimulator;

  const inventory = async () => {
    const data = await query(gw.graphqlUrl, CsInventory);
    return {
      data,
      vms: data.vms.edges.map((e) => e.node).filter((vm) => vm.backend.name === CS),
      drives: data.drives.edges.map((e) => e.node).filter((d) => d.backend.name === CS),
    };
  };
  const spareDrive = (drives: Drive[]) => {
    const found = drives.find((d) => d.vm === null && d.clonedFrom === null && d.name.startsWith('spare'));
    if (!found) throw new Error('no spare drive');
    return found;
  };
  const follow = async (id: string) => (await collectWs(ws, CsFollow, { id })).map((e) => e.data?.operation);

  beforeAll(async () => {
    gw = await startTestGateway({ scale: 1, opMs: 300 });
    ws = wsClient(gw.wsUrl);
    sim = gw.lab.sim(cloudsigmaBackend);
  });
  afterAll(async () => {
    await ws?.dispose();
    await gw?.close();
  });

  it('shows servers as VMs with their drives, every drive with size and status, snapshots on drive and VM', async () => {
    const { data, vms, drives } = await inventory();
    expect(data.backends.find((b) => b.name === CS)).toEqual({
      name: CS,
      kind: 'CLOUDSIGMA',
      capabilities: {
        memorySnapshots: false,
        quiesce: false,
        revert: false,
        clone: true,
        driveSnapshots: true,
        snapshotTree: false,
        bulkDelete: true,
        update: true,
        schedules: false,
        metadata: true,
      },
      health: { status: 'UP', lastError: null },
    });
    const servers = sim.servers();
    expect(vms.map((vm) => vm.externalId).sort()).toEqual(servers.map((s) => s.uuid).sort());
    expect(new Set(vms.map((vm) => vm.powerState))).toEqual(new Set(['RUNNING', 'STOPPED', 'PAUSED']));
    const wireDrives = sim.drives();
    const wireSnapshots = sim.snapshots();
    for (const vm of vms) {
      const server = servers.find((s) => s.uuid === vm.externalId);
      expect(vm.name).toBe(server?.name);
      expect(vm.drives.map((d) => d.externalId)).toEqual(server?.drives);
      expect(vm.drives.length).toBeGreaterThanOrEqual(1);
      for (const d of vm.drives) expect(d).toMatchObject({ status: 'IN_USE', vm: { id: vm.id } });
      const own = wireSnapshots.filter((s) => server?.drives.includes(s.drive));
      expect(vm.snapshots.totalCount).toBe(own.length);
      for (const { node } of vm.snapshots.edges) expect(node.vm?.id).toBe(vm.id);
    }
    expect(drives.map((d) => d.externalId).sort()).toEqual(wireDrives.map((d) => d.uuid).sort());
    expect(drives.filter((d) => d.vm === null).length).toBeGreaterThanOrEqual(2);
    for (const d of drives) {
      const wire = wireDrives.find((w) => w.uuid === d.externalId);
      expect(d.sizeBytes).toBe(wire?.size);
      expect(d.status).toBe(wire?.mountedOn ? 'IN_USE' : 'READY');
      const own = wireSnapshots.filter((s) => s.drive === d.externalId);
      expect(d.snapshots.totalCount).toBe(own.length);
      for (const { node } of d.snapshots.edges) {
        const w = own.find((s) => s.uuid === node.externalId);
        expect(node).toMatchObject({ name: w?.name, status: 'READY', isCurrent: false, hasDisk: true, hasMemory: false, parent: null, sizeBytes: w?.allocatedSize });
        // "2024-06-01 13:02:03.456000+00:00" on the wire.
        expect(node.createdAt).toBe(new Date((w?.timestamp ?? '').replace(' ', 'T')).toISOString());
        const { description, ...rest } = w?.meta ?? {};
        expect(node.description).toBe(description ?? null);
        expect(node.metadata).toEqual(Object.entries(rest).map(([key, value]) => ({ key, value })));
      }
    }
  });

  it('creates on a drive: creating → available, followed over graphql-ws to SUCCEEDED', async () => {
    const drive = spareDrive((await inventory()).drives);
    const { createSnapshot } = await query(gw.graphqlUrl, CreateSnapshot, {
      input: { targetId: drive.id, name: 'before-migration', metadata: [{ key: 'ticket', value: 'OPS-1' }] },
    });
    if (createSnapshot.__typename !== 'OperationPayload') throw new Error(`create answered ${createSnapshot.__typename}`);
    const states = await follow(createSnapshot.operation.id);
    expect(states.map((s) => s?.status)).toContain('RUNNING');
    expect(states.at(-1)).toMatchObject({ status: 'SUCCEEDED', error: null, snapshot: { name: 'before-migration', metadata: [{ key: 'ticket', value: 'OPS-1' }] } });
    expect(sim.snapshots().find((s) => s.name === 'before-migration')).toMatchObject({ drive: drive.externalId, status: 'available' });
  });

  it('refuses a create on a VM with a ValidationError naming its drives, sending nothing', async () => {
    const vm: Vm | undefined = (await inventory()).vms[0];
    if (!vm) throw new Error('no VM');
    const posts = sim.requests().filter((r) => r.method === 'POST').length;
    const { createSnapshot } = await query(gw.graphqlUrl, CreateSnapshot, { input: { targetId: vm.id, name: 'whole-vm' } });
    expect(createSnapshot).toMatchObject({ __typename: 'ValidationError', field: 'input.targetId' });
    if (createSnapshot.__typename !== 'ValidationError') return;
    expect(createSnapshot.message).toContain('pick one of the drives');
    for (const d of vm.drives) expect(createSnapshot.message).toContain(d.name);
    expect(sim.requests().filter((r) => r.method === 'POST')).toHaveLength(posts);
  });

  it('clones a snapshot: progress from the job, the new drive cloned from it, SUCCEEDED', async () => {
    const { drives } = await inventory();
    const source = drives.find((d) => d.snapshots.totalCount > 0 && d.vm !== null);
    const snapshot = source?.snapshots.edges[0]?.node;
    if (!snapshot) throw new Error('no snapshot');
    const { cloneSnapshot } = await query(gw.graphqlUrl, CsClone, { snapshotId: snapshot.id, name: 'restored-disk' });
    if (cloneSnapshot.__typename !== 'OperationPayload') throw new Error(`clone answered ${cloneSnapshot.__typename}`);
    const states = await follow(cloneSnapshot.operation.id);
    expect(states.some((s) => typeof s?.progress === 'number' && s.progress > 0 && s.progress < 100)).toBe(true);
    expect(states.some((s) => s?.drive?.status === 'CREATING')).toBe(true);
    expect(states.at(-1)).toMatchObject({
      kind: 'CLONE_SNAPSHOT',
      status: 'SUCCEEDED',
      progress: 100,
      drive: { name: 'restored-disk', status: 'READY', clonedFrom: { id: snapshot.id, name: snapshot.name } },
    });
    // The origin survives in the drive's meta, so a later read still knows it.
    const clone = (await inventory()).drives.find((d) => d.name === 'restored-disk');
    expect(clone).toMatchObject({ vm: null, clonedFrom: { id: snapshot.id } });
    expect(sim.drives().find((d) => d.uuid === clone?.externalId)?.meta).toEqual({ [CLONED_FROM_META]: snapshot.externalId });
  });

  it('ends FAILED with the job’s message when the clone job fails', async () => {
    const snapshot = (await inventory()).drives.find((d) => d.snapshots.totalCount > 0)?.snapshots.edges[0]?.node;
    if (!snapshot) throw new Error('no snapshot');
    sim.failNextClone('Not enough storage capacity in the location');
    const { cloneSnapshot } = await query(gw.graphqlUrl, CsClone, { snapshotId: snapshot.id });
    if (cloneSnapshot.__typename !== 'OperationPayload') throw new Error(`clone answered ${cloneSnapshot.__typename}`);
    expect((await follow(cloneSnapshot.operation.id)).at(-1)).toMatchObject({
      status: 'FAILED',
      error: { code: 'JOB_FAILED', message: 'Not enough storage capacity in the location' },
    });
  });

  it('updates name and metadata (meta) with one PUT: SUCCEEDED', async () => {
    const snapshot = (await inventory()).drives.find((d) => d.snapshots.totalCount > 1)?.snapshots.edges[1]?.node;
    if (!snapshot) throw new Error('no snapshot');
    const { updateSnapshot } = await query(gw.graphqlUrl, CsUpdate, { snapshotId: snapshot.id, name: 'kept-forever', metadata: [{ key: 'retain', value: 'yes' }] });
    if (updateSnapshot.__typename !== 'OperationPayload') throw new Error(`update answered ${updateSnapshot.__typename}`);
    expect((await follow(updateSnapshot.operation.id)).at(-1)).toMatchObject({
      status: 'SUCCEEDED',
      snapshot: { id: snapshot.id, name: 'kept-forever', metadata: [{ key: 'retain', value: 'yes' }] },
    });
    expect(sim.requests().filter((r) => r.method === 'PUT').at(-1)?.path).toBe(`/api/2.0/snapshots/${snapshot.externalId}/`);
  });

  it('answers UnsupportedOperationError for revert, memory and quiesce', async () => {
    const drive = spareDrive((await inventory()).drives);
    const snapshot = drive.snapshots.edges[0]?.node;
    if (!snapshot) throw new Error('no snapshot');
    const { revertSnapshot } = await query(gw.graphqlUrl, RevertSnapshot, { input: { snapshotId: snapshot.id } });
    expect(revertSnapshot).toMatchObject({ __typename: 'UnsupportedOperationError', capability: 'revert' });
    for (const [extra, capability] of [[{ includeMemory: true }, 'memorySnapshots'], [{ quiesce: true }, 'quiesce']] as const) {
      const { createSnapshot } = await query(gw.graphqlUrl, CreateSnapshot, { input: { targetId: drive.id, name: 'nope', ...extra } });
      expect(createSnapshot).toMatchObject({ __typename: 'UnsupportedOperationError', capability });
    }
  });

  it('deletes a snapshot: 204 text/html, SUCCEEDED once it is gone', async () => {
    const snapshot = spareDrive((await inventory()).drives).snapshots.edges.at(-1)?.node;
    if (!snapshot) throw new Error('no snapshot');
    const { deleteSnapshot } = await query(gw.graphqlUrl, DeleteSnapshot, { input: { snapshotId: snapshot.id } });
    if (deleteSnapshot.__typename !== 'OperationPayload') throw new Error(`delete answered ${deleteSnapshot.__typename}`);
    const states = await follow(deleteSnapshot.operation.id);
    expect(states.map((s) => s?.status)).toContain('RUNNING');
    expect(states.at(-1)?.status).toBe('SUCCEEDED');
    expect(sim.snapshots().some((s) => s.uuid === snapshot.externalId)).toBe(false);
  });

  it('deletes snapshots of several drives with one DELETE /snapshots/, every operation SUCCEEDED', async () => {
    const { drives } = await inventory();
    const targets = drives.filter((d) => d.vm !== null).slice(0, 2).flatMap((d) => d.snapshots.edges.slice(0, 1).map((e) => e.node));
    expect(targets).toHaveLength(2);
    const before = sim.requests().length;
    const { deleteSnapshots } = await query(gw.graphqlUrl, CsDeleteMany, { ids: targets.map((t) => t.id) });
    for (const result of deleteSnapshots) {
      if (result.__typename !== 'OperationPayload') throw new Error(`delete answered ${result.__typename}`);
      expect((await follow(result.operation.id)).at(-1)?.status).toBe('SUCCEEDED');
    }
    const deletes = sim.requests().slice(before).filter((r) => r.method === 'DELETE');
    expect(deletes).toEqual([{ method: 'DELETE', path: '/api/2.0/snapshots/', query: '', body: { objects: targets.map((t) => ({ uuid: t.externalId })) } }]);
    for (const t of targets) expect(sim.snapshots().some((s) => s.uuid === t.externalId)).toBe(false);
  });
});

describe('CloudSigma beside libvirt, one gateway', () => {
  let libvirt: LibvirtSimulator;
  const started: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    libvirt = await startLibvirtSimulator({ vmCount: 3, listsSnapshots: true });
  });
  afterAll(async () => {
    await Promise.all(started.splice(0).map((s) => s.close()));
    await libvirt?.close();
  });

  async function gatewayWith(baseUrl: string, credentials: Record<string, string> = CLOUDSIGMA_SIM_DEFAULT_AUTH, timeoutMs = 300) {
    const specs: ConnectorSpec[] = [
      { name: 'lv', kind: 'LIBVIRT', baseUrl: libvirt.url, credentials: {}, settings: {} },
      { name: 'cs', kind: 'CLOUDSIGMA', baseUrl, credentials, settings: {} },
    ];
    const gateway = await startGateway({ specs, port: 0, host: '127.0.0.1', http: { timeoutMs, readRetries: 0 }, cache: UNCACHED });
    started.push(gateway);
    return `${gateway.server.url}/graphql`;
  }
  async function simulator(options: Partial<CloudSigmaSimOptions> = {}) {
    const sim = await startCloudSigmaSimulator({ serverCount: 4, ...options });
    started.push(sim);
    return sim;
  }

  it('pages past the first page when the server caps limit at 4', async () => {
    const sim = await simulator({ serverCount: 9, maxLimit: 4 });
    const data = await query(await gatewayWith(sim.apiUrl), Dashboard);
    const cs = data.vms.edges.filter((e) => e.node.backend.name === 'cs');
    expect(cs).toHaveLength(9);
    const offsets = (path: string) =>
      [...new Set(sim.requests().filter((r) => r.path === path).map((r) => Number(new URLSearchParams(r.query).get('offset') ?? 0)))].sort((a, b) => a - b);
    expect(offsets('/api/2.0/servers/detail/')).toEqual([0, 4, 8]);
    const snapshots = cs.reduce((sum, e) => sum + e.node.snapshots.totalCount, 0);
    const attached = new Set(sim.servers().flatMap((s) => s.drives));
    expect(snapshots).toBe(sim.snapshots().filter((s) => attached.has(s.drive)).length);
  });

  it('wrong credentials: a BackendError (401) for its part; libvirt still answers', async () => {
    const sim = await simulator();
    const result = await execute(await gatewayWith(sim.apiUrl, { ...CLOUDSIGMA_SIM_DEFAULT_AUTH, password: 'wrong' }), CsPartial);
    expect(result.data?.vms.totalCount).toBe(3);
    expect(result.data?.vms.backendErrors).toEqual([
      { backend: { name: 'cs' }, code: 'UNAUTHORIZED', backendCode: null, httpStatus: 401, message: 'HTTP 401' },
    ]);
  });

  it.each([
    ['answers 500', (sim: CloudSigmaSimulator) => sim.failNext('GET', '/servers/detail/', 500, [{ error_point: null, error_type: 'backend', error_message: 'unknown error' }]), { code: 'SERVER_ERROR', backendCode: 'backend', httpStatus: 500 }, /^unknown error$/],
    ['answers garbage', (sim: CloudSigmaSimulator) => sim.setFault({ mode: 'garbage', json: true }), { code: 'BAD_RESPONSE', backendCode: null, httpStatus: null }, /unexpected answer to GET \/(servers|drives)\/detail\/: field /],
  ] as const)('a CloudSigma that %s is a BackendError for its part; libvirt still answers', async (_what, breakIt, codes, message) => {
    const sim = await simulator();
    const url = await gatewayWith(sim.apiUrl);
    expect((await query(url, CsPartial)).vms.totalCount).toBe(7);
    breakIt(sim);
    const result = await execute(url, CsPartial);
    expect(result.status).toBe(200);
    expect(result.data?.vms.totalCount).toBe(3);
    expect(result.data?.vms.edges.every((e) => e.node.backend.name === 'lv' && e.node.currentSnapshot !== null)).toBe(true);
    expect(result.data?.vms.backendErrors).toEqual([{ backend: { name: 'cs' }, ...codes, message: expect.stringMatching(message) }]);
  });

  it('a CloudSigma that is down is UNREACHABLE; libvirt still answers', async () => {
    const sim = await startCloudSigmaSimulator({ serverCount: 1 });
    const url = sim.apiUrl;
    await sim.close();
    const result = await execute(await gatewayWith(url), CsPartial);
    expect(result.data?.vms.totalCount).toBe(3);
    expect(result.data?.vms.backendErrors).toEqual([
      { backend: { name: 'cs' }, code: 'UNREACHABLE', backendCode: null, httpStatus: null, message: 'the backend did not accept the connection' },
    ]);
  });

  it('a CloudSigma slower than the timeout is TIMEOUT; libvirt still answers', async () => {
    const sim = await simulator({ latencyMs: 1_000 });
    const result = await execute(await gatewayWith(sim.apiUrl, CLOUDSIGMA_SIM_DEFAULT_AUTH, 200), CsPartial);
    expect(result.data?.vms.totalCount).toBe(3);
    expect(result.data?.vms.backendErrors).toEqual([
      { backend: { name: 'cs' }, code: 'TIMEOUT', backendCode: null, httpStatus: null, message: 'the backend took longer than 200 ms to answer' },
    ]);
  });
});

describe('the dashboard query’s cost to CloudSigma', () => {
  async function measure(scale: number) {
    const gw = await startTestGateway({ scale });
    try {
      const metrics = gw.started.gateway.metrics;
      const first = await query(gw.graphqlUrl, Dashboard);
      const firstSent = await metrics.backendRequestCount(CS);
      const answeredBefore = gw.lab.sim(cloudsigmaBackend).requestCount();
      await query(gw.graphqlUrl, Dashboard);
      const cs = first.vms.edges.filter((e) => e.node.backend.name === CS);
      return {
        vms: cs.length,
        snapshots: cs.reduce((sum, e) => sum + e.node.snapshots.totalCount, 0),
        first: firstSent,
        sent: (await metrics.backendRequestCount(CS)) - firstSent,
        answered: gw.lab.sim(cloudsigmaBackend).requestCount() - answeredBefore,
      };
    } finally {
      await gw.close();
    }
  }

  it('is the same at LAB_SCALE=1 and LAB_SCALE=20: servers, drives, snapshots, and drives again for the snapshot level', async () => {
    const small = await measure(1);
    const large = await measure(20);
    expect([small.vms, large.vms]).toEqual([5, 100]);
    expect(large.snapshots).toBeGreaterThan(300);
    // VM level: /servers/detail/ and /drives/detail/ (drives inline); snapshot level (VMs' and drives' at once):
    // /snapshots/detail/ and /drives/detail/ (where each drive is mounted). Basic auth: no login.
    expect(small.sent).toBe(4);
    expect(large.sent).toBe(4);
    expect(small.answered).toBe(small.sent);
    expect(large.answered).toBe(large.sent);
    expect([small.first, large.first]).toEqual([4, 4]);
  });
});
