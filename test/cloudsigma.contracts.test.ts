// The CloudSigma wire schemas and mappers against every recorded sample of an endpoint the connector uses (and the
// others beside them): `.http` captures split into status, headers and body, `.json` bodies as they are.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  driveStatusOf,
  jobFailure,
  jobProgress,
  mapDrive,
  mapServer,
  mapSnapshot,
  powerStateOf,
  snapshotStatusOf,
} from '../src/connectors/cloudsigma/connector.js';
import {
  dateOfTimestamp,
  readWireError,
  wireBulkDeleteRequest,
  wireCloneRequest,
  wireCreateSnapshotsRequest,
  wireDrive,
  wireDriveList,
  wireDriveObjects,
  wireErrors,
  wireJob,
  wireServerList,
  wireSnapshot,
  wireSnapshotList,
  wireSnapshotObjects,
  wireUpdateSnapshotRequest,
} from '../src/connectors/cloudsigma/wire.js';
import { contractsDir } from './helpers/fixtures.js';

const folder = contractsDir('cloudsigma');
const text = (file: string): string => readFileSync(new URL(file, folder), 'utf8');
const json = (file: string): unknown => JSON.parse(text(file));

/** An `.http` capture: the status line (requests have none), the headers, and the JSON body if any. */
function http(file: string): { status: number | null; headers: Record<string, string>; body: unknown } {
  const [head = '', ...rest] = text(file).split(/\r?\n\r?\n/);
  const [firstLine = '', ...headerLines] = head.split(/\r?\n/);
  const status = /^HTTP\/[\d.]+ (\d{3})/.exec(firstLine)?.[1];
  const headers = Object.fromEntries(
    headerLines
      .filter((line) => line.includes(':'))
      .map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  const body = rest.join('\n\n').trim();
  return { status: status === undefined ? null : Number(status), headers, body: body === '' ? null : JSON.parse(body) };
}

/** The field names a schema sample documents. */
const fieldsOf = (body: unknown): string[] => Object.keys(z.object({ fields: z.record(z.string(), z.unknown()) }).parse(body).fields);

/** Parses or fails the test with zod's issues. */
function parse<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: unknown[] } } }, value: unknown, file: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`${file}: ${JSON.stringify(parsed.error.issues)}`);
  return parsed.data;
}

describe('every CloudSigma sample', () => {
  it('is covered by this test (a new sample must be added here)', () => {
    const covered = new Set([
      ...Object.keys(RESPONSES),
      ...Object.keys(REQUESTS),
      ...ERRORS,
      ...OTHER,
    ]);
    const files = readdirSync(folder).filter((f) => f !== 'SOURCES.md' && f !== 'API-DOC.rst');
    expect(files.filter((f) => !covered.has(f))).toEqual([]);
  });

  it.each(Object.entries(RESPONSES))('%s parses', (file, check) => {
    const sample = http(file);
    check(sample.body, sample.status, sample.headers);
  });

  it.each(Object.entries(REQUESTS))('%s is a body the simulator accepts', (file, check) => {
    check(http(file).body);
  });

  it.each(ERRORS)('%s is an error array read as type and message', (file) => {
    const body = json(file);
    const items = parse(wireErrors, body, file);
    const error = readWireError(400, body);
    expect(error).toEqual({ code: items[0]?.error_type, message: items.map((i) => i.error_message).join('; ') });
  });
});

