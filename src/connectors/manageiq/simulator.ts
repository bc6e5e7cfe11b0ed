// A ManageIQ REST API double (README §2): token auth with X-MIQ-Group, collection envelopes with expand/attributes/
// offset/limit and a system-wide count, snapshot subcollections, queued actions as MiqTasks, error envelopes; plus knobs.
import { randomBytes } from 'node:crypto';
import {
  FaultQueue,
  type RunningSimulator,
  type Route,
  type SimHandler,
  type SimRequest,
  type SimResponse,
  startSimulator,
} from '../../lab/simulatorServer.js';
import { wireActionRequest, wireCreateSnapshotRequest } from './wire.js';

export const MANAGEIQ_SIM_DEFAULT_VMS = 5;
export const MANAGEIQ_SIM_DEFAULT_INSTANCES = 2;
/** ManageIQ's well-known appliance defaults. */
export const MANAGEIQ_SIM_DEFAULT_AUTH = { username: 'admin', password: 'smartvm', group: 'EvmGroup-super_administrator' };

export type SimCollection = 'vms' | 'instances';

export interface ManageIQSimOptions {
  /** Infrastructure VMs (VMware), at /api/vms. */
  vmCount: number;
  /** Cloud instances (OpenStack; none unless given), at /api/instances and, like the real class Vm, at /api/vms too. */
  instanceCount?: number;
  /** Added to every answer. */
  latencyMs?: number;
  /** How long a queued task takes: Queued for a fifth of it, then Active with pct_complete rising, then Finished. */
  opMs?: number;
  auth?: { username: string; password: string; groups?: string[]; tokenTtlSeconds?: number };
  /** The server's cap on `limit` (max_results_per_page). */
  maxResultsPerPage?: number;
  /** A created snapshot shows up this long after its task finished (ManageIQ's inventory refresh). */
  inventoryLagMs?: number;
  port?: number;
}

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

export interface SimLoggedRequest {
  method: string;
  path: string;
  query: string;
  body: unknown;
}

export interface ManageIQSimulator extends RunningSimulator {
  /** Ids in list order: the VMs of /api/vms that are not cloud instances, or the instances. */
  ids(collection: SimCollection): string[];
  name(collection: SimCollection, id: string): string | null;
  /** power_state as the server sends it; null when there is no such VM. */
  powerState(collection: SimCollection, id: string): string | null;
  setPowerState(collection: SimCollection, id: string, state: string): void;
  /** The VM's snapshots as its subcollection renders them; [] when there is no such VM. */
  snapshotsOf(collection: SimCollection, id: string): SimSnapshotWire[];
  /** The next request whose method matches and whose path contains `pathContains` gets this answer instead. */
  failNext(method: string, pathContains: string, status: number, body?: unknown): void;
  /** While on, reads of collections, subcollections and VMs answer JSON of the wrong shape. */
  setGarbage(on: boolean): void;
  /** The next task queued ends Finished with status Error and this message, changing nothing. */
  failNextTask(message: string): void;
  /** Every token issued so far stops being valid. */
  expireTokens(): void;
  /** Tokens issued by GET /api/auth so far. */
  loginCount(): number;
  /** Every request answered so far (the newest 10 000), in order. */
  requests(): SimLoggedRequest[];
}

// ---- state ----

interface SimSnapshot {
  id: number;
  name: string;
  description: string | null;
  parentId: number | null;
  createTime: Date;
  createdOn: Date;
  totalSize: number | null;
  hasMemory: boolean;
}

interface SimVM {
  id: number;
  name: string;
  cloud: boolean;
  powerState: string;
  guid: string;
  createdOn: Date;
  snapshots: SimSnapshot[];
  currentId: number | null;
}

type TaskEffect = () => string | null;

