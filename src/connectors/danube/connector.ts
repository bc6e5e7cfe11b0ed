// The DANUBE connector: maps the Danube Cloud API (VMs at /vm/, disks from /vm/define/, per-VM snapshot lists, snapshot
// definitions as schedules, async actions followed through /task/<id>/status/, Token or ES-API-KEY auth) onto Connector.
import { z } from 'zod';
import type {
  DriveRecord,
  PowerState,
  ScheduleRecord,
  SnapshotRecord,
  SnapshotStatus,
  VMRecord,
} from '../../domain/model.js';
import type { ActionResult, TaskState } from '../../domain/operation.js';
import type {
  BulkDeleteSlice,
  CancelSlice,
  Connector,
  ConnectorFactory,
  ConnectorOptions,
  CreateSnapshotRequest,
  DriveSlice,
  Flags,
  Refusal,
  RevertSlice,
  ScheduleRequest,
  ScheduleSlice,
  SnapshotTarget,
  UpdateSlice,
  UpdateSnapshotRequest,
} from '../connector.js';
import { BackendApi, isOk, SingleFlight, staticAuth, tokenAuth, type Auth, type Token } from '../api.js';
import type { NoSettings, OptionsSpec } from '../credentials.js';
import { listedDrives } from '../listedDrives.js';
import { BackendFailure } from '../errors.js';
import { concurrencyGate, parseWire, type RawResponse } from '../http.js';
import { byKeys, inKeyOrder, joinKey, splitKey } from '../keys.js';
import { taskCodec, type TaskCodec } from '../tasks.js';
import {
  type WireDiskDefine,
  type WireSnapshot,
  type WireSnapshotDefine,
  type WireSnapshotDefineRequest,
  type WireVMDefine,
  messageOf,
  readWireError,
  SNAPSHOT_STATUS,
  wireLoginAnswer,
  wireNameList,
  wireSnapshotDefineAnswer,
  wireSnapshotDefineList,
  wireSnapshotList,
  wireTaskEnvelope,
  wireVMDefineList,
  wireVMList,
  type WireVM,
} from './wire.js';
import { statusReader } from '../statusWords.js';
import { asError } from '../../thrown.js';

const FLAGS: Flags = {
  memorySnapshots: false,
  // fsfreeze through the QEMU guest agent.
  quiesce: true,
  // Danube snapshots have no parent.
  snapshotTree: false,
  metadata: false,
};

/** The API has no snapshot list across VMs: one list per VM, at most this many at once. */
export const SNAPSHOT_LIST_CONCURRENCY = 8;
/** AUTHTOKEN_DURATION, used when the login answer's `expires` cannot be read. */
const TOKEN_TTL_MS = 3_600_000;
const VM_MUST_BE_STOPPED = 'the VM must be stopped to roll back a snapshot (Danube answers 423 "VM is not stopped")';

const credentialsSchema = z.union([
  z.object({ apiKey: z.string().min(1) }),
  z.object({ username: z.string().min(1), password: z.string() }),
]);
type Credentials = z.output<typeof credentialsSchema>;
export const DANUBE_CREDENTIALS: OptionsSpec<Credentials> = {
  schema: credentialsSchema,
  needs: 'Danube credentials need an apiKey, or a username and a password',
};

/** What pollTask needs (as `tasks` reads it back): the celery task, what it does, and the snapshot(s) it acts on. */
const taskRef = z.object({
  taskId: z.string().min(1),
  op: z.enum(['create', 'revert', 'delete']),
  snapshotKey: z.string(),
});
type TaskRef = z.infer<typeof taskRef>;

interface DiskRef {
  hostname: string;
  diskId: number;
}
interface SnapshotRef extends DiskRef {
  name: string;
}

// ---- keys ----

const diskIdOf = (text: string | undefined): number | null =>
  text !== undefined && /^[1-9]\d*$/.test(text) ? Number(text) : null;

const driveKeyOf = (hostname: string, diskId: number): string => joinKey(hostname, String(diskId));
const snapshotKeyOf = (hostname: string, diskId: number, name: string): string =>
  joinKey(hostname, String(diskId), name);