const RESPONSES: Record<string, (body: unknown, status: number | null, headers: Record<string, string>) => void> = {
  'GET_servers_list.response.http': (body) => {
    // The plain list is reduced (no drives); the connector reads /servers/detail/, whose objects add to these.
    const list = parse(wireServerList, body, 'servers');
    expect(list.meta.total_count).toBe(list.objects.length);
    const vm = mapServer('cs', list.objects[0] ?? { uuid: 'x', status: 'x' }, new Map());
    expect(vm).toMatchObject({ kind: 'VM', powerState: 'STOPPED', name: 'test_server_3', drives: [] });
  },
  'GET_drives_list.response.http': (body) => {
    const list = parse(wireDriveList, body, 'drives');
    expect(list.objects.every((d) => d.status === 'unmounted')).toBe(true);
  },
  'GET_drives_list_detail.response.http': (body) => {
    const list = parse(wireDriveList, body, 'drives detail');
    expect(list.meta).toEqual({ limit: 0, offset: 0, total_count: 7 });
    const drives = list.objects.map((d) => mapDrive('cs', d));
    expect(drives[0]).toEqual({
      entity: 'Drive',
      backend: 'cs',
      key: '3d504199-6bac-4612-a19e-691c9c6c6728',
      name: 'otom-0-take2',
      sizeBytes: 12348030976,
      status: 'READY',
      vmKey: null,
      clonedFromKey: null,
    });
  },
  'GET_drive_with_snapshots.response.http': (body) => {
    const drive = parse(wireDrive, body, 'drive');
    expect(drive.snapshots?.map((s) => s.uuid)).toHaveLength(2);
  },
  'GET_drive_with_one_snapshot.response.http': (body) => {
    expect(parse(wireDrive, body, 'drive').snapshots).toHaveLength(1);
  },
  'POST_drives_create_for_snapshots.response.http': (body, status) => {
    expect(status).toBe(201);
    expect(mapDrive('cs', parse(wireDriveObjects, body, 'drive create').objects[0] ?? { uuid: 'x', status: 'x' }).status).toBe('CREATING');
  },
  'DELETE_drive.response.http': (body, status, headers) => {
    expect([body, status, headers['content-type']]).toEqual([null, 204, 'text/html; charset=utf-8']);
  },
  'GET_snapshots_list.response.http': (body) => {
    // The plain list carries full objects, like the detailed one.
    const list = parse(wireSnapshotList, body, 'snapshots');
    expect(list.objects.length).toBe(list.meta.total_count);
  },
  'GET_snapshots_list_detail.response.http': (body) => {
    const list = parse(wireSnapshotList, body, 'snapshots detail');
    const first = list.objects[0];
    if (!first) throw new Error('empty sample');
    expect(mapSnapshot('cs', first, 'server-1')).toEqual({
      entity: 'Snapshot',
      backend: 'cs',
      key: 'f69d43df-092d-4fef-9766-668cb6469f31',
      name: 'b7cb6615-b6a5-4c31-b755-b86980c64d59__2014-06-05__09_53_28',
      description: null,
      createdAt: new Date('2014-06-05T09:53:28.851Z'),
      status: 'READY',
      vmPowerState: null,
      isCurrent: false,
      hasMemory: false,
      hasDisk: true,
      sizeBytes: 0,
      vmKey: 'server-1',
      driveKey: 'b7cb6615-b6a5-4c31-b755-b86980c64d59',
      parentKey: null,
      metadata: [],
      scheduleKey: null,
    });
    // A snapshot still being made has no size yet.
    const creating = list.objects.find((s) => s.status === 'creating');
    if (creating) expect(mapSnapshot('cs', creating, null)).toMatchObject({ status: 'CREATING', sizeBytes: null });
  },
  'GET_snapshot.response.http': (body) => {
    const snapshot = parse(wireSnapshot, body, 'snapshot');
    expect(snapshot.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:/);
  },
  'POST_snapshots_create.response.http': (body, status) => {
    expect(status).toBe(201);
    const created = parse(wireSnapshotObjects, body, 'create').objects[0];
    if (!created) throw new Error('empty sample');
    expect(mapSnapshot('cs', created, null)).toMatchObject({
      key: '855ebdc8-ce4b-48d0-9d8d-306c9074be29',
      name: 'first_snapshot',
      status: 'CREATING',
      sizeBytes: null,
      metadata: [{ key: 'key', value: 'val' }],
      createdAt: new Date('2014-06-05T09:52:53.896Z'),
    });
  },
  'POST_snapshots_create_minimal.response.http': (body) => {
    // The older capture: no grantees, no permissions, an auto-generated name.
    const created = parse(wireSnapshotObjects, body, 'create minimal').objects[0];
    expect(created?.name).toBe('7a555723-d73c-45cf-9f18-21f571626d2b__2014-01-30__15_35_30');
  },
  'PUT_snapshot_edit.response.http': (body) => {
    const edited = mapSnapshot('cs', parse(wireSnapshot, body, 'edit'), null);
    expect(edited.metadata).toEqual([
      { key: 'key', value: 'val_changed' },
      { key: 'new_key', value: 'new_key_value' },
    ]);
  },
  'DELETE_snapshot.response.http': (body, status, headers) => {
    expect([body, status, headers['content-type']]).toEqual([null, 204, 'text/html; charset=utf-8']);
  },
  'POST_snapshot_action_clone.response.http': (body, status) => {
    expect(status).toBe(202);
    // The quirk: the new drive's resource_uri is an object.
    const drive = parse(wireDrive, body, 'clone');
    expect(typeof drive.resource_uri).toBe('object');
    expect(drive.jobs?.[0]?.uuid).toBe('260512fc-e9ac-470f-880d-52b4dfcc2b72');
    expect(mapDrive('cs', drive)).toMatchObject({ key: 'be62f52e-0b0f-480c-89b2-73e108dd2cef', status: 'CREATING', vmKey: null });
  },
  'GET_snapshots_schema.response.http': (body) => {
    // What the connector relies on: default_limit 20, the fields it reads, and the filters.
    expect(body).toMatchObject({ default_limit: 20, filtering: { uuid: 'exact' } });
    const fields = fieldsOf(body);
    expect(fields).toEqual(expect.arrayContaining(['allocated_size', 'drive', 'meta', 'name', 'status', 'timestamp', 'uuid']));
  },
  'GET_drives_schema.response.http': (body) => {
    expect(body).toMatchObject({ default_limit: 20 });
    const fields = fieldsOf(body);
    expect(fields).toEqual(expect.arrayContaining(['meta', 'mounted_on', 'name', 'size', 'status', 'uuid', 'jobs']));
  },
  'GET_jobs_schema.response.http': (body) => {
    const fields = fieldsOf(body);
    expect(fields).toEqual(expect.arrayContaining(['data', 'state', 'uuid', 'created', 'last_modified', 'operation', 'resources']));
  },
};