interface SimTask {
  id: number;
  name: string;
  state: 'Queued' | 'Active' | 'Finished';
  status: 'Ok' | 'Error';
  message: string;
  createdOn: Date;
  updatedOn: Date;
  startedOn: Date | null;
  activeAt: number;
  finishAt: number;
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
const RAW_POWER = new Map([...INFRA_POWER, ...CLOUD_POWER, ['terminated', 'DELETED']]);
/** Seed tree, in creation order: base → {updates → pre-release → release-1, experiment}. */
const SEED_TREE: { name: string; parent: string | null; description: string }[] = [
  { name: 'base', parent: null, description: 'Clean OS install' },
  { name: 'updates', parent: 'base', description: '' },
  { name: 'experiment', parent: 'base', description: 'Trying a new kernel' },
  { name: 'pre-release', parent: 'updates', description: 'Before release 1' },
  { name: 'release-1', parent: 'pre-release', description: '' },
];
const CURRENT_CYCLE = ['release-1', 'experiment', 'pre-release'];
const AUTH_KLASS = 'Api::BaseController::Authentication::AuthenticationError';
const DEFAULT_TOKEN_TTL = 600;
const UI_TOKEN_TTL = 3600;
const REQUEST_LOG_SIZE = 10_000;

/** What the normalizer does to times: UTC, seconds, `Z`. */
const iso = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;
const pad = (n: number, width: number): string => String(n).padStart(width, '0');
/** Ruby's String#to_i: leading digits, else 0. */
const toI = (raw: string): number => Number.parseInt(/^\s*[+-]?\d+/.exec(raw)?.[0] ?? '0', 10);

/** lib/services/api/error_serializer.rb. */
const apiError = (status: number, kind: string, message: string, klass: string): SimResponse => ({
  status,
  body: { error: { kind, message, klass } },
});
const notFound = (what: string, id: string): SimResponse =>
  apiError(404, 'not_found', `Couldn't find ${what} with 'id'=${id}`, 'ActiveRecord::RecordNotFound');
const badRequest = (message: string): SimResponse => apiError(400, 'bad_request', message, 'Api::BadRequestError');
const unauthorized = (message: string): SimResponse => ({
  ...apiError(401, 'unauthorized', message, AUTH_KLASS),
  headers: { 'www-authenticate': 'Basic realm="Application"' },
});

// ---- the server ----

export async function startManageIQSimulator(options: ManageIQSimOptions): Promise<ManageIQSimulator> {
  const opMs = options.opMs ?? 0;
  const cap = options.maxResultsPerPage ?? 1000;
  const inventoryLagMs = options.inventoryLagMs ?? 0;
  const auth = {
    username: options.auth?.username ?? MANAGEIQ_SIM_DEFAULT_AUTH.username,
    password: options.auth?.password ?? MANAGEIQ_SIM_DEFAULT_AUTH.password,
    groups: options.auth?.groups ?? [MANAGEIQ_SIM_DEFAULT_AUTH.group],
    ttl: options.auth?.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL,
  };
  const instanceCount = options.instanceCount ?? 0;
  const vms: SimVM[] = [];
  const tasks = new Map<number, SimTask>();
  const tokens = new Map<string, { expiresAt: number; ttl: number }>();
  const faults = new FaultQueue();
  const timers = new Set<NodeJS.Timeout>();
  const log: SimLoggedRequest[] = [];
  const taskFailures: string[] = [];
  let nextSnapshotId = 1;
  let nextTaskId = 1;
  let garbage = false;
  let logins = 0;

  // ---- seed ----

  const seedVM = (id: number, index: number, count: number, cloud: boolean): SimVM => {
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
        id: nextSnapshotId++,
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
  };
  for (let i = 0; i < options.vmCount; i++) vms.push(seedVM(i + 1, i, options.vmCount, false));
  for (let i = 0; i < instanceCount; i++) vms.push(seedVM(options.vmCount + i + 1, i, instanceCount, true));

  /** /api/vms is class Vm (cloud instances included); /api/instances the cloud ones only. */
  const rowsOf = (collection: SimCollection): SimVM[] => (collection === 'vms' ? vms : vms.filter((vm) => vm.cloud));
  const findVM = (collection: string | undefined, id: string | undefined): SimVM | undefined =>
    collection === 'vms' || collection === 'instances'
      ? rowsOf(collection).find((vm) => String(vm.id) === id)
      : undefined;
  const vmClass = (collection: string | undefined) =>
    collection === 'instances' ? 'ManageIQ::Providers::CloudManager::Vm' : 'Vm';
  /** snapshot_ident: the collection's description, singular. */
  const ident = (collection: string | undefined, vm: SimVM) =>
    `${collection === 'instances' ? 'Instance' : 'Virtual Machine'} id:${vm.id} name:'${vm.name}'`;

  // ---- wire forms ----

  const baseOf = (request: SimRequest) => `http://${request.headers.host ?? '127.0.0.1'}`;

  const snapshotWire = (base: string, collection: string, vm: SimVM, s: SimSnapshot): SimSnapshotWire => {
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
  };

  const vmAttributes = (base: string, collection: string, vm: SimVM): Record<string, unknown> => ({
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
  });

  /** A VM with every column, or only id, href and the attributes asked for (associations included). */
  const vmWire = (base: string, collection: string, vm: SimVM, attributes: string[] | null) => {
    const all = vmAttributes(base, collection, vm);
    if (attributes === null) return all;
    const picked: Record<string, unknown> = { href: all.href, id: all.id };
    for (const attribute of attributes) {
      if (attribute === 'snapshots') picked.snapshots = vm.snapshots.map((s) => snapshotWire(base, collection, vm, s));
      else if (attribute in all) picked[attribute] = all[attribute];
      // Unknown names render nothing.
    }
    return picked;
  };

  const taskWire = (base: string, task: SimTask) => {
    refresh(task);
    const now = Date.now();
    const pct =
      task.state === 'Queued'
        ? null
        : task.state === 'Finished'
          ? task.status === 'Ok'
            ? 100
            : null
          : Math.min(99, Math.max(1, Math.round(((now - task.activeAt) / Math.max(1, task.finishAt - task.activeAt)) * 100)));
    return {
      href: `${base}/api/tasks/${task.id}`,
      id: String(task.id),
      name: task.name,
      state: task.state,
      status: task.status,
      message: task.message,
      userid: auth.username,
      created_on: iso(task.createdOn),
      updated_on: iso(task.state === 'Active' ? new Date(now) : task.updatedOn),
      pct_complete: pct,
      context_data: null,
      results: null,
      miq_server_id: '1',
      identifier: null,
      started_on: task.startedOn ? iso(task.startedOn) : null,
      zone: 'default',
    };
  };

  // ---- tasks ----

  const later = (ms: number, work: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, ms);
    timers.add(timer);
  };

