// The Danube simulator's estate and its rules: VMs with disks, snapshots and snapshot definitions, and the celery
// tasks that change them (PENDING, STARTED, then SUCCESS, FAILURE or REVOKED as due work on the clock).
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../lab/kit/clock.js';
import { OperationTimer, queuedUntil, type Span } from '../../../lab/kit/operationTimer.js';
import { Schedule } from '../../../lab/kit/schedule.js';
import { TokenStore } from '../../../lab/kit/tokens.js';

export const DANUBE_SIM_DEFAULT_VMS = 5;
/** The lab's login (a DC admin: snapshot definitions need Admin) and its API key. */
export const DANUBE_SIM_DEFAULT_AUTH = { username: 'admin@lab.danube.test', password: 'lab-danube-secret' };
export const DANUBE_SIM_DEFAULT_API_KEY = 'lab-danube-api-key';
export const DANUBE_API_PATH = '/api';

export interface SimSnapshotView {
  hostname: string;
  diskId: number;
  name: string;
  note: string;
  /** 1 ok, 2 pending, 3 rollback, 4 lost. */
  status: number;
  type: number;
  define: string | null;
  created: string;
  size: number;
}

export interface SimDefineView {
  hostname: string;
  diskId: number;
  name: string;
  schedule: string;
  retention: number;
  active: boolean;
  desc: string;
  fsfreeze: boolean;
}

export interface SimVMView {
  hostname: string;
  status: string;
  /** Disk sizes in MiB, disk_id 1 first. */
  disks: number[];
}

export interface SimSnapshot {
  name: string;
  diskId: number;
  note: string;
  status: number;
  type: number;
  define: string | null;
  created: Date;
  size: number;
  id: number;
}

export interface SimDefine {
  name: string;
  diskId: number;
  schedule: string;
  retention: number;
  active: boolean;
  desc: string;
  fsfreeze: boolean;
}

export interface SimVM {
  hostname: string;
  uuid: string;
  alias: string;
  status: string;
  disks: number[];
  snapshots: SimSnapshot[];
  defines: SimDefine[];
  /** Tasks running on it (409 "VM has pending tasks" for a rollback). */
  tasks: Set<string>;
}

type TaskOutcome = { state: 'SUCCESS' | 'FAILURE' | 'REVOKED'; result: unknown };

export interface SimTask {
  id: string;
  span: Span;
  /** Set once finished. */
  outcome: TaskOutcome | null;
  /** Puts back what the task changed at its start (a cancel's revoke runs it). */
  undo: () => void;
}

interface DanubeEstateOptions {
  vmCount: number;
  opMs: number;
  clock: Clock;
}

const ROLES = ['web', 'db', 'cache', 'api', 'worker', 'queue', 'build', 'proxy', 'mail', 'dns'];
const STATUSES = ['running', 'stopped', 'running', 'frozen', 'stopped-'];
const GIB = 1024 ** 3;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
export const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
/** `<user_id><tt><owner_id><tg><dc_id>-<8>-<4>-<4>-<4>`: tt e manual / d dummy, tg d DC-bound. */
export const taskId = (type: 'e' | 'd'): string => `1${type}1d1-${hex(4)}-${hex(2)}-${hex(2)}-${hex(2)}`;

export class DanubeEstate {
  readonly vms: SimVM[] = [];
  readonly tokens: TokenStore;
  private readonly tasks = new Map<string, SimTask>();
  private readonly taskFailures: ({ kind: 'fail'; message: string } | { kind: 'revoke' })[] = [];
  private readonly schedule: Schedule;
  private readonly timer: OperationTimer;
  private nextSnapshotId = 1;

  constructor(private readonly options: DanubeEstateOptions) {
    this.schedule = new Schedule(options.clock);
    this.timer = new OperationTimer(options.clock, options.opMs);
    this.tokens = new TokenStore(options.clock);
    const width = Math.max(2, String(options.vmCount).length);
    for (let i = 0; i < options.vmCount; i++) this.vms.push(this.seedVM(i, width));
  }

  now(): number {
    return this.options.clock.now();
  }

