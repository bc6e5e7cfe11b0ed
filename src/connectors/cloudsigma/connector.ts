// The CLOUDSIGMA connector: maps CloudSigma API 2.0 (servers, drives, drive snapshots at /snapshots/, clones followed
// through /jobs/, Basic auth) onto Connector. Snapshots belong to drives; a VM's snapshots are those of its drives.
import { z } from 'zod';
import type {
  DriveRecord,
  DriveStatus,
  MetadataEntry,
  PowerState,
  SnapshotRecord,
  SnapshotStatus,
  VMRecord,
} from '../../domain/model.js';
import type { ActionResult, TaskState } from '../../domain/operation.js';
import type {
  BulkDeleteSlice,
  CloneSlice,
  Connector,
  ConnectorFactory,
  ConnectorOptions,
  CreateSnapshotRequest,
  DriveSlice,
  Flags,
  SnapshotTarget,
  UpdateSlice,
  UpdateSnapshotRequest,
} from '../connector.js';
import { BackendApi, isOk, SingleFlight, staticAuth } from '../api.js';
import type { NoSettings, OptionsSpec } from '../credentials.js';
import { listedDrives } from '../listedDrives.js';
import { BackendFailure } from '../errors.js';
import { byKeys, underVMs } from '../keys.js';
import { parseWire, type RawResponse } from '../http.js';
import { taskCodec, type TaskCodec } from '../tasks.js';
import {
  type WireDrive,
  type WireJob,
  type WireServer,
  type WireSnapshot,
  dateOfTimestamp,
  readWireError,
  wireDrive,
  wireDriveList,
  wireJob,
  wireList,
  wireServerList,
  wireSnapshot,
  wireSnapshotList,
  wireSnapshotObjects,
  type WireCreateSnapshotsRequest,
} from './wire.js';
import { statusReader } from '../statusWords.js';
import { asError } from '../../thrown.js';

// No revert slice: the way back is a clone into a new drive.
const FLAGS: Flags = {
  memorySnapshots: false,
  quiesce: false,
  // Snapshots have no parents.
  snapshotTree: false,
  metadata: true,
};

/** The meta key where a clone's origin is written, since CloudSigma does not record it. */
export const CLONED_FROM_META = 'cloned_from_snapshot';
/** The meta key that holds a snapshot's description (CloudSigma's own convention for drives and servers). */
const DESCRIPTION_META = 'description';
/** Pages past the first are bounded, so a server claiming a billion records cannot make us send a million requests. */
const MAX_PAGES = 10_000;

const credentialsSchema = z.object({ username: z.string().min(1), password: z.string() });
type Credentials = z.output<typeof credentialsSchema>;
export const CLOUDSIGMA_CREDENTIALS: OptionsSpec<Credentials> = {
  schema: credentialsSchema,
  needs: 'CloudSigma credentials need a username (the account email) and a password',
};

/** What pollTask follows (as `tasks` reads it back): a create (until available), a clone (its job, then the drive), a delete (until 404). */
const taskRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('create'), uuid: z.string().min(1) }),
  z.object({ kind: z.literal('delete'), uuid: z.string().min(1) }),
  z.object({ kind: z.literal('clone'), drive: z.string().min(1), job: z.string().nullable(), snapshot: z.string().min(1) }),
]);
type TaskRef = z.infer<typeof taskRef>;

// ---- mapping (pure, exported for the contract tests) ----

export const powerStateOf = statusReader<PowerState>(
  [
    ['RUNNING', ['running']],
    ['STOPPED', ['stopped']],
    ['PAUSED', ['paused']],
  ],
  'UNKNOWN',
);

export const driveStatusOf = statusReader<DriveStatus>(
  [
    ['IN_USE', ['mounted']],
    ['READY', ['unmounted']],
    ['CREATING', ['creating', 'cloning_dst', 'cloning_src', 'resizing', 'uploading']],
    ['ERROR', ['unavailable']],
  ],
  'UNKNOWN',
);

export const snapshotStatusOf = statusReader<SnapshotStatus>(
  [
    ['CREATING', ['creating']],
    ['READY', ['available']],
    ['DELETING', ['deleting']],
  ],
  'ERROR',
);

