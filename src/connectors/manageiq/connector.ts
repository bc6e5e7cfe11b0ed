// The MANAGEIQ connector: maps the ManageIQ REST API (VMs at /api/vms, cloud instances at /api/instances, their
// snapshot subcollections, queued actions followed through /api/tasks, a token from GET /api/auth) onto Connector.
import { z } from 'zod';
import type { Capability, PowerState, SnapshotRecord, VMKind, VMRecord } from '../../domain/model.js';
import type { ActionResult, TaskState } from '../../domain/operation.js';
import type {
  BulkDeleteSlice,
  Connector,
  ConnectorFactory,
  ConnectorOptions,
  CreateSnapshotRequest,
  Flags,
  RevertSlice,
  SnapshotTarget,
} from '../connector.js';
import { BackendApi, isOk, tokenAuth, type Token } from '../api.js';
import type { NoSettings, OptionsSpec } from '../credentials.js';
import { BackendFailure } from '../errors.js';
import { joinUrl, parseWire, type RawResponse } from '../http.js';
import { inKeyOrder, joinKey, splitKey } from '../keys.js';
import { taskCodec, type TaskCodec } from '../tasks.js';
import {
  type WireActionResult,
  type WireSnapshot,
  type WireVM,
  readWireError,
  wireActionResult,
  wireAuthAnswer,
  wireEntryPoint,
  wireResults,
  wireTask,
  wireVM,
  wireVMCollection,
} from './wire.js';
import { asError } from '../../thrown.js';

const FLAGS: Flags = {
  memorySnapshots: true,
  // The create body has name, description and memory only.
  quiesce: false,
  snapshotTree: true,
  metadata: false,
};

const COLLECTIONS = ['vms', 'instances'] as const;
type Collection = (typeof COLLECTIONS)[number];
const KIND_OF: Record<Collection, VMKind> = { vms: 'VM', instances: 'INSTANCE' };

/** The server's default cap (max_results_per_page); a smaller cap is detected from the first page. */
const PAGE_SIZE = 1000;
/** Up to this many VMs are read one by one (a GET each); more are read from the collection, whatever its size. */
const SMALL_BATCH = 3;
/** Polls that may find a finished create's snapshot missing (inventory refresh lag) before giving up on naming it. */
export const REFRESH_POLLS = 20;
export const WAITING_FOR_INVENTORY = 'waiting for the inventory to show the snapshot';
/** How far the provider's clock (create_time) may lag ManageIQ's (the task's created_on). */
const CLOCK_SKEW_MS = 5 * 60_000;
/** What a VM record needs; `cloud` tells the instances /api/vms lists too (class Vm includes them). */
const VM_ATTRIBUTES = ['name', 'vendor', 'type', 'power_state', 'raw_power_state', 'cloud'];

const credentialsSchema = z.object({
  username: z.string().min(1),
  password: z.string(),
  /** An RBAC group description, sent as X-MIQ-Group. */
  group: z.string().min(1).optional(),
});
type Credentials = z.infer<typeof credentialsSchema>;
export const MANAGEIQ_CREDENTIALS: OptionsSpec<Credentials> = {
  schema: credentialsSchema,
  needs: 'ManageIQ credentials need a username and a password (and optionally a group)',
};

/** What pollTask needs to follow an action (as `tasks` reads it back): the MiqTask, the VM, and the name a create asked for. */
const taskRef = z.object({
  taskId: z.string().regex(/^\d+$/),
  op: z.enum(['create', 'revert', 'delete']),
  collection: z.enum(COLLECTIONS),
  vmId: z.string().regex(/^\d+$/),
  name: z.string().optional(),
});
type TaskRef = z.infer<typeof taskRef>;

interface VMRef {
  collection: Collection;
  id: string;
}

interface SnapshotRef extends VMRef {
  snapshotId: string;
}

// ---- keys ----

const isCollection = (value: string | undefined): value is Collection =>
  COLLECTIONS.some((collection) => collection === value);
const isId = (value: string | undefined): value is string => value !== undefined && /^\d+$/.test(value);

const vmKeyOf = (collection: Collection, id: string): string => joinKey(collection, id);
const snapshotKeyOf = (collection: Collection, vmId: string, snapshotId: string): string =>
  joinKey(collection, vmId, snapshotId);

