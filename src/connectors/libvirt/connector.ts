// The LIBVIRT connector: the "VM Snapshot API" (libgo) as its real server behaves (README, LIBVIRT notes): VMs with
// their disks, snapshot trees read by name where its list answers empty, synchronous actions, optional JWT login.
import { z } from 'zod';
import type { DriveRecord, SnapshotRecord, VMRecord } from '../../domain/model.js';
import type { ActionResult } from '../../domain/operation.js';
import type {
  Connector,
  ConnectorFactory,
  ConnectorOptions,
  CreateSnapshotRequest,
  DriveSlice,
  Flags,
  Refusal,
  RevertSlice,
  SnapshotTarget,
} from '../connector.js';
import type { NoSettings, OptionsSpec } from '../credentials.js';
import { lacksWhenInactive } from '../libvirtMemory.js';
import { listedDrives } from '../listedDrives.js';
import { BackendFailure } from '../errors.js';
import { BackendApi, tokenAuth, type Token } from '../api.js';
import type { RawResponse } from '../http.js';
import { noTasks, type TaskCodec } from '../tasks.js';
import { byKeys, joinKey, splitKey } from '../keys.js';
import { mapVM } from './mapping.js';
import {
  CREATE_FAILED_WITHOUT_REASON,
  DELETE_FAILED_WITHOUT_REASON,
  REVERT_FAILED_WITHOUT_REASON,
  refuseCreate,
} from './refusals.js';
import { mayMeanMissing, snapshotPath, snapshotsPath, SnapshotReads } from './snapshots.js';
import { readWireError, wireActionAnswer, wireLoginAnswer, wireSnapshotAnswer, wireVMList, type WireVM } from './wire.js';

export { mapSnapshot, mapVM } from './mapping.js';

const FLAGS: Flags = {
  // For VMs that are running or paused (lacksFor): libvirt checkpoints an active domain's RAM by itself.
  memorySnapshots: true,
  // libgo sends CREATE_QUIESCE without DISK_ONLY, which libvirt always refuses.
  quiesce: false,
  snapshotTree: true,
  // libvirt snapshots have a name and a description, no key/value store.
  metadata: false,
};

/** The server's maximum page size (larger values are clamped to it). */
const PAGE_SIZE = 100;
/** The server clamps `page` to 1000, so asking past it would repeat the last page. */
const MAX_PAGE = 1000;

/** Both or neither: the libgo server may run without auth. */
const credentialsSchema = z.union([
  z.object({ username: z.string().min(1), password: z.string() }).strict(),
  z.object({}).strict().transform(() => null),
]);
type Credentials = NonNullable<z.output<typeof credentialsSchema>>;
export const LIBVIRT_CREDENTIALS: OptionsSpec<Credentials | null> = { schema: credentialsSchema, needs: 'libvirt credentials need both username and password' };
type Options = ConnectorOptions<Credentials | null, NoSettings>;

/** A create that happened, when the gateway could not write down that it did (its ledger's store was away). */
const NOT_RECORDED =
  "created; the gateway could not record it in its ledger (its store is unreachable), so this server's empty list may hide it until it is read by id";

/** The server's own code and status of a failure, kept beside the gateway's reading of it. */
const detailOf = (error: unknown) =>
  error instanceof BackendFailure ? { backendCode: error.backendCode, httpStatus: error.httpStatus } : {};

/** What libgo's error handler says for every 500, whatever went wrong. */
const GENERIC_500 = 'An internal server error occurred';

const unique = (values: readonly string[]): string[] => [...new Set(values)];

class LibvirtConnector implements Connector {
  readonly kind = 'LIBVIRT';
  readonly flags: Flags = FLAGS;
  readonly name: string;
  /** Every action answers `done: true`, so there is never a task to follow. */
  readonly tasks: TaskCodec;
  // The VMs' disks are read, but a snapshot covers the whole VM.
  readonly drives: DriveSlice = listedDrives({
    driveSnapshots: false,
    listDrives: () => this.listDrives(),
    listSnapshotsOfDrives: (driveKeys) => this.listSnapshotsOfDrives(driveKeys),
  });
  readonly revert: RevertSlice = { revertSnapshot: (snapshotKey) => this.revertSnapshot(snapshotKey) };
  private readonly api: BackendApi;
  private readonly snapshots: SnapshotReads;