const textOf = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Meta as metadata entries, without the keys the gateway shows elsewhere (description). */
function metadataOf(meta: Record<string, unknown> | null | undefined): MetadataEntry[] {
  return Object.entries(meta ?? {})
    .filter(([key]) => key !== DESCRIPTION_META)
    .map(([key, value]) => ({ key, value: textOf(value) }));
}

export function mapDrive(backend: string, drive: WireDrive, vmKey: string | null = null): DriveRecord {
  const origin = drive.meta?.[CLONED_FROM_META];
  return {
    entity: 'Drive',
    backend,
    key: drive.uuid,
    name: drive.name ?? drive.uuid,
    sizeBytes: drive.size ?? null,
    status: driveStatusOf(drive.status),
    vmKey: vmKey ?? drive.mounted_on?.[0]?.uuid ?? null,
    clonedFromKey: typeof origin === 'string' && origin !== '' ? origin : null,
  };
}

/** A server as a VM, its drives (in boot order) inline, so the drive level costs nothing more. */
export function mapServer(backend: string, server: WireServer, drives: ReadonlyMap<string, WireDrive>): VMRecord {
  const attached = [...(server.drives ?? [])].sort((a, b) => (a.boot_order ?? Infinity) - (b.boot_order ?? Infinity));
  return {
    entity: 'VM',
    backend,
    key: server.uuid,
    name: server.name ?? server.uuid,
    kind: 'VM',
    powerState: powerStateOf(server.status),
    drives: attached.flatMap(({ drive }) => {
      const found = drives.get(drive);
      return found ? [mapDrive(backend, found, server.uuid)] : [];
    }),
  };
}

export function mapSnapshot(backend: string, snapshot: WireSnapshot, vmKey: string | null): SnapshotRecord {
  const description = snapshot.meta?.[DESCRIPTION_META];
  return {
    entity: 'Snapshot',
    backend,
    key: snapshot.uuid,
    name: snapshot.name ?? snapshot.uuid,
    description: description === undefined || description === '' ? null : textOf(description),
    createdAt: snapshot.timestamp ? dateOfTimestamp(snapshot.timestamp) : null,
    status: snapshotStatusOf(snapshot.status),
    vmPowerState: null,
    isCurrent: false,
    hasMemory: false,
    hasDisk: true,
    sizeBytes: snapshot.allocated_size ?? null,
    vmKey,
    driveKey: snapshot.drive,
    parentKey: null,
    metadata: metadataOf(snapshot.meta),
    scheduleKey: null,
  };
}

/** The server each drive is mounted on: the servers' drive lists when known, else the drives' mounted_on. */
function attachmentsOf(drives: readonly WireDrive[], servers: readonly WireServer[] = []): Map<string, string> {
  const vmOf = new Map<string, string>();
  for (const drive of drives) {
    const server = drive.mounted_on?.[0]?.uuid;
    if (server) vmOf.set(drive.uuid, server);
  }
  for (const server of servers) for (const { drive } of server.drives ?? []) vmOf.set(drive, server.uuid);
  return vmOf;
}

// ---- the connector ----

class CloudSigmaConnector implements Connector {
  readonly kind = 'CLOUDSIGMA' as const;
  readonly flags = FLAGS;
  readonly name: string;
  readonly tasks: TaskCodec;
  readonly drives: DriveSlice = listedDrives({
    driveSnapshots: true,
    listDrives: () => this.listDrives(),
    listSnapshotsOfDrives: (driveKeys) => this.listSnapshotsOfDrives(driveKeys),
  });
  readonly clone: CloneSlice = { cloneSnapshot: (snapshotKey, name) => this.cloneSnapshot(snapshotKey, name) };
  readonly update: UpdateSlice = { updateSnapshot: (snapshotKey, request) => this.updateSnapshot(snapshotKey, request) };
  readonly bulkDelete: BulkDeleteSlice = { deleteSnapshots: (snapshotKeys) => this.deleteSnapshots(snapshotKeys) };
  private readonly api: BackendApi;
  // Listings in flight, shared by callers that ask for the same one at once (the two snapshot loaders of a level).
  private readonly serverListing = new SingleFlight<WireServer[]>();
  private readonly driveListing = new SingleFlight<WireDrive[]>();
  private readonly snapshotListing = new SingleFlight<WireSnapshot[]>();

