// The ManageIQ simulator's estate and its rules: seeded VMs and cloud instances with snapshot trees, and queued
// actions as MiqTasks (Queued, Active, Finished on the clock) whose effects land when they finish.
import type { Clock } from '../../../lab/kit/clock.js';
import { OperationTimer, queuedUntil, type Span } from '../../../lab/kit/operationTimer.js';
import { Schedule } from '../../../lab/kit/schedule.js';

export type SimCollection = 'vms' | 'instances';

export interface SimSnapshot {
  id: number;
  name: string;
  description: string | null;
  parentId: number | null;
  createTime: Date;
  createdOn: Date;
  totalSize: number | null;
  hasMemory: boolean;
}

export interface SimVM {
  id: number;
  name: string;
  cloud: boolean;
  powerState: string;
  guid: string;
  createdOn: Date;
  snapshots: SimSnapshot[];
  currentId: number | null;
}

export interface SimTask {
  id: number;
  name: string;
  state: 'Queued' | 'Active' | 'Finished';
  status: 'Ok' | 'Error';
  message: string;
  createdOn: Date;
  updatedOn: Date;
  startedOn: Date | null;
  /** Queued for its first fifth, Active until it finishes. */
  span: Span;
}

/** The work a task does when it finishes, at that moment: an error message fails the task. */
type TaskEffect = (at: number) => string | null;

interface EstateOptions {
  vmCount: number;
  instanceCount: number;
  opMs: number;
  /** A created snapshot shows up this long after its task finished (ManageIQ's inventory refresh). */
  inventoryLagMs: number;
  clock: Clock;
  /** Who the tasks run for. */
  userid: string;
}

const GIB = 1024 ** 3;
const ROLES = ['web', 'db', 'cache', 'api', 'worker', 'queue', 'build', 'proxy', 'mail', 'dns'];
/** power_state and the provider's raw_power_state. */
const INFRA_POWER: [string, string][] = [
  ['on', 'poweredOn'],
  ['off', 'poweredOff'],
  ['suspended', 'suspended'],
  ['on', 'poweredOn'],
  ['off', 'poweredOff'],
];
const CLOUD_POWER: [string, string][] = [
  ['on', 'ACTIVE'],
  ['off', 'SHUTOFF'],
  ['paused', 'PAUSED'],
  ['unknown', 'ERROR'],
];
export const RAW_POWER = new Map([...INFRA_POWER, ...CLOUD_POWER, ['terminated', 'DELETED']]);
/** Seed tree, in creation order: base → {updates → pre-release → release-1, experiment}. */
const SEED_TREE: { name: string; parent: string | null; description: string }[] = [
  { name: 'base', parent: null, description: 'Clean OS install' },
  { name: 'updates', parent: 'base', description: '' },
  { name: 'experiment', parent: 'base', description: 'Trying a new kernel' },
  { name: 'pre-release', parent: 'updates', description: 'Before release 1' },
  { name: 'release-1', parent: 'pre-release', description: '' },
];
const CURRENT_CYCLE = ['release-1', 'experiment', 'pre-release'];

