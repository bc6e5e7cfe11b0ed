// The DENVR connector: maps the DenvrCloud API (virtual servers and snapshots per configured cluster, each cluster
// failing on its own, the ABP envelope or a bare DTO on every answer, 202 creates and deletes followed through
// GetSnapshot, token auth with a refresh token) onto Connector.
import { z } from 'zod';
import type { DriveRecord, PowerState, SnapshotRecord, VMRecord } from '../../domain/model.js';
import type { ActionResult, TaskState } from '../../domain/operation.js';
import type { Connector, ConnectorFactory, ConnectorOptions, CreateSnapshotRequest, Flags, SnapshotTarget } from '../connector.js';
import { BackendApi, isOk, tokenAuth, type CallOptions, type Token } from '../api.js';
import type { OptionsSpec } from '../credentials.js';
import { BackendFailure } from '../errors.js';
import { parseWire, type HttpMethod, type RawResponse } from '../http.js';
import { inKeyOrder, joinKey, splitKey } from '../keys.js';
import { readParts, type Part } from '../parts.js';
import { taskCodec, type TaskCodec } from '../tasks.js';
import {
  type WireServer,
  type WireSnapshot,
  bytesOf,
  dateOf,
  readWireError,
  unwrap,
  wireAuthenticateResult,
  wireRefreshTokenResult,
  wireServerList,
  wireSnapshot,
  wireSnapshotCommandOutput,
  wireSnapshotList,
} from './wire.js';

// No slices: Denvr restores by creating a new server from the snapshot (not in place), and snapshots whole servers
// whose disks are not part of the gateway's model for it.
const FLAGS: Flags = { memorySnapshots: false, quiesce: false, snapshotTree: false, metadata: false };

const PATHS = {
  authenticate: '/api/TokenAuth/Authenticate',
  refresh: '/api/TokenAuth/RefreshToken',
  servers: '/api/v1/servers/virtual/GetServers',
  snapshots: '/api/v1/servers/snapshots/GetSnapshots',
  snapshot: '/api/v1/servers/snapshots/GetSnapshot',
  create: '/api/v1/servers/snapshots/CreateSnapshot',
  delete: '/api/v1/servers/snapshots/DeleteSnapshot',
} as const;

/** Renew this long before the access token expires; a quarter of lifetimes shorter than four times that. */
const RENEW_MARGIN_MS = 30_000;

const settingsSchema = z.object({
  clusters: z.array(z.string().min(1)).min(1),
  /** Where snapshots whose item carries no namespace are looked for. */
  defaultNamespace: z.string().min(1).optional(),
});
type DenvrSettings = z.infer<typeof settingsSchema>;

const credentialsSchema = z.object({ username: z.string().min(1), password: z.string() });
type Credentials = z.infer<typeof credentialsSchema>;
export const DENVR_CREDENTIALS: OptionsSpec<Credentials> = {
  schema: credentialsSchema,
  needs: 'Denvr credentials need a username (or email address) and a password',
};
export const DENVR_SETTINGS: OptionsSpec<DenvrSettings> = {
  schema: settingsSchema,
  needs: 'Denvr settings need clusters: a non-empty list of cluster names, and optionally defaultNamespace',
};

/** What pollTask follows (as `tasks` reads it back): a snapshot until readyToUse (create) or until it is gone (delete). */
const taskRef = z.object({
  op: z.enum(['create', 'delete']),
  cluster: z.string().min(1),
  namespace: z.string().min(1),
  id: z.string().min(1),
});
type TaskRef = z.infer<typeof taskRef>;

interface Ref {
  cluster: string;
  namespace: string;
  name: string;
}

// ---- keys ----

export const vmKeyOf = (cluster: string, namespace: string, name: string): string => joinKey(cluster, namespace, name);
export const snapshotKeyOf = (cluster: string, namespace: string, name: string): string => joinKey(cluster, namespace, name);

/** The cluster, namespace and name of a VM or snapshot key (both have the same three parts). */
export function parseKey(key: string): Ref | null {
  const [cluster, namespace, name] = splitKey(key, 3) ?? [];
  if (!cluster || !namespace || !name) return null;
  return { cluster, namespace, name };
}