  constructor(options: ConnectorOptions<Credentials, NoSettings>) {
    this.name = options.name;
    this.tasks = taskCodec(options.name, 'CloudSigma', taskRef, (ref) => this.pollTask(ref));
    const { credentials } = options;
    const basic = Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64');
    this.api = new BackendApi({
      backend: options.name,
      baseUrl: options.baseUrl,
      http: options.http,
      // Basic on every request: no token, nothing to renew.
      auth: staticAuth({ authorization: `Basic ${basic}` }),
      failure: (response) => this.failure(response),
    });
  }

  // ---- reads: one listing per resource type, whatever the number of keys ----

  async listVMs(): Promise<VMRecord[]> {
    const [servers, drives] = await Promise.all([this.servers(), this.wireDrives()]);
    const byUuid = new Map(drives.map((drive) => [drive.uuid, drive]));
    return servers.map((server) => mapServer(this.name, server, byUuid));
  }

  async getVMs(keys: readonly string[]): Promise<(VMRecord | null)[]> {
    return byKeys(keys, () => this.listVMs());
  }

  private async listDrives(): Promise<DriveRecord[]> {
    return (await this.wireDrives()).map((drive) => mapDrive(this.name, drive));
  }

  async listSnapshotsOfVMs(vmKeys: readonly string[]): Promise<SnapshotRecord[]> {
    return underVMs(vmKeys, () => this.allSnapshots());
  }

  private async listSnapshotsOfDrives(driveKeys: readonly string[]): Promise<SnapshotRecord[]> {
    if (driveKeys.length === 0) return [];
    const wanted = new Set(driveKeys);
    return (await this.allSnapshots()).filter((s) => s.driveKey !== null && wanted.has(s.driveKey));
  }

  async getSnapshots(keys: readonly string[]): Promise<(SnapshotRecord | null)[]> {
    return byKeys(keys, () => this.allSnapshots());
  }

  async ping(): Promise<void> {
    // Authenticated and tiny: proves the credentials too.
    await this.api.call('GET', '/servers/', wireList(z.object({ uuid: z.string() })), { query: { limit: 1, fields: 'uuid' } });
  }

  // ---- actions ----

  refuseSnapshotTarget(target: VMRecord | DriveRecord): string | null {
    if (target.entity !== 'VM') return null;
    const drives = target.drives ?? [];
    if (drives.length === 0) return `CloudSigma snapshots single drives, and server '${target.name}' has no drive attached`;
    const names = drives.map((d) => `'${d.name}'`).join(', ');
    return `CloudSigma snapshots single drives, not servers: pick one of the drives of '${target.name}' (${names}) and use its Drive id`;
  }

  async createSnapshot(target: SnapshotTarget, request: CreateSnapshotRequest): Promise<ActionResult> {
    if (target.entity !== 'Drive') {
      throw new BackendFailure(this.name, 'CloudSigma snapshots single drives: pick one of the server’s drives', 'UNSUPPORTED');
    }
    const meta: Record<string, string> = Object.fromEntries(request.metadata.map((e) => [e.key, e.value]));
    if (request.description) meta[DESCRIPTION_META] = request.description;
    const body: WireCreateSnapshotsRequest = { objects: [{ drive: target.key, name: request.name, meta }] };
    const answer = await this.api.call('POST', '/snapshots/', wireSnapshotObjects, { json: body });
    const created = answer.objects[0];
    if (!created) throw new BackendFailure(this.name, 'the create answer holds no snapshot', 'BAD_RESPONSE');
    if (created.status === 'available') return { done: true, snapshotKey: created.uuid };
    return { done: false, task: { kind: 'create', uuid: created.uuid } satisfies TaskRef, snapshotKey: created.uuid, message: 'creating' };
  }

  private async cloneSnapshot(snapshotKey: string, name: string | null): Promise<ActionResult> {
    const drive = await this.api.call('POST', `/snapshots/${enc(snapshotKey)}/action/`, wireDrive, {
      query: { do: 'clone' },
      json: name === null ? {} : { name },
    });
    const job = drive.jobs?.[0]?.uuid ?? null;
    return {
      done: false,
      task: { kind: 'clone', drive: drive.uuid, job, snapshot: snapshotKey } satisfies TaskRef,
      driveKey: drive.uuid,
      message: drive.status,
    };
  }