  /** Queued → Active when its time comes (the effect itself runs on the timer, so nobody needs to poll). */
  const refresh = (task: SimTask) => {
    if (task.state === 'Queued' && Date.now() >= task.activeAt) {
      task.state = 'Active';
      task.startedOn = new Date(task.activeAt);
      task.message = `Processing ${task.name}`;
      task.updatedOn = task.startedOn;
    }
  };

  /** MiqTask.generic_action_with_callback: a Queued task now, the work (effect) when it finishes. */
  const queueTask = (name: string, effect: TaskEffect): SimTask => {
    const now = Date.now();
    const task: SimTask = {
      id: nextTaskId++,
      name,
      state: 'Queued',
      status: 'Ok',
      message: `Queued the action: [${name}] being run for user: [${auth.username}]`,
      createdOn: new Date(now),
      updatedOn: new Date(now),
      startedOn: null,
      activeAt: now + opMs / 5,
      finishAt: now + opMs,
    };
    tasks.set(task.id, task);
    const failure = taskFailures.shift();
    later(opMs, () => {
      refresh(task);
      const error = failure ?? effect();
      task.state = 'Finished';
      task.status = error === null ? 'Ok' : 'Error';
      task.message = error ?? 'Task completed successfully';
      task.updatedOn = new Date();
      task.startedOn ??= new Date(task.activeAt);
    });
    return task;
  };

  const queued = (base: string, message: string, task: SimTask) => ({
    success: true,
    message,
    task_id: String(task.id),
    task_href: `${base}/api/tasks/${task.id}`,
  });

  // ---- effects (run when the task finishes; an error message fails the task) ----