// ---- mapping (pure, exported for the contract tests) ----

/**
 * ONLINE runs and OFFLINE is stopped; nothing else is either: PLANNED has no machine yet, the PENDING states wait
 * for resources or readiness, "na" (right after create) and unknown statuses say nothing.
 */
export function powerStateOf(status: string | null): PowerState {
  switch (status?.toUpperCase()) {
    case 'ONLINE':
      return 'RUNNING';
    case 'OFFLINE':
      return 'STOPPED';
    default:
      return 'UNKNOWN';
  }
}

/** The statuses a server can be snapshotted in (see refuseSnapshotTarget): those powerStateOf maps to a known state. */
const SNAPSHOTTABLE_STATUSES = ['ONLINE', 'OFFLINE'] as const;

export function mapServer(backend: string, cluster: string, server: WireServer): VMRecord {
  return {
    entity: 'VM',
    backend,
    // The item's own cluster when it has one; the one asked for otherwise.
    key: vmKeyOf(server.cluster ?? cluster, server.namespace, server.id),
    name: server.id,
    kind: 'VM',
    powerState: powerStateOf(server.status),
    // Denvr snapshots whole servers: an empty drive list spares the drive level any request.
    drives: [],
  };
}

export function mapSnapshot(
  backend: string,
  cluster: string,
  snapshot: WireSnapshot,
  defaultNamespace: string | null = null,
  deleting = false,
): SnapshotRecord | null {
  const namespace = snapshot.namespace ?? defaultNamespace;
  // A snapshot without a namespace cannot be addressed (GetSnapshot needs one).
  if (namespace === null) return null;
  return {
    entity: 'Snapshot',
    backend,
    key: snapshotKeyOf(cluster, namespace, snapshot.id),
    name: snapshot.id,
    description: null,
    createdAt: dateOf(snapshot.creationDate),
    status: deleting ? 'DELETING' : snapshot.readyToUse ? 'READY' : 'CREATING',
    vmPowerState: null,
    isCurrent: false,
    hasMemory: false,
    hasDisk: true,
    sizeBytes: bytesOf(snapshot.rootDiskSize),
    vmKey: snapshot.sourceName === null ? null : vmKeyOf(cluster, namespace, snapshot.sourceName),
    driveKey: null,
    parentKey: null,
    metadata: [],
    scheduleKey: null,
  };
}

// ---- the connector ----

interface DenvrConnectorOptions extends ConnectorOptions<Credentials, DenvrSettings> {
  /** Epoch milliseconds, Date.now unless given: a test's manual clock, shared with its simulator. */
  now?: () => number;
}

class DenvrConnector implements Connector {
  readonly kind = 'DENVR' as const;
  readonly flags = FLAGS;
  readonly name: string;
  readonly tasks: TaskCodec;
  private readonly api: BackendApi;
  private readonly clusters: readonly string[];
  private readonly defaultNamespace: string | null;
  private readonly credentials: Credentials;
  /** The refresh token of the last login, and when it stops being valid (epoch ms). */
  private refreshToken: { value: string; expiresAt: number } | null = null;
  // Listings in flight per cluster, shared by loaders asking at the same time (snapshots of VMs, snapshots by key).
  private readonly serverListing = new SingleFlight<WireServer[]>();
  private readonly snapshotListing = new SingleFlight<WireSnapshot[]>();
  /** Snapshots this gateway is deleting, shown as DELETING until they are gone. */
  private readonly deleting = new Set<string>();

  /** The time the tokens' lifetimes are measured on. */
  private readonly now: () => number;

  constructor(options: DenvrConnectorOptions) {
    this.name = options.name;
    this.tasks = taskCodec(options.name, 'Denvr', taskRef, (ref) => this.pollTask(ref));
    this.now = options.now ?? (() => Date.now());
    const { settings } = options;
    this.clusters = settings.clusters;
    this.defaultNamespace = settings.defaultNamespace ?? null;
    this.credentials = options.credentials;
    this.api = new BackendApi({
      backend: options.name,
      baseUrl: options.baseUrl,
      http: options.http,
      auth: tokenAuth({
        // The refresh token first, even after a 401 (tokenAuth forgets the old token before it renews).
        login: () => this.renewOrLogIn(),
        refresh: () => this.refresh(),
        header: (token) => ({ authorization: `Bearer ${token}` }),
        // The margin is in each token's expiresAt (see tokenOf), so it can shrink with short lifetimes.
        renewMarginMs: 0,
        now: this.now,
      }),
      failure: (response) => this.failure(response),
    });
  }