  private async updateSnapshot(snapshotKey: string, request: UpdateSnapshotRequest): Promise<ActionResult> {
    // PUT replaces name and meta, and wants the drive: read them first.
    const current = await this.api.call('GET', snapshotPath(snapshotKey), wireSnapshot);
    const meta: Record<string, unknown> = request.metadata
      ? Object.fromEntries(request.metadata.map((e) => [e.key, e.value]))
      : Object.fromEntries(Object.entries(current.meta ?? {}).filter(([key]) => key !== DESCRIPTION_META));
    const description = request.description ?? current.meta?.[DESCRIPTION_META];
    if (description !== undefined && description !== '') meta[DESCRIPTION_META] = description;
    const updated = await this.api.call('PUT', snapshotPath(snapshotKey), wireSnapshot, {
      json: { drive: current.drive, name: request.name ?? current.name ?? undefined, meta },
    });
    return { done: true, snapshotKey: updated.uuid };
  }

  async deleteSnapshot(snapshotKey: string): Promise<ActionResult> {
    // 204 with a text/html body: the deletion has only started.
    await this.api.expectOk('DELETE', snapshotPath(snapshotKey));
    return { done: false, task: { kind: 'delete', uuid: snapshotKey } satisfies TaskRef, snapshotKey };
  }

  /** One DELETE /snapshots/ for all of them; each then follows its own deletion. */
  private async deleteSnapshots(snapshotKeys: readonly string[]): Promise<(ActionResult | Error)[]> {
    if (snapshotKeys.length === 0) return [];
    try {
      await this.api.expectOk('DELETE', '/snapshots/', { json: { objects: snapshotKeys.map((uuid) => ({ uuid })) } });
    } catch (error) {
      const failure = asError(error);
      return snapshotKeys.map(() => failure);
    }
    return snapshotKeys.map((uuid) => ({ done: false, task: { kind: 'delete', uuid } satisfies TaskRef, snapshotKey: uuid }));
  }

  private async pollTask(ref: TaskRef): Promise<TaskState> {
    switch (ref.kind) {
      case 'create':
        return this.pollCreate(ref.uuid);
      case 'delete':
        return this.pollDelete(ref.uuid);
      case 'clone':
        return this.pollClone(ref);
    }
  }

  async close(): Promise<void> {
    // Connections belong to the shared HttpClient; Basic auth holds no session.
  }

  // ---- task following ----

  private async pollCreate(uuid: string): Promise<TaskState> {
    const response = await this.api.send('GET', snapshotPath(uuid));
    if (response.status === 404) return this.failedBy(response);
    if (!isOk(response)) throw this.failure(response);
    const snapshot = parseWire(this.name, wireSnapshot, response.body, `GET ${snapshotPath(uuid)}`);
    switch (snapshot.status) {
      case 'available':
        return { status: 'SUCCEEDED', snapshotKey: uuid, message: 'available' };
      case 'creating':
        return { status: 'RUNNING', message: 'creating' };
      default:
        return { status: 'FAILED', error: { code: snapshot.status, message: `the snapshot is ${snapshot.status}` } };
    }
  }

  private async pollDelete(uuid: string): Promise<TaskState> {
    const response = await this.api.send('GET', snapshotPath(uuid));
    // Gone: the background deletion is over.
    if (response.status === 404) return { status: 'SUCCEEDED', snapshotKey: uuid, message: 'deleted' };
    if (!isOk(response)) throw this.failure(response);
    return { status: 'RUNNING', message: 'deleting' };
  }