const scheduleKeyOf = (hostname: string, diskId: number, name: string): string =>
  joinKey(hostname, String(diskId), name);

function parseDriveKey(key: string): DiskRef | null {
  const [hostname, disk] = splitKey(key, 2) ?? [];
  const diskId = diskIdOf(disk);
  return hostname && diskId !== null ? { hostname, diskId } : null;
}

/** Snapshot and schedule keys share a shape: (hostname, disk_id, name). */
function parseNamedKey(key: string): SnapshotRef | null {
  const [hostname, disk, name] = splitKey(key, 3) ?? [];
  const diskId = diskIdOf(disk);
  return hostname && diskId !== null && name ? { hostname, diskId, name } : null;
}

// ---- mapping (pure, exported for the contract tests) ----

const powerStateOfWord = statusReader<PowerState>(
  [
    ['RUNNING', ['running', 'stopping']],
    ['STOPPED', ['stopped', 'notcreated']],
    ['PAUSED', ['frozen']],
  ],
  'UNKNOWN',
);

// A trailing '-' marks a VM whose definition changed since deploy; the state is the same.
export const powerStateOf = (status: string): PowerState => powerStateOfWord(status.replace(/-$/, ''));

export function snapshotStatusOf(status: number): SnapshotStatus {
  switch (status) {
    case SNAPSHOT_STATUS.OK:
      return 'READY';
    // Pending: being created (or deleted; the server marks both the same way).
    case SNAPSHOT_STATUS.PENDING:
      return 'CREATING';
    // The disk is rolling back to it; the snapshot itself is intact.
    case SNAPSHOT_STATUS.ROLLBACK:
      return 'READY';
    default:
      // 4 lost: the database knows it, the storage does not.
      return 'ERROR';
  }
}

const MIB = 1024 * 1024;
/** A snapshot's name as the server's SnapshotSerializer takes it (at most 24 characters besides). */
const SNAPSHOT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function mapDisk(backend: string, hostname: string, disk: WireDiskDefine, index: number): DriveRecord {
  const diskId = disk.disk_id ?? index + 1;
  return {
    entity: 'Drive',
    backend,
    key: driveKeyOf(hostname, diskId),
    name: `${hostname} disk ${diskId}`,
    sizeBytes: disk.size === null ? null : disk.size * MIB,
    // A defined disk exists with its VM and belongs to it.
    status: 'IN_USE',
    vmKey: hostname,
    clonedFromKey: null,
  };
}

const disksOf = (backend: string, define: WireVMDefine | undefined): DriveRecord[] =>
  (define?.disks ?? []).map((disk, index) => mapDisk(backend, define?.hostname ?? '', disk, index));

/** A VM list item (an object, or only a hostname from a server that ignored `full`) with its disks. */
export function mapVM(backend: string, vm: WireVM | string, define: WireVMDefine | undefined): VMRecord {
  const hostname = typeof vm === 'string' ? vm : vm.hostname;
  return {
    entity: 'VM',
    backend,
    key: hostname,
    name: hostname,
    kind: 'VM',
    powerState: typeof vm === 'string' ? 'UNKNOWN' : powerStateOf(vm.status),
    drives: disksOf(backend, define),
  };
}

export function mapSnapshot(backend: string, hostname: string, snapshot: WireSnapshot | string): SnapshotRecord {
  // A bare name (a list without `full`): on disk 1, the API's default disk, and nothing else known.
  const s = typeof snapshot === 'string' ? null : snapshot;
  const name = s?.name ?? String(snapshot);
  const diskId = s?.disk_id ?? 1;
  return {
    entity: 'Snapshot',
    backend,
    key: snapshotKeyOf(hostname, diskId, name),
    name,
    description: s?.note || null,
    createdAt: s ? new Date(s.created) : null,
    status: s ? snapshotStatusOf(s.status) : 'READY',
    vmPowerState: null,
    isCurrent: false,
    hasMemory: false,
    hasDisk: true,
    sizeBytes: s?.size ?? null,
    vmKey: hostname,
    driveKey: driveKeyOf(hostname, diskId),
    parentKey: null,
    metadata: [],
    scheduleKey: s?.define ? scheduleKeyOf(hostname, diskId, s.define) : null,
  };
}

