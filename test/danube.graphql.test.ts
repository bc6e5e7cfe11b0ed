// Danube through a real gateway (port 0, its own specs: a Danube simulator beside a libvirt one) over HTTP and
// graphql-ws: VMs, disks, snapshots and schedules read back; create (drive, VM + quiesce), revert (refused while
// running, then newer snapshots gone), update, delete and bulk delete followed to SUCCEEDED; unsupported actions;
// a failed task; schedules created, updated, deleted and validated; auth; failures; the dashboard's request count.
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_LIST_CONCURRENCY } from '../src/connectors/danube/connector.js';
import {
  DANUBE_SIM_DEFAULT_API_KEY,
  DANUBE_SIM_DEFAULT_AUTH,
  startDanubeSimulator,
  type DanubeSimOptions,
  type DanubeSimulator,
} from '../src/connectors/danube/simulator.js';
import { startLibvirtSimulator, type LibvirtSimulator } from '../src/connectors/libvirt/simulator.js';
import type { ConnectorSpec } from '../src/connectors/registry.js';
import { startGateway, type StartedGateway } from '../src/start.js';
import { graphql } from './gql/index.js';
import type { DnInventoryQuery } from './gql/graphql.js';
import { collectWs, execute, query, wsClient, UNCACHED } from './helpers/gateway.js';
import { CreateSnapshot, Dashboard, DeleteSnapshot, RevertSnapshot } from './helpers/documents.js';

const DN = 'dn';

const DnInventory = graphql(`
  query DnInventory {
    backends { name kind capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata } }
    vms(first: 1000) {
      edges {
        node {
          id
          externalId
          name
          powerState
          backend { name }
          snapshotSchedules { id name schedule retention active description drive { id } vm { id } }
          drives {
            id
            externalId
            name
            sizeBytes
            vm { id }
            snapshotSchedules { id name snapshots(first: 100) { edges { node { name } } } }
            snapshots(first: 100) { totalCount edges { node { id externalId name description status sizeBytes createdAt drive { id } vm { id } schedule { id name } } } }
          }
          snapshots(first: 100) { totalCount edges { node { id name drive { id } } } }
        }
      }
    }
  }
`);

const DnFollow = graphql(`
  subscription DnFollow($id: ID!) {
    operation(id: $id) { id kind status message error { code message } snapshot { id name description status } }
  }
`);

const DnUpdate = graphql(`
  mutation DnUpdate($snapshotId: ID!, $description: String, $name: String) {
    updateSnapshot(input: { snapshotId: $snapshotId, description: $description, name: $name }) {
      __typename
      ... on OperationPayload { operation { id kind status } }
      ... on Error { message }
    }
  }
`);

const DnDeleteMany = graphql(`
  mutation DnDeleteMany($ids: [ID!]!) {
    deleteSnapshots(input: { snapshotIds: $ids }) {
      __typename
      ... on OperationPayload { operation { id status } }
      ... on Error { message }
    }
  }
`);

const DnClone = graphql(`
  mutation DnClone($snapshotId: ID!) {
    cloneSnapshot(input: { snapshotId: $snapshotId }) {
      __typename
      ... on UnsupportedOperationError { capability message }
      ... on Error { message }
    }
  }
`);

const DnRevert = graphql(`
  mutation DnRevert($snapshotId: ID!) {
    revertSnapshot(input: { snapshotId: $snapshotId }) {
      __typename
      ... on OperationPayload { operation { id } }
      ... on ValidationError { field message }
      ... on Error { message }
    }
  }
`);

const DnCreateSchedule = graphql(`
  mutation DnCreateSchedule($input: CreateSnapshotScheduleInput!) {
    createSnapshotSchedule(input: $input) {
      __typename
      ... on SnapshotSchedulePayload { schedule { id name schedule retention active description drive { id } vm { id } } }
      ... on ValidationError { field message }
      ... on Error { message }
    }
  }
`);

const DnUpdateSchedule = graphql(`
  mutation DnUpdateSchedule($input: UpdateSnapshotScheduleInput!) {
    updateSnapshotSchedule(input: $input) {
      __typename
      ... on SnapshotSchedulePayload { schedule { id schedule retention active description } }
      ... on ValidationError { field message }
      ... on Error { message }
    }
  }
`);

