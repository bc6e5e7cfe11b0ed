// The libvirt simulator's wire forms: VMs and snapshots as libgo marshals them (key order, omitted empties, Go times).
import type { SimSnapshot, SimVM } from './state.js';

/** A snapshot as the server puts it on the wire (key order and omitted empties included). */
export interface SimSnapshotWire {
  created_at: string;
  name: string;
  description?: string;
  state: string;
  parent?: string;
  is_current: boolean;
  has_metadata: boolean;
  has_memory: boolean;
  has_disk: boolean;
}

/** RFC 3339 in a fixed offset, seconds precision, like Go's time.Unix(t, 0) marshalled in a local zone. */
export function rfc3339(date: Date, offsetMinutes = 0): string {
  const shifted = new Date(Math.floor(date.getTime() / 1000) * 1000 + offsetMinutes * 60_000);
  const base = shifted.toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${base}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${base}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function snapshotWire(vm: SimVM, snapshot: SimSnapshot): SimSnapshotWire {
  return {
    created_at: rfc3339(snapshot.createdAt, vm.utcOffsetMinutes),
    name: snapshot.name,
    ...(snapshot.description ? { description: snapshot.description } : {}),
    state: snapshot.state,
    ...(snapshot.parent ? { parent: snapshot.parent } : {}),
    is_current: vm.current === snapshot.name,
    has_metadata: snapshot.hasMetadata,
    // libvirt always writes a <memory> element (snapshot='no' for a stopped VM), and libgo reports its presence.
    has_memory: true,
    has_disk: snapshot.hasDisk,
  };
}

export function vmWire(vm: SimVM) {
  return {
    name: vm.name,
    uuid: vm.uuid,
    status: vm.status,
    cpu: { count: vm.cpuCount },
    memory: { sizeBytes: vm.memoryMB * 1024 * 1024, sizeMB: vm.memoryMB },
    disks: vm.disks,
    networks: [],
    createdAt: rfc3339(vm.createdAt),
    ...(vm.description ? { description: vm.description } : {}),
  };
}