export function mapSchedule(backend: string, define: WireSnapshotDefine): ScheduleRecord {
  return {
    entity: 'SnapshotSchedule',
    backend,
    key: scheduleKeyOf(define.hostname, define.disk_id, define.name),
    name: define.name,
    schedule: define.schedule,
    retention: define.retention,
    active: define.active,
    description: define.desc || null,
    vmKey: define.hostname,
    driveKey: driveKeyOf(define.hostname, define.disk_id),
  };
}

/** Where /task/<id>/status/ says a task stands: 201 PENDING/STARTED, 200 SUCCESS, 400 FAILURE, 410 REVOKED. */
export function taskStateOf(httpStatus: number, status: string, result: unknown): TaskState {
  switch (status) {
    case 'PENDING':
    case 'STARTED':
    case 'RETRY':
      return { status: 'RUNNING', message: status.toLowerCase() };
    case 'SUCCESS':
      return { status: 'SUCCEEDED', message: messageOf(result) };
    // Stopped at the backend (a cancel, ours or anyone's): the engine reads back that nothing of it is there.
    case 'REVOKED':
      return { status: 'CANCELLED', message: `the backend revoked the task${messageOf(result) ? ` (${messageOf(result)})` : ''}` };
    default:
      return {
        status: 'FAILED',
        error: { code: status || String(httpStatus), message: messageOf(result) ?? `the task ended ${status}` },
      };
  }
}

/** Loginless expiry: `expires` when it reads as a date in the future, else an hour from now. */
function expiryOf(expires: string | number | null | undefined): number {
  const at = typeof expires === 'string' ? Date.parse(expires) : typeof expires === 'number' ? expires * 1000 : NaN;
  return Number.isFinite(at) && at > Date.now() ? at : Date.now() + TOKEN_TTL_MS;
}

// ---- the connector ----

export class DanubeConnector implements Connector {
  readonly kind = 'DANUBE' as const;
  readonly flags = FLAGS;
  readonly name: string;
  readonly tasks: TaskCodec;
  readonly drives: DriveSlice = listedDrives({
    driveSnapshots: true,
    listDrives: () => this.listDrives(),
    listSnapshotsOfDrives: (driveKeys) => this.listSnapshotsOfDrives(driveKeys),
  });
  readonly revert: RevertSlice = {
    revertSnapshot: (snapshotKey) => this.revertSnapshot(snapshotKey),
    refuse: (snapshot, vm) => this.refuseRevert(snapshot, vm),
  };
  // The note only.
  readonly update: UpdateSlice = {
    updateSnapshot: (snapshotKey, request) => this.updateSnapshot(snapshotKey, request),
    refuse: (snapshot, request) => this.refuseUpdate(snapshot, request),
  };
  // PUT /task/<id>/cancel/ revokes (and terminates) a task still pending; a snapshot note's update is synchronous.
  readonly cancel: CancelSlice = { kinds: ['CREATE_SNAPSHOT', 'REVERT_SNAPSHOT', 'DELETE_SNAPSHOT'] };
  // DELETE /vm/<h>/snapshot/ with snapnames: one request per VM disk.
  readonly bulkDelete: BulkDeleteSlice = { deleteSnapshots: (snapshotKeys) => this.deleteSnapshots(snapshotKeys) };
  // Snapshot definitions.
  readonly schedules: ScheduleSlice = {
    list: (scope) => this.listSchedules(scope),
    get: (keys) => this.getSchedules(keys),
    create: (target, request) => this.createSchedule(target, request),
    update: (key, request) => this.updateSchedule(key, request),
    delete: (key) => this.deleteSchedule(key),
  };
  private readonly api: BackendApi;
  /** Per-VM snapshot lists in flight, shared by the VM and drive loaders of one level. */
  private readonly snapshotLists = new Map<string, Promise<SnapshotRecord[]>>();
  private readonly vmListing = new SingleFlight<VMRecord[]>();
  private readonly defineListing = new SingleFlight<WireVMDefine[]>();
  private readonly scheduleListing = new SingleFlight<ScheduleRecord[]>();
  private readonly gate = concurrencyGate(SNAPSHOT_LIST_CONCURRENCY);