  /** VM and snapshot keys are cluster/namespace/name: the namespace is the tenancy unit. */
  namespaceOf(key: string): string | null {
    return parseKey(key)?.namespace ?? null;
  }

  // ---- reads: one listing per cluster, whatever the number of keys ----

  async listVMs(): Promise<VMRecord[]> {
    return readParts(this.name, this.clusters.map((cluster) => ({ name: `cluster ${cluster}`, read: () => this.vmsIn(cluster) })));
  }

  async getVMs(keys: readonly string[]): Promise<(VMRecord | null)[]> {
    if (keys.length === 0) return [];
    return inKeyOrder(keys, await readParts(this.name, this.partsOf(keys, (cluster) => this.vmsIn(cluster))));
  }

  async listSnapshotsOfVMs(vmKeys: readonly string[]): Promise<SnapshotRecord[]> {
    if (vmKeys.length === 0) return [];
    const wanted = new Set(vmKeys);
    const parts = this.partsOf(vmKeys, async (cluster) =>
      (await this.snapshotsIn(cluster)).filter((s) => s.vmKey !== null && wanted.has(s.vmKey)),
    );
    return readParts(this.name, parts);
  }

  /** Every cluster's snapshots: those whose server was destroyed (or restored into a new one) outlive it. */
  async listSnapshots(): Promise<SnapshotRecord[]> {
    return readParts(this.name, this.clusters.map((cluster) => ({ name: `cluster ${cluster}`, read: () => this.snapshotsIn(cluster) })));
  }

  async getSnapshots(keys: readonly string[]): Promise<(SnapshotRecord | null)[]> {
    if (keys.length === 0) return [];
    return inKeyOrder(keys, await readParts(this.name, this.partsOf(keys, (cluster) => this.snapshotsIn(cluster))));
  }

  async ping(): Promise<void> {
    // Authenticated: proves the credentials and the first cluster.
    await this.servers(this.firstCluster());
  }

  // ---- actions ----

  /**
   * Denvr snapshots a server that is ONLINE or OFFLINE [INF: the API says nothing; its SDK waits for these two
   * before acting on a server]: PLANNED and PENDING ones have no settled machine to snapshot, so the gateway says so
   * before sending anything. Those are exactly the servers whose power state is UNKNOWN (see powerStateOf).
   */
  refuseSnapshotTarget(target: VMRecord | DriveRecord): string | null {
    if (target.entity !== 'VM' || target.powerState !== 'UNKNOWN') return null;
    return `Denvr snapshots a server once it is ${SNAPSHOTTABLE_STATUSES.join(' or ')}; '${target.name}' is not (planned, pending or not reported yet)`;
  }

  async createSnapshot(target: SnapshotTarget, request: CreateSnapshotRequest): Promise<ActionResult> {
    if (target.entity !== 'VM') {
      throw new BackendFailure(this.name, 'Denvr snapshots whole virtual servers, not single drives', 'UNSUPPORTED');
    }
    const vm = this.ref(target.key, 'VM');
    // CreateSnapshotInput has no description: Denvr keeps none.
    const body = { name: request.name, namespace: vm.namespace, cluster: vm.cluster, sourceVMName: vm.name };
    const created = await this.call('POST', PATHS.create, wireSnapshot, { json: body });
    const namespace = created.namespace ?? vm.namespace;
    const snapshotKey = snapshotKeyOf(vm.cluster, namespace, created.id);
    if (created.readyToUse) return { done: true, snapshotKey, message: 'ready to use' };
    return { done: false, task: { op: 'create', cluster: vm.cluster, namespace, id: created.id } satisfies TaskRef, snapshotKey, message: 'creating' };
  }