  constructor(options: Options) {
    this.name = options.name;
    this.tasks = noTasks(options.name, 'libvirt actions are synchronous; there is no task to poll');
    const { credentials } = options;
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
    this.snapshots = new SnapshotReads(options.name, this.api, options.ledger);
  }

  /**
   * Memory: libgo maps include_memory to CREATE_LIVE, which libvirt refuses with internal memory, so the gateway never
   * sends it; a snapshot of a running or paused VM holds its RAM anyway (flags 0), one of a stopped VM cannot.
   */
  readonly lacksFor = lacksWhenInactive;

  // ---- reads ----

  async listVMs(): Promise<VMRecord[]> {
    const vms = await this.fetchVMs();
    return vms.map((vm) => mapVM(this.name, vm));
  }

  async getVMs(keys: readonly string[]): Promise<(VMRecord | null)[]> {
    return byKeys(keys, () => this.listVMs());
  }

  private async listDrives(): Promise<DriveRecord[]> {
    return (await this.listVMs()).flatMap((vm) => vm.drives ?? []);
  }

  async listSnapshotsOfVMs(vmKeys: readonly string[]): Promise<SnapshotRecord[]> {
    if (vmKeys.length === 0) return [];
    const byVM = await this.snapshots.ofVMs(unique(vmKeys));
    return [...byVM.values()].flat();
  }

  private async listSnapshotsOfDrives(driveKeys: readonly string[]): Promise<SnapshotRecord[]> {
    // A libvirt snapshot covers every disk of its VM: answer the VM's disk snapshots once, unchanged; callers group by vmKey.
    const vmNames = driveKeys.map((key) => splitKey(key, 2)?.[0]).filter((vm) => vm !== undefined);
    return (await this.listSnapshotsOfVMs(vmNames)).filter((snapshot) => snapshot.hasDisk);
  }

  /** Each by name: the one read this server answers for every snapshot, listed or not. */
  async getSnapshots(keys: readonly string[]): Promise<(SnapshotRecord | null)[]> {
    const pairs = keys.map((key) => {
      const [vm, name] = splitKey(key, 2) ?? [];
      return vm !== undefined && name !== undefined ? ([vm, name] as const) : null;
    });
    return this.snapshots.byKeys(pairs);
  }

  async findSnapshot(target: SnapshotTarget, name: string): Promise<SnapshotRecord | null> {
    if (target.entity !== 'VM') return null;
    const [found] = await this.snapshots.byKeys([[target.key, name]]);
    return found ?? null;
  }

  /** One VM of the list: it answers only when the server and libvirt both work (libgo's own /health is 503 on a working stack). */
  async ping(): Promise<void> {
    await this.vmPage(1, 1);
  }

  // ---- actions (all synchronous on this server) ----

  refuseCreate(request: CreateSnapshotRequest): Refusal | null {
    return refuseCreate(request);
  }

  async createSnapshot(target: SnapshotTarget, request: CreateSnapshotRequest): Promise<ActionResult> {
    if (target.entity !== 'VM') {
      throw new BackendFailure(this.name, 'libvirt snapshots cover a whole VM, not a single drive', 'UNSUPPORTED');
    }
    const vm = target.key;
    // No include_memory (libgo's CREATE_LIVE is always refused) and no quiesce (refused without DISK_ONLY): with flags
    // 0 libvirt keeps the RAM of an active VM, which is what includeMemory asks for where it is allowed.
    const body = { name: request.name, ...(request.description === null ? {} : { description: request.description }) };
    // created_at has whole seconds: a snapshot stamped in the second the request went out or later is this one.
    const sentSecond = Math.floor(Date.now() / 1000) * 1000;
    try {
      const created = (await this.api.call('POST', snapshotsPath(vm), wireSnapshotAnswer, { json: body })).snapshot;
      const recorded = await this.snapshots.remember(vm, created.parent ? [created.name, created.parent] : [created.name]);
      return { done: true, snapshotKey: joinKey(vm, created.name), ...(!recorded && { message: NOT_RECORDED }) };
    } catch (error) {
      if (!mayMeanMissing(error)) throw error;
      // The answer said failed without saying why; what libvirt holds now tells more.
      if (!(await this.snapshots.vmExists(vm))) throw new BackendFailure(this.name, `VM ${vm} not found`, 'NOT_FOUND');
      const now = await this.snapshots.byName(vm, request.name);
      if (now && new Date(now.created_at).getTime() >= sentSecond) {
        await this.snapshots.remember(vm, [now.name]);
        return { done: true, snapshotKey: joinKey(vm, now.name), message: 'the server answered 500, but libvirt holds the new snapshot' };
      }
      if (now) throw new BackendFailure(this.name, `VM ${vm} already has a snapshot named '${request.name}'`, 'CONFLICT', detailOf(error));
      throw this.unexplained(error, CREATE_FAILED_WITHOUT_REASON);
    }
  }