  constructor(options: ConnectorOptions<Credentials, NoSettings>) {
    this.name = options.name;
    this.tasks = taskCodec(options.name, 'Danube', taskRef, (ref) => this.pollTask(ref), (ref) => this.cancelTask(ref));
    const { credentials } = options;
    this.api = new BackendApi({
      backend: options.name,
      baseUrl: options.baseUrl,
      http: options.http,
      auth: this.authOf(credentials),
      failure: (response) => this.failure(response),
    });
  }

  // ---- reads ----

  async listVMs(): Promise<VMRecord[]> {
    return this.vmListing.run(async () => {
      const [vms, defines] = await Promise.all([
        this.api.call('GET', '/vm/', wireVMList, { query: { full: 'true' } }),
        this.defines(),
      ]);
      const byHostname = new Map(defines.map((d) => [d.hostname, d]));
      return vms.result.map((vm) => mapVM(this.name, vm, byHostname.get(typeof vm === 'string' ? vm : vm.hostname)));
    });
  }

  async getVMs(keys: readonly string[]): Promise<(VMRecord | null)[]> {
    return byKeys(keys, () => this.listVMs());
  }

  private async listDrives(): Promise<DriveRecord[]> {
    return (await this.defines()).flatMap((define) => disksOf(this.name, define));
  }

  async listSnapshotsOfVMs(vmKeys: readonly string[]): Promise<SnapshotRecord[]> {
    return (await Promise.all([...new Set(vmKeys)].map((h) => this.snapshotsOf(h)))).flat();
  }

  private async listSnapshotsOfDrives(driveKeys: readonly string[]): Promise<SnapshotRecord[]> {
    const wanted = new Set(driveKeys);
    const hostnames = new Set(driveKeys.flatMap((key) => parseDriveKey(key)?.hostname ?? []));
    const lists = await Promise.all([...hostnames].map((h) => this.snapshotsOf(h)));
    return lists.flat().filter((s) => s.driveKey !== null && wanted.has(s.driveKey));
  }

  async getSnapshots(keys: readonly string[]): Promise<(SnapshotRecord | null)[]> {
    if (keys.length === 0) return [];
    const hostnames = new Set(keys.flatMap((key) => parseNamedKey(key)?.hostname ?? []));
    const lists = await Promise.all([...hostnames].map((h) => this.snapshotsOf(h)));
    return inKeyOrder(keys, lists.flat());
  }

  private async listSchedules(scope: { vmKeys: readonly string[]; driveKeys: readonly string[] }): Promise<ScheduleRecord[]> {
    if (scope.vmKeys.length === 0 && scope.driveKeys.length === 0) return [];
    const vms = new Set(scope.vmKeys);
    const drives = new Set(scope.driveKeys);
    return (await this.scheduleList()).filter((s) => (s.vmKey !== null && vms.has(s.vmKey)) || (s.driveKey !== null && drives.has(s.driveKey)));
  }

  private async getSchedules(keys: readonly string[]): Promise<(ScheduleRecord | null)[]> {
    return byKeys(keys, () => this.scheduleList());
  }

  async ping(): Promise<void> {
    // Hostnames only: authenticated and small, so it proves the credentials too.
    await this.api.call('GET', '/vm/', wireNameList);
  }

  // ---- actions ----

  private refuseRevert(_snapshot: SnapshotRecord, vm: VMRecord | null): string | null {
    return vm !== null && vm.powerState !== 'STOPPED' ? VM_MUST_BE_STOPPED : null;
  }

  async createSnapshot(target: SnapshotTarget, request: CreateSnapshotRequest): Promise<ActionResult> {
    // A VM means its first disk (disk_id is 1-based; the API's default).
    const disk = target.entity === 'Drive' ? this.diskRef(target.key) : { hostname: target.key, diskId: 1 };
    const snapshotKey = snapshotKeyOf(disk.hostname, disk.diskId, request.name);
    const body = {
      disk_id: disk.diskId,
      ...(request.description === null ? {} : { note: request.description }),
      fsfreeze: request.quiesce,
    };
    const answer = await this.api.call('POST', snapshotPath({ ...disk, name: request.name }), wireTaskEnvelope, { json: body });
    return this.followed(answer, { op: 'create', snapshotKey });
  }

