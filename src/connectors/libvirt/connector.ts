// The LIBVIRT connector: maps the libgo REST API (VMs, per-VM snapshot trees, synchronous actions, optional JWT login)
// onto the unified Connector interface.
import { z } from 'zod';
import type { Capabilities, DriveRecord, PowerState, SnapshotRecord, VMRecord } from '../../domain/model.js';
import type { ActionResult, JsonValue, TaskState } from '../../domain/operation.js';
import type {
  Connector,
  ConnectorFactory,
  ConnectorOptions,
  CreateSnapshotRequest,
  SnapshotTarget,
} from '../connector.js';
import { BackendFailure } from '../errors.js';
import { BackendApi, tokenAuth, type Token } from '../api.js';
import type { HttpMethod, RawResponse } from '../http.js';
import { byKeys, inKeyOrder, joinKey, splitKey } from '../keys.js';
import {
  type WireDisk,
  type WireSnapshot,
  type WireVM,
  readWireError,
  wireActionAnswer,
  wireHealth,
  wireLoginAnswer,
  wireSnapshotAnswer,
  wireSnapshotList,
  wireVMList,
} from './wire.js';

const CAPABILITIES: Capabilities = {
  memorySnapshots: true,
  quiesce: true,
  revert: true,
  clone: false,
  driveSnapshots: false,
  snapshotTree: true,
  bulkDelete: false,
  update: false,
  schedules: false,
  // libvirt snapshots have a name and a description, no key/value store.
  metadata: false,
};

/** The server's maximum page size (larger values are clamped to it). */
const PAGE_SIZE = 100;
/** The server clamps `page` to 1000, so asking past it would repeat the last page. */
const MAX_PAGE = 1000;

const credentialsSchema = z.object({ username: z.string().optional(), password: z.string().optional() });

interface Credentials {
  username: string;
  password: string;
}


// ---- mapping (pure, exported for the contract tests) ----

/** libgo VM status or libvirt snapshot state → unified power state. */
export function powerStateOf(state: string): PowerState {
  switch (state.toLowerCase()) {
    case 'running':
      return 'RUNNING';
    case 'paused':
      return 'PAUSED';
    case 'stopped':
    case 'shutdown':
    case 'shutoff':
    case 'crashed':
      return 'STOPPED';
    default:
      return 'UNKNOWN';
  }
}

