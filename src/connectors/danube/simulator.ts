// A Danube Cloud API double (README §4): the task envelope on every view, async snapshot actions as celery tasks
// (201 PENDING/STARTED → 200 SUCCESS, 400 FAILURE, 410 REVOKED at /task/<id>/status/), `{"detail"}` errors, snapshot
// definitions, Token login or ES-API-KEY; plus knobs for the tests (failures, garbage, task failures, token expiry).
import { randomBytes } from 'node:crypto';
import { CronExpressionParser } from 'cron-parser';
import {
  FaultQueue,
  type RunningSimulator,
  type Route,
  type SimHandler,
  type SimRequest,
  type SimResponse,
  startSimulator,
} from '../../lab/simulatorServer.js';
import { wireLoginRequest, wireSnapshotDefineRequest, wireSnapshotRequest, type WireSnapshotRequest } from './wire.js';

export const DANUBE_SIM_DEFAULT_VMS = 5;
/** The lab's login (a DC admin: snapshot definitions need Admin) and its API key. */
export const DANUBE_SIM_DEFAULT_AUTH = { username: 'admin@lab.danube.test', password: 'lab-danube-secret' };
export const DANUBE_SIM_DEFAULT_API_KEY = 'lab-danube-api-key';
export const DANUBE_API_PATH = '/api';

export interface DanubeSimOptions {
  vmCount: number;
  /** Added to every answer. */
  latencyMs?: number;
  /** How long a task takes: PENDING for a fifth of it, then STARTED, then its final state. */
  opMs?: number;
  port?: number;
  auth?: { username?: string; password?: string; apiKey?: string; tokenTtlSeconds?: number };
}

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

export interface SimLoggedRequest {
  method: string;
  path: string;
  query: string;
  body: unknown;
}

export interface DanubeSimulator extends RunningSimulator {
  /** The API root (…/api), what a connector's baseUrl is. */
  apiUrl: string;
  vms(): SimVMView[];
  setVmStatus(hostname: string, status: string): void;
  snapshots(hostname?: string): SimSnapshotView[];
  definitions(): SimDefineView[];
  /** Marks a snapshot lost (status 4), as when its ZFS snapshot disappeared. */
  loseSnapshot(hostname: string, diskId: number, name: string): void;
  /** The next task started ends FAILURE with this message, changing nothing. */
  failNextTask(message: string): void;
  /** The next task started ends REVOKED. */
  revokeNextTask(): void;
  /** The next request whose method matches and whose path contains `pathContains` gets this answer instead. */
  failNext(method: string, pathContains: string, status: number, body?: unknown): void;
  /** While on, reads answer JSON of the wrong shape. */
  setGarbage(on: boolean): void;
  /** Every token issued so far stops being valid. */
  expireTokens(): void;
  loginCount(): number;
  /** Most requests in flight at once so far (the per-VM snapshot lists are bounded by the connector). */
  maxInFlight(): number;
  requests(): SimLoggedRequest[];
}

// ---- state ----