  const createEffect = (vm: SimVM, name: string, description: string | undefined, memory: boolean): TaskEffect => () => {
    if (!vms.includes(vm)) return `Couldn't find Vm with 'id'=${vm.id}`;
    const add = () => {
      const now = new Date();
      const snapshot: SimSnapshot = {
        id: nextSnapshotId++,
        name,
        description: description ?? (vm.cloud ? null : ''),
        parentId: vm.currentId,
        createTime: now,
        createdOn: now,
        totalSize: vm.cloud ? null : 2 * GIB,
        // Memory can only be captured from a running VM.
        hasMemory: memory && vm.powerState === 'on',
      };
      vm.snapshots.push(snapshot);
      vm.currentId = snapshot.id;
    };
    if (inventoryLagMs > 0) later(inventoryLagMs, add);
    else add();
    return null;
  };

  const revertEffect = (vm: SimVM, snapshotId: number): TaskEffect => () => {
    const snapshot = vm.snapshots.find((s) => s.id === snapshotId);
    if (!snapshot) return `Couldn't find Snapshot with 'id'=${snapshotId}`;
    vm.currentId = snapshot.id;
    // VMware: a snapshot with memory resumes the VM, one without leaves it powered off.
    vm.powerState = snapshot.hasMemory ? 'on' : 'off';
    return null;
  };

  const deleteEffect = (vm: SimVM, snapshotId: number): TaskEffect => () => {
    const snapshot = vm.snapshots.find((s) => s.id === snapshotId);
    if (!snapshot) return `Couldn't find Snapshot with 'id'=${snapshotId}`;
    // Children move up to the deleted snapshot's parent; deleting the current makes its parent current.
    for (const child of vm.snapshots) if (child.parentId === snapshot.id) child.parentId = snapshot.parentId;
    if (vm.currentId === snapshot.id) vm.currentId = snapshot.parentId;
    vm.snapshots = vm.snapshots.filter((s) => s !== snapshot);
    return null;
  };

  // ---- collections (README §2.2) ----

  interface Paging {
    offset: number | null;
    limit: number | null;
  }

  const pagingOf = (request: SimRequest): Paging | SimResponse => {
    const rawOffset = request.query.get('offset');
    const rawLimit = request.query.get('limit');
    const paging = { offset: rawOffset === null ? null : toI(rawOffset), limit: rawLimit === null ? null : toI(rawLimit) };
    if (paging.offset !== null && paging.limit === 0) return badRequest('Limit must be greater than zero if offset is specified');
    return paging;
  };

  /** The envelope: count system-wide, subcount returned, pages and links only when offset and limit are both given. */
  const envelope = <T>(
    request: SimRequest,
    name: string,
    count: number,
    rows: readonly T[],
    paging: Paging,
    render: (row: T) => unknown,
  ): SimResponse => {
    const offset = paging.offset ?? 0;
    const effective = Math.min(paging.limit ?? cap, cap);
    const page = rows.slice(offset, offset + effective);
    const href = `${baseOf(request)}${request.path}?${request.query.toString()}`;
    const body: Record<string, unknown> = { name, count, subcount: page.length };
    // LinksBuilder uses the limit as asked, even where the cap made the page smaller.
    if (paging.offset !== null && paging.limit !== null) body.pages = Math.ceil(count / paging.limit);
    body.resources = page.map(render);
    body.actions = [{ name: 'query', method: 'post', href: `${baseOf(request)}${request.path}` }];
    if (paging.offset !== null && paging.limit !== null) body.links = linksOf(href, paging.offset, paging.limit, count);
    return { status: 200, body };
  };

  /** lib/api/links_builder.rb, including its `last` for an exact multiple (an empty page). */
  const linksOf = (href: string, offset: number, limit: number, count: number) => {
    const at = (to: number) => href.replace(`offset=${offset}`, `offset=${to}`);
    const links: Record<string, string> = { self: at(offset) };
    if (offset + limit < count) links.next = at(offset + limit);
    if (offset > 0) links.previous = at(Math.max(0, offset - limit));
    links.first = at(0);
    links.last = at(count - (count % limit));
    return links;
  };

  const expanded = (request: SimRequest) => {
    const attributes = request.query.get('attributes');
    const list = attributes ? attributes.split(',').map((a) => a.trim()).filter(Boolean) : null;
    return { expand: request.query.get('expand') === 'resources' || list !== null, attributes: list };
  };