const DnDeleteSchedule = graphql(`
  mutation DnDeleteSchedule($input: DeleteSnapshotScheduleInput!) {
    deleteSnapshotSchedule(input: $input) {
      __typename
      ... on SnapshotSchedulePayload { schedule { id } }
      ... on Error { message }
    }
  }
`);

const DnPartial = graphql(`
  query DnPartial {
    vms(first: 1000) {
      totalCount
      backendErrors { message code backendCode httpStatus backend { name } }
      edges { node { name backend { name } currentSnapshot { name } } }
    }
  }
`);

type Vm = DnInventoryQuery['vms']['edges'][number]['node'];

const started: { close(): Promise<void> }[] = [];
let libvirt: LibvirtSimulator;
beforeAll(async () => {
  libvirt = await startLibvirtSimulator({ vmCount: 3, listsSnapshots: true });
  started.push(libvirt);
});
afterAll(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function simulator(options: Partial<DanubeSimOptions> = {}): Promise<DanubeSimulator> {
  const sim = await startDanubeSimulator({ vmCount: 4, opMs: 150, ...options });
  started.push(sim);
  return sim;
}

async function gatewayWith(baseUrl: string, credentials: Record<string, string> = DANUBE_SIM_DEFAULT_AUTH, timeoutMs = 2_000): Promise<StartedGateway> {
  const specs: ConnectorSpec[] = [
    { name: 'lv', kind: 'LIBVIRT', baseUrl: libvirt.url, credentials: {}, settings: {} },
    { name: DN, kind: 'DANUBE', baseUrl, credentials, settings: {} },
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
  return gateway;
}

describe('Danube through the gateway', () => {
  let sim: DanubeSimulator;
  let url: string;
  let ws: Client;

  beforeAll(async () => {
    sim = await simulator();
    const gw = await gatewayWith(sim.apiUrl);
    url = `${gw.server.url}/graphql`;
    ws = wsClient(`${gw.server.url.replace(/^http/, 'ws')}/graphql`);
  });
  afterAll(async () => {
    await ws?.dispose();
  });

  const inventory = async (): Promise<Vm[]> => (await query(url, DnInventory)).vms.edges.map((e) => e.node).filter((vm) => vm.backend.name === DN);
  const vmNamed = async (hostname: string): Promise<Vm> => {
    const vm = (await inventory()).find((v) => v.externalId === hostname);
    if (!vm) throw new Error(`no VM ${hostname}`);
    return vm;
  };
  const follow = async (id: string) => (await collectWs(ws, DnFollow, { id })).map((e) => e.data?.operation);

  it('shows VMs with power state, disks, snapshots on disk and VM, schedules and the snapshots they took', async () => {
    const data = await query(url, DnInventory);
    expect(data.backends.find((b) => b.name === DN)).toEqual({
      name: DN,
      kind: 'DANUBE',
      capabilities: { memorySnapshots: false, quiesce: true, revert: true, clone: false, driveSnapshots: true, snapshotTree: false, bulkDelete: true, update: true, schedules: true, metadata: false },
    });
    const vms = await inventory();
    // The gateway orders VMs by name.
    expect(vms.map((vm) => [vm.name, vm.powerState])).toEqual(
      sim
        .vms()
        .map((vm) => [vm.hostname, { running: 'RUNNING', stopped: 'STOPPED', frozen: 'PAUSED', 'stopped-': 'STOPPED' }[vm.status] ?? 'UNKNOWN'])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
    for (const vm of vms) {
      const wire = sim.vms().find((w) => w.hostname === vm.externalId);
      expect(vm.drives.map((d) => d.sizeBytes)).toEqual(wire?.disks.map((mb) => mb * 1024 * 1024));
      expect(vm.snapshots.totalCount).toBe(sim.snapshots(vm.externalId).length);
      expect(vm.snapshotSchedules.map((s) => s.name).sort()).toEqual(sim.definitions().filter((d) => d.hostname === vm.externalId).map((d) => d.name).sort());
      for (const drive of vm.drives) {
        expect(drive.vm?.id).toBe(vm.id);
        const own = sim.snapshots(vm.externalId).filter((s) => `${vm.externalId} disk ${s.diskId}` === drive.name);
        expect(drive.snapshots.totalCount).toBe(own.length);
        for (const { node } of drive.snapshots.edges) {
          const w = own.find((s) => s.name === node.name);
          expect(node).toMatchObject({ description: w?.note || null, status: 'READY', sizeBytes: w?.size, createdAt: w?.created, drive: { id: drive.id }, vm: { id: vm.id } });
          expect(node.schedule?.name ?? null).toBe(w?.define ?? null);
        }
      }
    }
    const first = vms[0];
    const daily = first?.drives[0]?.snapshotSchedules.find((s) => s.name === 'daily');
    expect(daily?.snapshots.edges.map((e) => e.node.name)).toEqual(['daily-1']);
    expect(first?.snapshotSchedules.find((s) => s.name === 'daily')).toMatchObject({ schedule: '30 5 * * *', retention: 30, active: true, description: null, drive: { id: first?.drives[0]?.id }, vm: { id: first?.id } });
  });

  it('creates on a Drive, and on a VM (its first disk) with quiesce → fsfreeze, each followed to SUCCEEDED', async () => {
    const vm = await vmNamed(sim.vms()[0]?.hostname ?? '');
    const drive = vm.drives[1];
    if (!drive) throw new Error('no second disk');
    const onDrive = await query(url, CreateSnapshot, { input: { targetId: drive.id, name: 'data-pre', description: 'before import' } });
    if (onDrive.createSnapshot.__typename !== 'OperationPayload') throw new Error(onDrive.createSnapshot.__typename);
    const states = await follow(onDrive.createSnapshot.operation.id);
    expect(states.map((s) => s?.status)).toContain('RUNNING');
    expect(states.at(-1)).toMatchObject({ status: 'SUCCEEDED', error: null, snapshot: { name: 'data-pre', description: 'before import', status: 'READY' } });
    expect(sim.snapshots(vm.externalId).find((s) => s.name === 'data-pre')).toMatchObject({ diskId: 2 });

    const onVM = await query(url, CreateSnapshot, { input: { targetId: vm.id, name: 'whole-vm', quiesce: true } });
    if (onVM.createSnapshot.__typename !== 'OperationPayload') throw new Error(onVM.createSnapshot.__typename);
    expect((await follow(onVM.createSnapshot.operation.id)).at(-1)).toMatchObject({ status: 'SUCCEEDED', snapshot: { name: 'whole-vm' } });
    expect(sim.requests().find((r) => r.method === 'POST' && r.path.endsWith('/snapshot/whole-vm/'))?.body).toEqual({ disk_id: 1, fsfreeze: true });
    expect((await vmNamed(vm.externalId)).drives[0]?.snapshots.edges.some((e) => e.node.name === 'whole-vm')).toBe(true);
  });

  it('a failed backend task ends FAILED with the backend’s message', async () => {
    const vm = await vmNamed(sim.vms()[1]?.hostname ?? '');
    sim.failNextTask('Got bad return code (1). Error: dataset is busy');
    const { createSnapshot } = await query(url, CreateSnapshot, { input: { targetId: vm.id, name: 'doomed' } });
    if (createSnapshot.__typename !== 'OperationPayload') throw new Error(createSnapshot.__typename);
    expect((await follow(createSnapshot.operation.id)).at(-1)).toMatchObject({ status: 'FAILED', error: { code: 'FAILURE', message: 'Got bad return code (1). Error: dataset is busy' } });
  });

  it('refuses a rollback while the VM runs; once stopped, rolls back and the newer snapshots of the disk are gone', async () => {
    const hostname = sim.vms()[2]?.hostname ?? '';
    sim.setVmStatus(hostname, 'running');
    const vm = await vmNamed(hostname);
    const target = vm.drives[0]?.snapshots.edges.find((e) => e.node.name === 'backup2')?.node;
    if (!target) throw new Error('no backup2');
    const refused = await query(url, DnRevert, { snapshotId: target.id });
    expect(refused.revertSnapshot).toMatchObject({ __typename: 'ValidationError', field: 'input.snapshotId' });
    expect(refused.revertSnapshot.__typename === 'ValidationError' && refused.revertSnapshot.message).toContain('the VM must be stopped');

    sim.setVmStatus(hostname, 'stopped');
    const { revertSnapshot } = await query(url, RevertSnapshot, { input: { snapshotId: target.id } });
    if (revertSnapshot.__typename !== 'OperationPayload') throw new Error(revertSnapshot.__typename);
    expect((await follow(revertSnapshot.operation.id)).at(-1)).toMatchObject({ status: 'SUCCEEDED', snapshot: { name: 'backup2' } });
    const after = await vmNamed(hostname);
    expect(after.drives[0]?.snapshots.edges.map((e) => e.node.name).sort()).toEqual(['backup1', 'backup2']);
  });

  it('updates the note (SUCCEEDED); a rename is refused with a ValidationError before anything is sent', async () => {
    const vm = await vmNamed(sim.vms()[3]?.hostname ?? '');
    const snapshot = vm.drives[0]?.snapshots.edges[0]?.node;
    if (!snapshot) throw new Error('no snapshot');
    const { updateSnapshot } = await query(url, DnUpdate, { snapshotId: snapshot.id, description: 'keep forever' });
    if (updateSnapshot.__typename !== 'OperationPayload') throw new Error(updateSnapshot.__typename);
    expect((await follow(updateSnapshot.operation.id)).at(-1)).toMatchObject({ status: 'SUCCEEDED', snapshot: { id: snapshot.id, description: 'keep forever' } });
    const sent = sim.requests().length;
    const renamed = await query(url, DnUpdate, { snapshotId: snapshot.id, name: 'other' });
    expect(renamed.updateSnapshot).toMatchObject({
      __typename: 'ValidationError',
      message: expect.stringContaining('only the note (description) changes'),
    });
    expect(sim.requests().slice(sent).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it("refuses, before anything is sent, a snapshot name the server would not take (over 24 characters, a space)", async () => {
    const vm = await vmNamed(sim.vms()[1]?.hostname ?? '');
    const drive = vm.drives[0];
    if (!drive) throw new Error('no drive');
    const sent = sim.requests().length;
    for (const name of ['a-name-of-twenty-five-chr', 'two words']) {
      const { createSnapshot } = await query(url, CreateSnapshot, { input: { targetId: drive.id, name } });
      expect(createSnapshot, name).toMatchObject({ __typename: 'ValidationError', field: 'input.name', message: expect.stringContaining('1 to 24 letters') });
    }
    expect(sim.requests().slice(sent).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('deletes one, and several with one DELETE per VM disk, every operation SUCCEEDED', async () => {
    const vms = await inventory();
    const one = (await vmNamed(sim.vms()[1]?.hostname ?? '')).drives[0]?.snapshots.edges.find((e) => e.node.name === 'backup3')?.node;
    if (!one) throw new Error('no snapshot');
    const { deleteSnapshot } = await query(url, DeleteSnapshot, { input: { snapshotId: one.id } });
    if (deleteSnapshot.__typename !== 'OperationPayload') throw new Error(deleteSnapshot.__typename);
    expect((await follow(deleteSnapshot.operation.id)).at(-1)?.status).toBe('SUCCEEDED');

    const targets = [vms[0], vms[3]].flatMap((vm) => vm?.drives[0]?.snapshots.edges.filter((e) => e.node.name.startsWith('backup')).slice(0, 2).map((e) => e.node) ?? []);
    expect(targets).toHaveLength(4);
    const from = sim.requests().length;
    const { deleteSnapshots } = await query(url, DnDeleteMany, { ids: targets.map((t) => t.id) });
    for (const result of deleteSnapshots) {
      if (result.__typename !== 'OperationPayload') throw new Error(result.__typename);
      expect((await follow(result.operation.id)).at(-1)?.status).toBe('SUCCEEDED');
    }
    const deletes = sim.requests().slice(from).filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => r.path)).toEqual([`/api/vm/${vms[0]?.externalId}/snapshot/`, `/api/vm/${vms[3]?.externalId}/snapshot/`]);
    for (const t of targets) expect(sim.snapshots().some((s) => joinName(s) === t.externalId)).toBe(false);
  });

  it('answers UnsupportedOperationError for clone, memory and metadata', async () => {
    const vm = (await inventory())[0];
    const snapshot = vm?.drives[0]?.snapshots.edges[0]?.node;
    if (!vm || !snapshot) throw new Error('no snapshot');
    expect((await query(url, DnClone, { snapshotId: snapshot.id })).cloneSnapshot).toMatchObject({ __typename: 'UnsupportedOperationError', capability: 'clone' });
    const memory = await query(url, CreateSnapshot, { input: { targetId: vm.id, name: 'nope', includeMemory: true } });
    expect(memory.createSnapshot).toMatchObject({ __typename: 'UnsupportedOperationError', capability: 'memorySnapshots' });
    const tagged = await query(url, CreateSnapshot, { input: { targetId: vm.id, name: 'nope', metadata: [{ key: 'a', value: 'b' }] } });
    expect(tagged.createSnapshot).toMatchObject({ __typename: 'UnsupportedOperationError', capability: 'metadata' });
  });

  it('creates, updates and deletes a schedule on the backend; a bad cron or retention is a ValidationError', async () => {
    const vm = await vmNamed(sim.vms()[0]?.hostname ?? '');
    const drive = vm.drives[1];
    if (!drive) throw new Error('no second disk');
    for (const [patch, field] of [[{ schedule: '61 * * * *' }, 'input.schedule'], [{ schedule: '*/5 * *' }, 'input.schedule'], [{ retention: 0 }, 'input.retention']] as const) {
      const bad = await query(url, DnCreateSchedule, { input: { targetId: drive.id, name: 'bad', schedule: '0 2 * * *', retention: 7, ...patch } });
      expect(bad.createSnapshotSchedule).toMatchObject({ __typename: 'ValidationError', field });
    }
    const created = await query(url, DnCreateSchedule, { input: { targetId: drive.id, name: 'nightly', schedule: '0 2 * * *', retention: 7, description: 'data disk', quiesce: true } });
    if (created.createSnapshotSchedule.__typename !== 'SnapshotSchedulePayload') throw new Error(created.createSnapshotSchedule.__typename);
    const schedule = created.createSnapshotSchedule.schedule;
    expect(schedule).toMatchObject({ name: 'nightly', schedule: '0 2 * * *', retention: 7, active: true, description: 'data disk', drive: { id: drive.id }, vm: { id: vm.id } });
    expect(sim.definitions().find((d) => d.name === 'nightly')).toMatchObject({ hostname: vm.externalId, diskId: 2, fsfreeze: true });
    const updated = await query(url, DnUpdateSchedule, { input: { scheduleId: schedule?.id ?? '', schedule: '15 3 * * 1', retention: 3, active: false } });
    expect(updated.updateSnapshotSchedule).toMatchObject({ __typename: 'SnapshotSchedulePayload', schedule: { schedule: '15 3 * * 1', retention: 3, active: false } });
    const badUpdate = await query(url, DnUpdateSchedule, { input: { scheduleId: schedule?.id ?? '', retention: 0 } });
    expect(badUpdate.updateSnapshotSchedule).toMatchObject({ __typename: 'ValidationError', field: 'input.retention' });
    const removed = await query(url, DnDeleteSchedule, { input: { scheduleId: schedule?.id ?? '' } });
    expect(removed.deleteSnapshotSchedule).toEqual({ __typename: 'SnapshotSchedulePayload', schedule: null });
    expect(sim.definitions().some((d) => d.name === 'nightly')).toBe(false);
    const tooLong = await query(url, DnCreateSchedule, { input: { targetId: vm.id, name: 'much-too-long', schedule: '0 2 * * *', retention: 7 } });
    expect(tooLong.createSnapshotSchedule).toMatchObject({ __typename: 'BackendError', message: 'name: Ensure this field has no more than 8 characters.' });
  });

  it('renews an expired token: the next query logs in again and answers', async () => {
    const logins = sim.loginCount();
    sim.expireTokens();
    expect((await inventory()).length).toBe(4);
    expect(sim.loginCount()).toBe(logins + 1);
  });
});

/** A snapshot's externalId is its key: ["hostname","disk_id","name"]. */
const joinName = (s: { hostname: string; diskId: number; name: string }): string => JSON.stringify([s.hostname, String(s.diskId), s.name]);

describe('Danube beside libvirt: auth and failures', () => {
  it('an ES-API-KEY works; a wrong one is a BackendError (401) for its part while libvirt answers', async () => {
    const sim = await simulator();
    const good = await gatewayWith(sim.apiUrl, { apiKey: DANUBE_SIM_DEFAULT_API_KEY });
    expect((await query(`${good.server.url}/graphql`, DnPartial)).vms.totalCount).toBe(7);
    const bad = await gatewayWith(sim.apiUrl, { apiKey: 'wrong' });
    const result = await execute(`${bad.server.url}/graphql`, DnPartial);
    expect(result.data?.vms.totalCount).toBe(3);
    expect(result.data?.vms.backendErrors).toEqual([
      { backend: { name: DN }, code: 'UNAUTHORIZED', backendCode: null, httpStatus: 401, message: 'Invalid API key' },
    ]);
  });

  it.each([
    ['answers 500', (sim: DanubeSimulator) => sim.failNext('GET', '/vm/', 500, '<h1>Server Error (500)</h1>'), { code: 'SERVER_ERROR', backendCode: null, httpStatus: 500 }, /^HTTP 500$/],
    ['answers garbage', (sim: DanubeSimulator) => sim.setFault({ mode: 'garbage', json: true }), { code: 'BAD_RESPONSE', backendCode: null, httpStatus: null }, /unexpected answer to GET \/vm\/(define\/)?: field result/],
  ] as const)('a Danube that %s is a BackendError for its part; libvirt still answers', async (_what, breakIt, codes, message) => {
    const sim = await simulator();
    const gw = await gatewayWith(sim.apiUrl);
    const url = `${gw.server.url}/graphql`;
    expect((await query(url, DnPartial)).vms.totalCount).toBe(7);
    breakIt(sim);
    const result = await execute(url, DnPartial);
    expect(result.status).toBe(200);
    expect(result.data?.vms.totalCount).toBe(3);
    expect(result.data?.vms.edges.every((e) => e.node.backend.name === 'lv' && e.node.currentSnapshot !== null)).toBe(true);
    expect(result.data?.vms.backendErrors).toEqual([{ backend: { name: DN }, ...codes, message: expect.stringMatching(message) }]);
  });

  it('a Danube that is down is UNREACHABLE; libvirt still answers', async () => {
    const sim = await startDanubeSimulator({ vmCount: 1 });
    const apiUrl = sim.apiUrl;
    await sim.close();
    const gw = await gatewayWith(apiUrl);
    const result = await execute(`${gw.server.url}/graphql`, DnPartial);
    expect(result.data?.vms.totalCount).toBe(3);
    expect(result.data?.vms.backendErrors).toEqual([
      { backend: { name: DN }, code: 'UNREACHABLE', backendCode: null, httpStatus: null, message: 'the backend did not accept the connection' },
    ]);
  });

  it('a Danube slower than the timeout is TIMEOUT; libvirt still answers', async () => {
    const sim = await simulator({ latencyMs: 1_000 });
    const gw = await gatewayWith(sim.apiUrl, DANUBE_SIM_DEFAULT_AUTH, 200);
    const result = await execute(`${gw.server.url}/graphql`, DnPartial);
    expect(result.data?.vms.totalCount).toBe(3);
    expect(result.data?.vms.backendErrors).toEqual([
      { backend: { name: DN }, code: 'TIMEOUT', backendCode: null, httpStatus: null, message: 'the backend took longer than 200 ms to answer' },
    ]);
  });
});

describe('the dashboard query’s cost to Danube', () => {
  async function measure(vmCount: number) {
    const sim = await simulator({ vmCount, latencyMs: 2 });
    const gw = await gatewayWith(sim.apiUrl);
    const url = `${gw.server.url}/graphql`;
    const metrics = gw.gateway.metrics;
    const first = await query(url, Dashboard);
    const firstSent = await metrics.backendRequestCount(DN);
    const answeredBefore = sim.requestCount();
    await query(url, Dashboard);
    const dn = first.vms.edges.filter((e) => e.node.backend.name === DN);
    return {
      vms: dn.length,
      snapshots: dn.reduce((sum, e) => sum + e.node.snapshots.totalCount, 0),
      first: firstSent,
      sent: (await metrics.backendRequestCount(DN)) - firstSent,
      answered: sim.requestCount() - answeredBefore,
      maxInFlight: sim.maxInFlight(),
    };
  }

  it('VM and drive levels cost 2 requests at any size; the snapshot level one per VM (no list across VMs), bounded', async () => {
    const small = await measure(5);
    const large = await measure(100);
    expect([small.vms, large.vms]).toEqual([5, 100]);
    expect(large.snapshots).toBeGreaterThan(400);
    // /vm/?full=true and /vm/define/?full=true (disks inline); then GET /vm/<h>/snapshot/?full=true per VM, shared by
    // the VM's and its drives' snapshot fields. The first query also logs in.
    expect([small.sent, large.sent]).toEqual([2 + 5, 2 + 100]);
    expect([small.first, large.first]).toEqual([3 + 5, 3 + 100]);
    expect(small.answered).toBe(small.sent);
    expect(large.answered).toBe(large.sent);
    expect(large.maxInFlight).toBeLessThanOrEqual(SNAPSHOT_LIST_CONCURRENCY + 2);
  });
});