  private seedVM(i: number, width: number): SimVM {
    const role = ROLES[i % ROLES.length] ?? 'node';
    const disks = i % 3 === 0 ? [10_240, 51_200] : [20_480];
    const base = Date.UTC(2024, 5, 1) + i * 3_600_000;
    const snapshots: SimSnapshot[] = [];
    const add = (name: string, diskId: number, day: number, extra: Partial<SimSnapshot> = {}) =>
      snapshots.push({
        name,
        diskId,
        note: '',
        status: 1,
        type: 2,
        define: null,
        created: new Date(base + day * 86_400_000),
        size: (1 + ((i * 7 + day * 3) % 20)) * GIB,
        id: this.nextSnapshotId++,
        ...extra,
      });
    add('backup1', 1, 1, { note: 'before the upgrade' });
    add('backup2', 1, 2);
    add('daily-1', 1, 3, { type: 1, define: 'daily', note: 'Automatic snapshot' });
    add('backup3', 1, 4);
    if (disks.length > 1) add('data1', 2, 2, { note: 'data disk' });
    const defines: SimDefine[] = [{ name: 'daily', diskId: 1, schedule: '30 5 * * *', retention: 30, active: true, desc: '', fsfreeze: false }];
    if (i % 2 === 1) defines.push({ name: 'hourly', diskId: 1, schedule: '0 * * * *', retention: 24, active: false, desc: 'off for now', fsfreeze: true });
    return {
      hostname: `${role}${pad(i + 1, width)}.lab.danube.test`,
      uuid: `${pad(i + 1, 8)}-d4be-4c11-9c8f-${hex(6)}`,
      alias: `${role}${pad(i + 1, width)}`,
      status: STATUSES[i % STATUSES.length] ?? 'running',
      disks,
      snapshots,
      defines,
      tasks: new Set(),
    };
  }

  /** Time passes: tasks whose moment has come finish. */
  settle(): void {
    this.schedule.settle();
  }

  findVM(hostname: string | undefined): SimVM | undefined {
    return this.vms.find((vm) => vm.hostname === hostname || vm.uuid === hostname);
  }

  findSnapshot(hostname: string, diskId: number, name: string): SimSnapshot | undefined {
    return this.findVM(hostname)?.snapshots.find((s) => s.diskId === diskId && s.name === name);
  }

  // ---- tasks ----

  task(id: string): SimTask | undefined {
    return this.tasks.get(id);
  }

  /** Where the task is: its outcome once finished, PENDING for the first fifth of its span, STARTED after. */
  taskState(task: SimTask): { state: 'PENDING' | 'STARTED' | TaskOutcome['state']; result: unknown } {
    if (task.outcome) return task.outcome;
    return { state: this.now() < queuedUntil(task.span) ? 'PENDING' : 'STARTED', result: null };
  }

  /**
   * Starts a task on a VM, finished after opMs: `effect` runs when it succeeds and names its message; `undo` when
   * it fails. An injected failure or revocation changes nothing but what undo restores.
   */
  startTask(vm: SimVM, effect: () => unknown, undo: () => void): SimTask {
    const task: SimTask = { id: taskId('e'), span: this.timer.start(), outcome: null, undo };
    this.tasks.set(task.id, task);
    vm.tasks.add(task.id);
    const injected = this.taskFailures.shift();
    this.schedule.at(task.span.finishAt, () => {
      // Revoked meanwhile (cancelTask): it ended then.
      if (task.outcome) return;
      vm.tasks.delete(task.id);
      if (injected?.kind === 'fail') {
        undo();
        task.outcome = { state: 'FAILURE', result: { message: injected.message, returncode: 1, detail: '' } };
      } else if (injected?.kind === 'revoke') {
        undo();
        task.outcome = { state: 'REVOKED', result: 'Task revoked' };
      } else {
        task.outcome = { state: 'SUCCESS', result: effect() };
      }
    });
    // An instant task (opMs 0) has finished by the time it is answered.
    this.settle();
    return task;
  }

  /**
   * PUT /task/<id>/cancel/: a task still pending or started is revoked (terminated, its start undone); false for one
   * that has finished or is unknown (the server's 406 "Task cannot be canceled").
   */
  cancelTask(id: string): boolean {
    this.settle();
    const task = this.tasks.get(id);
    if (!task || task.outcome) return false;
    for (const vm of this.vms) vm.tasks.delete(id);
    task.undo();
    task.outcome = { state: 'REVOKED', result: null };
    return true;
  }

  failNextTask(message: string): void {
    this.taskFailures.push({ kind: 'fail', message });
  }

  revokeNextTask(): void {
    this.taskFailures.push({ kind: 'revoke' });
  }

