// The LIBVIRT connector against the simulator behaving as the released libgo (ebe201a) does on the real server: an
// empty snapshot list whatever libvirt holds, a 503 /health on a working stack, generic 500s for missing things and
// for everything libvirt refuses. The ledger makes snapshots the gateway knows visible; reads of missing things never
// open the circuit.
import { afterEach, describe, expect, it } from 'vitest';
import { capabilitiesOf } from '../src/connectors/capabilities.js';
import type { Connector } from '../src/connectors/connector.js';
import { HttpClient } from '../src/connectors/http.js';
import { joinKey } from '../src/connectors/keys.js';
import { refuseCreate } from '../src/connectors/libvirt/refusals.js';
import { LIBVIRT_SIM_DEFAULT_VMS, startLibvirtSimulator, type LibvirtSimulator } from '../src/connectors/libvirt/simulator.js';
import { FileLedger } from '../src/connectors/ledger/fileLedger.js';
import { ledgerFor, MemoryLedger, type Ledger } from '../src/connectors/ledger/ledger.js';
import type { SnapshotRecord } from '../src/domain/model.js';
import { Metrics } from '../src/metrics.js';
import { failureOf } from './helpers/connectors.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libvirt as libvirtBackend } from '../src/connectors/libvirt/backend.js';

const BACKEND = 'lv';
const plain = { description: null, includeMemory: false, quiesce: false, metadata: [] };

interface Rig {
  sim: LibvirtSimulator;
  connector: Connector;
  http: HttpClient;
  vm: string;
}

const opened: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

async function rig(options: { listsSnapshots?: boolean; ledger?: Ledger; consecutiveFailures?: number } = {}): Promise<Rig> {
  const sim = await startLibvirtSimulator({ vmCount: LIBVIRT_SIM_DEFAULT_VMS, listsSnapshots: options.listsSnapshots ?? false });
  opened.push(sim);
  const http = new HttpClient({ metrics: new Metrics(), timeoutMs: 2_000, circuitBreaker: { consecutiveFailures: options.consecutiveFailures ?? 5 } });
  opened.push(http);
  const ledger = ledgerFor(options.ledger ?? new MemoryLedger(), BACKEND);
  const connector = libvirtBackend.create({ name: BACKEND, baseUrl: sim.url, http, credentials: {}, settings: {}, ledger });
  return { sim, connector, http, vm: sim.vmNames()[0] ?? '' };
}

const names = (records: readonly SnapshotRecord[]): string[] => records.map((s) => s.name).sort();


