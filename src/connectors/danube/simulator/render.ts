// How the Danube simulator writes its answers: the task envelope (`{status, result, task_id}`), `{"detail"}` errors,
// and the wire forms of VMs, disks, snapshots and snapshot definitions.
import type { SimResponse } from '../../../lab/simulatorServer.js';
import { taskId, type SimDefine, type SimSnapshot, type SimVM } from './state.js';

export const ok = (result: unknown, status = 200): SimResponse => ({ status, body: { status: 'SUCCESS', result, task_id: taskId('d') } });
export const detail = (status: number, message: string): SimResponse => ({ status, body: { detail: message } });
export const failure = (result: unknown): SimResponse => ({ status: 400, body: { status: 'FAILURE', result, task_id: taskId('d') } });

/** The status code a task's state is answered with. */
export const TASK_CODES = { PENDING: 201, STARTED: 201, SUCCESS: 200, FAILURE: 400, REVOKED: 410 } as const;

export const snapshotWire = (vm: SimVM, s: SimSnapshot) => ({
  hostname: vm.hostname,
  vm_uuid: vm.uuid,
  define: s.define,
  name: s.name,
  disk_id: s.diskId,
  note: s.note,
  type: s.type,
  created: s.created.toISOString(),
  status: s.status,
  size: s.size,
  id: String(s.id),
});

export const defineWire = (vm: SimVM, d: SimDefine) => ({
  hostname: vm.hostname,
  vm_uuid: vm.uuid,
  name: d.name,
  disk_id: d.diskId,
  desc: d.desc,
  active: d.active,
  schedule: d.schedule,
  retention: d.retention,
  fsfreeze: d.fsfreeze,
});

export const vmWire = (vm: SimVM) => ({
  hostname: vm.hostname,
  uuid: vm.uuid,
  alias: vm.alias,
  node: 'node01.lab.danube.test',
  owner: 'admin',
  status: vm.status,
  node_status: 'online',
  vcpus: 2,
  ram: 2048,
  disk: vm.disks.reduce((a, b) => a + b, 0),
  ips: ['10.0.0.10'],
  uptime: 3600,
  locked: false,
});

const diskWire = (size: number, index: number) => ({
  size,
  boot: index === 0,
  model: 'virtio',
  zpool: 'zones',
  image: index === 0 ? 'centos-7' : null,
});

/** A VM as /vm/define/ lists it, with its disks and NICs when full. */
export const vmDefineWire = (vm: SimVM, full: boolean) => ({
  hostname: vm.hostname,
  uuid: vm.uuid,
  alias: vm.alias,
  ostype: 1,
  vcpus: 2,
  ram: 2048,
  ...(full && { disks: vm.disks.map(diskWire), nics: [{ ip: '10.0.0.10', net: 'lan', model: 'virtio' }] }),
});
