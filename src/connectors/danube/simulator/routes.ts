// The Danube simulator's HTTP side: Token login or ES-API-KEY, the /vm snapshot and snapshot-definition routes,
// async actions answered as celery tasks and followed at /task/<id>/status/, and the count of requests in flight.
import { CronExpressionParser } from 'cron-parser';
import { wantsWrongShape } from '../../../lab/faults.js';
import type { FaultQueue } from '../../../lab/kit/faultQueue.js';
import { guardWith } from '../../../lab/kit/guard.js';
import type { RequestLog } from '../../../lab/kit/requestLog.js';
import type { Route, SimHandler, SimRequest, SimResponse } from '../../../lab/simulatorServer.js';
import { wireLoginRequest, wireSnapshotDefineRequest, wireSnapshotRequest, type WireSnapshotDefineRequest, type WireSnapshotRequest } from '../wire.js';
import { defineWire, detail, failure, ok, snapshotWire, TASK_CODES, vmDefineWire, vmWire } from './render.js';
import { DANUBE_API_PATH, hex, taskId, type DanubeEstate, type SimDefine, type SimSnapshot, type SimTask, type SimVM } from './state.js';

/** What the routes answer with: the estate, the login, and the test knobs. */
export interface DanubeRouteContext {
  estate: DanubeEstate;
  auth: { username: string; password: string; apiKey: string; ttlSeconds: number };
  faults: FaultQueue;
  log: RequestLog;
  /** Added to every answer (the in-flight count holds a request that long). */
  latencyMs: number;
  /** Requests in flight now, and the most at once so far. */
  inFlight: { now: number; max: number };
}

type Handler = (ctx: DanubeRouteContext, request: SimRequest) => SimResponse;

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const tooLong = (max: number) => [`Ensure this field has no more than ${max} characters.`];

/** A task's answer as it starts: its state, and the headers that say it is one. */
function taskAnswer(ctx: DanubeRouteContext, task: SimTask): SimResponse {
  const { state, result } = ctx.estate.taskState(task);
  return { status: TASK_CODES[state], body: { status: state, result, task_id: task.id }, headers: { es_task_id: task.id, es_task_response: 'true' } };
}

// ---- reading requests ----

const vmOr404 = (ctx: DanubeRouteContext, request: SimRequest): SimVM | SimResponse => ctx.estate.findVM(request.params.hostname) ?? detail(404, 'VM not found');
const isResponse = (value: SimVM | SimResponse): value is SimResponse => 'status' in value && typeof value.status === 'number';

/** Parameters from the JSON body (POST/PUT/DELETE) or the query string (GET). */
function paramsOf(request: SimRequest): WireSnapshotRequest | null {
  if (request.method === 'GET') {
    const disk = request.query.get('disk_id');
    return disk === null ? {} : { disk_id: Number(disk) };
  }
  const parsed = wireSnapshotRequest.safeParse(request.body ?? {});
  return parsed.success ? parsed.data : null;
}

/** disk_id, 1-based, default 1; 412 when the VM has no such disk. */
function diskOf(vm: SimVM, diskId: number | undefined): number | SimResponse {
  const id = diskId ?? 1;
  return Number.isInteger(id) && id >= 1 && id <= vm.disks.length ? id : detail(412, 'Invalid disk_id');
}

const cronInvalid = (schedule: string): boolean => {
  if (schedule.trim().split(/\s+/).length !== 5) return true;
  try {
    CronExpressionParser.parse(schedule);
    return false;
  } catch {
    return true;
  }
};

// ---- VMs and snapshots ----

const listVMs: Handler = ({ estate }, request) => {
  const full = request.query.get('full') === 'true' || request.query.get('extended') === 'true';
  return ok(full ? estate.vms.map(vmWire) : estate.vms.map((vm) => vm.hostname));
};

const listDefines: Handler = ({ estate }, request) => ok(estate.vms.map((vm) => vmDefineWire(vm, request.query.get('full') === 'true')));