interface SimSnapshot {
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

interface SimDefine {
  name: string;
  diskId: number;
  schedule: string;
  retention: number;
  active: boolean;
  desc: string;
  fsfreeze: boolean;
}

interface SimVM {
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

type Outcome = { state: 'SUCCESS'; result: unknown } | { state: 'FAILURE'; result: unknown } | { state: 'REVOKED'; result: unknown };

interface SimTask {
  id: string;
  startedAt: number;
  finishAt: number;
  /** Set once finished. */
  outcome: Outcome | null;
}

const ROLES = ['web', 'db', 'cache', 'api', 'worker', 'queue', 'build', 'proxy', 'mail', 'dns'];
const STATUSES = ['running', 'stopped', 'running', 'frozen', 'stopped-'];
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const GIB = 1024 ** 3;
const DEFAULT_TOKEN_TTL = 3600;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
/** `<user_id><tt><owner_id><tg><dc_id>-<8>-<4>-<4>-<4>`: tt e manual / d dummy, tg d DC-bound. */
const taskId = (type: 'e' | 'd'): string => `1${type}1d1-${hex(4)}-${hex(2)}-${hex(2)}-${hex(2)}`;

const ok = (result: unknown, status = 200): SimResponse => ({ status, body: { status: 'SUCCESS', result, task_id: taskId('d') } });
const detail = (status: number, message: string): SimResponse => ({ status, body: { detail: message } });
const failure = (result: unknown): SimResponse => ({ status: 400, body: { status: 'FAILURE', result, task_id: taskId('d') } });

export async function startDanubeSimulator(options: DanubeSimOptions): Promise<DanubeSimulator> {
  const opMs = options.opMs ?? 0;
  const auth = {
    username: options.auth?.username ?? DANUBE_SIM_DEFAULT_AUTH.username,
    password: options.auth?.password ?? DANUBE_SIM_DEFAULT_AUTH.password,
    apiKey: options.auth?.apiKey ?? DANUBE_SIM_DEFAULT_API_KEY,
    ttl: options.auth?.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL,
  };
  const vms: SimVM[] = [];
  const tasks = new Map<string, SimTask>();
  const tokens = new Map<string, number>();
  const faults = new FaultQueue({ detail: 'injected failure' });
  const timers = new Set<NodeJS.Timeout>();
  const log: SimLoggedRequest[] = [];
  const taskFailures: ({ kind: 'fail'; message: string } | { kind: 'revoke' })[] = [];
  let garbage = false;
  let logins = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let nextSnapshotId = 1;

  // ---- seed ----

  const width = Math.max(2, String(options.vmCount).length);
  for (let i = 0; i < options.vmCount; i++) {
    const role = ROLES[i % ROLES.length] ?? 'node';
    const hostname = `${role}${pad(i + 1, width)}.lab.danube.test`;
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
        id: nextSnapshotId++,
        ...extra,
      });
    add('backup1', 1, 1, { note: 'before the upgrade' });
    add('backup2', 1, 2);
    add('daily-1', 1, 3, { type: 1, define: 'daily', note: 'Automatic snapshot' });
    add('backup3', 1, 4);
    if (disks.length > 1) add('data1', 2, 2, { note: 'data disk' });
    const defines: SimDefine[] = [
      { name: 'daily', diskId: 1, schedule: '30 5 * * *', retention: 30, active: true, desc: '', fsfreeze: false },
    ];
    if (i % 2 === 1) defines.push({ name: 'hourly', diskId: 1, schedule: '0 * * * *', retention: 24, active: false, desc: 'off for now', fsfreeze: true });
    vms.push({
      hostname,
      uuid: `${pad(i + 1, 8)}-d4be-4c11-9c8f-${hex(6)}`,
      alias: `${role}${pad(i + 1, width)}`,
      status: STATUSES[i % STATUSES.length] ?? 'running',
      disks,
      snapshots,
      defines,
      tasks: new Set(),
    });
  }

  const findVM = (hostname: string | undefined): SimVM | undefined => vms.find((vm) => vm.hostname === hostname || vm.uuid === hostname);

  // ---- wire forms ----