  async deleteSnapshot(snapshotKey: string): Promise<ActionResult> {
    const snapshot = this.ref(snapshotKey, 'snapshot');
    await this.call('DELETE', PATHS.delete, wireSnapshotCommandOutput, { query: queryOf(snapshot) });
    this.deleting.add(snapshotKey);
    const task = { op: 'delete', cluster: snapshot.cluster, namespace: snapshot.namespace, id: snapshot.name } satisfies TaskRef;
    return { done: false, task, snapshotKey, message: 'deleting' };
  }

  private async pollTask(ref: TaskRef): Promise<TaskState> {
    const snapshotKey = snapshotKeyOf(ref.cluster, ref.namespace, ref.id);
    const response = await this.api.send('GET', PATHS.snapshot, {
      query: queryOf({ cluster: ref.cluster, namespace: ref.namespace, name: ref.id }),
    });
    if (ref.op === 'delete') {
      // Gone: the deletion is over. No task id exists; absence is the only sign.
      if (response.status === 404) {
        this.deleting.delete(snapshotKey);
        return { status: 'SUCCEEDED', snapshotKey, message: 'deleted' };
      }
      this.payload(response, wireSnapshot, PATHS.snapshot);
      return { status: 'RUNNING', message: 'deleting' };
    }
    if (!isOk(response)) {
      // The snapshot vanished, or the server reports its failure as an error envelope (ABP answers 500 for those).
      const error = readWireError(response.status, response.body);
      if (response.status === 404 || (response.status !== 401 && hasMessage(response))) {
        return { status: 'FAILED', error: { code: error.code ?? String(response.status), message: error.message } };
      }
      throw this.failure(response);
    }
    const snapshot = this.payload(response, wireSnapshot, PATHS.snapshot);
    if (snapshot.readyToUse) return { status: 'SUCCEEDED', snapshotKey, message: 'ready to use' };
    return { status: 'RUNNING', message: 'creating' };
  }

  async close(): Promise<void> {
    // Connections belong to the shared HttpClient; the tokens simply expire.
  }

  // ---- listings ----

  private async vmsIn(cluster: string): Promise<VMRecord[]> {
    return (await this.servers(cluster)).map((server) => mapServer(this.name, cluster, server));
  }

  private async snapshotsIn(cluster: string): Promise<SnapshotRecord[]> {
    return (await this.snapshots(cluster)).flatMap((snapshot) => {
      const record = mapSnapshot(this.name, cluster, snapshot, this.defaultNamespace);
      if (!record) return [];
      return [this.deleting.has(record.key) ? { ...record, status: 'DELETING' as const } : record];
    });
  }

  /** GetServers of one cluster: everything at once (ListResultDto, no paging). */
  private servers(cluster: string): Promise<WireServer[]> {
    return this.serverListing.run(cluster, async () => (await this.call('GET', PATHS.servers, wireServerList, { query: { Cluster: cluster } })).items);
  }

  private snapshots(cluster: string): Promise<WireSnapshot[]> {
    return this.snapshotListing.run(cluster, async () => (await this.call('GET', PATHS.snapshots, wireSnapshotList, { query: { Cluster: cluster } })).items);
  }

  /**
   * One part per configured cluster these keys name (in configuration order), holding its keys, so a failing
   * cluster fails only its own keys; keys of other clusters find nothing.
   */
  private partsOf<T>(keys: readonly string[], read: (cluster: string) => Promise<T[]>): Part<T>[] {
    return this.clusters.flatMap((cluster) => {
      const held = keys.filter((key) => parseKey(key)?.cluster === cluster);
      return held.length === 0 ? [] : [{ name: `cluster ${cluster}`, read: () => read(cluster), keys: held }];
    });
  }

  private firstCluster(): string {
    const [first] = this.clusters;
    if (first === undefined) throw new Error(`backend ${this.name}: no cluster configured`);
    return first;
  }

  // ---- the wire ----

  /** One exchange: a non-2xx answer or an envelope with success false is a failure; the result is parsed. */
  private async call<S extends z.ZodType>(method: HttpMethod, path: string, schema: S, call: CallOptions = {}): Promise<z.output<S>> {
    const response = await this.api.send(method, path, call);
    if (!isOk(response)) throw this.failure(response);
    return this.payload(response, schema, path, method);
  }

