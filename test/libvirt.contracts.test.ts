// The libvirt wire schemas and mappers against every recorded sample of the endpoints the connector uses.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapSnapshot, mapVM } from '../src/connectors/libvirt/connector.js';
import {
  readWireError,
  wireActionAnswer,
  wireCreateSnapshotRequest,
  wireFlatError,
  wireHealth,
  wireNestedError,
  wireSnapshotAnswer,
  wireSnapshotList,
  wireVMList,
} from '../src/connectors/libvirt/wire.js';
import { joinKey } from '../src/connectors/keys.js';
import { contractsDir } from './helpers/fixtures.js';

const folder = contractsDir('libvirt-rest');
const sample = (file: string): unknown => JSON.parse(readFileSync(new URL(file, folder), 'utf8'));

/** Every sample this file checks; a new sample in the folder fails the coverage test until it is added. */
const COVERED = [
  'DELETE_vm_snapshot.response.json',
  'ERROR_400.snapshots-doc.response.json',
  'ERROR_404.snapshots-doc.response.json',
  'ERROR_500.snapshots-doc.response.json',
  'ERROR_generic.api-readme.response.json',
  'GET_vm_snapshot.response.json',
  'GET_vm_snapshots_list.response.json',
  'POST_vm_snapshot_create.request.json',
  'POST_vm_snapshot_create.response.json',
  'PUT_vm_snapshot_revert.response.json',
  'demo_DELETE_vm_snapshot.response.json',
  'demo_ERROR_400.response.json',
  'demo_GET_health.response.json',
  'demo_GET_vms_list.response.json',
  'demo_POST_vm_snapshot_create.request.json',
  'demo_POST_vm_snapshot_create.response.json',
  'demo_PUT_vm_snapshot_revert.response.json',
];