  const garbageList = (name: string): SimResponse => ({
    status: 200,
    body: { name, count: 'many', resources: [{ id: 'seven', name: 7 }] },
  });

  const listCollection = (collection: SimCollection): SimHandler => (request) => {
    const paging = pagingOf(request);
    if ('status' in paging) return paging;
    if (garbage) return garbageList(collection);
    const rows = rowsOf(collection);
    const { expand, attributes } = expanded(request);
    const base = baseOf(request);
    return envelope(request, collection, rows.length, rows, paging, (vm: SimVM) =>
      expand ? vmWire(base, collection, vm, attributes) : { href: `${base}/api/${collection}/${vm.id}` },
    );
  };

  const getVM: SimHandler = (request) => {
    const { collection, id } = request.params;
    const vm = findVM(collection, id);
    if (!vm || !collection) return notFound(vmClass(collection), id ?? '');
    if (garbage) return { status: 200, body: { id: 'seven', snapshots: [{ id: null }] } };
    return { status: 200, body: vmWire(baseOf(request), collection, vm, expanded(request).attributes) };
  };

  const listSnapshots: SimHandler = (request) => {
    const { collection, id } = request.params;
    const vm = findVM(collection, id);
    if (!vm || !collection) return notFound(vmClass(collection), id ?? '');
    const paging = pagingOf(request);
    if ('status' in paging) return paging;
    if (garbage) return garbageList('snapshots');
    const base = baseOf(request);
    // count is every snapshot the user may see in the whole system, not this VM's.
    const everywhere = vms.reduce((sum, v) => sum + v.snapshots.length, 0);
    return envelope(request, 'snapshots', everywhere, vm.snapshots, paging, (s: SimSnapshot) =>
      expanded(request).expand ? snapshotWire(base, collection, vm, s) : { href: `${base}/api/${collection}/${vm.id}/snapshots/${s.id}` },
    );
  };

  const getSnapshot: SimHandler = (request) => {
    const { collection, id, sid } = request.params;
    const vm = findVM(collection, id);
    if (!vm || !collection) return notFound(vmClass(collection), id ?? '');
    const snapshot = vm.snapshots.find((s) => String(s.id) === sid);
    if (!snapshot) return notFound('Snapshot', sid ?? '');
    return { status: 200, body: snapshotWire(baseOf(request), collection, vm, snapshot) };
  };

  // ---- snapshot actions (subcollections/snapshots.rb) ----

  const unsupportedAction = (action: string) => badRequest(`Unsupported Action ${action} for the snapshots sub-collection`);

  const createOne = (base: string, collection: string, vm: SimVM, data: unknown) => {
    const parsed = wireCreateSnapshotRequest.safeParse(data);
    const name = parsed.success ? parsed.data.name.trim() : '';
    if (!parsed.success || name === '') return { success: false, message: 'Must specify a name for the snapshot' };
    const message = `Creating snapshot ${parsed.data.name} for ${ident(collection, vm)}`;
    const task = queueTask(message, createEffect(vm, parsed.data.name, parsed.data.description, parsed.data.memory ?? false));
    return queued(base, message, task);
  };

  /** delete_resource_snapshots: a missing snapshot raises (404 alone, a failed result in a bulk). */
  const deleteOne = (base: string, collection: string, vm: SimVM, sid: string) => {
    const snapshot = vm.snapshots.find((s) => String(s.id) === sid);
    if (!snapshot) return null;
    const message = `Deleting snapshot ${snapshot.name} for ${ident(collection, vm)}`;
    return queued(base, message, queueTask(message, deleteEffect(vm, snapshot.id)));
  };

  const postSnapshots: SimHandler = (request) => {
    const { collection, id } = request.params;
    const vm = findVM(collection, id);
    if (!vm || !collection) return notFound(vmClass(collection), id ?? '');
    if (typeof request.body !== 'object' || request.body === null) return badRequest('Invalid JSON body');
    const base = baseOf(request);
    const action = wireActionRequest.safeParse(request.body);
    if (!action.success || action.data.action === 'create') {
      // A create answers a results list even for one; its HTTP status follows the first result.
      const items = action.success && action.data.resources ? action.data.resources : [request.body];
      const results = items.map((item) => createOne(base, collection, vm, item));
      return { status: results[0]?.success === false ? 400 : 200, body: { results } };
    }
    if (action.data.action !== 'delete') return unsupportedAction(action.data.action);
    // Bulk delete: one result per resource, HTTP 200 always.
    const results = (action.data.resources ?? []).map((resource) => {
      const sid = resource.id ?? resource.href?.split('/').filter(Boolean).pop() ?? '';
      return deleteOne(base, collection, vm, sid) ?? { success: false, message: `Couldn't find Snapshot with 'id'=${sid}` };
    });
    return { status: 200, body: { results } };
  };

