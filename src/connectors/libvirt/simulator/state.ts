// The libvirt simulator's estate and its rules: a deterministic fleet with seeded snapshot trees, and what libvirt
// does on create, revert and delete (current snapshot, recorded state, children re-parented), on the clock.
import type { Clock } from '../../../lab/kit/clock.js';
import type { WireCreateSnapshotRequest } from '../wire.js';

export type SimVMStatus = 'running' | 'stopped' | 'paused';

export interface SimSnapshot {
  name: string;
  description: string;
  /** libvirt domain state at creation: running | paused | shutoff. */
  state: string;
  parent: string;
  createdAt: Date;
  hasMetadata: boolean;
  hasDisk: boolean;
}

/** Field order as DiskInfo in libgo's disk.go. */
interface SimDisk {
  path: string;
  format: string;
  sizeBytes: number;
  bus: string;
  device: string;
}

export interface SimVM {
  name: string;
  uuid: string;
  description: string;
  status: SimVMStatus;
  cpuCount: number;
  memoryMB: number;
  disks: SimDisk[];
  createdAt: Date;
  /** Minutes east of UTC the "server" formats this VM's snapshot times in (libgo uses the server's local zone). */
  utcOffsetMinutes: number;
  snapshots: SimSnapshot[];
  current: string | null;
}