function parseVMKey(key: string): VMRef | null {
  const [collection, id] = splitKey(key, 2) ?? [];
  return isCollection(collection) && isId(id) ? { collection, id } : null;
}

function parseSnapshotKey(key: string): SnapshotRef | null {
  const [collection, id, snapshotId] = splitKey(key, 3) ?? [];
  return isCollection(collection) && isId(id) && isId(snapshotId) ? { collection, id, snapshotId } : null;
}

// ---- mapping (pure, exported for the contract tests) ----

/** ManageIQ's normalized power_state, else the provider's raw value (VMware, RHV, OpenStack, clouds). */
export function powerStateOf(powerState: string | null, rawPowerState: string | null = null): PowerState {
  for (const state of [powerState, rawPowerState]) {
    switch (state?.toLowerCase().replace(/[\s_-]/g, '')) {
      case 'on':
      case 'poweredon':
      case 'running':
      case 'active':
      case 'up':
        return 'RUNNING';
      case 'suspended':
      case 'paused':
      case 'standby':
        return 'PAUSED';
      case 'off':
      case 'poweredoff':
      case 'stopped':
      case 'shutoff':
      case 'down':
      case 'never':
      case 'terminated':
      case 'shelved':
      case 'shelvedoffloaded':
        return 'STOPPED';
      default:
      // Unknown here: the raw value may still say.
    }
  }
  return 'UNKNOWN';
}

export function mapVM(backend: string, collection: Collection, vm: WireVM): VMRecord {
  return {
    entity: 'VM',
    backend,
    key: vmKeyOf(collection, vm.id),
    name: vm.name ?? `${collection}/${vm.id}`,
    kind: KIND_OF[collection],
    powerState: powerStateOf(vm.power_state, vm.raw_power_state),
    // ManageIQ snapshots cover the whole VM; an empty list spares the drive level any request.
    drives: [],
  };
}

