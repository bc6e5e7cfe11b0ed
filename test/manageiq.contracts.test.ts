// The ManageIQ wire schemas and mappers against every recorded sample: JSON bodies as they are, `.http` samples
// split into status, headers and body, `.elided.txt` samples after removing their `...` lines, and the OpenAPI
// schema excerpts (every field the connector reads exists there, and an instance built from them parses).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { joinKey } from '../src/connectors/keys.js';
import { mapSnapshots, mapVM, powerStateOf, taskStateOf } from '../src/connectors/manageiq/connector.js';
import {
  readWireError,
  wireActionRequest,
  wireActionResult,
  wireAuthAnswer,
  wireCreateSnapshotRequest,
  wireError,
  wireHrefCollection,
  wireId,
  wireResults,
  wireSnapshot,
  wireTask,
  wireVM,
  wireVMCollection,
} from '../src/connectors/manageiq/wire.js';
import { contractsDir } from './helpers/fixtures.js';

const folder = contractsDir('manageiq');
const text = (file: string): string => readFileSync(new URL(file, folder), 'utf8');
const sample = (file: string): unknown => JSON.parse(text(file));

/** An `.http` sample: the status line, the headers (the docs' `...` lines dropped), and the JSON body if any. */
function http(file: string): { status: number; headers: Record<string, string>; body: unknown } {
  const [head = '', ...rest] = text(file).split(/\r?\n\r?\n/);
  const [statusLine = '', ...headerLines] = head.split(/\r?\n/);
  const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(statusLine)?.[1]);
  const headers = Object.fromEntries(
    headerLines
      .filter((line) => line.includes(':'))
      .map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  const body = rest.join('\n\n').trim();
  return { status, headers, body: body === '' ? null : JSON.parse(body) };
}

/**
 * An `.elided.txt` sample as JSON: the `...` lines removed, the comma left before an elision that closed an
 * object removed, and the comma the doc dropped between two members ("storage": {…} "software") put back.
 */
function unelide(file: string): unknown {
  const kept = text(file)
    .split('\n')
    .filter((line) => line.trim() !== '...')
    .join('\n')
    .replace(/,(\s*[}\]])/g, '$1')
    .replace(/([}\]])(\s*\n\s*")/g, '$1,$2');
  return JSON.parse(kept);
}

/** Every sample this file checks; a new sample in the folder fails the coverage test until it is added. */
const COVERED = [
  'DELETE_auth.response.http',
  'DELETE_vms_bulk.request.json',
  'DELETE_vms_bulk.response.json',
  'ERROR_401_invalid_group.response.http',
  'ERROR_401_invalid_token.response.http',
  'GET_auth.response.http',
  'GET_auth_ui_requester.response.http',
  'GET_task_finished_ok.response.json',
  'GET_task_queued.response.json',
  'GET_vm_expand_attributes.response.elided.txt',
  'GET_vms_collection.response.json',
  'GET_vms_expand.response.elided.txt',
  'POST_instance_snapshots_bulk_delete.request.json',
  'POST_vm_action_scan.response.json',
  'POST_vm_action_start.request.json',
  'POST_vm_action_start.response.json',
  'POST_vm_snapshot_create.request.json',
  'POST_vm_snapshot_delete_action.request.json',
  'POST_vm_snapshot_revert.request.json',
  'POST_vm_snapshots_bulk_delete.request.json',
  'SCHEMA_ID.openapi.json',
  'SCHEMA_MiqTask.openapi.json',
  'SCHEMA_Snapshot.openapi.json',
  'SCHEMA_Vm.openapi.json',
];

// ---- OpenAPI excerpts ----

const openApiProperty = z.object({
  type: z.string().optional(),
  format: z.string().optional(),
  $ref: z.string().optional(),
  allOf: z.array(z.object({ $ref: z.string().optional() })).optional(),
});
type OpenApiProperty = z.infer<typeof openApiProperty>;
const openApiSchema = z.object({ type: z.literal('object'), properties: z.record(z.string(), openApiProperty) });

function schemaOf(file: string, name: string): Record<string, OpenApiProperty> {
  return openApiSchema.parse(z.record(z.string(), z.unknown()).parse(sample(file))[name]).properties;
}

const isIdRef = (p: OpenApiProperty) => p.$ref?.endsWith('/ID') === true || p.allOf?.some((a) => a.$ref?.endsWith('/ID')) === true;