const REQUESTS: Record<string, (body: unknown) => void> = {
  'POST_snapshots_create.request.http': (body) => {
    expect(parse(wireCreateSnapshotsRequest, body, 'create').objects[0]).toEqual({
      drive: '450357dc-cbe1-471d-b4cc-dbdfe5f28d84',
      name: 'first_snapshot',
      meta: { key: 'val' },
    });
  },
  'POST_snapshots_create_minimal.request.http': (body) => {
    expect(parse(wireCreateSnapshotsRequest, body, 'create minimal').objects).toHaveLength(1);
  },
  'PUT_snapshot_edit.request.http': (body) => {
    expect(parse(wireUpdateSnapshotRequest, body, 'edit').drive).toBe('450357dc-cbe1-471d-b4cc-dbdfe5f28d84');
  },
  'POST_snapshot_action_clone.request.http': (body) => {
    expect(parse(wireCloneRequest, body, 'clone')).toEqual({});
  },
  'POST_drives_create_for_snapshots.request.http': (body) => {
    expect(body).toMatchObject({ objects: [{ media: 'disk', size: 1073741824 }] });
  },
  'GET_snapshots_list.request.http': (body) => expect(body).toBeNull(),
  'GET_snapshots_list_detail.request.http': (body) => expect(body).toBeNull(),
  'GET_snapshot.request.http': (body) => expect(body).toBeNull(),
  'GET_snapshots_schema.request.http': (body) => expect(body).toBeNull(),
  'GET_servers_list.request.http': (body) => expect(body).toBeNull(),
  'GET_drives_list.request.http': (body) => expect(body).toBeNull(),
  'GET_drive_with_snapshots.request.http': (body) => expect(body).toBeNull(),
  'GET_drive_with_one_snapshot.request.http': (body) => expect(body).toBeNull(),
  'DELETE_snapshot.request.http': (body) => expect(body).toBeNull(),
  'DELETE_drive.request.http': (body) => expect(body).toBeNull(),
};