  private async revertSnapshot(snapshotKey: string): Promise<ActionResult> {
    const [vm, name] = await this.existing(snapshotKey);
    try {
      this.expectSuccess(await this.api.call('PUT', `${snapshotPath(vm, name)}/revert`, wireActionAnswer));
      await this.snapshots.remember(vm, [name]);
      return { done: true, snapshotKey };
    } catch (error) {
      if (!mayMeanMissing(error)) throw error;
      const now = await this.snapshots.byName(vm, name);
      if (!now) throw this.notFound(vm, name);
      if (now.is_current) return { done: true, snapshotKey, message: 'the server answered 500, but libvirt shows the VM at this snapshot' };
      throw this.unexplained(error, REVERT_FAILED_WITHOUT_REASON);
    }
  }

  async deleteSnapshot(snapshotKey: string): Promise<ActionResult> {
    const [vm, name] = await this.existing(snapshotKey);
    try {
      this.expectSuccess(await this.api.call('DELETE', snapshotPath(vm, name), wireActionAnswer));
      // libvirt re-parents the children onto the deleted snapshot's parent; the ledger keeps knowing them.
      await this.snapshots.forget(vm, [name]);
      return { done: true, snapshotKey };
    } catch (error) {
      if (!mayMeanMissing(error)) throw error;
      if (await this.snapshots.byName(vm, name)) throw this.unexplained(error, DELETE_FAILED_WITHOUT_REASON);
      // It was there just before the request, so it went with this delete.
      await this.snapshots.forget(vm, [name]);
      return { done: true, snapshotKey, message: 'the server answered 500, but libvirt no longer holds the snapshot' };
    }
  }

  async close(): Promise<void> {
    // Connections belong to the shared HttpClient; nothing of our own to release.
  }

  // ---- helpers ----

  /**
   * The VM and name of a snapshot that exists now, read by name before acting: the server answers the same 500 for a
   * missing snapshot as for a failed action, and a snapshot seen just before lets a 500 be read against libvirt after.
   */
  private async existing(snapshotKey: string): Promise<[vm: string, name: string]> {
    const [vm, name] = splitKey(snapshotKey, 2) ?? [];
    if (vm === undefined || name === undefined) {
      throw new BackendFailure(this.name, `not a libvirt snapshot key: ${snapshotKey}`, 'NOT_FOUND');
    }
    if (!(await this.snapshots.byName(vm, name))) throw this.notFound(vm, name);
    return [vm, name];
  }

  /** A 500 the gateway could not explain: the server's own words where it gave any, else what the gateway knows. */
  private unexplained(error: unknown, whatWeKnow: string): unknown {
    const generic = error instanceof BackendFailure && error.message === GENERIC_500;
    return generic ? new BackendFailure(this.name, whatWeKnow, 'SERVER_ERROR', detailOf(error)) : error;
  }

  private notFound(vm: string, name: string): BackendFailure {
    return new BackendFailure(this.name, `snapshot ${name} of VM ${vm} not found`, 'NOT_FOUND');
  }

  private expectSuccess(answer: { success: boolean; message?: string | undefined }): void {
    if (!answer.success) throw new BackendFailure(this.name, answer.message ?? 'the server reported failure', 'TASK_FAILED');
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

  private vmPage(page: number, pageSize = PAGE_SIZE) {
    return this.api.call('GET', '/api/v1/vms', wireVMList, { query: { page, pageSize } });
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

export const createLibvirtConnector: ConnectorFactory<Credentials | null, NoSettings> = (options) => new LibvirtConnector(options);