describe('libvirt-rest samples', () => {
  it('are all covered here', () => {
    const files = readdirSync(folder).filter((file) => file.endsWith('.json'));
    expect(files.sort()).toEqual([...COVERED].sort());
  });

  it('create answer (doc): "" parent means a root, description kept', () => {
    const answer = wireSnapshotAnswer.parse(sample('POST_vm_snapshot_create.response.json'));
    const record = mapSnapshot('lv', 'my-vm', answer.snapshot);
    expect(record).toMatchObject({
      key: joinKey('my-vm', 'snapshot-name'),
      name: 'snapshot-name',
      description: 'Optional description',
      vmPowerState: 'RUNNING',
      isCurrent: true,
      hasMemory: true,
      hasDisk: true,
      parentKey: null,
      vmKey: 'my-vm',
      driveKey: null,
      status: 'READY',
      sizeBytes: null,
      metadata: [],
      scheduleKey: null,
    });
    expect(record.createdAt?.toISOString()).toBe('2025-05-30T12:00:00.000Z');
  });

  it('create answer (demo): shutoff state, no memory', () => {
    const answer = wireSnapshotAnswer.parse(sample('demo_POST_vm_snapshot_create.response.json'));
    const record = mapSnapshot('lv', 'test-windows-11', answer.snapshot);
    expect(record).toMatchObject({
      name: 'fresh-install',
      description: 'Windows 11 fresh installation',
      vmPowerState: 'STOPPED',
      hasMemory: false,
      parentKey: null,
      isCurrent: true,
    });
  });

  it('get answer: parent becomes a key of the same VM', () => {
    const answer = wireSnapshotAnswer.parse(sample('GET_vm_snapshot.response.json'));
    expect(answer.snapshot.has_metadata).toBe(true);
    const record = mapSnapshot('lv', 'my-vm', answer.snapshot);
    expect(record.parentKey).toBe(joinKey('my-vm', 'parent-snapshot'));
    expect(record.description).toBe('Snapshot description');
  });

  it('list answer: items without has_metadata and parent parse; count kept', () => {
    const answer = wireSnapshotList.parse(sample('GET_vm_snapshots_list.response.json'));
    expect(answer.count).toBe(2);
    expect(answer.snapshots.map((s) => s.has_metadata)).toEqual([undefined, undefined]);
    const records = answer.snapshots.map((s) => mapSnapshot('lv', 'my-vm', s));
    // The doc's shutoff snapshot says has_memory true, as the real server says of every snapshot: a stopped VM's holds no RAM.
    expect(records.map((r) => [r.name, r.vmPowerState, r.isCurrent, r.hasMemory, r.parentKey])).toEqual([
      ['snapshot1', 'STOPPED', false, false, null],
      ['snapshot2', 'RUNNING', true, false, null],
    ]);
    expect(records[1]?.createdAt?.getTime()).toBe(Date.UTC(2025, 4, 30, 11));
  });

  it('revert and delete answers, doc and demo', () => {
    for (const file of [
      'DELETE_vm_snapshot.response.json',
      'demo_DELETE_vm_snapshot.response.json',
    ]) {
      expect(wireActionAnswer.parse(sample(file))).toEqual({ success: true, message: 'Snapshot deleted successfully' });
    }
    for (const file of ['PUT_vm_snapshot_revert.response.json', 'demo_PUT_vm_snapshot_revert.response.json']) {
      expect(wireActionAnswer.parse(sample(file))).toEqual({
        success: true,
        message: 'VM reverted to snapshot successfully',
      });
    }
  });

  it('create requests: both samples are bodies the connector would send', () => {
    expect(wireCreateSnapshotRequest.parse(sample('POST_vm_snapshot_create.request.json'))).toEqual({
      name: 'snapshot-name',
      description: 'Optional description',
      include_memory: true,
      quiesce: false,
    });
    expect(wireCreateSnapshotRequest.parse(sample('demo_POST_vm_snapshot_create.request.json')).include_memory).toBe(
      false,
    );
  });

  it('nested (doc) errors give code and message', () => {
    const cases: [string, string, string][] = [
      ['ERROR_400.snapshots-doc.response.json', 'INVALID_INPUT', 'Invalid input parameters'],
      ['ERROR_404.snapshots-doc.response.json', 'NOT_FOUND', 'VM or snapshot not found'],
      ['ERROR_500.snapshots-doc.response.json', 'INTERNAL_ERROR', 'Failed to perform snapshot operation'],
      ['demo_ERROR_400.response.json', 'INVALID_INPUT', 'Invalid VM parameters: CPU count must be at least 1'],
    ];
    for (const [file, code, message] of cases) {
      expect(wireNestedError.safeParse(sample(file)).success).toBe(true);
      expect(readWireError(sample(file))).toEqual({ code, message });
    }
  });

  it('flat (real) error gives code and message', () => {
    const body = sample('ERROR_generic.api-readme.response.json');
    expect(wireFlatError.parse(body).status).toBe(400);
    expect(readWireError(body)).toEqual({ code: 'INVALID_INPUT', message: 'Detailed error message' });
  });

  it('health', () => {
    expect(wireHealth.parse(sample('demo_GET_health.response.json'))).toEqual({
      status: 'up',
      time: '2025-05-30T19:55:00Z',
    });
  });

  it('demo VM list: snake_case extras, no disks, no paging fields', () => {
    const answer = wireVMList.parse(sample('demo_GET_vms_list.response.json'));
    expect(answer.count).toBe(1);
    expect(answer.pageSize).toBeUndefined();
    const vm = answer.vms[0];
    expect(vm?.created_at).toBe('2025-05-30T19:55:00Z');
    expect(vm?.memory?.size_bytes).toBe(8589934592);
    expect(vm && mapVM('lv', vm)).toEqual({
      entity: 'VM',
      backend: 'lv',
      key: 'test-windows-11',
      name: 'test-windows-11',
      kind: 'VM',
      powerState: 'RUNNING',
      drives: [],
    });
  });

  it('garbage error bodies give no code or message', () => {
    expect(readWireError('<html>502 Bad Gateway</html>')).toBeNull();
    expect(readWireError(null)).toBeNull();
    expect(readWireError({ error: 'boom' })).toBeNull();
  });
});