  const postSnapshot: SimHandler = (request) => {
    const { collection, id, sid } = request.params;
    const vm = findVM(collection, id);
    if (!vm || !collection) return notFound(vmClass(collection), id ?? '');
    const action = wireActionRequest.safeParse(request.body);
    if (!action.success) return badRequest('Invalid JSON body');
    const base = baseOf(request);
    switch (action.data.action) {
      case 'revert': {
        // config/api.yml: the instances' snapshots have no revert.
        if (collection === 'instances') return unsupportedAction('revert');
        // snapshots_revert_resource rescues everything, a missing snapshot included, into a failed result.
        const snapshot = vm.snapshots.find((s) => String(s.id) === sid);
        if (!snapshot) return { status: 400, body: { success: false, message: `Couldn't find Snapshot with 'id'=${sid}` } };
        const message = `Reverting to snapshot ${snapshot.name} for ${ident(collection, vm)}`;
        return { status: 200, body: queued(base, message, queueTask(message, revertEffect(vm, snapshot.id))) };
      }
      case 'delete': {
        const result = deleteOne(base, collection, vm, sid ?? '');
        return result ? { status: 200, body: result } : notFound('Snapshot', sid ?? '');
      }
      default:
        return unsupportedAction(action.data.action);
    }
  };

  const deleteSnapshot: SimHandler = (request) => {
    const { collection, id, sid } = request.params;
    const vm = findVM(collection, id);
    if (!vm || !collection) return notFound(vmClass(collection), id ?? '');
    // 204 and no body, though the removal is only queued: the task id is not returned.
    return deleteOne(baseOf(request), collection, vm, sid ?? '') ? { status: 204, text: '' } : notFound('Snapshot', sid ?? '');
  };

  const getTask: SimHandler = (request) => {
    const task = tasks.get(Number(request.params.id));
    if (!task) return notFound('MiqTask', request.params.id ?? '');
    return { status: 200, body: taskWire(baseOf(request), task) };
  };

  // ---- auth (base_controller/authentication.rb) ----

  const issueToken = (request: SimRequest): SimResponse => {
    const ttl = request.query.get('requester_type') === 'ui' ? UI_TOKEN_TTL : auth.ttl;
    const token = randomBytes(16).toString('hex');
    const expiresAt = Date.now() + ttl * 1000;
    tokens.set(token, { expiresAt, ttl });
    logins++;
    const requester = request.query.get('requester_type');
    return {
      status: 200,
      body: { auth_token: token, token_ttl: ttl, expires_on: iso(new Date(expiresAt)), ...(requester ? { requester_type: requester } : {}) },
    };
  };

  /** The user behind the request, or the 401 the server answers. */
  const authenticate = (request: SimRequest): SimResponse | null => {
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const token = header('x-auth-token');
    const basic = /^Basic (.+)$/.exec(header('authorization') ?? '');
    if (token !== undefined) {
      const entry = tokens.get(token);
      if (!entry || entry.expiresAt <= Date.now()) return unauthorized(`Invalid Authentication Token ${token} specified`);
      // Each use renews the token, unless asked not to.
      if (header('x-auth-skip-token-renewal') !== 'true') entry.expiresAt = Date.now() + entry.ttl * 1000;
    } else if (basic?.[1]) {
      const [user, ...rest] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
      if (user !== auth.username || rest.join(':') !== auth.password) return unauthorized('Authentication failed');
    } else {
      // `raise AuthenticationError` without a message: Ruby uses the class name.
      return unauthorized(AUTH_KLASS);
    }
    const group = header('x-miq-group');
    if (group !== undefined && group !== '') {
      const description = decodeURIComponent(group.replace(/\+/g, ' '));
      if (!auth.groups.includes(description)) return unauthorized(`Invalid Authorization Group ${description} specified`);
    }
    return null;
  };

