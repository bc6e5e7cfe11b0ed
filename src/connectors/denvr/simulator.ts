// A DenvrCloud API double (README §5): ABP token auth with refresh tokens, the `{result, success, error, …, __abp}`
// envelope on every answer (or bare DTOs, as the OpenAPI shows), virtual servers and snapshots per cluster and
// namespace with mixed-casing items, 202 creates and deletes that finish after opMs, ABP's status codes, servers
// that are planned or pending (and cannot be snapshotted), clusters that fail on their own; plus knobs.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  FaultQueue,
  type Route,
  type RunningSimulator,
  type SimHandler,
  type SimRequest,
  type SimResponse,
  startSimulator,
} from '../../lab/simulatorServer.js';
import { wireAuthenticateRequest, wireCreateSnapshotRequest } from './wire.js';

export const DENVR_SIM_DEFAULT_VMS = 5;
export const DENVR_SIM_DEFAULT_CLUSTERS = ['Hou1', 'Msc1'] as const;
export const DENVR_SIM_DEFAULT_NAMESPACE = 'denvr';
export const DENVR_SIM_DEFAULT_AUTH = { username: 'lab@denvr.test', password: 'lab-denvr-secret' };
/** What a gateway backend spec needs in `settings` to see every cluster of a default simulator. */
export const DENVR_SIM_DEFAULT_SETTINGS = { clusters: [...DENVR_SIM_DEFAULT_CLUSTERS] };

export interface DenvrSimOptions {
  /** Virtual servers, spread over the clusters in turn. */
  vmCount: number;
  clusters?: string[];
  /** Added to every answer. */
  latencyMs?: number;
  /** How long a snapshot takes to become readyToUse, and a deletion to end. */
  opMs?: number;
  auth?: { username: string; password: string };
  /** Access token lifetime (expireInSeconds); 86400 unless given. */
  tokenTtlSeconds?: number;
  /** Refresh token lifetime (refreshTokenExpireInSeconds); 365 days unless given. */
  refreshTokenTtlSeconds?: number;
  /** False: bare DTOs as the OpenAPI declares them, no envelope (errors keep theirs). */
  envelope?: boolean;
  port?: number;
}

export interface SimServerView {
  cluster: string;
  namespace: string;
  name: string;
  status: string;
}

export interface SimSnapshotView {
  cluster: string;
  namespace: string;
  name: string;
  sourceName: string | null;
  readyToUse: boolean;
  deleting: boolean;
  creationDate: string;
  rootDiskSize: string;
}

/** What every request naming a cluster answers while the cluster fails (see failCluster). */
export interface SimClusterFault {
  status: number;
  message: string;
  /** Only requests whose path contains this (e.g. 'GetSnapshots'); every request naming the cluster otherwise. */
  pathContains?: string;
}

export interface SimLoggedRequest {
  method: string;
  path: string;
  query: string;
  body: unknown;
}

export interface DenvrSimulator extends RunningSimulator {
  servers(): SimServerView[];
  /** Every snapshot still there (deleting ones until they are gone; failed ones are gone). */
  snapshots(): SimSnapshotView[];
  setStatus(cluster: string, name: string, status: string): void;
  /** DestroyServer with DeleteSnapshots=false: the server is gone, its snapshots stay (with its name as sourceName). */
  destroyServer(cluster: string, name: string): void;
  /** Until called again with null, every request naming this cluster (query or body) answers the fault's ABP error. */
  failCluster(cluster: string, fault: SimClusterFault | null): void;
  /** The next request whose method matches and whose path contains `pathContains` gets this answer instead. */
  failNext(method: string, pathContains: string, status: number, body?: unknown): void;
  /** While on, listings and GetSnapshot answer JSON of the wrong shape. */
  setGarbage(on: boolean): void;
  /** The next snapshot created fails after opMs with this message: it disappears, and GetSnapshot answers the error. */
  failNextSnapshot(message: string): void;
  /** Every access token issued so far stops being valid. */
  expireTokens(): void;
  /** Every refresh token issued so far stops being valid. */
  expireRefreshTokens(): void;
  /** Successful Authenticate calls so far. */
  loginCount(): number;
  /** Successful RefreshToken calls so far. */
  refreshCount(): number;
  /** Every request answered so far (the newest 10 000), in order. */
  requests(): SimLoggedRequest[];
}