  private async revertSnapshot(snapshotKey: string): Promise<ActionResult> {
    const ref = this.snapshotRef(snapshotKey);
    // force: newer snapshots of the disk are destroyed, as the rollback requires.
    const answer = await this.api.call('PUT', snapshotPath(ref), wireTaskEnvelope, { json: { disk_id: ref.diskId, force: true } });
    return this.followed(answer, { op: 'revert', snapshotKey });
  }

  /** What the server's SnapshotSerializer refuses ("Enter a valid value."), said before anything is sent. */
  refuseCreate(request: CreateSnapshotRequest): Refusal | null {
    if (request.name.length > 24 || !SNAPSHOT_NAME.test(request.name)) {
      return { field: 'name', message: "Danube snapshot names are 1 to 24 letters, digits, '.', '_' or '-', the first a letter or a digit" };
    }
    if ((request.description ?? '').length > 128) return { field: 'description', message: 'Danube keeps a note of at most 128 characters' };
    return null;
  }

  private refuseUpdate(_snapshot: SnapshotRecord, request: UpdateSnapshotRequest): string | null {
    return updateRefusal(request);
  }

  private async updateSnapshot(snapshotKey: string, request: UpdateSnapshotRequest): Promise<ActionResult> {
    const refused = updateRefusal(request);
    if (refused) throw new BackendFailure(this.name, refused, 'UNSUPPORTED');
    const ref = this.snapshotRef(snapshotKey);
    // With `note` the PUT only updates the note, synchronously (without it, the same PUT is a rollback).
    await this.api.call('PUT', snapshotPath(ref), wireTaskEnvelope, { json: { disk_id: ref.diskId, note: request.description ?? '' } });
    return { done: true, snapshotKey };
  }

  async deleteSnapshot(snapshotKey: string): Promise<ActionResult> {
    const ref = this.snapshotRef(snapshotKey);
    const answer = await this.api.call('DELETE', snapshotPath(ref), wireTaskEnvelope, { json: { disk_id: ref.diskId } });
    return this.followed(answer, { op: 'delete', snapshotKey });
  }

  /** One DELETE /vm/<h>/snapshot/ with snapnames per VM disk (the API's bulk delete is per disk); one task each. */
  private async deleteSnapshots(snapshotKeys: readonly string[]): Promise<(ActionResult | Error)[]> {
    const results: (ActionResult | Error)[] = snapshotKeys.map(
      (key) => new BackendFailure(this.name, `not a Danube snapshot key: ${key}`, 'NOT_FOUND'),
    );
    const groups = new Map<string, { disk: DiskRef; items: { index: number; name: string; key: string }[] }>();
    snapshotKeys.forEach((key, index) => {
      const ref = parseNamedKey(key);
      if (!ref) return;
      const diskKey = driveKeyOf(ref.hostname, ref.diskId);
      const group = groups.get(diskKey) ?? { disk: { hostname: ref.hostname, diskId: ref.diskId }, items: [] };
      group.items.push({ index, name: ref.name, key });
      groups.set(diskKey, group);
    });
    await Promise.all(
      [...groups.values()].map(async ({ disk, items }) => {
        try {
          const answer = await this.api.call('DELETE', `/vm/${enc(disk.hostname)}/snapshot/`, wireTaskEnvelope, {
            json: { disk_id: disk.diskId, snapnames: items.map((i) => i.name) },
          });
          for (const { index, key } of items) results[index] = this.followed(answer, { op: 'delete', snapshotKey: key });
        } catch (error) {
          const failure = asError(error);
          for (const { index } of items) results[index] = failure;
        }
      }),
    );
    return results;
  }

  private async createSchedule(target: SnapshotTarget, request: ScheduleRequest): Promise<ScheduleRecord> {
    const disk = target.entity === 'Drive' ? this.diskRef(target.key) : { hostname: target.key, diskId: 1 };
    const body: WireSnapshotDefineRequest = {
      disk_id: disk.diskId,
      schedule: request.schedule,
      retention: request.retention,
      active: request.active,
      desc: request.description ?? '',
      fsfreeze: request.quiesce,
    };
    const answer = await this.api.call('POST', definePath({ ...disk, name: request.name }), wireSnapshotDefineAnswer, { json: body });
    return mapSchedule(this.name, answer.result);
  }