const listSnapshots: Handler = (ctx, request) => {
  const vm = vmOr404(ctx, request);
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

const bulkDelete: Handler = (ctx, request) => {
  const vm = vmOr404(ctx, request);
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
  const result = { message: 'Snapshots successfully deleted', detail: `snapnames=${names.join(',')}, disk_id=${disk}` };
  return taskAnswer(ctx, ctx.estate.deleteSnapshots(vm, found, result));
};

/** What /vm/<hostname>/snapshot/<snapname>/ names: the VM, the disk, the name, and the snapshot when there is one. */
interface SnapshotTarget {
  vm: SimVM;
  disk: number;
  name: string;
  params: WireSnapshotRequest;
  existing: SimSnapshot | undefined;
}

function snapshotTarget(ctx: DanubeRouteContext, request: SimRequest): SnapshotTarget | SimResponse {
  const vm = vmOr404(ctx, request);
  if (isResponse(vm)) return vm;
  const params = paramsOf(request);
  if (!params) return failure({ disk_id: ['Invalid value.'] });
  const disk = diskOf(vm, params.disk_id);
  if (typeof disk !== 'number') return disk;
  const name = request.params.snapname ?? '';
  return { vm, disk, name, params, existing: vm.snapshots.find((s) => s.name === name && s.diskId === disk) };
}

/** Runs a handler on the named snapshot, or answers why there is none (404 when it must exist). */
const onSnapshot =
  (handler: (ctx: DanubeRouteContext, target: SnapshotTarget & { existing: SimSnapshot }) => SimResponse): Handler =>
  (ctx, request) => {
    const target = snapshotTarget(ctx, request);
    if (!('vm' in target)) return target;
    const { existing } = target;
    return existing ? handler(ctx, { ...target, existing }) : detail(404, 'Snapshot not found');
  };

const createSnapshot: Handler = (ctx, request) => {
  const target = snapshotTarget(ctx, request);
  if (!('vm' in target)) return target;
  const { vm, disk, name, params } = target;
  if (name.length > 24 || !NAME_RE.test(name)) return failure({ name: ['Enter a valid value.'] });
  if ((params.note ?? '').length > 128) return failure({ note: tooLong(128) });
  if (target.existing) return detail(406, 'Snapshot already exists');
  if (vm.status.startsWith('notcreated')) return detail(428, 'VM is not installed');
  return taskAnswer(ctx, ctx.estate.createSnapshot(vm, disk, name, params.note ?? '', params.fsfreeze === true));
};

const getSnapshot = onSnapshot((_ctx, { vm, existing }) => ok(snapshotWire(vm, existing)));

/** With a note: the note only, synchronously; without: a rollback. */
const updateSnapshot = onSnapshot((ctx, { vm, params, existing }) => {
  if (params.note !== undefined) {
    if (params.note.length > 128) return failure({ note: tooLong(128) });
    existing.note = params.note;
    return ok(snapshotWire(vm, existing));
  }
  if (vm.tasks.size > 0) return detail(409, 'VM has pending tasks');
  if (!vm.status.startsWith('stopped')) return detail(423, 'VM is not stopped');
  if (existing.status !== 1) return detail(417, 'VM snapshot status is not OK');
  if (params.force === false && ctx.estate.newerThan(vm, existing).length > 0) return detail(417, 'VM has more recent snapshots');
  return taskAnswer(ctx, ctx.estate.rollback(vm, existing));
});

const deleteSnapshot = onSnapshot((ctx, { vm, disk, name, existing }) => {
  // A lost snapshot goes from the DB at once.
  if (existing.status === 4) {
    ctx.estate.forget(vm, existing);
    return ok({ message: 'Snapshot successfully deleted from DB' });
  }
  if (existing.status !== 1) return detail(417, 'VM snapshot status is not OK');
  const result = { message: 'Snapshot successfully deleted', detail: `name=${name}, disk_id=${disk}` };
  return taskAnswer(ctx, ctx.estate.deleteSnapshots(vm, [existing], result));
});

// ---- snapshot definitions ----

const listAllDefines: Handler = ({ estate }) => ok(estate.vms.flatMap((vm) => vm.defines.map((d) => defineWire(vm, d))));

const listVMDefines: Handler = (ctx, request) => {
  const vm = vmOr404(ctx, request);
  if (isResponse(vm)) return vm;
  return ok(vm.defines.map((d) => defineWire(vm, d)));
};

/** What /vm/<hostname>/define/snapshot/<snapdef>/ names, the body, and the field errors the body has anyway. */
interface DefineTarget {
  vm: SimVM;
  disk: number;
  name: string;
  body: WireSnapshotDefineRequest;
  existing: SimDefine | undefined;
  errors: Record<string, string[]>;
}

function defineTarget(ctx: DanubeRouteContext, request: SimRequest): DefineTarget | SimResponse {
  const vm = vmOr404(ctx, request);
  if (isResponse(vm)) return vm;
  const raw = request.method === 'GET' ? { disk_id: Number(request.query.get('disk_id') ?? 1) } : (request.body ?? {});
  const parsed = wireSnapshotDefineRequest.safeParse(raw);
  if (!parsed.success) return failure({ non_field_errors: ['Invalid data.'] });
  const body = parsed.data;
  const disk = diskOf(vm, body.disk_id);
  if (typeof disk !== 'number') return disk;
  const name = request.params.snapdef ?? '';
  const errors: Record<string, string[]> = {};
  if (body.schedule !== undefined && cronInvalid(body.schedule)) errors.schedule = ['Invalid value.'];
  if (body.retention !== undefined && body.retention < 0) errors.retention = ['Ensure this value is greater than or equal to 0.'];
  if (body.desc !== undefined && body.desc.length > 128) errors.desc = tooLong(128);
  return { vm, disk, name, body, errors, existing: vm.defines.find((d) => d.name === name && d.diskId === disk) };
}

const createDefine: Handler = (ctx, request) => {
  const target = defineTarget(ctx, request);
  if (!('vm' in target)) return target;
  const { vm, disk, name, body, errors } = target;
  if (name.length > 8) errors.name = tooLong(8);
  else if (!NAME_RE.test(name)) errors.name = ['Enter a valid value.'];
  if (body.schedule === undefined) errors.schedule = ['This field is required.'];
  if (body.retention === undefined) errors.retention = ['This field is required.'];
  if (Object.keys(errors).length > 0) return failure(errors);
  if (target.existing) return detail(406, 'Snapshot definition already exists');
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
};

/** GET, PUT and DELETE of a definition that must exist. */
const existingDefine: Handler = (ctx, request) => {
  const target = defineTarget(ctx, request);
  if (!('vm' in target)) return target;
  const { vm, body, errors, existing } = target;
  if (!existing) return detail(404, 'Snapshot definition not found');
  if (request.method === 'GET') return ok(defineWire(vm, existing));
  if (request.method === 'DELETE') {
    ctx.estate.removeDefine(vm, existing);
    return ok(null);
  }
  if (Object.keys(errors).length > 0) return failure(errors);
  if (body.schedule !== undefined) existing.schedule = body.schedule;
  if (body.retention !== undefined) existing.retention = body.retention;
  if (body.active !== undefined) existing.active = body.active;
  if (body.desc !== undefined) existing.desc = body.desc;
  if (body.fsfreeze !== undefined) existing.fsfreeze = body.fsfreeze;
  return ok(defineWire(vm, existing));
};

// ---- tasks and auth ----

const taskStatus: Handler = ({ estate }, request) => {
  const id = request.params.taskId ?? '';
  const task = estate.task(id);
  if (task) {
    const { state, result } = estate.taskState(task);
    return { status: TASK_CODES[state], body: { status: state, result, task_id: task.id } };
  }
  // A dummy (synchronous) task id is not a celery task; an unknown real one is PENDING forever (celery).
  if (/^\d+d/.test(id)) return detail(404, 'Task does not exist (anymore)');
  return { status: 201, body: { status: 'PENDING', result: null, task_id: id } };
};

/** Revokes a pending task and answers its status after (the server first waits a second for the queue). */
const taskCancel: Handler = (ctx, request) => {
  if (!ctx.estate.cancelTask(request.params.taskId ?? '')) return detail(406, 'Task cannot be canceled');
  return taskStatus(ctx, request);
};

const login: Handler = ({ estate, auth }, request) => {
  const parsed = wireLoginRequest.safeParse(request.body);
  if (!parsed.success || parsed.data.username !== auth.username || parsed.data.password !== auth.password) {
    return detail(400, 'Unable to log in with provided credentials.');
  }
  const { token, expiresAt } = estate.tokens.issue(auth.ttlSeconds * 1000, hex(20));
  return { status: 200, body: { token, expires: new Date(expiresAt).toISOString(), detail: 'Welcome to Danube Cloud API.' } };
};

const tokenOf = (request: SimRequest): string | undefined => /^Token (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];

const logout: Handler = ({ estate }, request) => {
  const token = tokenOf(request);
  if (token) estate.tokens.revoke(token);
  return { status: 200, body: { detail: 'Bye.' } };
};

/** null when the caller may go on (its API key, or a token it logged in for); else the 401. */
function authenticate({ estate, auth }: DanubeRouteContext, request: SimRequest): SimResponse | null {
  const key = request.headers['es-api-key'];
  if (typeof key === 'string') return key === auth.apiKey ? null : detail(401, 'Invalid API key');
  const token = tokenOf(request);
  if (!token) return detail(401, 'Authentication credentials were not provided.');
  switch (estate.tokens.state(token)) {
    case 'unknown':
      return detail(401, 'Invalid token.');
    case 'expired':
      return detail(401, 'Token has expired.');
    case 'valid':
      return null;
  }
}

// ---- the table ----

/** What a read answers under the wrong-shape garbage fault. */
const GARBAGE: SimResponse = { status: 200, body: { status: 'SUCCESS', result: { unexpected: true }, task_id: taskId('d') } };

interface RouteFlags {
  /** No login needed. */
  open?: boolean;
  /** A read: answers garbage under the wrong-shape fault. */
  read?: boolean;
}

/** The guard around a handler, with the in-flight count and the es_* headers every answered route carries. */
function wrapWith(ctx: DanubeRouteContext): (handler: Handler, flags?: RouteFlags) => SimHandler {
  const guard = guardWith({ faults: ctx.faults, log: ctx.log, authenticate: (request) => authenticate(ctx, request) });
  return (handler, flags = {}) => {
    const guarded = guard(
      (request) => {
        if (flags.read && wantsWrongShape(request.fault)) return GARBAGE;
        ctx.estate.settle();
        const response = handler(ctx, request);
        return { ...response, headers: { es_version: '4.5.0', es_username: ctx.auth.username, es_dc: 'main', ...response.headers } };
      },
      { anonymous: flags.open },
    );
    return async (request) => {
      ctx.inFlight.max = Math.max(ctx.inFlight.max, ++ctx.inFlight.now);
      try {
        return await guarded(request);
      } finally {
        // Counted until the answer leaves (the latency is added after this): close enough for a bound.
        setTimeout(() => ctx.inFlight.now--, ctx.latencyMs);
      }
    };
  };
}

/** The route table under /api, and what answers when none matches. */
export function danubeRoutes(ctx: DanubeRouteContext): { routes: Route[]; notFound: SimHandler } {
  const wrap = wrapWith(ctx);
  const table: [string, string, Handler, RouteFlags?][] = [
    ['POST', '/accounts/login/', login, { open: true }],
    ['GET', '/accounts/logout/', logout, { open: true }],
    ['GET', '/vm/', listVMs, { read: true }],
    ['GET', '/vm/define/', listDefines, { read: true }],
    ['GET', '/vm/define/snapshot/', listAllDefines, { read: true }],
    ['GET', '/vm/:hostname/define/snapshot/', listVMDefines, { read: true }],
    ['POST', '/vm/:hostname/define/snapshot/:snapdef/', createDefine],
    ...(['GET', 'PUT', 'DELETE'] as const).map((m): [string, string, Handler] => [m, '/vm/:hostname/define/snapshot/:snapdef/', existingDefine]),
    ['GET', '/vm/:hostname/snapshot/', listSnapshots, { read: true }],
    ['DELETE', '/vm/:hostname/snapshot/', bulkDelete],
    ['POST', '/vm/:hostname/snapshot/:snapname/', createSnapshot],
    ['GET', '/vm/:hostname/snapshot/:snapname/', getSnapshot],
    ['PUT', '/vm/:hostname/snapshot/:snapname/', updateSnapshot],
    ['DELETE', '/vm/:hostname/snapshot/:snapname/', deleteSnapshot],
    ['GET', '/task/:taskId/status/', taskStatus],
    ['PUT', '/task/:taskId/cancel/', taskCancel],
  ];
  return {
    routes: table.map(([method, pattern, handler, flags]) => ({ method, pattern: `${DANUBE_API_PATH}${pattern}`, handler: wrap(handler, flags) })),
    notFound: wrap(() => detail(404, 'Not found.'), { open: true }),
  };
}
