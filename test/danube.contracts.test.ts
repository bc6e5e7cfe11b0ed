// The Danube wire schemas and mappers against every recorded sample. The samples are `es` CLI output: `text` is the
// HTTP body and `status` the HTTP code, so each is unwrapped first; the simulator's bodies carry every sample field.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  mapSchedule,
  mapSnapshot,
  mapVM,
  powerStateOf,
  snapshotStatusOf,
  taskStateOf,
} from '../src/connectors/danube/connector.js';
import { DANUBE_SIM_DEFAULT_AUTH, startDanubeSimulator, type DanubeSimulator } from '../src/connectors/danube/simulator.js';
import { joinKey } from '../src/connectors/keys.js';
import {
  messageOf,
  readWireError,
  wireEnvelope,
  wireEsOutput,
  wireLoginAnswer,
  wireNameList,
  wireSnapshotDefineAnswer,
  wireSnapshotDefineList,
  wireSnapshotList,
  wireTaskEnvelope,
  wireVMDefineList,
  wireVMList,
} from '../src/connectors/danube/wire.js';
import { contractsDir } from './helpers/fixtures.js';

const folder = contractsDir('danube');
const text = (file: string): string => readFileSync(new URL(file, folder), 'utf8');

/** An es-output sample: the HTTP status and body (`text`); `.elided.txt` ones lose their trailing commas first. */
function sample(file: string): { status: number; method: string; body: unknown } {
  const raw = file.endsWith('.elided.txt') ? text(file).replace(/,(\s*[}\]])/g, '$1') : text(file);
  const parsed = wireEsOutput.parse(JSON.parse(raw));
  return { status: parsed.status, method: parsed.method, body: parsed.text };
}

/** Samples of endpoints the connector uses, each with the schema it reads them with. */
const USED: Record<string, z.ZodType> = {
  'GET_vm_list.es-output.json': wireVMList,
  'GET_vm_snapshot_list.es-output.json': wireSnapshotList,
  'GET_vm_define_snapshot_list.es-output.json': wireSnapshotDefineList,
  'POST_vm_define_snapshot.es-output.json': wireSnapshotDefineAnswer,
  'POST_vm_snapshot_create.es-output.json': wireTaskEnvelope,
  'GET_task_status_pending.es-output.json': wireTaskEnvelope,
  'POST_accounts_login.es-output.json': wireLoginAnswer,
};
/** Samples of endpoints it does not call (why): still checked as es output and, where they are envelopes, as such. */
const UNUSED: Record<string, string> = {
  'GET_task_details.es-output.json': 'task details: the status view says all the connector needs',
  'GET_task_list.es-output.json': 'pending task ids: tasks are followed one by one',
  'GET_task_log.es-output.json': 'the task log (the only paged list)',
  'POST_vm_deploy.es-output.json': 'VM deploy',
  'PUT_vm_status_start.es-output.json': 'VM start',
  'PUT_vm_status_start_with_callback.es-output.json': 'VM start with a callback',
  'GET_vm_status_list.es-output.elided.txt': 'VM status list: /vm/?full=true carries the status too',
};

