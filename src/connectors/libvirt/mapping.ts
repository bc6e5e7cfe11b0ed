// libgo payloads → the unified model (pure; the contract tests run the real samples through it).
import type { DriveRecord, PowerState, SnapshotRecord, VMRecord } from '../../domain/model.js';
import { joinKey } from '../keys.js';
import type { WireDisk, WireSnapshot, WireVM } from './wire.js';
import { statusReader } from '../statusWords.js';

/** libgo VM status or libvirt snapshot state → unified power state. */
const powerStateOfWord = statusReader<PowerState>(
  [
    ['RUNNING', ['running', 'blocked']],
    ['PAUSED', ['paused']],
    ['STOPPED', ['stopped', 'shutdown', 'shutoff', 'crashed']],
  ],
  'UNKNOWN',
);
const powerStateOf = (state: string): PowerState => powerStateOfWord(state.toLowerCase());

function dateOf(text: string): Date | null {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The last path segment names a disk best (`vm-1.qcow2`); the target device is the fallback. */
function driveName(disk: WireDisk): string {
  const segment = disk.path.split('/').filter(Boolean).pop();
  return segment ?? disk.device ?? disk.path;
}

function mapDrive(backend: string, vmName: string, disk: WireDisk): DriveRecord {
  return {
    entity: 'Drive',
    backend,
    key: joinKey(vmName, disk.path),
    name: driveName(disk),
    sizeBytes: disk.sizeBytes ?? null,
    status: 'IN_USE',
    vmKey: vmName,
    clonedFromKey: null,
  };
}

export function mapVM(backend: string, vm: WireVM): VMRecord {
  return {
    entity: 'VM',
    backend,
    key: vm.name,
    name: vm.name,
    kind: 'VM',
    powerState: powerStateOf(vm.status),
    // The list carries the disks, so drives never need a call of their own.
    drives: vm.disks.map((disk) => mapDrive(backend, vm.name, disk)),
  };
}

/**
 * Whether the snapshot holds the VM's memory. libgo's `has_memory` only says the XML has a `<memory>` element, which
 * libvirt always writes (`<memory snapshot='no'/>` for a stopped VM: seen on the real server), so it is true for every
 * snapshot. What holds: libgo takes every snapshot with flags 0, and libvirt then checkpoints the RAM of a domain that
 * is active (running or paused) and takes disks only of one that is not; the recorded state says which it was.
 */
function holdsMemory(snapshot: WireSnapshot): boolean {
  return snapshot.has_memory && ['running', 'blocked', 'paused'].includes(snapshot.state);
}

export function mapSnapshot(backend: string, vmName: string, snapshot: WireSnapshot): SnapshotRecord {
  return {
    entity: 'Snapshot',
    backend,
    key: joinKey(vmName, snapshot.name),
    name: snapshot.name,
    description: snapshot.description || null,
    createdAt: dateOf(snapshot.created_at),
    status: 'READY',
    vmPowerState: powerStateOf(snapshot.state),
    isCurrent: snapshot.is_current,
    hasMemory: holdsMemory(snapshot),
    hasDisk: snapshot.has_disk,
    sizeBytes: null,
    vmKey: vmName,
    driveKey: null,
    parentKey: snapshot.parent ? joinKey(vmName, snapshot.parent) : null,
    metadata: [],
    scheduleKey: null,
  };
}