export const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export class ManageIQEstate {
  private readonly vms: SimVM[] = [];
  private readonly tasks = new Map<number, SimTask>();
  private readonly taskFailures: string[] = [];
  private readonly schedule: Schedule;
  private readonly timer: OperationTimer;
  private nextSnapshotId = 1;
  private nextTaskId = 1;

  constructor(private readonly options: EstateOptions) {
    this.schedule = new Schedule(options.clock);
    this.timer = new OperationTimer(options.clock, options.opMs);
    for (let i = 0; i < options.vmCount; i++) this.vms.push(this.seedVM(i + 1, i, options.vmCount, false));
    for (let i = 0; i < options.instanceCount; i++) {
      this.vms.push(this.seedVM(options.vmCount + i + 1, i, options.instanceCount, true));
    }
  }

  private seedVM(id: number, index: number, count: number, cloud: boolean): SimVM {
    const role = ROLES[index % ROLES.length] ?? 'node';
    const name = `${role}-${cloud ? 'instance' : 'vm'}-${pad(index + 1, Math.max(2, String(count).length))}`;
    const power = (cloud ? CLOUD_POWER : INFRA_POWER)[index % (cloud ? CLOUD_POWER.length : INFRA_POWER.length)];
    const createdOn = new Date(Date.UTC(2024, 5, 1) + id * 3_600_000);
    const vm: SimVM = {
      id,
      name,
      cloud,
      powerState: power?.[0] ?? 'on',
      guid: `${pad(id, 8)}-70ec-11e4-90c6-b8e85646e742`,
      createdOn,
      snapshots: [],
      currentId: null,
    };
    const byName = new Map<string, SimSnapshot>();
    SEED_TREE.forEach((seed, step) => {
      const createTime = new Date(createdOn.getTime() + (step + 1) * 86_400_000);
      const snapshot: SimSnapshot = {
        id: this.nextSnapshotId++,
        name: seed.name,
        // VMware keeps "" for no description; the cloud inventory leaves it nil.
        description: seed.description || (cloud ? null : ''),
        parentId: seed.parent === null ? null : (byName.get(seed.parent)?.id ?? null),
        createTime,
        createdOn: new Date(createTime.getTime() + 90_000),
        // Cloud providers report no size.
        totalSize: cloud ? null : (1 + ((index * 7 + step * 3) % 20)) * GIB,
        hasMemory: step % 2 === 1,
      };
      byName.set(seed.name, snapshot);
      vm.snapshots.push(snapshot);
    });
    vm.currentId = byName.get(CURRENT_CYCLE[index % CURRENT_CYCLE.length] ?? 'release-1')?.id ?? null;
    return vm;
  }

  // ---- reads (each settles what has come due first, so the estate is what it is now) ----

  now(): number {
    return this.options.clock.now();
  }

  /** /api/vms is class Vm (cloud instances included); /api/instances the cloud ones only. */
  rowsOf(collection: SimCollection): SimVM[] {
    this.schedule.settle();
    return collection === 'vms' ? this.vms : this.vms.filter((vm) => vm.cloud);
  }

  /** Ids in list order: the VMs of /api/vms that are not cloud instances, or the instances. */
  ids(collection: SimCollection): string[] {
    const rows = collection === 'vms' ? this.rowsOf('vms').filter((vm) => !vm.cloud) : this.rowsOf('instances');
    return rows.map((vm) => String(vm.id));
  }

  findVM(collection: string | undefined, id: string | undefined): SimVM | undefined {
    return collection === 'vms' || collection === 'instances'
      ? this.rowsOf(collection).find((vm) => String(vm.id) === id)
      : undefined;
  }

  /** Every snapshot in the system (what a subcollection's count says). */
  snapshotCount(): number {
    return this.rowsOf('vms').reduce((sum, vm) => sum + vm.snapshots.length, 0);
  }

  task(id: number): SimTask | undefined {
    this.schedule.settle();
    return this.tasks.get(id);
  }

  // ---- queued actions (MiqTask.generic_action_with_callback) ----

  /** The next task queued ends Finished with status Error and this message, changing nothing. */
  failNextTask(message: string): void {
    this.taskFailures.push(message);
  }

  queueCreate(vm: SimVM, name: string, description: string | undefined, memory: boolean, message: string): SimTask {
    return this.queueTask(message, (at) => {
      if (!this.vms.includes(vm)) return `Couldn't find Vm with 'id'=${vm.id}`;
      const add = (when: number) => {
        const snapshot: SimSnapshot = {
          id: this.nextSnapshotId++,
          name,
          description: description ?? (vm.cloud ? null : ''),
          parentId: vm.currentId,
          createTime: new Date(when),
          createdOn: new Date(when),
          totalSize: vm.cloud ? null : 2 * GIB,
          // Memory can only be captured from a running VM.
          hasMemory: memory && vm.powerState === 'on',
        };
        vm.snapshots.push(snapshot);
        vm.currentId = snapshot.id;
      };
      if (this.options.inventoryLagMs > 0) this.schedule.at(at + this.options.inventoryLagMs, add);
      else add(at);
      return null;
    });
  }

  queueRevert(vm: SimVM, snapshotId: number, message: string): SimTask {
    return this.queueTask(message, () => {
      const snapshot = vm.snapshots.find((s) => s.id === snapshotId);
      if (!snapshot) return `Couldn't find Snapshot with 'id'=${snapshotId}`;
      vm.currentId = snapshot.id;
      // VMware: a snapshot with memory resumes the VM, one without leaves it powered off.
      vm.powerState = snapshot.hasMemory ? 'on' : 'off';
      return null;
    });
  }

  queueDelete(vm: SimVM, snapshotId: number, message: string): SimTask {
    return this.queueTask(message, () => {
      const snapshot = vm.snapshots.find((s) => s.id === snapshotId);
      if (!snapshot) return `Couldn't find Snapshot with 'id'=${snapshotId}`;
      // Children move up to the deleted snapshot's parent; deleting the current makes its parent current.
      for (const child of vm.snapshots) if (child.parentId === snapshot.id) child.parentId = snapshot.parentId;
      if (vm.currentId === snapshot.id) vm.currentId = snapshot.parentId;
      vm.snapshots = vm.snapshots.filter((s) => s !== snapshot);
      return null;
    });
  }

  /** A Queued task now; Active once its first fifth is over; its effect (or a queued failure) when it finishes. */
  private queueTask(name: string, effect: TaskEffect): SimTask {
    const span = this.timer.start();
    const task: SimTask = {
      id: this.nextTaskId++,
      name,
      state: 'Queued',
      status: 'Ok',
      message: `Queued the action: [${name}] being run for user: [${this.options.userid}]`,
      createdOn: new Date(span.startedAt),
      updatedOn: new Date(span.startedAt),
      startedOn: null,
      span,
    };
    this.tasks.set(task.id, task);
    const failure = this.taskFailures.shift();
    this.schedule.at(queuedUntil(span), (at) => {
      task.state = 'Active';
      task.startedOn = new Date(at);
      task.message = `Processing ${task.name}`;
      task.updatedOn = task.startedOn;
    });
    this.schedule.at(span.finishAt, (at) => {
      const error = failure ?? effect(at);
      task.state = 'Finished';
      task.status = error === null ? 'Ok' : 'Error';
      task.message = error ?? 'Task completed successfully';
      task.updatedOn = new Date(at);
    });
    return task;
  }
}