describe('Danube samples', () => {
  it('covers every sample in the folder', () => {
    const files = readdirSync(folder).filter((f) => f !== 'SOURCES.md' && f !== 'API-DOC.rst');
    expect(files.sort()).toEqual([...Object.keys(USED), ...Object.keys(UNUSED)].sort());
  });

  it.each(Object.entries(USED))('%s parses with the connector’s schema', (file, schema) => {
    expect(schema.safeParse(sample(file).body).success).toBe(true);
  });

  it.each(Object.keys(UNUSED))('%s is es output around an HTTP body', (file) => {
    const { body } = sample(file);
    expect(body).toBeTruthy();
  });

  it('the async final answers of other views are task envelopes whose message the connector reads', () => {
    for (const file of ['POST_vm_deploy.es-output.json', 'PUT_vm_status_start.es-output.json', 'PUT_vm_status_start_with_callback.es-output.json']) {
      const envelope = wireTaskEnvelope.parse(sample(file).body);
      expect(taskStateOf(200, envelope.status, envelope.result).status).toBe('SUCCEEDED');
      expect(messageOf(envelope.result)).toMatch(/^Successfully /);
    }
    const statuses = wireEnvelope(z.array(z.object({ status: z.string(), hostname: z.string() }))).parse(sample('GET_vm_status_list.es-output.elided.txt').body);
    expect(statuses.result.map((vm) => powerStateOf(vm.status))).toEqual(['RUNNING']);
  });

  it('maps the VM list of hostnames (no `full`): VMs of unknown power state', () => {
    const list = wireVMList.parse(sample('GET_vm_list.es-output.json').body);
    expect(list.result.map((vm) => mapVM('dn', vm, undefined))).toEqual([
      { entity: 'VM', backend: 'dn', key: 'example2.cust.erigones.com', name: 'example2.cust.erigones.com', kind: 'VM', powerState: 'UNKNOWN', drives: [] },
      { entity: 'VM', backend: 'dn', key: 'example.cust.erigones.com', name: 'example.cust.erigones.com', kind: 'VM', powerState: 'UNKNOWN', drives: [] },
    ]);
    expect(wireNameList.safeParse(sample('GET_vm_list.es-output.json').body).success).toBe(true);
  });

  it('maps the documented snapshot (no vm_uuid, size, id: older docs) onto its disk and VM', () => {
    const h = 'example.cust.erigones.com';
    const list = wireSnapshotList.parse(sample('GET_vm_snapshot_list.es-output.json').body);
    const [record] = list.result.map((s) => mapSnapshot('dn', h, s));
    expect(record).toEqual({
      entity: 'Snapshot',
      backend: 'dn',
      key: joinKey(h, '1', 'backup1'),
      name: 'backup1',
      description: null,
      createdAt: new Date('2012-01-22T23:23:23.465Z'),
      status: 'READY',
      vmPowerState: null,
      isCurrent: false,
      hasMemory: false,
      hasDisk: true,
      sizeBytes: null,
      vmKey: h,
      driveKey: joinKey(h, '1'),
      parentKey: null,
      metadata: [],
      scheduleKey: null,
    });
  });

  it('maps snapshot definitions as schedules of a disk and its VM', () => {
    const h = 'example.cust.erigones.com';
    const expected = {
      entity: 'SnapshotSchedule',
      backend: 'dn',
      key: joinKey(h, '1', 'daily'),
      name: 'daily',
      schedule: '30 5 * * *',
      retention: 30,
      active: true,
      description: null,
      vmKey: h,
      driveKey: joinKey(h, '1'),
    };
    const list = wireSnapshotDefineList.parse(sample('GET_vm_define_snapshot_list.es-output.json').body);
    expect(list.result.map((d) => mapSchedule('dn', d))).toEqual([expected]);
    const created = sample('POST_vm_define_snapshot.es-output.json');
    expect(created.status).toBe(201);
    expect(mapSchedule('dn', wireSnapshotDefineAnswer.parse(created.body).result)).toEqual(expected);
  });

  it('reads task states: the create’s final SUCCESS and a 201 PENDING', () => {
    const created = wireTaskEnvelope.parse(sample('POST_vm_snapshot_create.es-output.json').body);
    expect(taskStateOf(200, created.status, created.result)).toEqual({
      status: 'SUCCEEDED',
      message: 'Snapshot successfully created: name=backup1, disk_id=1, type=2',
    });
    const pending = sample('GET_task_status_pending.es-output.json');
    expect(pending.status).toBe(201);
    const envelope = wireTaskEnvelope.parse(pending.body);
    expect(taskStateOf(pending.status, envelope.status, envelope.result)).toEqual({ status: 'RUNNING', message: 'pending' });
    expect(taskStateOf(400, 'FAILURE', { message: 'Got bad return code (1)', returncode: 1, detail: '' })).toEqual({
      status: 'FAILED',
      error: { code: 'FAILURE', message: 'Got bad return code (1)' },
    });
    expect(taskStateOf(410, 'REVOKED', 'Task revoked')).toEqual({ status: 'CANCELLED', message: 'the backend revoked the task (Task revoked)' });
  });

  it('the documented login answer has no token (the CLI keeps it): the schema reads it, the connector refuses it', () => {
    const login = wireLoginAnswer.parse(sample('POST_accounts_login.es-output.json').body);
    expect(login).toEqual({ detail: 'Welcome to Danube Cloud API.' });
  });

  it('maps statuses and errors', () => {
    expect(['running', 'running-', 'stopped', 'stopped-', 'notcreated', 'frozen', 'stopping', 'deploying', 'error', 'notready'].map(powerStateOf)).toEqual([
      'RUNNING', 'RUNNING', 'STOPPED', 'STOPPED', 'STOPPED', 'PAUSED', 'RUNNING', 'UNKNOWN', 'UNKNOWN', 'UNKNOWN',
    ]);
    expect([1, 2, 3, 4].map(snapshotStatusOf)).toEqual(['READY', 'CREATING', 'READY', 'ERROR']);
    expect(readWireError(423, { detail: 'VM is not stopped' })).toEqual({ code: null, message: 'VM is not stopped' });
    expect(readWireError(400, { status: 'FAILURE', result: { name: ['Enter a valid value.'] }, task_id: '1d1-x' })).toEqual({
      code: 'FAILURE',
      message: 'name: Enter a valid value.',
    });
    expect(readWireError(502, '<html>Bad gateway</html>')).toEqual({ code: null, message: 'HTTP 502' });
  });
});