function dateOf(text: string): Date | null {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The last path segment names a disk best (`vm-1.qcow2`); the target device is the fallback. */
function driveName(disk: WireDisk): string {
  const segment = disk.path.split('/').filter(Boolean).pop();
  return segment ?? disk.device ?? disk.path;
}

export function mapDrive(backend: string, vmName: string, disk: WireDisk): DriveRecord {
  return {
    entity: 'Drive',
    backend,
    key: joinKey(vmName, disk.path),
    name: driveName(disk),
    sizeBytes: disk.sizeBytes ?? null,
    status: 'IN_USE',
    vmKey: vmName,
    clonedFromKey: null,
  };
}

export function mapVM(backend: string, vm: WireVM): VMRecord {
  return {
    entity: 'VM',
    backend,
    key: vm.name,
    name: vm.name,
    kind: 'VM',
    powerState: powerStateOf(vm.status),
    // The list carries the disks, so drives never need a call of their own.
    drives: vm.disks.map((disk) => mapDrive(backend, vm.name, disk)),
  };
}

export function mapSnapshot(backend: string, vmName: string, snapshot: WireSnapshot): SnapshotRecord {
  return {
    entity: 'Snapshot',
    backend,
    key: joinKey(vmName, snapshot.name),
    name: snapshot.name,
    description: snapshot.description || null,
    createdAt: dateOf(snapshot.created_at),
    status: 'READY',
    vmPowerState: powerStateOf(snapshot.state),
    isCurrent: snapshot.is_current,
    hasMemory: snapshot.has_memory,
    hasDisk: snapshot.has_disk,
    sizeBytes: null,
    vmKey: vmName,
    driveKey: null,
    parentKey: snapshot.parent ? joinKey(vmName, snapshot.parent) : null,
    metadata: [],
    scheduleKey: null,
  };
}

// ---- the connector ----

const vmPath = (vm: string): string => `/api/v1/vms/${encodeURIComponent(vm)}`;
const snapshotsPath = (vm: string): string => `${vmPath(vm)}/snapshots`;
const snapshotPath = (vm: string, snapshot: string): string =>
  `${snapshotsPath(vm)}/${encodeURIComponent(snapshot)}`;

const unique = (values: readonly string[]): string[] => [...new Set(values)];

/** A failure that, from this server, may only mean "no such VM or snapshot" (it answers 500 for those). */
function mayMeanMissing(error: unknown): boolean {
  if (!(error instanceof BackendFailure)) return false;
  if (error.backendCode !== null) return ['INTERNAL_SERVER_ERROR', 'NOT_FOUND'].includes(error.backendCode);
  return error.httpStatus === 500 || error.httpStatus === 404;
}

class LibvirtConnector implements Connector {
  readonly kind = 'LIBVIRT';
  readonly capabilities: Capabilities = CAPABILITIES;
  readonly name: string;
  private readonly api: BackendApi;

  constructor(options: ConnectorOptions) {
    this.name = options.name;
    const credentials = readCredentials(options.name, options.credentials);
    this.api = new BackendApi({
      backend: options.name,
      baseUrl: options.baseUrl,
      http: options.http,
      // The login is optional on this server: without credentials, no auth header at all.
      ...(credentials && {
        auth: tokenAuth({
          login: () => this.logIn(credentials),
          header: (token) => ({ authorization: `Bearer ${token}` }),
        }),
      }),
      failure: (response) => this.failure(response),
    });
  }

  // ---- reads ----

  async listVMs(): Promise<VMRecord[]> {
    const vms = await this.fetchVMs();
    return vms.map((vm) => mapVM(this.name, vm));
  }

  async getVMs(keys: readonly string[]): Promise<(VMRecord | null)[]> {
    return byKeys(keys, () => this.listVMs());
  }

  async listDrivesOfVMs(vmKeys: readonly string[]): Promise<DriveRecord[]> {
    if (vmKeys.length === 0) return [];
    const wanted = new Set(vmKeys);
    return (await this.listVMs()).filter((vm) => wanted.has(vm.key)).flatMap((vm) => vm.drives ?? []);
  }

  async listDrives(): Promise<DriveRecord[]> {
    return (await this.listVMs()).flatMap((vm) => vm.drives ?? []);
  }

  async getDrives(keys: readonly string[]): Promise<(DriveRecord | null)[]> {
    return byKeys(keys, () => this.listDrives());
  }

  async listSnapshotsOfVMs(vmKeys: readonly string[]): Promise<SnapshotRecord[]> {
    const byVM = await this.snapshotsByVM(unique(vmKeys));
    return [...byVM.values()].flat();
  }

  async listSnapshotsOfDrives(driveKeys: readonly string[]): Promise<SnapshotRecord[]> {
    // A libvirt snapshot covers every disk of its VM: answer the VM's disk snapshots once, unchanged; callers group by vmKey.
    const vmNames = driveKeys.map((key) => splitKey(key, 2)?.[0]).filter((vm) => vm !== undefined);
    return (await this.listSnapshotsOfVMs(vmNames)).filter((snapshot) => snapshot.hasDisk);
  }

  async getSnapshots(keys: readonly string[]): Promise<(SnapshotRecord | null)[]> {
    const parsed = keys.map((key) => splitKey(key, 2));
    const vmNames = unique(parsed.flatMap((parts) => (parts?.[0] === undefined ? [] : [parts[0]])));
    const byVM = await this.snapshotsByVM(vmNames);
    return inKeyOrder(keys, [...byVM.values()].flat());
  }

  async ping(): Promise<void> {
    // Health sits outside /api/v1 and needs no token.
    const health = await this.api.call('GET', '/health', wireHealth, { anonymous: true });
    if (health.status.toLowerCase() !== 'up') {
      throw new BackendFailure(this.name, `health status is ${health.status}`, 'SERVER_ERROR', { backendCode: health.status });
    }
  }

  // ---- actions (all synchronous on this server) ----

  async createSnapshot(target: SnapshotTarget, request: CreateSnapshotRequest): Promise<ActionResult> {
    if (target.entity !== 'VM') {
      throw new BackendFailure(this.name, 'libvirt snapshots cover a whole VM, not a single drive', 'UNSUPPORTED');
    }
    const vm = target.key;
    // libvirt snapshots have no metadata store, so request.metadata has nowhere to go.
    const body = {
      name: request.name,
      ...(request.description === null ? {} : { description: request.description }),
      include_memory: request.includeMemory,
      quiesce: request.quiesce,
    };
    try {
      const answer = await this.api.call('POST', snapshotsPath(vm), wireSnapshotAnswer, { json: body });
      return { done: true, snapshotKey: joinKey(vm, answer.snapshot.name) };
    } catch (error) {
      if (mayMeanMissing(error) && (await this.confirmsMissing(async () => !(await this.vmExists(vm))))) {
        throw new BackendFailure(this.name, `VM ${vm} not found`, 'NOT_FOUND');
      }
      throw error;
    }
  }

  async revertSnapshot(snapshotKey: string): Promise<ActionResult> {
    return this.snapshotAction(snapshotKey, 'PUT', (vm, snapshot) => `${snapshotPath(vm, snapshot)}/revert`);
  }

  async deleteSnapshot(snapshotKey: string): Promise<ActionResult> {
    return this.snapshotAction(snapshotKey, 'DELETE', snapshotPath);
  }

  /** Never called: every action answers `done: true`, so there is no task to follow. */
  async pollTask(_task: JsonValue): Promise<TaskState> {
    throw new BackendFailure(this.name, 'libvirt actions are synchronous; there is no task to poll', 'UNSUPPORTED');
  }

  async close(): Promise<void> {
    // Connections belong to the shared HttpClient; nothing of our own to release.
  }

  // ---- helpers ----

  private async snapshotAction(
    snapshotKey: string,
    method: HttpMethod,
    path: (vm: string, snapshot: string) => string,
  ): Promise<ActionResult> {
    const parts = splitKey(snapshotKey, 2);
    const [vm, snapshot] = parts ?? [];
    if (vm === undefined || snapshot === undefined) {
      throw new BackendFailure(this.name, `not a libvirt snapshot key: ${snapshotKey}`, 'NOT_FOUND');
    }
    try {
      const answer = await this.api.call(method, path(vm, snapshot), wireActionAnswer);
      if (!answer.success) throw new BackendFailure(this.name, answer.message ?? 'the server reported failure', 'TASK_FAILED');
      return { done: true, snapshotKey, ...(answer.message === undefined ? {} : { message: answer.message }) };
    } catch (error) {
      // The server says 500 for a missing VM or snapshot; a list tells whether that is what it meant.
      const missing = async () => (await this.getSnapshots([snapshotKey]))[0] === null;
      if (mayMeanMissing(error) && (await this.confirmsMissing(missing))) {
        throw new BackendFailure(this.name, `snapshot ${snapshot} of VM ${vm} not found`, 'NOT_FOUND');
      }
      throw error;
    }
  }

  /** All VMs: page 1 tells the total, the other pages are fetched together. */
  private async fetchVMs(): Promise<WireVM[]> {
    const first = await this.vmPage(1);
    const perPage = first.pageSize ?? first.vms.length;
    const pages = perPage > 0 && first.vms.length < first.count ? Math.min(Math.ceil(first.count / perPage), MAX_PAGE) : 1;
    const rest = await Promise.all(Array.from({ length: pages - 1 }, (_, i) => this.vmPage(i + 2)));
    // A VM created or removed between pages may shift another one onto two pages.
    const byName = new Map<string, WireVM>();
    for (const vm of [first, ...rest].flatMap((page) => page.vms)) if (!byName.has(vm.name)) byName.set(vm.name, vm);
    return [...byName.values()];
  }

  private vmPage(page: number) {
    return this.api.call('GET', '/api/v1/vms', wireVMList, { query: { page, pageSize: PAGE_SIZE } });
  }

  private async vmExists(vm: string): Promise<boolean> {
    return (await this.fetchVMs()).some((candidate) => candidate.name === vm);
  }

  /** Runs an existence check after a 500; if the check itself fails, the original error is the better report. */
  private async confirmsMissing(check: () => Promise<boolean>): Promise<boolean> {
    try {
      return await check();
    } catch {
      return false;
    }
  }

  /** One list per VM (no batch endpoint). VMs that turn out not to exist get no entry instead of failing the batch. */
  private async snapshotsByVM(vmNames: readonly string[]): Promise<Map<string, SnapshotRecord[]>> {
    const settled = await Promise.allSettled(vmNames.map((vm) => this.snapshotsOf(vm)));
    const failed = settled.flatMap((result, i) => (result.status === 'rejected' ? [{ vm: vmNames[i], result }] : []));
    const hard = failed.find(({ result }) => !mayMeanMissing(result.reason));
    if (hard) throw hard.result.reason;
    if (failed.length > 0) {
      const existing = new Set((await this.fetchVMs()).map((vm) => vm.name));
      const real = failed.find(({ vm }) => vm !== undefined && existing.has(vm));
      if (real) throw real.result.reason;
    }
    const byVM = new Map<string, SnapshotRecord[]>();
    settled.forEach((result, i) => {
      const vm = vmNames[i];
      if (result.status === 'fulfilled' && vm !== undefined) byVM.set(vm, result.value);
    });
    return byVM;
  }

  private async snapshotsOf(vm: string): Promise<SnapshotRecord[]> {
    // Not tree=true: that returns the roots only, flat; every item of the plain list names its parent.
    const answer = await this.api.call('GET', snapshotsPath(vm), wireSnapshotList);
    return answer.snapshots.map((snapshot) => mapSnapshot(this.name, vm, snapshot));
  }

  /** Logs in with the configured credentials; the token's expiry comes with it. */
  private async logIn(credentials: Credentials): Promise<Token> {
    const answer = await this.api.call('POST', '/api/v1/auth/login', wireLoginAnswer, {
      anonymous: true,
      json: { username: credentials.username, password: credentials.password },
    });
    return { value: answer.token, expiresAt: new Date(answer.expiresAt).getTime() };
  }

  /** A non-2xx answer as a BackendFailure: the body's message and code in either error shape, else the status. */
  private failure(response: RawResponse): BackendFailure {
    const error = readWireError(response.body);
    return BackendFailure.fromAnswer(this.name, error?.message || `HTTP ${response.status}`, response.status, error?.code || null);
  }
}

/** Both username and password, or neither (no auth); one without the other is a configuration mistake. */
function readCredentials(backend: string, raw: Record<string, string>): Credentials | null {
  const { username, password } = credentialsSchema.parse(raw);
  if (!username && !password) return null;
  if (!username || password === undefined) {
    throw new Error(`backend ${backend}: libvirt credentials need both username and password`);
  }
  return { username, password };
}

export const createLibvirtConnector: ConnectorFactory = (options) => new LibvirtConnector(options);