  private async updateSchedule(key: string, request: Partial<ScheduleRequest>): Promise<ScheduleRecord> {
    const ref = this.scheduleRef(key);
    if (request.name !== undefined && request.name !== ref.name) {
      throw new BackendFailure(this.name, 'Danube snapshot definitions cannot be renamed', 'UNSUPPORTED');
    }
    const body: WireSnapshotDefineRequest = {
      disk_id: ref.diskId,
      ...(request.schedule !== undefined && { schedule: request.schedule }),
      ...(request.retention !== undefined && { retention: request.retention }),
      ...(request.active !== undefined && { active: request.active }),
      ...(request.description !== undefined && { desc: request.description ?? '' }),
      ...(request.quiesce !== undefined && { fsfreeze: request.quiesce }),
    };
    const answer = await this.api.call('PUT', definePath(ref), wireSnapshotDefineAnswer, { json: body });
    return mapSchedule(this.name, answer.result);
  }

  private async deleteSchedule(key: string): Promise<void> {
    const ref = this.scheduleRef(key);
    await this.api.call('DELETE', definePath(ref), wireTaskEnvelope, { json: { disk_id: ref.diskId } });
  }

  private async pollTask(ref: TaskRef): Promise<TaskState> {
    const path = `/task/${enc(ref.taskId)}/status/`;
    const response = await this.api.send('GET', path);
    // 404: a task the server no longer knows ("Task does not exist (anymore)"): it cannot be followed further.
    if (response.status === 404) {
      const error = readWireError(response.status, response.body);
      return { status: 'FAILED', error: { code: 'TASK_GONE', message: error.message } };
    }
    if (![200, 201, 400, 410].includes(response.status)) throw this.failure(response);
    const envelope = parseWire(this.name, wireTaskEnvelope, response.body, `GET ${path}`);
    return this.withKey(taskStateOf(response.status, envelope.status, envelope.result), ref);
  }

  /** The server deletes a snapshot only while its status is ok: pending (being made or deleted) is a 417. */
  refuseDelete(snapshot: SnapshotRecord): string | null {
    if (snapshot.status !== 'CREATING' && snapshot.status !== 'DELETING') return null;
    return `Danube deletes a snapshot only once its status is ok; '${snapshot.name}' is pending (the server answers 417 "VM snapshot status is not OK")`;
  }

  /**
   * PUT /task/<id>/cancel/: the task's status once the server has revoked it (it waits a second first), 410 REVOKED
   * when stopped; null on 406 "Task cannot be canceled" (no longer among the pending tasks: it has finished).
   */
  private async cancelTask(ref: TaskRef): Promise<TaskState | null> {
    const path = `/task/${enc(ref.taskId)}/cancel/`;
    const response = await this.api.send('PUT', path);
    if (response.status === 406) return null;
    if (![200, 201, 400, 410].includes(response.status)) throw this.failure(response);
    const envelope = parseWire(this.name, wireTaskEnvelope, response.body, `PUT ${path}`);
    return this.withKey(taskStateOf(response.status, envelope.status, envelope.result), ref);
  }

  async close(): Promise<void> {
    // Connections belong to the shared HttpClient; the token simply expires.
  }

  // ---- helpers ----

  private withKey(state: TaskState, ref: TaskRef): TaskState {
    return state.status === 'SUCCEEDED' ? { ...state, snapshotKey: ref.snapshotKey } : state;
  }

  /** An action's envelope: SUCCESS already (a lost snapshot deleted from the DB, say), or the task to follow. */
  private followed(answer: z.infer<typeof wireTaskEnvelope>, ref: Omit<TaskRef, 'taskId'>): ActionResult {
    const message = messageOf(answer.result) ?? answer.status.toLowerCase();
    if (answer.status === 'SUCCESS') return { done: true, snapshotKey: ref.snapshotKey, message };
    if (answer.status === 'FAILURE' || answer.status === 'REVOKED') {
      throw new BackendFailure(this.name, messageOf(answer.result) ?? `task ${answer.status}`, 'TASK_FAILED', { backendCode: answer.status });
    }
    return { done: false, task: { taskId: answer.task_id, ...ref } satisfies TaskRef, snapshotKey: ref.snapshotKey, message };
  }