const ERRORS = [
  'ERROR_400_validation.errors-doc.response.json',
  'ERROR_403_permission_server_start.response.json',
  'ERROR_403_permission_server_stop.response.json',
  'ERROR_404_notexist.response.json',
  'ERROR_backend_unknown.response.json',
];

/** Samples of endpoints the connector does not use. */
const OTHER = ['ERROR_400_validation.errors-doc.request.json', 'POST_server_action_start.response.json'];

describe('CloudSigma mapping details', () => {
  it('reads timestamps with a space or a T, with or without an offset', () => {
    expect(dateOfTimestamp('2014-06-05 09:53:28.851859+00:00')?.toISOString()).toBe('2014-06-05T09:53:28.851Z');
    expect(dateOfTimestamp('2014-06-05T09:46:41.793232+00:00')?.toISOString()).toBe('2014-06-05T09:46:41.793Z');
    expect(dateOfTimestamp('2010-11-10T03:07:43')?.toISOString()).toBe('2010-11-10T03:07:43.000Z');
    expect(dateOfTimestamp('2014-06-05 11:53:28+02:00')?.toISOString()).toBe('2014-06-05T09:53:28.000Z');
    expect(dateOfTimestamp('yesterday')).toBeNull();
    expect(wireSnapshot.safeParse({ uuid: 'u', drive: 'd', status: 'available', timestamp: 'yesterday' }).success).toBe(false);
  });

  it('maps statuses', () => {
    expect(['running', 'stopped', 'paused', 'starting'].map(powerStateOf)).toEqual(['RUNNING', 'STOPPED', 'PAUSED', 'UNKNOWN']);
    expect(['mounted', 'unmounted', 'creating', 'cloning_dst', 'resizing', 'unavailable', 'mystery'].map(driveStatusOf)).toEqual([
      'IN_USE', 'READY', 'CREATING', 'CREATING', 'CREATING', 'ERROR', 'UNKNOWN',
    ]);
    expect(['creating', 'available', 'deleting', 'broken'].map(snapshotStatusOf)).toEqual(['CREATING', 'READY', 'DELETING', 'ERROR']);
  });

  it('a clone origin in meta is clonedFrom; a description in meta is the description, not metadata', () => {
    const drive = parse(wireDrive, { uuid: 'd', status: 'unmounted', meta: { cloned_from_snapshot: 's1' } }, 'drive');
    expect(mapDrive('cs', drive).clonedFromKey).toBe('s1');
    const snapshot = parse(wireSnapshot, { uuid: 's', drive: { uuid: 'd', resource_uri: '/x/' }, status: 'available', meta: { description: 'why', n: 3 } }, 's');
    expect(mapSnapshot('cs', snapshot, null)).toMatchObject({ description: 'why', metadata: [{ key: 'n', value: '3' }] });
  });

  it('reads jobs: progress, success, and a failure with its message', () => {
    const job = (state: string, data: Record<string, unknown>) => parse(wireJob, { uuid: 'j', state, data }, 'job');
    expect(jobProgress(job('started', { progress: 42 }))).toBe(42);
    expect(jobProgress(job('started', {}))).toBe(0);
    expect(jobFailure(job('success', { progress: 100 }))).toBeNull();
    expect(jobFailure(job('error', { progress: 40, error: 'disk full' }))).toBe('disk full');
    expect(jobFailure(job('failed', {}))).toMatch(/state 'failed'/);
  });

  it('the bulk delete body of the vendor page parses (once its trailing commas are gone)', () => {
    expect(parse(wireBulkDeleteRequest, { objects: [{ uuid: 'b137e217-42b6-4ecf-8575-d72efc2d3dbd' }] }, 'bulk').objects).toHaveLength(1);
  });

  it('a body that is not an error array has no code of its own, and the status as message', () => {
    expect(readWireError(401, '')).toEqual({ code: null, message: 'HTTP 401' });
    expect(readWireError(500, '<html>oops</html>')).toEqual({ code: null, message: 'HTTP 500' });
  });
});