  const snapshotWire = (vm: SimVM, s: SimSnapshot) => ({
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
  const defineWire = (vm: SimVM, d: SimDefine) => ({
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
  const vmWire = (vm: SimVM) => ({
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

  // ---- tasks ----

  const stateOf = (task: SimTask, now = Date.now()): { code: number; body: unknown } => {
    if (task.outcome) {
      const code = task.outcome.state === 'SUCCESS' ? 200 : task.outcome.state === 'FAILURE' ? 400 : 410;
      return { code, body: { status: task.outcome.state, result: task.outcome.result, task_id: task.id } };
    }
    const status = now - task.startedAt < (task.finishAt - task.startedAt) / 5 ? 'PENDING' : 'STARTED';
    return { code: 201, body: { status, result: null, task_id: task.id } };
  };

  /**
   * Starts a task on a VM: `effect` runs when it succeeds and names its message; `undo` when it fails. An injected
   * failure or revocation changes nothing but what undo restores.
   */
  const startTask = (vm: SimVM, effect: () => unknown, undo: () => void): SimResponse => {
    const id = taskId('e');
    const task: SimTask = { id, startedAt: Date.now(), finishAt: Date.now() + opMs, outcome: null };
    tasks.set(id, task);
    vm.tasks.add(id);
    const injected = taskFailures.shift();
    const finish = () => {
      vm.tasks.delete(id);
      if (injected?.kind === 'fail') {
        undo();
        task.outcome = { state: 'FAILURE', result: { message: injected.message, returncode: 1, detail: '' } };
      } else if (injected?.kind === 'revoke') {
        undo();
        task.outcome = { state: 'REVOKED', result: 'Task revoked' };
      } else {
        task.outcome = { state: 'SUCCESS', result: effect() };
      }
    };
    if (opMs <= 0) finish();
    else {
      const timer = setTimeout(() => {
        timers.delete(timer);
        finish();
      }, opMs);
      timers.add(timer);
    }
    const { code, body } = stateOf(task);
    return { status: code, body, headers: { es_task_id: id, es_task_response: 'true' } };
  };

  // ---- handlers ----

  const vmOr404 = (request: SimRequest): SimVM | SimResponse => findVM(request.params.hostname) ?? detail(404, 'VM not found');
  const isResponse = (value: unknown): value is SimResponse => typeof value === 'object' && value !== null && 'status' in value && typeof value.status === 'number';

  /** Parameters from the JSON body (POST/PUT/DELETE) or the query string (GET). */
  const paramsOf = (request: SimRequest): WireSnapshotRequest | null => {
    if (request.method === 'GET') {
      const disk = request.query.get('disk_id');
      return disk === null ? {} : { disk_id: Number(disk) };
    }
    const parsed = wireSnapshotRequest.safeParse(request.body ?? {});
    return parsed.success ? parsed.data : null;
  };
  /** disk_id, 1-based, default 1; 412 when the VM has no such disk. */
  const diskOf = (vm: SimVM, diskId: number | undefined): number | SimResponse => {
    const id = diskId ?? 1;
    return Number.isInteger(id) && id >= 1 && id <= vm.disks.length ? id : detail(412, 'Invalid disk_id');
  };

  const listVMs: SimHandler = (request) => {
    const full = request.query.get('full') === 'true' || request.query.get('extended') === 'true';
    return ok(full ? vms.map(vmWire) : vms.map((vm) => vm.hostname));
  };

  const listDefines: SimHandler = (request) => {
    const full = request.query.get('full') === 'true';
    return ok(
      vms.map((vm) => ({
        hostname: vm.hostname,
        uuid: vm.uuid,
        alias: vm.alias,
        ostype: 1,
        vcpus: 2,
        ram: 2048,
        ...(full && { disks: vm.disks.map(diskWire), nics: [{ ip: '10.0.0.10', net: 'lan', model: 'virtio' }] }),
      })),
    );
  };

  const listSnapshots: SimHandler = (request) => {
    const vm = vmOr404(request);
    if (isResponse(vm)) return vm;
    const params = paramsOf(request);
    let list = [...vm.snapshots];
    if (params?.disk_id !== undefined) {
      const disk = diskOf(vm, params.disk_id);
      if (typeof disk !== 'number') return disk;
      list = list.filter((s) => s.diskId === disk);
    }
    const define = request.query.get('define');
    if (define !== null) list = list.filter((s) => s.define === define);
    // Default order: -created.
    list.sort((a, b) => b.created.getTime() - a.created.getTime());
    const full = request.query.get('full') === 'true' || request.query.get('extended') === 'true';
    return ok(full ? list.map((s) => snapshotWire(vm, s)) : list.map((s) => s.name));
  };

  const bulkDelete: SimHandler = (request) => {
    const vm = vmOr404(request);
    if (isResponse(vm)) return vm;
    const params = paramsOf(request);
    if (!params) return failure({ snapnames: ['Invalid value.'] });
    const disk = diskOf(vm, params.disk_id);
    if (typeof disk !== 'number') return disk;
    const names = params.snapnames ?? [];
    if (names.length === 0) return failure({ snapnames: ['This field is required.'] });
    const targets = names.map((name) => vm.snapshots.find((s) => s.name === name && s.diskId === disk));
    if (targets.some((s) => s === undefined)) return detail(404, 'Snapshot not found');
    const found = targets.filter((s): s is SimSnapshot => s !== undefined);
    if (found.some((s) => s.status !== 1 && s.status !== 4)) return detail(417, 'VM snapshot status is not OK');
    const before = found.map((s) => s.status);
    for (const s of found) s.status = 2;
    return startTask(
      vm,
      () => {
        vm.snapshots = vm.snapshots.filter((s) => !found.includes(s));
        return { message: 'Snapshots successfully deleted', returncode: 0, detail: `snapnames=${names.join(',')}, disk_id=${disk}` };
      },
      () => found.forEach((s, i) => (s.status = before[i] ?? 1)),
    );
  };

  const snapshot: SimHandler = (request) => {
    const vm = vmOr404(request);
    if (isResponse(vm)) return vm;
    const params = paramsOf(request);
    if (!params) return failure({ disk_id: ['Invalid value.'] });
    const disk = diskOf(vm, params.disk_id);
    if (typeof disk !== 'number') return disk;
    const name = request.params.snapname ?? '';
    const existing = vm.snapshots.find((s) => s.name === name && s.diskId === disk);

    if (request.method === 'POST') {
      if (name.length > 24 || !NAME_RE.test(name)) return failure({ name: ['Enter a valid value.'] });
      if ((params.note ?? '').length > 128) return failure({ note: ['Ensure this field has no more than 128 characters.'] });
      if (existing) return detail(406, 'Snapshot already exists');
      if (vm.status.startsWith('notcreated')) return detail(428, 'VM is not installed');
      // The row exists at once, pending; a failed create deletes it.
      const created: SimSnapshot = {
        name,
        diskId: disk,
        note: params.note ?? '',
        status: 2,
        type: 2,
        define: null,
        created: new Date(),
        size: 0,
        id: nextSnapshotId++,
      };
      vm.snapshots.push(created);
      const frozen = params.fsfreeze === true && vm.status.startsWith('running');
      return startTask(
        vm,
        () => {
          created.status = 1;
          created.size = 256 * 1024 * 1024;
          return {
            message: 'Snapshot successfully created',
            returncode: 0,
            detail: `name=${name}, disk_id=${disk}, type=2${params.fsfreeze === true && !frozen ? ' (filesystem freeze failed)' : ''}`,
          };
        },
        () => (vm.snapshots = vm.snapshots.filter((s) => s !== created)),
      );
    }

    if (!existing) return detail(404, 'Snapshot not found');

    if (request.method === 'GET') return ok(snapshotWire(vm, existing));

    if (request.method === 'PUT') {
      // With a note: the note only, synchronously (no rollback).
      if (params.note !== undefined) {
        if (params.note.length > 128) return failure({ note: ['Ensure this field has no more than 128 characters.'] });
        existing.note = params.note;
        return ok(snapshotWire(vm, existing));
      }
      if (vm.tasks.size > 0) return detail(409, 'VM has pending tasks');
      if (!vm.status.startsWith('stopped')) return detail(423, 'VM is not stopped');
      if (existing.status !== 1) return detail(417, 'VM snapshot status is not OK');
      const newer = vm.snapshots.filter((s) => s.diskId === disk && s.created.getTime() > existing.created.getTime());
      if (params.force === false && newer.length > 0) return detail(417, 'VM has more recent snapshots');
      existing.status = 3;
      return startTask(
        vm,
        () => {
          existing.status = 1;
          // Rolling back destroys every newer snapshot of the disk.
          vm.snapshots = vm.snapshots.filter((s) => !newer.includes(s));
          return { message: 'Snapshot successfully restored', returncode: 0, detail: `name=${name}, disk_id=${disk}, force=true` };
        },
        () => (existing.status = 1),
      );
    }

    // DELETE: a lost snapshot goes from the DB at once.
    if (existing.status === 4) {
      vm.snapshots = vm.snapshots.filter((s) => s !== existing);
      return ok({ message: 'Snapshot successfully deleted from DB' });
    }
    if (existing.status !== 1) return detail(417, 'VM snapshot status is not OK');
    existing.status = 2;
    return startTask(
      vm,
      () => {
        vm.snapshots = vm.snapshots.filter((s) => s !== existing);
        return { message: 'Snapshot successfully deleted', returncode: 0, detail: `name=${name}, disk_id=${disk}` };
      },
      () => (existing.status = 1),
    );
  };

  const listAllDefines: SimHandler = () => ok(vms.flatMap((vm) => vm.defines.map((d) => defineWire(vm, d))));

  const listVMDefines: SimHandler = (request) => {
    const vm = vmOr404(request);
    if (isResponse(vm)) return vm;
    return ok(vm.defines.map((d) => defineWire(vm, d)));
  };

  const cronInvalid = (schedule: string): boolean => {
    if (schedule.trim().split(/\s+/).length !== 5) return true;
    try {
      CronExpressionParser.parse(schedule);
      return false;
    } catch {
      return true;
    }
  };

  const define: SimHandler = (request) => {
    const vm = vmOr404(request);
    if (isResponse(vm)) return vm;
    const raw = request.method === 'GET' ? { disk_id: Number(request.query.get('disk_id') ?? 1) } : (request.body ?? {});
    const parsed = wireSnapshotDefineRequest.safeParse(raw);
    if (!parsed.success) return failure({ non_field_errors: ['Invalid data.'] });
    const body = parsed.data;
    const disk = diskOf(vm, body.disk_id);
    if (typeof disk !== 'number') return disk;
    const name = request.params.snapdef ?? '';
    const existing = vm.defines.find((d) => d.name === name && d.diskId === disk);
    const errors: Record<string, string[]> = {};
    if (body.schedule !== undefined && cronInvalid(body.schedule)) errors.schedule = ['Invalid value.'];
    if (body.retention !== undefined && body.retention < 0) errors.retention = ['Ensure this value is greater than or equal to 0.'];
    if (body.desc !== undefined && body.desc.length > 128) errors.desc = ['Ensure this field has no more than 128 characters.'];

    if (request.method === 'POST') {
      if (name.length > 8) errors.name = ['Ensure this field has no more than 8 characters.'];
      else if (!NAME_RE.test(name)) errors.name = ['Enter a valid value.'];
      if (body.schedule === undefined) errors.schedule = ['This field is required.'];
      if (body.retention === undefined) errors.retention = ['This field is required.'];
      if (Object.keys(errors).length > 0) return failure(errors);
      if (existing) return detail(406, 'Snapshot definition already exists');
      const created: SimDefine = {
        name,
        diskId: disk,
        schedule: body.schedule ?? '',
        retention: body.retention ?? 0,
        active: body.active ?? true,
        desc: body.desc ?? '',
        fsfreeze: body.fsfreeze ?? false,
      };
      vm.defines.push(created);
      return ok(defineWire(vm, created), 201);
    }
    if (!existing) return detail(404, 'Snapshot definition not found');
    if (request.method === 'GET') return ok(defineWire(vm, existing));
    if (request.method === 'PUT') {
      if (Object.keys(errors).length > 0) return failure(errors);
      if (body.schedule !== undefined) existing.schedule = body.schedule;
      if (body.retention !== undefined) existing.retention = body.retention;
      if (body.active !== undefined) existing.active = body.active;
      if (body.desc !== undefined) existing.desc = body.desc;
      if (body.fsfreeze !== undefined) existing.fsfreeze = body.fsfreeze;
      return ok(defineWire(vm, existing));
    }
    vm.defines = vm.defines.filter((d) => d !== existing);
    // Its snapshots stay, no longer tied to a definition.
    for (const s of vm.snapshots) if (s.diskId === disk && s.define === name) s.define = null;
    return ok(null);
  };

  const taskStatus: SimHandler = (request) => {
    const id = request.params.taskId ?? '';
    const task = tasks.get(id);
    if (task) {
      const { code, body } = stateOf(task);
      return { status: code, body };
    }
    // A dummy (synchronous) task id is not a celery task; an unknown real one is PENDING forever (celery).
    if (/^\d+d/.test(id)) return detail(404, 'Task does not exist (anymore)');
    return { status: 201, body: { status: 'PENDING', result: null, task_id: id } };
  };

  const login: SimHandler = (request) => {
    const parsed = wireLoginRequest.safeParse(request.body);
    if (!parsed.success || parsed.data.username !== auth.username || parsed.data.password !== auth.password) {
      return detail(400, 'Unable to log in with provided credentials.');
    }
    logins++;
    const token = hex(20);
    const expires = Date.now() + auth.ttl * 1000;
    tokens.set(token, expires);
    return { status: 200, body: { token, expires: new Date(expires).toISOString(), detail: 'Welcome to Danube Cloud API.' } };
  };

  const logout: SimHandler = (request) => {
    const token = /^Token (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    if (token) tokens.delete(token);
    return { status: 200, body: { detail: 'Bye.' } };
  };

  /** null when the caller may go on; else the 401. */
  const authenticate = (request: SimRequest): SimResponse | null => {
    const key = request.headers['es-api-key'];
    if (typeof key === 'string') return key === auth.apiKey ? null : detail(401, 'Invalid API key');
    const token = /^Token (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    if (!token) return detail(401, 'Authentication credentials were not provided.');
    const expires = tokens.get(token);
    if (expires === undefined) return detail(401, 'Invalid token.');
    if (expires <= Date.now()) return detail(401, 'Token has expired.');
    return null;
  };

  const GARBAGE: SimResponse = { status: 200, body: { status: 'SUCCESS', result: { unexpected: true }, task_id: taskId('d') } };

  const routes: [string, string, SimHandler, { open?: boolean; read?: boolean }?][] = [
    ['POST', '/accounts/login/', login, { open: true }],
    ['GET', '/accounts/logout/', logout, { open: true }],
    ['GET', '/vm/', listVMs, { read: true }],
    ['GET', '/vm/define/', listDefines, { read: true }],
    ['GET', '/vm/define/snapshot/', listAllDefines, { read: true }],
    ['GET', '/vm/:hostname/define/snapshot/', listVMDefines, { read: true }],
    ...(['GET', 'POST', 'PUT', 'DELETE'] as const).map((m): [string, string, SimHandler] => [m, '/vm/:hostname/define/snapshot/:snapdef/', define]),
    ['GET', '/vm/:hostname/snapshot/', listSnapshots, { read: true }],
    ['DELETE', '/vm/:hostname/snapshot/', bulkDelete],
    ...(['GET', 'POST', 'PUT', 'DELETE'] as const).map((m): [string, string, SimHandler] => [m, '/vm/:hostname/snapshot/:snapname/', snapshot]),
    ['GET', '/task/:taskId/status/', taskStatus],
  ];

  const wrap = (handler: SimHandler, flags: { open?: boolean; read?: boolean } = {}): SimHandler => async (request) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      log.push({ method: request.method, path: request.path, query: request.query.toString(), body: request.body });
      if (log.length > 10_000) log.shift();
      const injected = faults.take(request);
      if (injected) return injected;
      if (!flags.open) {
        const refused = authenticate(request);
        if (refused) return refused;
      }
      if (garbage && flags.read) return GARBAGE;
      const response = await handler(request);
      return { ...response, headers: { es_version: '4.5.0', es_username: auth.username, es_dc: 'main', ...response.headers } };
    } finally {
      // Counted until the answer leaves (the latency is added after this): close enough for a bound.
      setTimeout(() => inFlight--, options.latencyMs ?? 0);
    }
  };

  const table: Route[] = routes.map(([method, pattern, handler, flags]) => ({
    method,
    pattern: `${DANUBE_API_PATH}${pattern}`,
    handler: wrap(handler, flags),
  }));

  const running = await startSimulator(
    table,
    {
      latencyMs: options.latencyMs ?? 0,
      notFound: wrap(() => detail(404, 'Not found.'), { open: true }),
    },
    options.port ?? 0,
  );

  const findSnapshot = (hostname: string, diskId: number, name: string) =>
    findVM(hostname)?.snapshots.find((s) => s.diskId === diskId && s.name === name);

  return {
    ...running,
    apiUrl: `${running.url}${DANUBE_API_PATH}`,
    vms: () => vms.map((vm) => ({ hostname: vm.hostname, status: vm.status, disks: [...vm.disks] })),
    setVmStatus(hostname, status) {
      const vm = findVM(hostname);
      if (vm) vm.status = status;
    },
    snapshots: (hostname) =>
      vms
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
        ),
    definitions: () => vms.flatMap((vm) => vm.defines.map((d) => ({ hostname: vm.hostname, ...d }))),
    loseSnapshot(hostname, diskId, name) {
      const found = findSnapshot(hostname, diskId, name);
      if (found) found.status = 4;
    },
    failNextTask: (message) => void taskFailures.push({ kind: 'fail', message }),
    revokeNextTask: () => void taskFailures.push({ kind: 'revoke' }),
    failNext: (method, pathContains, status, body) => faults.failNext(method, pathContains, status, body),
    setGarbage: (on) => void (garbage = on),
    expireTokens: () => tokens.clear(),
    loginCount: () => logins,
    maxInFlight: () => maxInFlight,
    requests: () => [...log],
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await running.close();
    },
  };
}