describe('the released libgo lists no snapshot', () => {
  it('its list is empty while libvirt holds five', async () => {
    const { sim, connector, vm } = await rig();
    const listed = await fetch(`${sim.url}/api/v1/vms/${vm}/snapshots`).then((r) => r.json());
    expect(listed).toEqual({ snapshots: [], count: 0 });
    expect(sim.snapshotsOf(vm)).toHaveLength(5);
    // Nothing known yet: nothing to show (README: snapshots taken behind the gateway's back).
    expect(await connector.listSnapshotsOfVMs([vm])).toEqual([]);
  });

  it('what the gateway creates is listed, current, and a child of the current it knew', async () => {
    const { connector, vm } = await rig();
    await connector.createSnapshot({ entity: 'VM', key: vm }, { ...plain, name: 'first' });
    await connector.createSnapshot({ entity: 'VM', key: vm }, { ...plain, name: 'second one' });
    const listed = await connector.listSnapshotsOfVMs([vm]);
    // 'first' was created on top of the seeded current, so that one (and its ancestors) is known now too.
    expect(names(listed)).toEqual(['base', 'first', 'pre-release', 'release-1', 'second one', 'updates']);
    const byName = new Map(listed.map((s) => [s.name, s]));
    expect(listed.filter((s) => s.isCurrent).map((s) => s.name)).toEqual(['second one']);
    expect(byName.get('second one')?.parentKey).toBe(joinKey(vm, 'first'));
    expect(byName.get('first')?.parentKey).toBe(joinKey(vm, 'release-1'));
    expect(byName.get('base')?.parentKey).toBeNull();
  });

  it('a read by key finds any snapshot, and makes it and its ancestors known', async () => {
    const { connector, vm } = await rig();
    const [found] = await connector.getSnapshots([joinKey(vm, 'pre-release')]);
    expect(found).toMatchObject({ name: 'pre-release', parentKey: joinKey(vm, 'updates') });
    expect(names(await connector.listSnapshotsOfVMs([vm]))).toEqual(['base', 'pre-release', 'updates']);
  });

  it('revert and delete act on known snapshots; a child of a deleted one is kept and re-parented', async () => {
    const { sim, connector, vm } = await rig();
    await connector.getSnapshots([joinKey(vm, 'release-1')]);
    expect(await connector.revert?.revertSnapshot(joinKey(vm, 'updates'))).toMatchObject({ done: true });
    expect(sim.currentOf(vm)).toBe('updates');
    expect(await connector.deleteSnapshot(joinKey(vm, 'pre-release'))).toMatchObject({ done: true });
    expect(sim.snapshotsOf(vm).map((s) => s.name)).not.toContain('pre-release');
    const listed = await connector.listSnapshotsOfVMs([vm]);
    expect(names(listed)).toEqual(['base', 'release-1', 'updates']);
    expect(listed.find((s) => s.name === 'release-1')?.parentKey).toBe(joinKey(vm, 'updates'));
    expect(listed.filter((s) => s.isCurrent).map((s) => s.name)).toEqual(['updates']);
  });

  it('a snapshot deleted behind the gateway\'s back disappears and is forgotten', async () => {
    const ledger = new MemoryLedger();
    const { sim, connector, vm } = await rig({ ledger });
    await connector.getSnapshots([joinKey(vm, 'experiment')]);
    expect(await ledger.read(BACKEND, [vm])).toEqual(new Map([[vm, ['experiment', 'base']]]));
    await fetch(`${sim.url}/api/v1/vms/${vm}/snapshots/experiment`, { method: 'DELETE' });
    expect(names(await connector.listSnapshotsOfVMs([vm]))).toEqual(['base']);
    expect(await ledger.read(BACKEND, [vm])).toEqual(new Map([[vm, ['base']]]));
  });

  it('a server whose list answers is believed, and then needs no ledger', async () => {
    const ledger = new MemoryLedger();
    await ledger.remember(BACKEND, 'vm-web-01', ['gone-long-ago']);
    const { connector, vm } = await rig({ listsSnapshots: true, ledger });
    expect(vm).toBe('vm-web-01');
    expect(names(await connector.listSnapshotsOfVMs([vm]))).toEqual(['base', 'experiment', 'pre-release', 'release-1', 'updates']);
    // A ledger whose store is away does not matter to a VM whose list answers.
    const away = new MemoryLedger();
    away.read = () => Promise.reject(new Error('Connection is closed.'));
    const listing = await rig({ listsSnapshots: true, ledger: away });
    expect(await listing.connector.listSnapshotsOfVMs([listing.vm])).toHaveLength(5);
  });

  it('where the list says nothing, a ledger whose store is away is this backend\'s failure, named', async () => {
    const away = new MemoryLedger();
    away.read = () => Promise.reject(new Error('Connection is closed.'));
    const { connector, vm } = await rig({ ledger: away });
    const failure = await failureOf(connector.listSnapshotsOfVMs([vm]));
    expect([failure.code, failure.message, failure.raw]).toEqual(['STATE_UNAVAILABLE', "the gateway's record of the snapshots this server does not list cannot be read", 'Connection is closed.']);
  });

  it('what a ledger file holds survives a new connector (a restart)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-'));
    opened.push({ close: () => rm(dir, { recursive: true, force: true }) });
    const path = join(dir, 'state', 'ledger.json');
    const first = await rig({ ledger: await FileLedger.open(path) });
    await first.connector.createSnapshot({ entity: 'VM', key: first.vm }, { ...plain, name: 'kept' });
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ version: 1, backends: { [BACKEND]: { [first.vm]: expect.arrayContaining(['kept']) } } });
    const reopened = await FileLedger.open(path);
    expect((await reopened.read(BACKEND, [first.vm])).get(first.vm)).toEqual(expect.arrayContaining(['kept', 'release-1']));
  });

  it('a ledger file that is not one stops the start with its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-'));
    opened.push({ close: () => rm(dir, { recursive: true, force: true }) });
    const path = join(dir, 'ledger.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, '{"version": 2}');
    await expect(FileLedger.open(path)).rejects.toThrow(`${path} is not a ledger of known snapshots`);
  });
});