  /**
   * The job's progress while it runs; once it succeeded and the drive left cloning_dst, the origin is written into
   * the drive's meta (CloudSigma keeps no record of it) and the operation ends with the new drive.
   */
  private async pollClone(ref: Extract<TaskRef, { kind: 'clone' }>): Promise<TaskState> {
    let progress: number | null = null;
    if (ref.job !== null) {
      const job = await this.api.call('GET', `/jobs/${enc(ref.job)}/`, wireJob);
      const failed = jobFailure(job);
      if (failed !== null) return { status: 'FAILED', error: { code: 'JOB_FAILED', message: failed } };
      progress = jobProgress(job);
      if (job.state !== 'success' && progress < 100) return { status: 'RUNNING', progress, message: `cloning: ${job.state}` };
    }
    const path = `/drives/${enc(ref.drive)}/`;
    const response = await this.api.send('GET', path);
    if (response.status === 404) return this.failedBy(response);
    if (!isOk(response)) throw this.failure(response);
    const drive = parseWire(this.name, wireDrive, response.body, `GET ${path}`);
    const status = driveStatusOf(drive.status);
    if (status === 'ERROR') return { status: 'FAILED', error: { code: drive.status, message: `the new drive is ${drive.status}` } };
    if (status === 'CREATING') return { status: 'RUNNING', progress: progress === null ? null : Math.min(progress, 99), message: drive.status };
    if (drive.meta?.[CLONED_FROM_META] !== ref.snapshot) {
      await this.api.call('PUT', path, wireDrive, {
        json: {
          name: drive.name ?? drive.uuid,
          size: drive.size ?? 0,
          media: drive.media ?? 'disk',
          meta: { ...(drive.meta ?? {}), [CLONED_FROM_META]: ref.snapshot },
        },
      });
    }
    return { status: 'SUCCEEDED', driveKey: drive.uuid, snapshotKey: ref.snapshot, message: drive.status };
  }

  /** A 404 while following: the thing is gone, which ends the operation with the backend's message. */
  private failedBy(response: RawResponse): TaskState {
    const error = readWireError(response.status, response.body);
    return { status: 'FAILED', error: { code: error.code ?? String(response.status), message: error.message } };
  }

  // ---- listings ----

  private servers(): Promise<WireServer[]> {
    return this.serverListing.run(() => this.listAll('/servers/detail/', wireServerList));
  }

  private wireDrives(): Promise<WireDrive[]> {
    return this.driveListing.run(() => this.listAll('/drives/detail/', wireDriveList));
  }

  /** Every snapshot, each with the server of its drive; two listings at once (the drives say where they are mounted). */
  private async allSnapshots(): Promise<SnapshotRecord[]> {
    const [snapshots, drives] = await Promise.all([
      this.snapshotListing.run(() => this.listAll('/snapshots/detail/', wireSnapshotList)),
      this.wireDrives(),
    ]);
    const vmOf = attachmentsOf(drives);
    return snapshots.map((s) => mapSnapshot(this.name, s, vmOf.get(s.drive) ?? null));
  }

  /**
   * `limit=0` asks for everything in one answer; a server that caps the page anyway answers short of total_count,
   * and the rest is read in pages of the size it allowed, all at once.
   */
  private async listAll<T>(
    path: string,
    schema: z.ZodType<{ meta: { total_count: number }; objects: T[] }>,
  ): Promise<T[]> {
    const first = await this.api.call('GET', path, schema, { query: { limit: 0 } });
    const step = first.objects.length;
    const total = first.meta.total_count;
    const offsets: number[] = [];
    for (let offset = step; step > 0 && offset < total && offsets.length < MAX_PAGES; offset += step) offsets.push(offset);
    const rest = await Promise.all(offsets.map((offset) => this.api.call('GET', path, schema, { query: { limit: step, offset } })));
    return [first, ...rest].flatMap((page) => page.objects);
  }

  private failure(response: RawResponse): BackendFailure {
    const error = readWireError(response.status, response.body);
    return BackendFailure.fromAnswer(this.name, error.message, response.status, error.code);
  }
}


const enc = (uuid: string): string => encodeURIComponent(uuid);
const snapshotPath = (uuid: string): string => `/snapshots/${enc(uuid)}/`;

/** data.progress, 0..100 (clamped; absent reads as 0). */
export function jobProgress(job: WireJob): number {
  const progress = job.data?.progress;
  return typeof progress === 'number' && Number.isFinite(progress) ? Math.max(0, Math.min(100, Math.round(progress))) : 0;
}

/**
 * The message of a failed job, or null. jobs.rst documents only "started" and "success"; any state that is neither
 * and not an obvious synonym of running is a failure, its message from data (error/message) when it has one [INF].
 */
export function jobFailure(job: WireJob): string | null {
  if (['started', 'success', 'queued', 'running', 'pending'].includes(job.state)) return null;
  for (const key of ['error', 'error_message', 'message']) {
    const value = job.data?.[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return `the ${job.operation ?? 'backend'} job ended in state '${job.state}'`;
}


export const createCloudSigmaConnector: ConnectorFactory<Credentials, NoSettings> = (options) => new CloudSigmaConnector(options);