  // ---- snapshots ----

  /** A snapshot row, pending at once; its task makes it ok, or deletes it when it fails. */
  createSnapshot(vm: SimVM, disk: number, name: string, note: string, fsfreeze: boolean): SimTask {
    const created: SimSnapshot = { name, diskId: disk, note, status: 2, type: 2, define: null, created: new Date(this.now()), size: 0, id: this.nextSnapshotId++ };
    vm.snapshots.push(created);
    const frozen = fsfreeze && vm.status.startsWith('running');
    return this.startTask(
      vm,
      () => {
        created.status = 1;
        created.size = 256 * 1024 * 1024;
        const freezeFailed = fsfreeze && !frozen ? ' (filesystem freeze failed)' : '';
        return { message: 'Snapshot successfully created', returncode: 0, detail: `name=${name}, disk_id=${disk}, type=2${freezeFailed}` };
      },
      () => (vm.snapshots = vm.snapshots.filter((s) => s !== created)),
    );
  }

  /** Snapshots of the disk taken after this one (what a rollback destroys). */
  newerThan(vm: SimVM, snapshot: SimSnapshot): SimSnapshot[] {
    return vm.snapshots.filter((s) => s.diskId === snapshot.diskId && s.created.getTime() > snapshot.created.getTime());
  }

  /** Rolls the disk back to the snapshot; every newer snapshot of the disk is destroyed when the task succeeds. */
  rollback(vm: SimVM, existing: SimSnapshot): SimTask {
    const newer = this.newerThan(vm, existing);
    existing.status = 3;
    return this.startTask(
      vm,
      () => {
        existing.status = 1;
        vm.snapshots = vm.snapshots.filter((s) => !newer.includes(s));
        return { message: 'Snapshot successfully restored', returncode: 0, detail: `name=${existing.name}, disk_id=${existing.diskId}, force=true` };
      },
      () => (existing.status = 1),
    );
  }

  /** Deletes snapshots of a disk in one task; they are pending meanwhile and get their old status back if it fails. */
  deleteSnapshots(vm: SimVM, found: SimSnapshot[], result: { message: string; detail: string }): SimTask {
    const before = found.map((s) => s.status);
    for (const s of found) s.status = 2;
    return this.startTask(
      vm,
      () => {
        vm.snapshots = vm.snapshots.filter((s) => !found.includes(s));
        return { ...result, returncode: 0 };
      },
      () => found.forEach((s, i) => (s.status = before[i] ?? 1)),
    );
  }

  /** A lost snapshot goes from the DB at once. */
  forget(vm: SimVM, snapshot: SimSnapshot): void {
    vm.snapshots = vm.snapshots.filter((s) => s !== snapshot);
  }

  /** Marks a snapshot lost (status 4), as when its ZFS snapshot disappeared. */
  loseSnapshot(hostname: string, diskId: number, name: string): void {
    const found = this.findSnapshot(hostname, diskId, name);
    if (found) found.status = 4;
  }

  /** The definition goes; its snapshots stay, no longer tied to a definition. */
  removeDefine(vm: SimVM, define: SimDefine): void {
    vm.defines = vm.defines.filter((d) => d !== define);
    for (const s of vm.snapshots) if (s.diskId === define.diskId && s.define === define.name) s.define = null;
  }

  setVmStatus(hostname: string, status: string): void {
    const vm = this.findVM(hostname);
    if (vm) vm.status = status;
  }

  // ---- what the tests see ----

  vmViews(): SimVMView[] {
    this.settle();
    return this.vms.map((vm) => ({ hostname: vm.hostname, status: vm.status, disks: [...vm.disks] }));
  }

  snapshotViews(hostname?: string): SimSnapshotView[] {
    this.settle();
    return this.vms
      .filter((vm) => hostname === undefined || vm.hostname === hostname)
      .flatMap((vm) =>
        vm.snapshots.map((s) => ({
          hostname: vm.hostname,
          diskId: s.diskId,
          name: s.name,
          note: s.note,
          status: s.status,
          type: s.type,
          define: s.define,
          created: s.created.toISOString(),
          size: s.size,
        })),
      );
  }

  defineViews(): SimDefineView[] {
    this.settle();
    return this.vms.flatMap((vm) => vm.defines.map((d) => ({ hostname: vm.hostname, ...d })));
  }
}