function dateOf(text: string | null): Date | null {
  if (text === null) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

function mapSnapshot(backend: string, collection: Collection, vmId: string, snapshot: WireSnapshot): SnapshotRecord {
  return {
    entity: 'Snapshot',
    backend,
    key: snapshotKeyOf(collection, vmId, snapshot.id),
    name: snapshot.name ?? `snapshot ${snapshot.id}`,
    description: snapshot.description || null,
    createdAt: dateOf(snapshot.create_time ?? snapshot.created_on),
    status: 'READY',
    // ManageIQ records neither the VM's power state at snapshot time nor whether memory was included.
    vmPowerState: null,
    isCurrent: snapshot.current,
    hasMemory: false,
    hasDisk: true,
    sizeBytes: snapshot.total_size,
    vmKey: vmKeyOf(collection, vmId),
    driveKey: null,
    parentKey: snapshot.parent_id === null ? null : snapshotKeyOf(collection, vmId, snapshot.parent_id),
    metadata: [],
    scheduleKey: null,
  };
}

/** One VM's snapshots; a parent the inventory no longer has makes its child a root, so every tree is whole. */
export function mapSnapshots(
  backend: string,
  collection: Collection,
  vmId: string,
  snapshots: readonly WireSnapshot[],
): SnapshotRecord[] {
  const records = snapshots.map((snapshot) => mapSnapshot(backend, collection, vmId, snapshot));
  const keys = new Set(records.map((record) => record.key));
  return records.map((record) =>
    record.parentKey !== null && !keys.has(record.parentKey) ? { ...record, parentKey: null } : record,
  );
}

/** MiqTask state/status → TaskState; a finished create still needs its snapshot found (see pollTask). */
export function taskStateOf(task: { state: string; status: string; message: string | null; pct_complete: number | null }): TaskState {
  const progress = task.pct_complete === null ? {} : { progress: Math.max(0, Math.min(100, task.pct_complete)) };
  const message = task.message ?? null;
  switch (task.state) {
    case 'Initialized':
    case 'Queued':
    case 'Waiting_to_start':
      return { status: 'PENDING', message, ...progress };
    case 'Finished':
      if (task.status === 'Ok') return { status: 'SUCCEEDED', message, ...progress };
      return {
        status: 'FAILED',
        message,
        error: {
          code: `TASK_${task.status.toUpperCase()}`,
          message: message ?? 'Task did not complete successfully',
        },
      };
    default:
      // Active, or a state a newer server added: under way.
      return { status: 'RUNNING', message, ...progress };
  }
}

// ---- the connector ----

const collectionPath = (collection: Collection): string => `/api/${collection}`;
const vmPath = (vm: VMRef): string => `${collectionPath(vm.collection)}/${vm.id}`;
const snapshotsPath = (vm: VMRef): string => `${vmPath(vm)}/snapshots`;
const snapshotPath = (snapshot: SnapshotRef): string => `${snapshotsPath(snapshot)}/${snapshot.snapshotId}`;

/** The distinct VMs of some keys, in first-seen order. */
function distinctVMs(refs: readonly (VMRef | null)[]): VMRef[] {
  const byKey = new Map<string, VMRef>();
  for (const ref of refs) if (ref) byKey.set(vmKeyOf(ref.collection, ref.id), { collection: ref.collection, id: ref.id });
  return [...byKey.values()];
}

class ManageIQConnector implements Connector {
  readonly kind = 'MANAGEIQ';
  readonly flags: Flags = FLAGS;
  readonly name: string;
  readonly tasks: TaskCodec;
  // No drives: ManageIQ snapshots whole VMs; its disks are not part of the gateway's model for it.
  readonly revert: RevertSlice = { revertSnapshot: (snapshotKey) => this.revertSnapshot(snapshotKey) };
  readonly bulkDelete: BulkDeleteSlice = { deleteSnapshots: (snapshotKeys) => this.deleteSnapshots(snapshotKeys) };
  private readonly api: BackendApi;
  private readonly baseUrl: string;
  /** Polls that found a finished create's snapshot missing, by task id; dropped once the task is reported done. */
  private readonly refreshMisses = new Map<string, number>();

  constructor(options: ConnectorOptions<Credentials, NoSettings>) {
    this.name = options.name;
    this.baseUrl = options.baseUrl;
    this.tasks = taskCodec(options.name, 'ManageIQ', taskRef, (ref) => this.pollTask(ref));
    const { credentials } = options;
    // CGI.unescape'd by the server, so any group description survives the header.
    const group: Record<string, string> = credentials.group ? { 'x-miq-group': encodeURIComponent(credentials.group) } : {};
    this.api = new BackendApi({
      backend: options.name,
      baseUrl: options.baseUrl,
      http: options.http,
      auth: tokenAuth({
        login: () => this.logIn(credentials, group),
        header: (token) => ({ 'x-auth-token': token, ...group }),
      }),
      failure: (response) => this.failure(response),
    });
  }

  /** config/api.yml gives the instances' snapshots subcollection no revert action. */
  lacksFor(vm: VMRecord): readonly Capability[] {
    return vm.kind === 'INSTANCE' ? ['revert'] : [];
  }

  // ---- reads ----

  async listVMs(): Promise<VMRecord[]> {
    return this.listVMsOf(COLLECTIONS);
  }

  async getVMs(keys: readonly string[]): Promise<(VMRecord | null)[]> {
    if (keys.length === 0) return [];
    const refs = keys.map(parseVMKey);
    const wanted = distinctVMs(refs);
    if (wanted.length <= SMALL_BATCH) {
      const found = await Promise.all(wanted.map((ref) => this.fetchVM(ref)));
      return inKeyOrder(keys, found.filter((vm) => vm !== null));
    }
    const collections = COLLECTIONS.filter((collection) => wanted.some((ref) => ref.collection === collection));
    return inKeyOrder(keys, await this.listVMsOf(collections));
  }

  async listSnapshotsOfVMs(vmKeys: readonly string[]): Promise<SnapshotRecord[]> {
    const byVM = await this.snapshotsByVM(distinctVMs(vmKeys.map(parseVMKey)));
    return [...byVM.values()].flat();
  }

  async getSnapshots(keys: readonly string[]): Promise<(SnapshotRecord | null)[]> {
    if (keys.length === 0) return [];
    const byVM = await this.snapshotsByVM(distinctVMs(keys.map(parseSnapshotKey)));
    return inKeyOrder(keys, [...byVM.values()].flat());
  }

  async ping(): Promise<void> {
    // The entry point is the cheapest authenticated call, so a ping also proves the credentials.
    await this.api.call('GET', '/api', wireEntryPoint);
  }

  // ---- actions (all queued: each answers a task to follow) ----

  async createSnapshot(target: SnapshotTarget, request: CreateSnapshotRequest): Promise<ActionResult> {
    if (target.entity !== 'VM') {
      throw new BackendFailure(this.name, 'ManageIQ snapshots cover a whole VM, not a single drive', 'UNSUPPORTED');
    }
    const vm = this.vmRef(target.key);
    const body = {
      name: request.name,
      ...(request.description === null ? {} : { description: request.description }),
      memory: request.includeMemory,
    };
    // One create still answers a `results` list (HTTP 200; 400 when it failed, read by `failure`).
    const answer = await this.api.call('POST', snapshotsPath(vm), wireResults, { json: body });
    const result = answer.results[0];
    if (!result) throw new BackendFailure(this.name, 'the create answer has no result', 'BAD_RESPONSE');
    return this.followed(result, { op: 'create', collection: vm.collection, vmId: vm.id, name: request.name });
  }

  private async revertSnapshot(snapshotKey: string): Promise<ActionResult> {
    const snapshot = this.snapshotRef(snapshotKey);
    if (snapshot.collection === 'instances') {
      throw new BackendFailure(this.name, 'ManageIQ cannot revert the snapshots of cloud instances', 'UNSUPPORTED');
    }
    return this.snapshotAction(snapshot, 'revert', snapshotKey);
  }

  async deleteSnapshot(snapshotKey: string): Promise<ActionResult> {
    // The POST action, not DELETE: DELETE answers 204 without the task id.
    return this.snapshotAction(this.snapshotRef(snapshotKey), 'delete', snapshotKey);
  }

  /** One bulk `action: delete` request per VM, all VMs at once; each snapshot fails or succeeds on its own. */
  private async deleteSnapshots(snapshotKeys: readonly string[]): Promise<(ActionResult | Error)[]> {
    const results: (ActionResult | Error)[] = snapshotKeys.map(
      (key) => new BackendFailure(this.name, `not a ManageIQ snapshot key: ${key}`, 'NOT_FOUND'),
    );
    const byVM = new Map<string, { vm: VMRef; items: { index: number; ref: SnapshotRef; key: string }[] }>();
    snapshotKeys.forEach((key, index) => {
      const ref = parseSnapshotKey(key);
      if (!ref) return;
      const vmKey = vmKeyOf(ref.collection, ref.id);
      const group = byVM.get(vmKey) ?? { vm: { collection: ref.collection, id: ref.id }, items: [] };
      group.items.push({ index, ref, key });
      byVM.set(vmKey, group);
    });
    await Promise.all(
      [...byVM.values()].map(async ({ vm, items }) => {
        try {
          const answer = await this.api.call('POST', snapshotsPath(vm), wireResults, {
            json: { action: 'delete', resources: items.map(({ ref }) => ({ href: joinUrl(this.baseUrl, snapshotPath(ref)) })) },
          });
          items.forEach(({ index, key }, position) => {
            const result = answer.results[position];
            results[index] = !result
              ? new BackendFailure(this.name, 'the bulk answer has no result for this snapshot', 'BAD_RESPONSE')
              : this.outcome(result, { op: 'delete', collection: vm.collection, vmId: vm.id }, key);
          });
        } catch (error) {
          const failure = asError(error);
          for (const { index } of items) results[index] = failure;
        }
      }),
    );
    return results;
  }

  private async pollTask(ref: TaskRef): Promise<TaskState> {
    const answer = await this.api.call('GET', `/api/tasks/${ref.taskId}`, wireTask);
    const state = taskStateOf(answer);
    if (state.status !== 'SUCCEEDED' || ref.op !== 'create') return state;
    return this.createdSnapshot(ref, state, answer.created_on);
  }

  async close(): Promise<void> {
    // Connections belong to the shared HttpClient; the token simply expires.
  }

  // ---- helpers ----

  /**
   * The created snapshot, found by name among the VM's (the task result carries no id): not one taken well before
   * the task (names may repeat), and the newest if several remain.
   */
  private async createdSnapshot(ref: TaskRef, finished: TaskState, taskCreatedOn: string | null): Promise<TaskState> {
    const since = taskCreatedOn === null ? Number.NEGATIVE_INFINITY : Date.parse(taskCreatedOn) - CLOCK_SKEW_MS;
    const named = (await this.snapshotsOf({ collection: ref.collection, id: ref.vmId })).filter(
      (s) => s.name === ref.name && (s.createdAt === null || s.createdAt.getTime() >= since),
    );
    const idOf = (snapshot: SnapshotRecord) => Number(parseSnapshotKey(snapshot.key)?.snapshotId ?? 0);
    const created = named.reduce<SnapshotRecord | null>((newest, s) => (!newest || idOf(s) > idOf(newest) ? s : newest), null);
    if (created) {
      this.refreshMisses.delete(ref.taskId);
      return { ...finished, snapshotKey: created.key };
    }
    // ManageIQ shows a new snapshot only after its provider inventory refresh: wait a bounded number of polls.
    const misses = (this.refreshMisses.get(ref.taskId) ?? 0) + 1;
    if (misses < REFRESH_POLLS) {
      this.refreshMisses.set(ref.taskId, misses);
      return { status: 'RUNNING', message: WAITING_FOR_INVENTORY };
    }
    this.refreshMisses.delete(ref.taskId);
    return { ...finished, message: 'the task finished, but the snapshot has not appeared in the inventory yet' };
  }

  private async snapshotAction(snapshot: SnapshotRef, action: 'revert' | 'delete', snapshotKey: string): Promise<ActionResult> {
    // A single resource action answers a flat result (400 with success: false, read by `failure`).
    const result = await this.api.call('POST', snapshotPath(snapshot), wireActionResult, { json: { action } });
    return { ...this.followed(result, { op: action, collection: snapshot.collection, vmId: snapshot.id }), snapshotKey };
  }

  /** A successful action's result as the task to follow, with the snapshot it acted on; a failed one as its error. */
  private outcome(result: WireActionResult, ref: Omit<TaskRef, 'taskId'>, snapshotKey: string): ActionResult | Error {
    return result.success ? { ...this.followed(result, ref), snapshotKey } : this.refused(result);
  }

  private followed(result: WireActionResult, ref: Omit<TaskRef, 'taskId'>): ActionResult {
    if (!result.success) throw this.refused(result);
    const message = result.message === undefined ? {} : { message: result.message };
    // No task to follow (never seen for snapshot actions): the action was accepted, and that is all we can know.
    if (result.task_id === undefined) return { done: true, ...message };
    const task = {
      taskId: result.task_id,
      op: ref.op,
      collection: ref.collection,
      vmId: ref.vmId,
      ...(ref.name !== undefined && { name: ref.name }),
    } satisfies TaskRef;
    return { done: false, task, ...message };
  }

  /** A result with success: false (one resource of a bulk request; single ones come as HTTP 400). */
  private refused(result: WireActionResult): BackendFailure {
    return new BackendFailure(this.name, result.message ?? 'ManageIQ refused the action', 'INVALID_REQUEST');
  }

  private vmRef(key: string): VMRef {
    const ref = parseVMKey(key);
    if (!ref) throw new BackendFailure(this.name, `not a ManageIQ VM key: ${key}`, 'NOT_FOUND');
    return ref;
  }

  private snapshotRef(key: string): SnapshotRef {
    const ref = parseSnapshotKey(key);
    if (!ref) throw new BackendFailure(this.name, `not a ManageIQ snapshot key: ${key}`, 'NOT_FOUND');
    return ref;
  }

  /**
   * Snapshots by VM key. A few VMs: each one's own resource. More: the whole collection once, snapshots rendered
   * into each VM by `attributes=snapshots` — a constant number of requests, never one per VM.
   */
  private async snapshotsByVM(vms: readonly VMRef[]): Promise<Map<string, SnapshotRecord[]>> {
    const byVM = new Map<string, SnapshotRecord[]>();
    if (vms.length === 0) return byVM;
    if (vms.length <= SMALL_BATCH) {
      const lists = await Promise.all(vms.map((vm) => this.snapshotsOf(vm)));
      vms.forEach((vm, i) => byVM.set(vmKeyOf(vm.collection, vm.id), lists[i] ?? []));
      return byVM;
    }
    const wanted = new Set(vms.map((vm) => vmKeyOf(vm.collection, vm.id)));
    const collections = COLLECTIONS.filter((collection) => vms.some((vm) => vm.collection === collection));
    const lists = await Promise.all(collections.map((collection) => this.listCollection(collection, ['snapshots'])));
    collections.forEach((collection, i) => {
      for (const vm of lists[i] ?? []) {
        const key = vmKeyOf(collection, vm.id);
        if (wanted.has(key)) byVM.set(key, mapSnapshots(this.name, collection, vm.id, vm.snapshots ?? []));
      }
    });
    return byVM;
  }

  /**
   * One VM's snapshots in one request, rendered into its resource by `attributes=snapshots`; [] when the VM is gone.
   * Not the subcollection: its `count` is system-wide and its pages capped, so its end could only be guessed.
   */
  private async snapshotsOf(vm: VMRef): Promise<SnapshotRecord[]> {
    const found = await this.getOrNull(vmPath(vm), wireVM, { attributes: vm.collection === 'vms' ? 'cloud,snapshots' : 'snapshots' });
    if (!found || (vm.collection === 'vms' && found.cloud === true)) return [];
    return mapSnapshots(this.name, vm.collection, vm.id, found.snapshots ?? []);
  }

  /** Every VM of these collections. */
  private async listVMsOf(collections: readonly Collection[]): Promise<VMRecord[]> {
    const lists = await Promise.all(collections.map((collection) => this.listCollection(collection, VM_ATTRIBUTES)));
    return collections.flatMap((collection, i) => (lists[i] ?? []).map((vm) => mapVM(this.name, collection, vm)));
  }

  /** One VM by its own resource; null when it is gone, or when /api/vms answers a cloud instance for a VM key. */
  private async fetchVM(ref: VMRef): Promise<VMRecord | null> {
    const vm = await this.getOrNull(vmPath(ref), wireVM, { attributes: VM_ATTRIBUTES.join(',') });
    if (!vm || (ref.collection === 'vms' && vm.cloud === true)) return null;
    return mapVM(this.name, ref.collection, vm);
  }

  /**
   * Every resource of a collection with these attributes, all pages: the first page tells the total and the
   * server's real page size (it caps `limit` at max_results_per_page), the others are fetched together.
   * /api/vms also lists the cloud instances (class Vm includes them): those are left to /api/instances.
   */
  private async listCollection(collection: Collection, attributes: readonly string[]): Promise<WireVM[]> {
    const asked = collection === 'vms' ? [...new Set([...attributes, 'cloud'])] : attributes;
    const page = (offset: number) =>
      this.api.call('GET', collectionPath(collection), wireVMCollection, {
        query: { expand: 'resources', attributes: asked.join(','), offset, limit: PAGE_SIZE },
      });
    const first = await page(0);
    const step = first.resources.length;
    const total = first.subquery_count ?? first.count;
    const offsets: number[] = [];
    // Bounded: a server that claims a billion records must not make us send a million requests.
    for (let offset = step; step > 0 && offset < total && offsets.length < 10_000; offset += step) offsets.push(offset);
    const rest = await Promise.all(offsets.map(page));
    // A VM created or removed between pages may shift another onto two pages.
    const byId = new Map<string, WireVM>();
    for (const vm of [first, ...rest].flatMap((p) => p.resources)) if (!byId.has(vm.id)) byId.set(vm.id, vm);
    return [...byId.values()].filter((vm) => collection !== 'vms' || vm.cloud !== true);
  }

  /** A GET whose 404 means "there is none". */
  private async getOrNull<S extends z.ZodType>(
    path: string,
    schema: S,
    query: Record<string, string | number>,
  ): Promise<z.output<S> | null> {
    const response = await this.api.send('GET', path, { query });
    if (response.status === 404) return null;
    if (!isOk(response)) throw this.failure(response);
    return parseWire(this.name, schema, response.body, `GET ${path}`);
  }

  /** GET /api/auth with Basic credentials (sent pre-emptively: the server never challenges) for a token. */
  private async logIn(credentials: Credentials, group: Record<string, string>): Promise<Token> {
    const basic = Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64');
    const answer = await this.api.call('GET', '/api/auth', wireAuthAnswer, {
      anonymous: true,
      headers: { authorization: `Basic ${basic}`, ...group },
    });
    // token_ttl rather than expires_on: our clock, not the server's, decides when to renew.
    return { value: answer.auth_token, expiresAt: Date.now() + answer.token_ttl * 1000 };
  }

  /** A non-2xx answer as a BackendFailure: the error envelope's kind and message, or a failed result's message. */
  private failure(response: RawResponse): BackendFailure {
    const error = readWireError(response.body);
    return BackendFailure.fromAnswer(this.name, error.message || `HTTP ${response.status}`, response.status, error.code);
  }
}


export const createManageIQConnector: ConnectorFactory<Credentials, NoSettings> = (options) => new ManageIQConnector(options);