  // ---- plumbing ----

  /** Logged, then injected failures, then auth. */
  const guard = (handler: SimHandler): SimHandler => (request) => {
    log.push({ method: request.method, path: request.path, query: request.query.toString(), body: request.body });
    if (log.length > REQUEST_LOG_SIZE) log.shift();
    const injected = faults.take(request);
    if (injected) return injected;
    return authenticate(request) ?? handler(request);
  };

  const entryPoint: SimHandler = (request) => {
    const base = baseOf(request);
    return {
      status: 200,
      body: {
        name: 'API',
        description: 'REST API',
        version: '4.9.0',
        versions: [{ name: '4.9.0', href: `${base}/api/v4.9.0` }],
        identity: { userid: auth.username, name: 'Administrator', group: auth.groups[0] ?? '', role: 'EvmRole-super_administrator' },
        server_info: { version: 'sim', build: 'lab', appliance: 'lab-manageiq' },
        product_info: { name: 'ManageIQ', name_full: 'ManageIQ' },
        collections: [
          { name: 'instances', href: `${base}/api/instances`, description: 'Instances' },
          { name: 'tasks', href: `${base}/api/tasks`, description: 'Tasks' },
          { name: 'vms', href: `${base}/api/vms`, description: 'Virtual Machines' },
        ],
      },
    };
  };

  const route = (method: string, pattern: string, handler: SimHandler): Route => ({ method, pattern, handler: guard(handler) });
  const routes: Route[] = [
    route('GET', '/api', entryPoint),
    route('GET', '/api/auth', issueToken),
    route('DELETE', '/api/auth', (request) => {
      const token = request.headers['x-auth-token'];
      if (typeof token === 'string') tokens.delete(token);
      return { status: 204, text: '' };
    }),
    route('GET', '/api/tasks/:id', getTask),
    route('GET', '/api/vms', listCollection('vms')),
    route('GET', '/api/instances', listCollection('instances')),
    route('GET', '/api/:collection/:id', getVM),
    route('GET', '/api/:collection/:id/snapshots', listSnapshots),
    route('POST', '/api/:collection/:id/snapshots', postSnapshots),
    route('GET', '/api/:collection/:id/snapshots/:sid', getSnapshot),
    route('POST', '/api/:collection/:id/snapshots/:sid', postSnapshot),
    route('DELETE', '/api/:collection/:id/snapshots/:sid', deleteSnapshot),
  ];

  const running = await startSimulator(
    routes,
    {
      latencyMs: options.latencyMs,
      notFound: (request) =>
        apiError(404, 'not_found', `No route matches [${request.method}] "${request.path}"`, 'ActionController::RoutingError'),
    },
    options.port ?? 0,
  );

  const vmOf = (collection: SimCollection, id: string) => findVM(collection, id);

  return {
    ...running,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await running.close();
    },
    ids: (collection) => (collection === 'vms' ? vms.filter((vm) => !vm.cloud) : rowsOf('instances')).map((vm) => String(vm.id)),
    name: (collection, id) => vmOf(collection, id)?.name ?? null,
    powerState: (collection, id) => vmOf(collection, id)?.powerState ?? null,
    setPowerState: (collection, id, state) => {
      const vm = vmOf(collection, id);
      if (!vm) throw new Error(`no simulated ${collection} ${id}`);
      vm.powerState = state;
    },
    snapshotsOf: (collection, id) => {
      const vm = vmOf(collection, id);
      return vm ? vm.snapshots.map((s) => snapshotWire(running.url, collection, vm, s)) : [];
    },
    failNext: (method, pathContains, status, body) => faults.failNext(method, pathContains, status, body),
    setGarbage: (on) => {
      garbage = on;
    },
    failNextTask: (message) => {
      taskFailures.push(message);
    },
    expireTokens: () => {
      for (const entry of tokens.values()) entry.expiresAt = 0;
    },
    loginCount: () => logins,
    requests: () => [...log],
  };
}