// ---- state ----

interface SimServer {
  cluster: string;
  namespace: string;
  name: string;
  status: string;
  configuration: string;
  gpuType: string;
  gpus: number;
  vcpus: number;
  memory: number;
  storage: number;
  image: string;
  privateIp: string;
  rootDiskSize: number;
  lastUpdated: Date;
}

interface SimSnapshot {
  cluster: string;
  namespace: string;
  name: string;
  sourceName: string | null;
  osImage: string;
  rootDiskSize: string;
  createdAt: Date;
  readyAt: number;
  goneAt: number | null;
  failAt: number | null;
  failMessage: string | null;
}

const DAY = 86_400;
const ROLES = ['train', 'infer', 'notebook', 'eval', 'etl', 'serve', 'dev', 'batch'];
// Every fourth server is in the research namespace: those ONLINE or OFFLINE, so each namespace has some to snapshot.
const STATUSES = ['ONLINE', 'OFFLINE', 'PENDING_RESOURCES', 'ONLINE', 'PLANNED', 'PENDING', 'PENDING_READINESS', 'OFFLINE'];
const CONFIGURATIONS: [string, string, number, number, number, number][] = [
  ['A100_40GB_PCIe_1x', 'nvidia.com/A100PCIE40GB', 1, 14, 112, 1700],
  ['H100_80GB_SXM_8x', 'nvidia.com/H100SXM480GB', 8, 200, 940, 20000],
  ['A100_40GB_PCIe_2x', 'nvidia.com/A100PCIE40GB', 2, 28, 224, 3400],
];
const IMAGES = ['Ubuntu_22.04.4_LTS', 'Ubuntu_20.04_LTS', 'habana-1.16.2'];
const SNAPSHOT_NAMES = ['base', 'nightly', 'before-upgrade'];
const REQUEST_LOG_SIZE = 10_000;
/** A Kubernetes object name: what Denvr's snapshots and servers are underneath [INF]. */
const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** The cluster a request body names (CreateSnapshot's). */
const bodyCluster = z.object({ cluster: z.string() });

/** .NET's round-trip format: seven fractional digits and Z [INF: no capture shows one]. */
const dotnet = (date: Date): string => `${date.toISOString().slice(0, 23)}0000Z`;

/** ABP's wrapper (doc/WebSite/Javascript-API/AJAX.md). */
const abp = (status: number, result: unknown): SimResponse => ({
  status,
  body: { result, targetUrl: null, success: true, error: null, unAuthorizedRequest: false, __abp: true },
});
/** ABP's error wrapper; `code` as go-denvr's fixture has it (the HTTP status), details when given. */
const abpError = (status: number, message: string, extra: Record<string, unknown> = {}): SimResponse => ({
  status,
  body: {
    result: null,
    targetUrl: null,
    success: false,
    error: { code: status === 500 ? 0 : status, message, details: null, ...extra },
    unAuthorizedRequest: status === 401,
    __abp: true,
  },
});
/** AbpValidationException: 400, a generic message, the reasons in details and validationErrors. */
const invalid = (member: string, message: string): SimResponse =>
  abpError(400, 'Your request is not valid!', {
    details: `The following errors were detected during validation.\r\n - ${message}\r\n`,
    validationErrors: [{ message, members: [member] }],
  });
const notFound = (what: string, name: string): SimResponse => abpError(404, `The ${what} '${name}' could not be found.`);

// ---- the server ----

export async function startDenvrSimulator(options: DenvrSimOptions): Promise<DenvrSimulator> {
  const opMs = options.opMs ?? 0;
  const clusters = options.clusters ?? [...DENVR_SIM_DEFAULT_CLUSTERS];
  const auth = options.auth ?? DENVR_SIM_DEFAULT_AUTH;
  const tokenTtl = options.tokenTtlSeconds ?? DAY;
  const refreshTtl = options.refreshTokenTtlSeconds ?? 365 * DAY;
  const enveloped = options.envelope ?? true;
  const servers: SimServer[] = [];
  const snapshots: SimSnapshot[] = [];
  const accessTokens = new Map<string, number>();
  const refreshTokens = new Map<string, number>();
  /** Snapshots whose creation failed: GetSnapshot answers their error. */
  const failed = new Map<string, string>();
  const faults = new FaultQueue(abpError(500, 'An internal error occurred during your request!').body);
  const clusterFaults = new Map<string, SimClusterFault>();
  const snapshotFailures: string[] = [];
  const log: SimLoggedRequest[] = [];
  let garbage = false;
  let logins = 0;
  let refreshes = 0;

  // ---- seed: VMs over the clusters in turn, every fourth in a second namespace, two or three snapshots each ----

  const seedStart = Date.UTC(2025, 2, 1, 8);
  for (let i = 0; i < options.vmCount; i++) {
    const cluster = clusters[i % clusters.length] ?? 'Hou1';
    const [configuration, gpuType, gpus, vcpus, memory, storage] = CONFIGURATIONS[i % CONFIGURATIONS.length] ?? CONFIGURATIONS[0] ?? ['', '', 0, 0, 0, 0];
    const server: SimServer = {
      cluster,
      namespace: i % 4 === 3 ? 'research' : DENVR_SIM_DEFAULT_NAMESPACE,
      name: `${ROLES[i % ROLES.length] ?? 'vm'}-${String(i + 1).padStart(3, '0')}`,
      status: STATUSES[i % STATUSES.length] ?? 'ONLINE',
      configuration,
      gpuType,
      gpus,
      vcpus,
      memory,
      storage,
      image: IMAGES[i % IMAGES.length] ?? 'Ubuntu_22.04.4_LTS',
      privateIp: `172.16.${Math.floor(i / 250)}.${(i % 250) + 4}`,
      rootDiskSize: 100 + (i % 3) * 100,
      lastUpdated: new Date(seedStart + i * 60_000),
    };
    servers.push(server);
    const count = 2 + (i % 2);
    for (let s = 0; s < count; s++) {
      snapshots.push({
        cluster,
        namespace: server.namespace,
        name: `${server.name}-${SNAPSHOT_NAMES[s] ?? `s${s}`}`,
        sourceName: server.name,
        osImage: server.image,
        rootDiskSize: `${server.rootDiskSize}Gi`,
        createdAt: new Date(seedStart + i * 3_600_000 + s * DAY * 1000 + 123),
        readyAt: 0,
        goneAt: null,
        failAt: null,
        failMessage: null,
      });
    }
  }

  // ---- time passes: failures and deletions take effect when their moment has come ----

  const settle = (): void => {
    const now = Date.now();
    for (let i = snapshots.length - 1; i >= 0; i--) {
      const s = snapshots[i];
      if (!s) continue;
      if (s.failAt !== null && s.failAt <= now) {
        failed.set(idOf(s.cluster, s.namespace, s.name), s.failMessage ?? 'the snapshot failed');
        snapshots.splice(i, 1);
      } else if (s.goneAt !== null && s.goneAt <= now) {
        snapshots.splice(i, 1);
      }
    }
  };
  const idOf = (cluster: string, namespace: string, name: string): string => JSON.stringify([cluster, namespace, name]);
  const findSnapshot = (cluster: string, namespace: string, name: string) =>
    snapshots.find((s) => s.cluster === cluster && s.namespace === namespace && s.name === name);

  // ---- rendering ----

  const ok = (status: number, result: unknown): SimResponse => (enveloped ? abp(status, result) : { status, body: result });

  /** VirtualServerDetailsItem, in the wire's mixed casing. */
  const serverWire = (s: SimServer) => ({
    username: auth.username,
    tenancy_name: 'denvr',
    rpool: 'on-demand',
    directAttachedStoragePersisted: false,
    id: s.name,
    namespace: s.namespace,
    configuration: s.configuration,
    storage: s.storage,
    gpu_type: s.gpuType,
    gpus: s.gpus,
    vcpus: s.vcpus,
    memory: s.memory,
    ip: s.status === 'ONLINE' ? '130.250.171.' + String(10 + (servers.indexOf(s) % 200)) : '',
    privateIp: s.privateIp,
    image: s.image,
    cluster: s.cluster,
    nodeSelector: null,
    status: s.status,
    storageType: 'na',
    rootDiskSize: String(s.rootDiskSize),
    lastUpdated: dotnet(s.lastUpdated),
  });

  /** SnapshotDetailsItem: no cluster field. */
  const snapshotWire = (s: SimSnapshot) => ({
    id: s.name,
    namespace: s.namespace,
    sourceName: s.sourceName,
    osImage: s.osImage,
    customPackage: null,
    rootDiskSize: s.rootDiskSize,
    creationDate: dotnet(s.createdAt),
    username: auth.username,
    tenancyName: 'denvr',
    readyToUse: s.readyAt <= Date.now() && s.failAt === null,
  });

  // ---- handlers ----

  /** Cluster is required by the spec for single objects, and the listings without it make no sense here. */
  const clusterOf = (request: SimRequest): string | SimResponse => {
    const cluster = request.query.get('Cluster') ?? '';
    if (cluster === '') return invalid('Cluster', 'The Cluster field is required.');
    if (!clusters.includes(cluster)) return abpError(500, `Cluster '${cluster}' does not exist or is not available to you.`);
    return cluster;
  };
  const required = (request: SimRequest, name: string): string | SimResponse => {
    const value = request.query.get(name) ?? '';
    return value === '' ? invalid(name, `The ${name} field is required.`) : value;
  };

  const getServers: SimHandler = (request) => {
    const cluster = clusterOf(request);
    if (typeof cluster !== 'string') return cluster;
    if (garbage) return ok(200, { items: 'not a list' });
    // ListResultDto: every item, no paging.
    return ok(200, { items: servers.filter((s) => s.cluster === cluster).map(serverWire) });
  };

  const getServer: SimHandler = (request) => {
    const fields = ['Id', 'Namespace'].map((name) => required(request, name));
    const cluster = clusterOf(request);
    for (const field of [...fields, cluster]) if (typeof field !== 'string') return field;
    const [id, namespace] = fields;
    const server = servers.find((s) => s.cluster === cluster && s.namespace === namespace && s.name === id);
    return server ? ok(200, serverWire(server)) : notFound('virtual server', String(id));
  };

  const getSnapshots: SimHandler = (request) => {
    settle();
    const cluster = clusterOf(request);
    if (typeof cluster !== 'string') return cluster;
    if (garbage) return ok(200, { items: [{ id: 7, readyToUse: 'yes' }] });
    return ok(200, { items: snapshots.filter((s) => s.cluster === cluster).map(snapshotWire) });
  };

  const getSnapshot: SimHandler = (request) => {
    settle();
    const id = required(request, 'Id');
    const namespace = required(request, 'Namespace');
    const cluster = clusterOf(request);
    if (typeof id !== 'string') return id;
    if (typeof namespace !== 'string') return namespace;
    if (typeof cluster !== 'string') return cluster;
    if (garbage) return ok(200, { id: null, readyToUse: 'soon' });
    const snapshot = findSnapshot(cluster, namespace, id);
    if (snapshot) return ok(200, snapshotWire(snapshot));
    // A failed creation: ABP answers a UserFriendlyException as HTTP 500 with its message [INF].
    const failure = failed.get(idOf(cluster, namespace, id));
    if (failure !== undefined) return abpError(500, `Snapshot '${id}' failed: ${failure}`);
    return notFound('snapshot', id);
  };

  const createSnapshot: SimHandler = (request) => {
    settle();
    const parsed = wireCreateSnapshotRequest.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return invalid(String(issue?.path[0] ?? 'input'), `The ${String(issue?.path[0] ?? 'input')} field is required.`);
    }
    const input = parsed.data;
    if (!clusters.includes(input.cluster)) return abpError(500, `Cluster '${input.cluster}' does not exist or is not available to you.`);
    const source = servers.find((s) => s.cluster === input.cluster && s.namespace === input.namespace && s.name === input.sourceVMName);
    if (!input.sourceVMName || !source) return notFound('virtual server', input.sourceVMName ?? '');
    const now = new Date();
    const name = input.name ?? `${source.name}-${now.getTime().toString(36)}`;
    if (!K8S_NAME.test(name) || name.length > 63) {
      return invalid('name', `The name '${name}' must consist of lower case alphanumeric characters or '-', at most 63, start and end with an alphanumeric character.`);
    }
    if (findSnapshot(input.cluster, input.namespace, name)) return abpError(500, `A snapshot named '${name}' already exists.`);
    // A server that is not ONLINE or OFFLINE (planned, pending) has no settled machine: a UserFriendlyException, 500 [INF].
    if (source.status !== 'ONLINE' && source.status !== 'OFFLINE') {
      return abpError(500, `Virtual server '${source.name}' is ${source.status}: it can be snapshotted once it is ONLINE or OFFLINE.`);
    }
    failed.delete(idOf(input.cluster, input.namespace, name));
    const failMessage = snapshotFailures.shift() ?? null;
    const snapshot: SimSnapshot = {
      cluster: input.cluster,
      namespace: input.namespace,
      name,
      sourceName: source.name,
      osImage: source.image,
      rootDiskSize: `${source.rootDiskSize}Gi`,
      createdAt: now,
      readyAt: now.getTime() + opMs,
      goneAt: null,
      failAt: failMessage === null ? null : now.getTime() + opMs,
      failMessage,
    };
    snapshots.push(snapshot);
    return ok(202, snapshotWire(snapshot));
  };

  const deleteSnapshot: SimHandler = (request) => {
    settle();
    const id = required(request, 'Id');
    const namespace = required(request, 'Namespace');
    const cluster = clusterOf(request);
    if (typeof id !== 'string') return id;
    if (typeof namespace !== 'string') return namespace;
    if (typeof cluster !== 'string') return cluster;
    const snapshot = findSnapshot(cluster, namespace, id);
    if (!snapshot) return notFound('snapshot', id);
    // Still listed (and readable) until the deletion ends.
    snapshot.goneAt ??= Date.now() + opMs;
    return ok(202, { id });
  };

  // ---- auth (ABP zero's TokenAuthController) ----

  const issue = (store: Map<string, number>, ttlSeconds: number): string => {
    const token = randomBytes(24).toString('base64url');
    store.set(token, Date.now() + ttlSeconds * 1000);
    return token;
  };

  const authenticate: SimHandler = (request) => {
    const body = wireAuthenticateRequest.safeParse(request.body);
    if (!body.success) return invalid('userNameOrEmailAddress', 'The UserNameOrEmailAddress field is required.');
    if (body.data.userNameOrEmailAddress !== auth.username || body.data.password !== auth.password) {
      // A UserFriendlyException: HTTP 500, the reason in details.
      return abpError(500, 'Login failed!', { details: 'Invalid user name or password' });
    }
    logins++;
    const accessToken = issue(accessTokens, tokenTtl);
    return ok(200, {
      accessToken,
      encryptedAccessToken: Buffer.from(accessToken).toString('base64'),
      expireInSeconds: tokenTtl,
      shouldResetPassword: false,
      passwordResetCode: null,
      userId: 2,
      requiresTwoFactorVerification: false,
      twoFactorAuthProviders: null,
      twoFactorRememberClientToken: null,
      returnUrl: null,
      refreshToken: issue(refreshTokens, refreshTtl),
      refreshTokenExpireInSeconds: refreshTtl,
    });
  };

  const refresh: SimHandler = (request) => {
    const token = request.query.get('refreshToken') ?? '';
    if (token === '') return invalid('refreshToken', 'The refreshToken field is required.');
    const expiresAt = refreshTokens.get(token);
    if (expiresAt === undefined || expiresAt <= Date.now()) return abpError(500, 'Refresh token is not valid!');
    refreshes++;
    const accessToken = issue(accessTokens, tokenTtl);
    return ok(200, { accessToken, encryptedAccessToken: Buffer.from(accessToken).toString('base64'), expireInSeconds: tokenTtl });
  };

  /** The 401 ABP answers when the bearer is missing, unknown or expired. */
  const authorized = (request: SimRequest): SimResponse | null => {
    const header = request.headers.authorization;
    const token = /^Bearer (.+)$/.exec(typeof header === 'string' ? header : '')?.[1];
    const expiresAt = token === undefined ? undefined : accessTokens.get(token);
    if (expiresAt !== undefined && expiresAt > Date.now()) return null;
    return abpError(401, 'Current user did not login to the application!');
  };

  // ---- plumbing ----

  /** The error of a failing cluster the request names, if any. */
  const clusterFault = (request: SimRequest): SimResponse | null => {
    const body = bodyCluster.safeParse(request.body);
    const cluster = request.query.get('Cluster') ?? (body.success ? body.data.cluster : null);
    const fault = cluster === null ? undefined : clusterFaults.get(cluster);
    if (!fault || (fault.pathContains !== undefined && !request.path.includes(fault.pathContains))) return null;
    return abpError(fault.status, fault.message);
  };

  /** Logged, then injected failures, then auth (unless anonymous). */
  const guard = (handler: SimHandler, anonymous = false): SimHandler => (request) => {
    log.push({ method: request.method, path: request.path, query: request.query.toString(), body: request.body });
    if (log.length > REQUEST_LOG_SIZE) log.shift();
    const injected = faults.take(request) ?? clusterFault(request);
    if (injected) return injected;
    return (anonymous ? null : authorized(request)) ?? handler(request);
  };
  const route = (method: string, pattern: string, handler: SimHandler, anonymous = false): Route => ({
    method,
    pattern,
    handler: guard(handler, anonymous),
  });
  const routes: Route[] = [
    route('POST', '/api/TokenAuth/Authenticate', authenticate, true),
    // ABP zero declares it POST; the SDKs send GET: both work.
    route('GET', '/api/TokenAuth/RefreshToken', refresh, true),
    route('POST', '/api/TokenAuth/RefreshToken', refresh, true),
    route('GET', '/api/v1/servers/virtual/GetServers', getServers),
    route('GET', '/api/v1/servers/virtual/GetServer', getServer),
    route('GET', '/api/v1/servers/snapshots/GetSnapshots', getSnapshots),
    route('GET', '/api/v1/servers/snapshots/GetSnapshot', getSnapshot),
    route('POST', '/api/v1/servers/snapshots/CreateSnapshot', createSnapshot),
    route('DELETE', '/api/v1/servers/snapshots/DeleteSnapshot', deleteSnapshot),
  ];

  const running = await startSimulator(
    routes,
    {
      latencyMs: options.latencyMs,
      // ASP.NET Core's own 404: an empty body, no envelope.
      notFound: () => ({ status: 404, text: '' }),
    },
    options.port ?? 0,
  );

  return {
    ...running,
    servers: () => servers.map((s) => ({ cluster: s.cluster, namespace: s.namespace, name: s.name, status: s.status })),
    snapshots: () => {
      settle();
      return snapshots.map((s) => ({
        cluster: s.cluster,
        namespace: s.namespace,
        name: s.name,
        sourceName: s.sourceName,
        readyToUse: s.readyAt <= Date.now() && s.failAt === null,
        deleting: s.goneAt !== null,
        creationDate: dotnet(s.createdAt),
        rootDiskSize: s.rootDiskSize,
      }));
    },
    setStatus: (cluster, name, status) => {
      const server = servers.find((s) => s.cluster === cluster && s.name === name);
      if (!server) throw new Error(`no simulated server ${cluster}/${name}`);
      server.status = status;
    },
    destroyServer: (cluster, name) => {
      const index = servers.findIndex((s) => s.cluster === cluster && s.name === name);
      if (index < 0) throw new Error(`no simulated server ${cluster}/${name}`);
      servers.splice(index, 1);
    },
    failCluster: (cluster, fault) => {
      if (fault) clusterFaults.set(cluster, fault);
      else clusterFaults.delete(cluster);
    },
    failNext: (method, pathContains, status, body) => faults.failNext(method, pathContains, status, body),
    setGarbage: (on) => {
      garbage = on;
    },
    failNextSnapshot: (message) => {
      snapshotFailures.push(message);
    },
    expireTokens: () => {
      for (const token of accessTokens.keys()) accessTokens.set(token, 0);
    },
    expireRefreshTokens: () => {
      for (const token of refreshTokens.keys()) refreshTokens.set(token, 0);
    },
    loginCount: () => logins,
    refreshCount: () => refreshes,
    requests: () => [...log],
  };
}