/** A value of the declared type for every property, as a server following the schema could send. */
function instanceOf(properties: Record<string, OpenApiProperty>): Record<string, unknown> {
  const example = (p: OpenApiProperty): unknown => {
    if (isIdRef(p)) return '42';
    if (p.format === 'date-time') return '2015-05-05T19:33:35Z';
    switch (p.type) {
      case 'integer':
        return 1;
      case 'boolean':
        return false;
      default:
        return 'text';
    }
  };
  return Object.fromEntries(Object.entries(properties).map(([name, p]) => [name, example(p)]));
}

/** The fields a zod object reads that the schema excerpt must declare (href and associations are rendered extras). */
const readFields = (shape: Record<string, unknown>, extras: string[]) => Object.keys(shape).filter((k) => !extras.includes(k));

describe('ManageIQ samples', () => {
  it('are all covered here', () => {
    const files = readdirSync(folder).filter((file) => !file.endsWith('.md'));
    expect(files.sort()).toEqual([...COVERED].sort());
  });

  describe('auth', () => {
    it('GET /api/auth: the token, its TTL and expiry', () => {
      const api = http('GET_auth.response.http');
      expect(api.status).toBe(200);
      expect(wireAuthAnswer.parse(api.body)).toEqual({
        auth_token: '93d98fd44cc5a401ff385ba87b21fd13',
        token_ttl: 600,
        expires_on: '2015-11-02T21:50:16Z',
      });
      const ui = http('GET_auth_ui_requester.response.http');
      expect(wireAuthAnswer.parse(ui.body).token_ttl).toBe(3600);
    });

    it('DELETE /api/auth: 204 and no body (the connector lets tokens expire instead)', () => {
      expect(http('DELETE_auth.response.http')).toEqual({ status: 204, headers: {}, body: null });
    });

    it('401 for an invalid group: the error envelope gives kind and message', () => {
      const answer = http('ERROR_401_invalid_group.response.http');
      expect(answer.status).toBe(401);
      expect(wireError.parse(answer.body).error.klass).toBe('ApiController::AuthenticationError');
      expect(readWireError(answer.body)).toEqual({
        code: 'unauthorized',
        message: 'Invalid Authorization Group <invalid_group_name> specified',
      });
    });

    it('401 for an invalid token: the challenge header, no body shown, so no code of its own', () => {
      const answer = http('ERROR_401_invalid_token.response.http');
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Basic realm="Application"');
      expect(readWireError(answer.body)).toEqual({ code: null, message: null });
    });
  });

  describe('collections and VMs', () => {
    it('without expand=resources a collection holds hrefs only, which the VM schema refuses', () => {
      const body = sample('GET_vms_collection.response.json');
      expect(wireHrefCollection.parse(body)).toMatchObject({ name: 'vms', count: 2, subcount: 2 });
      expect(wireVMCollection.safeParse(body).success).toBe(false);
    });

    it('expand=resources (elided sample): id and name per VM, mapped to VM keys', () => {
      const answer = wireVMCollection.parse(unelide('GET_vms_expand.response.elided.txt'));
      expect([answer.count, answer.subcount, answer.pages, answer.links]).toEqual([2, 2, undefined, undefined]);
      expect(answer.resources.map((vm) => mapVM('miq', 'vms', vm))).toEqual([
        { entity: 'VM', backend: 'miq', key: joinKey('vms', '1'), name: 'My First VM', kind: 'VM', powerState: 'UNKNOWN', drives: [] },
        { entity: 'VM', backend: 'miq', key: joinKey('vms', '2'), name: 'My Second VM', kind: 'VM', powerState: 'UNKNOWN', drives: [] },
      ]);
    });

    it('a VM with attributes (elided sample): power_state "off" is STOPPED; associations are ignored', () => {
      const vm = wireVM.parse(unelide('GET_vm_expand_attributes.response.elided.txt'));
      expect(vm).toMatchObject({ id: '166', vendor: 'vmware', power_state: 'off', raw_power_state: 'poweredOff' });
      expect(mapVM('miq', 'vms', vm)).toMatchObject({ key: joinKey('vms', '166'), name: 'Dev Nightly Appl', powerState: 'STOPPED' });
      expect(mapVM('miq', 'instances', vm)).toMatchObject({ key: joinKey('instances', '166'), kind: 'INSTANCE' });
    });

    it('maps power_state, falling back to raw_power_state', () => {
      const cases: [string | null, string | null, string][] = [
        ['on', 'poweredOn', 'RUNNING'],
        ['off', 'poweredOff', 'STOPPED'],
        ['suspended', 'suspended', 'PAUSED'],
        ['paused', 'PAUSED', 'PAUSED'],
        ['never', null, 'STOPPED'],
        ['terminated', 'DELETED', 'STOPPED'],
        ['shelved_offloaded', 'SHELVED_OFFLOADED', 'STOPPED'],
        ['unknown', 'ERROR', 'UNKNOWN'],
        [null, 'poweredOn', 'RUNNING'],
        ['unknown', 'SHUTOFF', 'STOPPED'],
        [null, null, 'UNKNOWN'],
      ];
      for (const [state, raw, expected] of cases) expect(powerStateOf(state, raw), `${state}/${raw}`).toBe(expected);
    });
  });

  describe('actions', () => {
    it('request bodies the connector sends: create, revert, delete, bulk delete (VMs and instances)', () => {
      expect(wireCreateSnapshotRequest.parse(sample('POST_vm_snapshot_create.request.json'))).toEqual({
        name: 'name_of_new_snapshot',
        description: 'Description of new Snapshot',
        memory: false,
      });
      expect(wireActionRequest.parse(sample('POST_vm_snapshot_revert.request.json'))).toEqual({ action: 'revert' });
      expect(wireActionRequest.parse(sample('POST_vm_snapshot_delete_action.request.json'))).toEqual({ action: 'delete' });
      expect(wireActionRequest.parse(sample('POST_vm_action_start.request.json'))).toEqual({ action: 'start' });
      const bulkVm = wireActionRequest.parse(sample('POST_vm_snapshots_bulk_delete.request.json'));
      expect(bulkVm.resources?.map((r) => r.href?.split('/').pop())).toEqual(['3', '4', '5']);
      const bulkInstance = wireActionRequest.parse(sample('POST_instance_snapshots_bulk_delete.request.json'));
      expect(bulkInstance.resources?.map((r) => r.href)).toEqual([
        'http://localhost:3000/api/instances/201/snapshots/7',
        'http://localhost:3000/api/instances/201/snapshots/8',
      ]);
      expect(wireActionRequest.parse(sample('DELETE_vms_bulk.request.json')).resources).toHaveLength(2);
    });

    it('flat action results carry the task id and href', () => {
      expect(wireActionResult.parse(sample('POST_vm_action_start.response.json'))).toEqual({
        success: true,
        message: "VM id:1921 name:'aab_demo_vm' starting",
        task_id: '610',
        task_href: 'http://localhost:3000/api/tasks/610',
        href: 'http://localhost:3000/api/vms/1921',
      });
      expect(wireActionResult.parse(sample('POST_vm_action_scan.response.json')).task_id).toBe('618');
    });

    it('bulk answers are a results list, one per resource', () => {
      const answer = wireResults.parse(sample('DELETE_vms_bulk.response.json'));
      expect(answer.results.map((r) => [r.success, r.task_id])).toEqual([
        [true, '616'],
        [true, '617'],
      ]);
    });

    it('a failed create (400 results) and a failed action (400 flat) give their message, the envelope its kind', () => {
      expect(readWireError({ results: [{ success: false, message: 'Must specify a name for the snapshot' }] })).toEqual({
        code: null,
        message: 'Must specify a name for the snapshot',
      });
      expect(readWireError({ success: false, message: "Couldn't find Snapshot with 'id'=0" })).toEqual({
        code: null,
        message: "Couldn't find Snapshot with 'id'=0",
      });
      expect(readWireError({ error: { kind: 'not_found', message: "Couldn't find Snapshot with 'id'=0", klass: 'ActiveRecord::RecordNotFound' } })).toEqual({
        code: 'not_found',
        message: "Couldn't find Snapshot with 'id'=0",
      });
      expect(readWireError('<html>Bad Gateway</html>')).toEqual({ code: null, message: null });
    });
  });

  describe('tasks', () => {
    it('queued: PENDING with the queue message, no progress', () => {
      const task = wireTask.parse(sample('GET_task_queued.response.json'));
      expect(task.pct_complete).toBeNull();
      expect(taskStateOf(task)).toEqual({
        status: 'PENDING',
        message: "Queued the action: [VM id:1921 name:'aab_demo_vm' starting] being run for user: [admin]",
      });
    });

    it('finished with Ok: SUCCEEDED', () => {
      const task = wireTask.parse(sample('GET_task_finished_ok.response.json'));
      expect(taskStateOf(task)).toEqual({ status: 'SUCCEEDED', message: 'Task completed successfully' });
    });

    it('active with pct_complete: RUNNING with progress; finished otherwise: FAILED with the message', () => {
      const active = { state: 'Active', status: 'Ok', message: 'Processing', pct_complete: 40 };
      expect(taskStateOf(active)).toEqual({ status: 'RUNNING', message: 'Processing', progress: 40 });
      const failed = { state: 'Finished', status: 'Error', message: 'The VM is not connected to a Host', pct_complete: null };
      expect(taskStateOf(failed)).toEqual({
        status: 'FAILED',
        message: 'The VM is not connected to a Host',
        error: { code: 'TASK_ERROR', message: 'The VM is not connected to a Host' },
      });
      expect(taskStateOf({ state: 'Finished', status: 'Timeout', message: null, pct_complete: null }).error).toEqual({
        code: 'TASK_TIMEOUT',
        message: 'Task did not complete successfully',
      });
    });
  });

  describe('OpenAPI excerpts', () => {
    it('ids are digit strings (integers from older servers are read as strings)', () => {
      const id = z.object({ ID: z.object({ type: z.literal('string'), pattern: z.string() }) }).parse(sample('SCHEMA_ID.openapi.json'));
      expect(id.ID.pattern).toBe('^\\d+$');
      expect(wireId.parse('616')).toBe('616');
      expect(wireId.parse(616)).toBe('616');
      expect(wireId.safeParse('vm-616').success).toBe(false);
    });

    it('Snapshot: every field read is declared; current is an INTEGER; an instance of the schema parses and maps', () => {
      const properties = schemaOf('SCHEMA_Snapshot.openapi.json', 'Snapshot');
      expect(readFields(wireSnapshot.shape, ['href'])).toEqual(Object.keys(properties));
      expect(properties.current?.type).toBe('integer');
      const snapshot = wireSnapshot.parse({ ...instanceOf(properties), current: 1, parent_id: null, total_size: 1024 });
      const [record] = mapSnapshots('miq', 'vms', '7', [snapshot]);
      expect(record).toMatchObject({
        key: joinKey('vms', '7', '42'),
        name: 'text',
        isCurrent: true,
        sizeBytes: 1024,
        parentKey: null,
        vmKey: joinKey('vms', '7'),
        status: 'READY',
      });
      expect(record?.createdAt?.toISOString()).toBe('2015-05-05T19:33:35.000Z');
    });

    it('Snapshot trees: parents within the VM link; a parent the inventory lacks makes a root; nulls map to null', () => {
      const base = { id: '1', name: 'a', current: 0, parent_id: null, description: '', total_size: null, create_time: null };
      const records = mapSnapshots('miq', 'instances', '9', [
        wireSnapshot.parse(base),
        wireSnapshot.parse({ ...base, id: '2', name: 'b', parent_id: '1', current: 1, created_on: '2020-01-01T00:00:00Z' }),
        wireSnapshot.parse({ ...base, id: '3', name: 'c', parent_id: '99' }),
      ]);
      expect(records.map((r) => [r.name, r.parentKey, r.isCurrent, r.description, r.sizeBytes, r.createdAt?.getTime() ?? null])).toEqual([
        ['a', null, false, null, null, null],
        ['b', joinKey('instances', '9', '1'), true, null, null, Date.UTC(2020, 0, 1)],
        ['c', null, false, null, null, null],
      ]);
    });

    it('MiqTask: every field read is declared; an instance of the schema parses', () => {
      const properties = schemaOf('SCHEMA_MiqTask.openapi.json', 'MiqTask');
      for (const field of readFields(wireTask.shape, ['href'])) expect(Object.keys(properties)).toContain(field);
      expect(properties.pct_complete?.type).toBe('integer');
      const task = wireTask.parse({ ...instanceOf(properties), state: 'Finished', status: 'Ok' });
      expect(task.pct_complete).toBe(1);
    });

    it('Vm: every field read is declared (snapshots are an association); an instance of the schema parses', () => {
      const properties = schemaOf('SCHEMA_Vm.openapi.json', 'Vm');
      for (const field of readFields(wireVM.shape, ['href', 'snapshots'])) expect(Object.keys(properties)).toContain(field);
      const vm = wireVM.parse({ ...instanceOf(properties), power_state: 'on' });
      expect(mapVM('miq', 'vms', vm)).toMatchObject({ key: joinKey('vms', '42'), name: 'text', powerState: 'RUNNING' });
    });
  });
});