describe('reads of missing things are answers, not outages', () => {
  it('twelve reads of snapshots of missing VMs leave the circuit closed and the backend answering', async () => {
    const { connector, http, vm } = await rig({ consecutiveFailures: 3 });
    const keys = Array.from({ length: 12 }, (_, i) => joinKey(`ghost-${i}`, 'base'));
    expect(await connector.getSnapshots(keys)).toEqual(keys.map(() => null));
    expect(await connector.listSnapshotsOfVMs(['ghost-a', 'ghost-b', 'ghost-c', 'ghost-d'])).toEqual([]);
    expect(http.circuit(BACKEND).state).toBe('CLOSED');
    expect(await connector.listVMs()).toHaveLength(LIBVIRT_SIM_DEFAULT_VMS);
    expect((await connector.getSnapshots([joinKey(vm, 'base')]))[0]?.name).toBe('base');
  });

  it('a failing list of VMs still opens it', async () => {
    const { sim, connector, http } = await rig({ consecutiveFailures: 3 });
    for (let i = 0; i < 3; i++) {
      sim.failNext('GET', '/api/v1/vms', 500, { code: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred', status: 500 });
      await failureOf(connector.listVMs());
    }
    expect(http.circuit(BACKEND).state).toBe('OPEN');
  });

  it('health is a page of the VM list: libgo\'s own /health answers 503 on a working server', async () => {
    const { sim, connector } = await rig();
    expect((await fetch(`${sim.url}/health`)).status).toBe(503);
    await expect(connector.ping()).resolves.toBeUndefined();
  });
});

describe('what the server always refuses, before anything is sent', () => {
  it('names with / and names or descriptions with & or < are refused, > and quotes are not', () => {
    expect(refuseCreate({ ...plain, name: 'a/b' })?.field).toBe('name');
    expect(refuseCreate({ ...plain, name: 'R&D' })?.field).toBe('name');
    expect(refuseCreate({ ...plain, name: 'x', description: 'a<b' })?.field).toBe('description');
    expect(refuseCreate({ ...plain, name: 'x', description: 'R&D' })?.message).toContain("'&' or '<'");
    expect(refuseCreate({ ...plain, name: 'with space', description: `a>b "q" 's'` })).toBeNull();
  });

  it('memory only where libvirt keeps it by itself (running or paused VMs); quiesce nowhere', async () => {
    const { connector } = await rig();
    const vms = await connector.listVMs();
    const running = vms.find((v) => v.powerState === 'RUNNING');
    const stopped = vms.find((v) => v.powerState === 'STOPPED');
    expect(running && capabilitiesOf(connector, running)).toMatchObject({ memorySnapshots: true, quiesce: false });
    expect(stopped && capabilitiesOf(connector, stopped)).toMatchObject({ memorySnapshots: false, quiesce: false });
    expect(capabilitiesOf(connector).quiesce).toBe(false);
  });

  it('the simulator refuses them as the real server does: a generic 500, nothing created', async () => {
    const { sim, vm } = await rig();
    for (const body of [{ name: 'm', include_memory: true }, { name: 'q', quiesce: true }, { name: 'R&D' }, { name: 'd', description: 'a<b' }, { name: 'a/b' }]) {
      const response = await fetch(`${sim.url}/api/v1/vms/${vm}/snapshots`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect([response.status, await response.json()]).toEqual([500, { code: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred', status: 500 }]);
    }
    expect(sim.snapshotsOf(vm)).toHaveLength(5);
  });

  it('a create the server fails without a reason says what the gateway knows', async () => {
    const { sim, connector, vm } = await rig();
    sim.failNext('POST', '/snapshots', 500, { code: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred', status: 500 });
    const failure = await failureOf(connector.createSnapshot({ entity: 'VM', key: vm }, { ...plain, name: 'fresh' }));
    expect(failure.message).toContain('the server failed the create without a reason');
    expect(failure.message).toContain('not qcow2');
  });
});