  /** One VM's snapshots (every disk), fresh per call; a list already in flight for it is shared. */
  private snapshotsOf(hostname: string): Promise<SnapshotRecord[]> {
    const pending = this.snapshotLists.get(hostname);
    if (pending) return pending;
    const load = this.gate
      .execute(async () => {
        const path = `/vm/${enc(hostname)}/snapshot/`;
        const response = await this.api.send('GET', path, { query: { full: 'true' } });
        if (response.status === 404) return [];
        if (!isOk(response)) throw this.failure(response);
        const list = parseWire(this.name, wireSnapshotList, response.body, `GET ${path}`);
        return list.result.map((s) => mapSnapshot(this.name, hostname, s));
      })
      .finally(() => this.snapshotLists.delete(hostname));
    this.snapshotLists.set(hostname, load);
    return load;
  }

  private defines(): Promise<WireVMDefine[]> {
    return this.defineListing.run(async () => (await this.api.call('GET', '/vm/define/', wireVMDefineList, { query: { full: 'true' } })).result);
  }

  private scheduleList(): Promise<ScheduleRecord[]> {
    return this.scheduleListing.run(async () => {
      const list = await this.api.call('GET', '/vm/define/snapshot/', wireSnapshotDefineList, { query: { full: 'true' } });
      return list.result.map((d) => mapSchedule(this.name, d));
    });
  }

  private authOf(credentials: Credentials): Auth {
    if ('apiKey' in credentials) return staticAuth({ 'es-api-key': credentials.apiKey });
    return tokenAuth({
      login: () => this.logIn(credentials.username, credentials.password),
      header: (token) => ({ authorization: `Token ${token}` }),
    });
  }

  private async logIn(username: string, password: string): Promise<Token> {
    const answer = await this.api.call('POST', '/accounts/login/', wireLoginAnswer, { anonymous: true, json: { username, password } });
    if (!answer.token) throw new BackendFailure(this.name, `the login answered no token: ${answer.detail ?? 'no detail'}`, 'UNAUTHORIZED');
    return { value: answer.token, expiresAt: expiryOf(answer.expires) };
  }

  private diskRef(key: string): DiskRef {
    const ref = parseDriveKey(key);
    if (!ref) throw new BackendFailure(this.name, `not a Danube drive key: ${key}`, 'NOT_FOUND');
    return ref;
  }

  private snapshotRef(key: string): SnapshotRef {
    const ref = parseNamedKey(key);
    if (!ref) throw new BackendFailure(this.name, `not a Danube snapshot key: ${key}`, 'NOT_FOUND');
    return ref;
  }

  private scheduleRef(key: string): SnapshotRef {
    const ref = parseNamedKey(key);
    if (!ref) throw new BackendFailure(this.name, `not a Danube schedule key: ${key}`, 'NOT_FOUND');
    return ref;
  }

  private failure(response: RawResponse): BackendFailure {
    const error = readWireError(response.status, response.body);
    return BackendFailure.fromAnswer(this.name, error.message, response.status, error.code);
  }
}



const enc = (segment: string): string => encodeURIComponent(segment);
const snapshotPath = (ref: SnapshotRef): string => `/vm/${enc(ref.hostname)}/snapshot/${enc(ref.name)}/`;
const definePath = (ref: SnapshotRef): string => `/vm/${enc(ref.hostname)}/define/snapshot/${enc(ref.name)}/`;


/** Only the note of a Danube snapshot can change. */
function updateRefusal(request: UpdateSnapshotRequest): string | null {
  return request.name !== undefined || request.metadata !== undefined
    ? 'Danube snapshots cannot be renamed or tagged: only the note (description) changes'
    : null;
}

export const createDanubeConnector: ConnectorFactory<Credentials, NoSettings> = (options) => new DanubeConnector(options);
