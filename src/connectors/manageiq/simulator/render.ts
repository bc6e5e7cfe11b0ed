// The ManageIQ simulator's wire forms: VMs (every column, or the attributes asked for), snapshots and MiqTasks as
// the server renders them, UTC to the second.
import { progress, queuedUntil } from '../../../lab/kit/operationTimer.js';
import { pad, RAW_POWER, type SimSnapshot, type SimTask, type SimVM } from './state.js';

/** A snapshot as the server renders it (every column; nil as null). */
export interface SimSnapshotWire {
  href: string;
  id: string;
  uid: string;
  parent_uid: string | null;
  name: string;
  description: string | null;
  current: number;
  total_size: number | null;
  filename: string | null;
  create_time: string;
  disks: string | null;
  created_on: string;
  updated_on: string;
  parent_id: string | null;
  vm_or_template_id: string;
  uid_ems: string;
  ems_ref: string | null;
  ems_ref_type: string | null;
  type: string | null;
}

/** What the normalizer does to times: UTC, seconds, `Z`. */
export const iso = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;

export function snapshotWire(base: string, collection: string, vm: SimVM, s: SimSnapshot): SimSnapshotWire {
  const parent = vm.snapshots.find((p) => p.id === s.parentId);
  return {
    href: `${base}/api/${collection}/${vm.id}/snapshots/${s.id}`,
    id: String(s.id),
    // VMware uses the create time as the snapshot's uid.
    uid: iso(s.createTime),
    parent_uid: parent ? iso(parent.createTime) : null,
    name: s.name,
    description: s.description,
    current: vm.currentId === s.id ? 1 : 0,
    total_size: s.totalSize,
    filename: vm.cloud ? null : `[datastore1] ${vm.name}/${vm.name}-Snapshot${s.id}.vmsn`,
    create_time: iso(s.createTime),
    disks: null,
    created_on: iso(s.createdOn),
    updated_on: iso(s.createdOn),
    parent_id: s.parentId === null ? null : String(s.parentId),
    vm_or_template_id: String(vm.id),
    uid_ems: iso(s.createTime),
    ems_ref: vm.cloud ? `snap-${pad(s.id, 8)}` : `snapshot-${s.id}`,
    ems_ref_type: vm.cloud ? null : 'VirtualMachineSnapshot',
    type: null,
  };
}

function vmAttributes(base: string, collection: string, vm: SimVM): Record<string, unknown> {
  return {
    href: `${base}/api/${collection}/${vm.id}`,
    id: String(vm.id),
    vendor: vm.cloud ? 'openstack' : 'vmware',
    format: null,
    version: null,
    name: vm.name,
    description: null,
    location: vm.cloud ? 'unknown' : `${vm.name}/${vm.name}.vmx`,
    host_id: vm.cloud ? null : '4',
    created_on: iso(vm.createdOn),
    updated_on: iso(vm.createdOn),
    storage_id: vm.cloud ? null : '12',
    guid: vm.guid,
    ems_id: vm.cloud ? '2' : '1',
    uid_ems: vm.guid,
    power_state: vm.powerState,
    state_changed_on: iso(vm.createdOn),
    connection_state: 'connected',
    type: vm.cloud ? 'ManageIQ::Providers::Openstack::CloudManager::Vm' : 'ManageIQ::Providers::Vmware::InfraManager::Vm',
    ems_ref: vm.cloud ? vm.guid : `vm-${vm.id}`,
    template: false,
    raw_power_state: RAW_POWER.get(vm.powerState) ?? vm.powerState,
    retired: false,
    cloud: vm.cloud,
  };
}

/** A VM with every column, or only id, href and the attributes asked for (associations included). */
export function vmWire(base: string, collection: string, vm: SimVM, attributes: string[] | null): Record<string, unknown> {
  const all = vmAttributes(base, collection, vm);
  if (attributes === null) return all;
  const picked: Record<string, unknown> = { href: all.href, id: all.id };
  for (const attribute of attributes) {
    if (attribute === 'snapshots') picked.snapshots = vm.snapshots.map((s) => snapshotWire(base, collection, vm, s));
    else if (attribute in all) picked[attribute] = all[attribute];
    // Unknown names render nothing.
  }
  return picked;
}

/** pct_complete: none while queued, rising from 1 to 99 while active, 100 once finished Ok. */
function percentOf(task: SimTask, now: number): number | null {
  if (task.state === 'Queued') return null;
  if (task.state === 'Finished') return task.status === 'Ok' ? 100 : null;
  return Math.min(99, Math.max(1, Math.round(progress(task.span, now, queuedUntil(task.span)) * 100)));
}

export function taskWire(base: string, task: SimTask, userid: string, now: number) {
  return {
    href: `${base}/api/tasks/${task.id}`,
    id: String(task.id),
    name: task.name,
    state: task.state,
    status: task.status,
    message: task.message,
    userid,
    created_on: iso(task.createdOn),
    updated_on: iso(task.state === 'Active' ? new Date(now) : task.updatedOn),
    pct_complete: percentOf(task, now),
    context_data: null,
    results: null,
    miq_server_id: '1',
    identifier: null,
    started_on: task.startedOn ? iso(task.startedOn) : null,
    zone: 'default',
  };
}