  /** A 2xx body unwrapped (envelope or bare DTO) and parsed; an envelope that reports an error throws it. */
  private payload<S extends z.ZodType>(response: RawResponse, schema: S, path: string, method: HttpMethod = 'GET'): z.output<S> {
    if (!isOk(response)) throw this.failure(response);
    const unwrapped = unwrap(response.body);
    // A 2xx whose envelope says it failed: the backend could not do it, whatever its status says.
    if (!unwrapped.ok) {
      throw new BackendFailure(this.name, unwrapped.message, 'SERVER_ERROR', { backendCode: unwrapped.code, httpStatus: response.status });
    }
    return parseWire(this.name, schema, unwrapped.result, `${method} ${path}`);
  }

  private failure(response: RawResponse): BackendFailure {
    const error = readWireError(response.status, response.body);
    return BackendFailure.fromAnswer(this.name, error.message, response.status, error.code);
  }

  // ---- auth ----

  /** The refresh token while it is valid, else a full login. */
  private async renewOrLogIn(): Promise<Token> {
    if (this.refreshToken && this.refreshToken.expiresAt > this.now()) {
      try {
        return await this.refresh();
      } catch {
        // A refresh token the server no longer takes: log in again.
      }
    }
    return this.logIn();
  }

  private async logIn(): Promise<Token> {
    const issuedAt = this.now();
    const answer = await this.call('POST', PATHS.authenticate, wireAuthenticateResult, {
      anonymous: true,
      json: { userNameOrEmailAddress: this.credentials.username, password: this.credentials.password },
    });
    this.refreshToken =
      answer.refreshToken === null
        ? null
        : {
            value: answer.refreshToken,
            // No lifetime given: the server decides, and a refused refresh falls back to a login.
            expiresAt: answer.refreshTokenExpireInSeconds === null ? Infinity : issuedAt + answer.refreshTokenExpireInSeconds * 1000,
          };
    return tokenOf(answer.accessToken, answer.expireInSeconds, issuedAt);
  }

  private async refresh(): Promise<Token> {
    const refresh = this.refreshToken;
    if (!refresh || refresh.expiresAt <= this.now()) throw new BackendFailure(this.name, 'no valid refresh token', 'UNAUTHORIZED');
    const issuedAt = this.now();
    try {
      const answer = await this.call('GET', PATHS.refresh, wireRefreshTokenResult, { anonymous: true, query: { refreshToken: refresh.value } });
      return tokenOf(answer.accessToken, answer.expireInSeconds, issuedAt);
    } catch (error) {
      // Refused once, refused again: do not try it before the next login.
      if (this.refreshToken === refresh) this.refreshToken = null;
      throw error;
    }
  }

  private ref(key: string, what: 'VM' | 'snapshot'): Ref {
    const ref = parseKey(key);
    if (!ref || !this.clusters.includes(ref.cluster)) throw new BackendFailure(this.name, `not a Denvr ${what} key: ${key}`, 'NOT_FOUND');
    return ref;
  }
}

/** When tokenAuth should renew: before the server's expiry by the margin, or by a quarter of a short lifetime. */
function tokenOf(value: string, expireInSeconds: number, issuedAt: number): Token {
  const lifetime = expireInSeconds * 1000;
  return { value, expiresAt: issuedAt + lifetime - Math.min(RENEW_MARGIN_MS, lifetime / 4) };
}

const queryOf = (ref: Ref): Record<string, string> => ({ Id: ref.name, Namespace: ref.namespace, Cluster: ref.cluster });

/** An error envelope with a message: the server's own word on the request, not a proxy's or a crash's. */
const hasMessage = (response: RawResponse): boolean => !unwrap(response.body).ok;

/** One request per key for callers asking the same thing at the same time; nothing is kept once it answered. */
class SingleFlight<T> {
  private readonly pending = new Map<string, Promise<T>>();

  run(key: string, load: () => Promise<T>): Promise<T> {
    let pending = this.pending.get(key);
    if (!pending) {
      pending = load().finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }
}

export const createDenvrConnector = ((options: DenvrConnectorOptions) => new DenvrConnector(options)) satisfies ConnectorFactory<Credentials, DenvrSettings>;
