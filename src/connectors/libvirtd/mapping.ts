// libvirt's words and XML as the unified model: domain states, disks as drives, snapshots with their tree fields.
import type { DriveRecord, PowerState, SnapshotRecord, VMRecord } from '../../domain/model.js';
import type { BackendErrorCode } from '../errors.js';
import { joinKey, splitKey } from '../keys.js';
import { statusReader } from '../statusWords.js';
import { disksOf, type WireDisk, type WireSnapshot, type WireVolume } from './wire.js';

/** `virsh domstate` words (virDomainState) as power states. */
export const powerStateOf = statusReader<PowerState>(
  [
    ['RUNNING', ['running', 'blocked', 'in shutdown']],
    ['PAUSED', ['paused', 'pmsuspended']],
    ['STOPPED', ['shut off', 'crashed']],
  ],
  'UNKNOWN',
);

/** A snapshot's `<state>`: the domain's state when it was taken (disk-snapshot: disks only, taken while running). */
const takenInState = statusReader<PowerState | 'DISK_ONLY'>(
  [
    ['RUNNING', ['running', 'blocked']],
    ['PAUSED', ['paused', 'pmsuspended']],
    ['STOPPED', ['shutoff', 'crashed']],
    ['DISK_ONLY', ['disk-snapshot']],
  ],
  'UNKNOWN',
);

const vmKeyOf = (domain: string): string => domain;
const driveKeyOf = (domain: string, target: string): string => joinKey(domain, target);
export const snapshotKeyOf = (domain: string, name: string): string => joinKey(domain, name);

/** The domain and name a snapshot key holds, or null when it is not one. */
export function parseSnapshotKey(key: string): { domain: string; name: string } | null {
  const [domain, name] = splitKey(key, 2) ?? [];
  return domain === undefined || name === undefined ? null : { domain, name };
}

/** Where a disk's data is: a file, a block device, or a volume of a pool. */
const sourceOf = (disk: WireDisk): string | null =>
  disk.source?.['@file'] ?? disk.source?.['@dev'] ?? disk.source?.['@volume'] ?? disk.source?.['@name'] ?? null;

export function mapDrive(backend: string, domain: string, disk: WireDisk, capacity: number | null): DriveRecord {
  const target = disk.target['@dev'];
  const source = sourceOf(disk);
  return {
    entity: 'Drive',
    backend,
    key: driveKeyOf(domain, target),
    // The file's own name reads best; the target (vda) where the disk has no source (an empty CD-ROM, say).
    name: source?.split('/').filter(Boolean).pop() ?? target,
    sizeBytes: capacity,
    status: source === null ? 'UNKNOWN' : 'IN_USE',
    vmKey: vmKeyOf(domain),
    clonedFromKey: null,
  };
}

/**
 * A volume no domain has, as a drive: keyed by its path (unique on the host, and never a domain's drive key). It was
 * cloned from `clonedFrom` (a snapshot key) where the gateway made it, and is CREATING while its copy runs.
 */
export function mapVolume(backend: string, volume: WireVolume, clonedFrom: string | null, copying: boolean): DriveRecord {
  return {
    entity: 'Drive',
    backend,
    key: volume.target.path,
    name: volume.name,
    sizeBytes: Number(volume.capacity['#text']),
    status: copying ? 'CREATING' : 'READY',
    vmKey: null,
    clonedFromKey: clonedFrom,
  };
}

export function mapVM(backend: string, domain: string, state: string, drives: DriveRecord[]): VMRecord {
  return { entity: 'VM', backend, key: vmKeyOf(domain), name: domain, kind: 'VM', powerState: powerStateOf(state), drives };
}

export function mapSnapshot(backend: string, domain: string, snapshot: WireSnapshot, current: string | null): SnapshotRecord {
  const state = takenInState(snapshot.state);
  const disks = disksOf(snapshot);
  return {
    entity: 'Snapshot',
    backend,
    key: snapshotKeyOf(domain, snapshot.name),
    name: snapshot.name,
    description: snapshot.description === undefined || snapshot.description === '' ? null : snapshot.description,
    createdAt: new Date(Number(snapshot.creationTime) * 1000),
    status: 'READY',
    vmPowerState: state === 'DISK_ONLY' ? 'RUNNING' : state,
    isCurrent: snapshot.name === current,
    // Memory is kept where the snapshot says so (internal or an external file), never for disk-only ones.
    hasMemory: snapshot.memory !== undefined && snapshot.memory['@snapshot'] !== 'no',
    hasDisk: disks.length === 0 || disks.some((disk) => disk['@snapshot'] !== 'no'),
    sizeBytes: null,
    vmKey: vmKeyOf(domain),
    driveKey: null,
    parentKey: snapshot.parent ? snapshotKeyOf(domain, snapshot.parent.name) : null,
    metadata: [],
    scheduleKey: null,
  };
}

/** libvirt's message as one of the gateway's codes: what it says about the thing decides, not a status it has none of. */
export function codeOfLibvirtError(message: string): BackendErrorCode {
  if (/failed to get domain|not found|no domain with matching|domain snapshot not found/i.test(message)) return 'NOT_FOUND';
  if (/already exists|exists already|is locked|operation is not valid|domain is not running|another .* in progress/i.test(message)) return 'CONFLICT';
  if (/unsupported|does not support|not supported/i.test(message)) return 'UNSUPPORTED';
  if (/authentication|permission denied|access denied/i.test(message)) return 'FORBIDDEN';
  if (/failed to connect|cannot connect|connection reset|end of file while reading/i.test(message)) return 'UNREACHABLE';
  if (/invalid argument|xml error|unknown option|expected syntax/i.test(message)) return 'INVALID_REQUEST';
  return 'SERVER_ERROR';
}