describe('the simulator speaks the samples’ shapes', () => {
  let sim: DanubeSimulator;
  let token = '';
  beforeAll(async () => {
    sim = await startDanubeSimulator({ vmCount: 2 });
    const login = await fetch(`${sim.apiUrl}/accounts/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(DANUBE_SIM_DEFAULT_AUTH),
    });
    token = wireLoginAnswer.parse(await login.json()).token ?? '';
  });
  afterAll(async () => {
    await sim?.close();
  });
  const get = async (path: string) => {
    const response = await fetch(`${sim.apiUrl}${path}`, { headers: { authorization: `Token ${token}` } });
    return { status: response.status, body: await response.json() };
  };
  const keys = (value: unknown): string[] => (typeof value === 'object' && value !== null ? Object.keys(value).sort() : []);
  const firstOf = (body: unknown): unknown => wireEnvelope(z.array(z.unknown())).parse(body).result[0];

  it('has every field of the documented snapshot, definition and envelope', async () => {
    const h = sim.vms()[0]?.hostname ?? '';
    const snapshots = await get(`/vm/${h}/snapshot/?full=true`);
    expect(snapshots.status).toBe(200);
    expect(wireSnapshotList.safeParse(snapshots.body).success).toBe(true);
    expect(keys(snapshots.body)).toEqual(keys(sample('GET_vm_snapshot_list.es-output.json').body));
    expect(keys(firstOf(snapshots.body))).toEqual(expect.arrayContaining(keys(firstOf(sample('GET_vm_snapshot_list.es-output.json').body))));
    const defines = await get(`/vm/define/snapshot/?full=true`);
    expect(wireSnapshotDefineList.safeParse(defines.body).success).toBe(true);
    expect(keys(firstOf(defines.body))).toEqual(expect.arrayContaining(keys(firstOf(sample('GET_vm_define_snapshot_list.es-output.json').body))));
    const names = await get('/vm/');
    expect(wireNameList.safeParse(names.body).success).toBe(true);
    expect(wireVMList.safeParse((await get('/vm/?full=true')).body).success).toBe(true);
    expect(wireVMDefineList.safeParse((await get('/vm/define/?full=true')).body).success).toBe(true);
    expect(await get('/task/1d1-00000000-0000-0000-0000/status/')).toEqual({ status: 404, body: { detail: 'Task does not exist (anymore)' } });
    expect(await get('/task/1e1d1-00000000-0000-0000-0000/status/')).toMatchObject({ status: 201, body: { status: 'PENDING', result: null } });
  });
});