const GIB = 1024 ** 3;
const ROLES = ['web', 'db', 'cache', 'api', 'worker', 'queue', 'build', 'proxy', 'mail', 'dns'];
const STATUS_CYCLE: SimVMStatus[] = ['running', 'stopped', 'running', 'paused', 'stopped', 'running'];
/** Seed tree: base → {updates → {pre-release → release-1}, experiment}, in creation order. */
const SEED_TREE: { name: string; parent: string; description: string }[] = [
  { name: 'base', parent: '', description: 'Clean OS install' },
  { name: 'updates', parent: 'base', description: '' },
  { name: 'experiment', parent: 'base', description: 'Trying a new kernel' },
  { name: 'pre-release', parent: 'updates', description: 'Before release 1' },
  { name: 'release-1', parent: 'pre-release', description: '' },
];

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFrom(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** libvirt domain state recorded in a snapshot of a VM in this status. */
const snapshotStateOf = (status: SimVMStatus): string => (status === 'stopped' ? 'shutoff' : status);

/** The status a revert leaves the VM in (the snapshot's recorded state). */
function statusAfterRevert(state: string): SimVMStatus {
  if (state === 'running' || state === 'blocked') return 'running';
  if (state === 'paused') return 'paused';
  return 'stopped';
}

function seedVM(index: number, vmCount: number, next: () => number): SimVM {
  const width = Math.max(2, String(vmCount).length);
  const name = `vm-${ROLES[index % ROLES.length] ?? 'node'}-${String(index + 1).padStart(width, '0')}`;
  const status = STATUS_CYCLE[index % STATUS_CYCLE.length] ?? 'running';
  const diskCount = index % 2 === 0 ? 1 : 2;
  const disks = Array.from({ length: diskCount }, (_, n) => ({
    path: `/var/lib/libvirt/images/${name}-${n + 1}.qcow2`,
    format: 'qcow2',
    sizeBytes: ([20, 40, 80][Math.floor(next() * 3)] ?? 20) * GIB,
    bus: 'virtio',
    device: `vd${String.fromCharCode(97 + n)}`,
  }));
  const createdAt = new Date(Date.UTC(2025, 0, 1) + index * 3_600_000);
  const snapshots = SEED_TREE.map((seed, step) => ({
    name: seed.name,
    description: seed.description,
    state: step % 2 === 0 ? 'shutoff' : 'running',
    parent: seed.parent,
    createdAt: new Date(createdAt.getTime() + (step + 1) * 86_400_000),
    // Every third VM has one snapshot libvirt holds no metadata for, so include_metadata=true filters something.
    hasMetadata: !(seed.name === 'experiment' && index % 3 === 0),
    hasDisk: true,
  }));
  return {
    name,
    uuid: uuidFrom(next),
    description: index % 2 === 0 ? `Seeded ${ROLES[index % ROLES.length] ?? 'node'} server` : '',
    status,
    cpuCount: 1 + Math.floor(next() * 8),
    memoryMB: 1024 * (1 + Math.floor(next() * 16)),
    disks,
    createdAt,
    utcOffsetMinutes: index % 2 === 0 ? 0 : -240,
    snapshots,
    current: ['release-1', 'experiment', 'pre-release'][index % 3] ?? 'release-1',
  };
}

export class LibvirtEstate {
  /** In list order. */
  readonly vms: SimVM[];
  private readonly byName: Map<string, SimVM>;

  constructor(
    vmCount: number,
    seed: number,
    private readonly clock: Clock,
  ) {
    const next = random(seed);
    this.vms = Array.from({ length: vmCount }, (_, i) => seedVM(i, vmCount, next));
    this.byName = new Map(this.vms.map((vm) => [vm.name, vm]));
  }

  vm(name: string | undefined): SimVM | undefined {
    return this.byName.get(name ?? '');
  }

  snapshot(vm: SimVM, name: string | undefined): SimSnapshot | undefined {
    return vm.snapshots.find((s) => s.name === name);
  }

  /** The snapshot libvirt takes, now current; null where libvirt refuses (each a generic 500 from the real server). */
  create(vmName: string | undefined, request: WireCreateSnapshotRequest): { vm: SimVM; snapshot: SimSnapshot } | null {
    const vm = this.vm(vmName);
    if (!vm) return null; // "Domain not found"
    if (this.snapshot(vm, request.name)) return null; // "domain moment … already exists"
    if (request.name.includes('/')) return null; // "name can't contain '/'"
    // libgo builds the XML without escaping: "EntityRef: expecting ';'", "error parsing attribute name".
    if (/[&<]/.test(request.name) || /[&<]/.test(request.description ?? '')) return null;
    // include_memory → CREATE_LIVE: "live snapshot creation is supported only during full system snapshots" (running),
    // "memory state cannot be saved with offline or disk-only snapshot" (stopped).
    if (request.include_memory) return null;
    // "Flag 'VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY' is required by flag 'VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE'".
    if (request.quiesce) return null;
    const lastCreated = Math.max(0, ...vm.snapshots.map((s) => s.createdAt.getTime()));
    const snapshot: SimSnapshot = {
      name: request.name,
      description: request.description ?? '',
      state: snapshotStateOf(vm.status),
      parent: vm.current ?? '',
      createdAt: new Date(Math.max(this.clock.now(), lastCreated)),
      hasMetadata: true,
      hasDisk: true,
    };
    vm.snapshots.push(snapshot);
    vm.current = snapshot.name;
    return { vm, snapshot };
  }

  /** The snapshot becomes current and the VM takes its recorded state; false when there is no such snapshot. */
  revert(vmName: string | undefined, snapshotName: string | undefined): boolean {
    const vm = this.vm(vmName);
    const snapshot = vm && this.snapshot(vm, snapshotName);
    if (!vm || !snapshot) return false;
    vm.current = snapshot.name;
    vm.status = statusAfterRevert(snapshot.state);
    return true;
  }

  /** Removes the snapshot; false when there is no such snapshot. */
  delete(vmName: string | undefined, snapshotName: string | undefined): boolean {
    const vm = this.vm(vmName);
    const snapshot = vm && this.snapshot(vm, snapshotName);
    if (!vm || !snapshot) return false;
    // libvirt re-parents the children onto the deleted snapshot's parent.
    for (const child of vm.snapshots) if (child.parent === snapshot.name) child.parent = snapshot.parent;
    if (vm.current === snapshot.name) vm.current = snapshot.parent || null;
    vm.snapshots = vm.snapshots.filter((s) => s !== snapshot);
    return true;
  }
}
