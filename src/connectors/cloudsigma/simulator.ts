// A CloudSigma API 2.0 double (README §3) under /api/2.0/: Basic auth, list envelopes with limit/offset/fields and
// filters, servers with attached drives, drive snapshots created and deleted over time, clones followed by jobs,
// 201/202/204 (text/html) answers, space-separated timestamps, error arrays; plus knobs for the tests.
import {
  FaultQueue,
  type Route,
  type RunningSimulator,
  type SimHandler,
  type SimRequest,
  type SimResponse,
  startSimulator,
} from '../../lab/simulatorServer.js';
import {
  wireBulkDeleteRequest,
  wireCloneRequest,
  wireCreateSnapshotsRequest,
  wireUpdateDriveRequest,
  wireUpdateSnapshotRequest,
} from './wire.js';

export const CLOUDSIGMA_SIM_DEFAULT_SERVERS = 5;
export const CLOUDSIGMA_SIM_DEFAULT_AUTH = { username: 'lab@cloudsigma.test', password: 'lab-cloudsigma-secret' };
/** Where the API lives on the simulator, as on the real clouds (https://{loc}.cloudsigma.com/api/2.0/). */
export const CLOUDSIGMA_API_PATH = '/api/2.0';

export interface CloudSigmaSimOptions {
  serverCount: number;
  /** Drives mounted on no server (default: 1 per 2 servers, at least 2). */
  unattachedDrives?: number;
  latencyMs?: number;
  /** How long a snapshot takes to become available, a clone to finish, a deletion to end. */
  opMs?: number;
  auth?: { username: string; password: string };
  /** The server's cap on `limit` (also for limit=0); none unless given. */
  maxLimit?: number;
  port?: number;
}

export interface SimServerView {
  uuid: string;
  name: string;
  status: string;
  drives: string[];
}

export interface SimDriveView {
  uuid: string;
  name: string;
  size: number;
  status: string;
  mountedOn: string | null;
  meta: Record<string, unknown>;
}

export interface SimSnapshotView {
  uuid: string;
  drive: string;
  name: string;
  status: string;
  meta: Record<string, unknown>;
  timestamp: string;
  allocatedSize: number | null;
}

export interface SimLoggedRequest {
  method: string;
  path: string;
  query: string;
  body: unknown;
}

export interface CloudSigmaSimulator extends RunningSimulator {
  /** The base URL a connector is given (…/api/2.0). */
  apiUrl: string;
  servers(): SimServerView[];
  drives(): SimDriveView[];
  /** Every snapshot still there (deleting ones included until they are gone). */
  snapshots(): SimSnapshotView[];
  /** The next request whose method matches and whose path contains `pathContains` gets this answer instead. */
  failNext(method: string, pathContains: string, status: number, body?: unknown): void;
  /** While on, list and object reads answer JSON of the wrong shape. */
  setGarbage(on: boolean): void;
  /** The next clone's job fails halfway with this message; its drive ends `unavailable`. */
  failNextClone(message: string): void;
  /** Every request answered so far (the newest 10 000), in order. */
  requests(): SimLoggedRequest[];
}

// ---- state ----

interface SimServer {
  uuid: string;
  name: string;
  status: string;
  /** Attached drives, in boot order. */
  drives: string[];
}

interface SimDrive {
  uuid: string;
  name: string;
  size: number;
  media: string;
  meta: Record<string, unknown>;
  /** Set while the drive is being cloned into; otherwise mounted/unmounted follows the servers. */
  override: string | null;
  jobs: string[];
}

interface SimSnapshot {
  uuid: string;
  drive: string;
  name: string;
  meta: Record<string, unknown>;
  createdAt: Date;
  readyAt: number;
  allocatedSize: number;
  goneAt: number | null;
}

interface SimJob {
  uuid: string;
  operation: string;
  resources: string[];
  created: Date;
  finishAt: number;
  failAt: number | null;
  failMessage: string | null;
  drive: string;
}

const GIB = 1024 ** 3;
const OWNER = { resource_uri: '/api/2.0/user/5b4a69a3-8e78-4c45-a8ba-8b13f0895e23/', uuid: '5b4a69a3-8e78-4c45-a8ba-8b13f0895e23' };
const ROLES = ['web', 'db', 'cache', 'api', 'worker', 'queue', 'build', 'proxy', 'mail', 'dns'];
const SERVER_STATUSES = ['running', 'stopped', 'running', 'paused', 'stopped'];
const SNAPSHOT_NAMES = ['before-upgrade', 'nightly', 'weekly'];
const REQUEST_LOG_SIZE = 10_000;
const DEFAULT_LIMIT = 20;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** "2014-06-05 09:53:28.851859+00:00": what the snapshot captures show. */
export function spaceTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 23)}000+00:00`;
}
/** The jobs' schema shows `T`-separated times: both forms live side by side in the real API. */
const isoTimestamp = (date: Date): string => `${date.toISOString().slice(0, 23)}000+00:00`;
/** The auto-generated snapshot name: "<drive-uuid>__YYYY-MM-DD__HH_MM_SS". */
const autoName = (drive: string, date: Date): string =>
  `${drive}__${date.toISOString().slice(0, 10)}__${date.toISOString().slice(11, 19).replace(/:/g, '_')}`;

const errors = (status: number, type: string, message: string, point: string | null = null): SimResponse => ({
  status,
  body: [{ error_point: point, error_type: type, error_message: message }],
});
const notExist = (uuid: string): SimResponse => errors(404, 'notexist', `Object with uuid ${uuid} does not exist`);
const validation = (point: string | null, message: string): SimResponse => errors(400, 'validation', message, point);
/** 204 NO CONTENT, empty, text/html: the deletes. */
const noContent = (): SimResponse => ({ status: 204, text: '' });

// ---- the server ----

export async function startCloudSigmaSimulator(options: CloudSigmaSimOptions): Promise<CloudSigmaSimulator> {
  const opMs = options.opMs ?? 0;
  const auth = options.auth ?? CLOUDSIGMA_SIM_DEFAULT_AUTH;
  const servers: SimServer[] = [];
  const drives: SimDrive[] = [];
  const snapshots: SimSnapshot[] = [];
  const jobs = new Map<string, SimJob>();
  const faults = new FaultQueue([]);
  const cloneFailures: string[] = [];
  const log: SimLoggedRequest[] = [];
  let garbage = false;
  let counter = 0;

  /** Deterministic uuids (a lab restarted shows the same ids), one segment telling the resource type. */
  const uuid = (type: 'a' | 'd' | '5' | 'b'): string => `${(++counter).toString(16).padStart(8, '0')}-c5${type}0-4000-8000-${counter.toString(16).padStart(12, '0')}`;

  // ---- seed ----

  const seedStart = Date.UTC(2024, 5, 1, 8);
  const seedDrive = (name: string, size: number, index: number): SimDrive => {
    const drive: SimDrive = { uuid: uuid('d'), name, size, media: 'disk', meta: {}, override: null, jobs: [] };
    drives.push(drive);
    const count = 2 + (index % 2);
    for (let s = 0; s < count; s++) {
      const createdAt = new Date(seedStart + index * 3_600_000 + s * 86_400_000 + 123_456);
      snapshots.push({
        uuid: uuid('5'),
        drive: drive.uuid,
        name: SNAPSHOT_NAMES[s] ?? autoName(drive.uuid, createdAt),
        meta: s === 0 ? { description: `Taken before the upgrade of ${name}`, team: ROLES[index % ROLES.length] ?? 'ops' } : {},
        createdAt,
        readyAt: 0,
        allocatedSize: s * 256 * 1024 ** 2,
        goneAt: null,
      });
    }
    return drive;
  };
  const width = Math.max(2, String(options.serverCount).length);
  let driveIndex = 0;
  for (let i = 0; i < options.serverCount; i++) {
    const name = `${ROLES[i % ROLES.length] ?? 'node'}-${pad(i + 1, width)}`;
    const server: SimServer = { uuid: uuid('a'), name, status: SERVER_STATUSES[i % SERVER_STATUSES.length] ?? 'stopped', drives: [] };
    server.drives.push(seedDrive(`${name}-boot`, (10 + (i % 4) * 10) * GIB, driveIndex++).uuid);
    if (i % 2 === 0) server.drives.push(seedDrive(`${name}-data`, (50 + (i % 3) * 50) * GIB, driveIndex++).uuid);
    servers.push(server);
  }
  const spare = options.unattachedDrives ?? Math.max(2, Math.floor(options.serverCount / 2));
  for (let i = 0; i < spare; i++) seedDrive(`spare-${pad(i + 1, width)}`, 20 * GIB, driveIndex++);

  // ---- time passes (applied lazily, before every answer) ----

  const jobState = (job: SimJob, now: number): { state: string; progress: number } => {
    const span = Math.max(1, job.finishAt - job.created.getTime());
    const progress = (to: number) => Math.max(0, Math.min(100, Math.floor(((to - job.created.getTime()) / span) * 100)));
    if (job.failAt !== null && now >= job.failAt) return { state: 'error', progress: progress(job.failAt) };
    if (now >= job.finishAt) return { state: 'success', progress: 100 };
    return { state: 'started', progress: progress(now) };
  };

  const settle = () => {
    const now = Date.now();
    for (let i = snapshots.length - 1; i >= 0; i--) {
      const goneAt = snapshots[i]?.goneAt;
      if (goneAt !== null && goneAt !== undefined && now >= goneAt) snapshots.splice(i, 1);
    }
    for (const job of jobs.values()) {
      const drive = drives.find((d) => d.uuid === job.drive);
      if (!drive || drive.override !== 'cloning_dst') continue;
      const { state } = jobState(job, now);
      if (state === 'started') continue;
      drive.override = state === 'success' ? null : 'unavailable';
      drive.jobs = drive.jobs.filter((j) => j !== job.uuid);
    }
  };

  const mountedOn = (drive: string): SimServer | undefined => servers.find((s) => s.drives.includes(drive));
  const driveStatus = (drive: SimDrive): string => drive.override ?? (mountedOn(drive.uuid) ? 'mounted' : 'unmounted');
  const snapshotStatus = (snapshot: SimSnapshot): string => (Date.now() >= snapshot.readyAt ? 'available' : 'creating');

  // ---- wire forms ----

  const ref = (type: string, id: string) => ({ resource_uri: `${CLOUDSIGMA_API_PATH}/${type}/${id}/`, uuid: id });

  const snapshotWire = (s: SimSnapshot) => {
    const available = snapshotStatus(s) === 'available';
    return {
      allocated_size: available ? s.allocatedSize : null,
      drive: ref('drives', s.drive),
      grantees: [],
      meta: s.meta,
      name: s.name,
      owner: OWNER,
      permissions: [],
      resource_uri: `${CLOUDSIGMA_API_PATH}/snapshots/${s.uuid}/`,
      status: snapshotStatus(s),
      tags: [],
      timestamp: spaceTimestamp(s.createdAt),
      uuid: s.uuid,
    };
  };

  const driveWire = (d: SimDrive): Record<string, unknown> => {
    const server = mountedOn(d.uuid);
    const own = snapshots.filter((s) => s.drive === d.uuid);
    return {
      affinities: [],
      allow_multimount: false,
      grantees: [],
      jobs: d.jobs.map((j) => ref('jobs', j)),
      licenses: [],
      media: d.media,
      meta: d.meta,
      mounted_on: server ? [ref('servers', server.uuid)] : [],
      name: d.name,
      owner: OWNER,
      permissions: [],
      resource_uri: `${CLOUDSIGMA_API_PATH}/drives/${d.uuid}/`,
      runtime: {
        is_snapshotable: true,
        snapshots_allocated_size: own.reduce((sum, s) => sum + (snapshotStatus(s) === 'available' ? s.allocatedSize : 0), 0),
        storage_type: 'dssd',
      },
      size: d.size,
      snapshots: own.map((s) => ref('snapshots', s.uuid)),
      status: driveStatus(d),
      storage_type: 'dssd',
      tags: [],
      uuid: d.uuid,
    };
  };
  const driveReduced = (d: SimDrive) => ({ owner: OWNER, resource_uri: `${CLOUDSIGMA_API_PATH}/drives/${d.uuid}/`, status: driveStatus(d), uuid: d.uuid });

  const serverWire = (s: SimServer): Record<string, unknown> => ({
    context: true,
    cpu: 2000,
    cpus_instead_of_cores: false,
    drives: s.drives.map((drive, i) => ({
      boot_order: i + 1,
      dev_channel: `0:${i}`,
      device: 'virtio',
      drive: ref('drives', drive),
      runtime: s.status === 'running' ? { io: { bytes_read: 0, bytes_written: 0, count_flush: 0, count_read: 0, count_write: 0 } } : null,
    })),
    enable_numa: false,
    hv_relaxed: false,
    hv_tsc: false,
    mem: 2 * GIB,
    meta: {},
    name: s.name,
    nics: [],
    owner: OWNER,
    resource_uri: `${CLOUDSIGMA_API_PATH}/servers/${s.uuid}/`,
    runtime: s.status === 'running' ? { active_since: '2024-06-01 08:00:00+00:00', nics: [] } : null,
    smp: 1,
    status: s.status,
    tags: [],
    uuid: s.uuid,
    vnc_password: 'lab',
  });
  const serverReduced = (s: SimServer) => ({
    name: s.name,
    owner: OWNER,
    resource_uri: `${CLOUDSIGMA_API_PATH}/servers/${s.uuid}/`,
    runtime: null,
    status: s.status,
    uuid: s.uuid,
  });

  const jobWire = (job: SimJob) => {
    const { state, progress } = jobState(job, Date.now());
    return {
      children: [],
      created: isoTimestamp(job.created),
      data: state === 'error' ? { progress, error: job.failMessage ?? 'unknown error' } : { progress },
      last_modified: isoTimestamp(new Date(Math.min(Date.now(), job.finishAt))),
      operation: job.operation,
      resource_uri: `${CLOUDSIGMA_API_PATH}/jobs/${job.uuid}/`,
      resources: job.resources,
      state,
      uuid: job.uuid,
    };
  };

  // ---- lists (general.rst, pagination.rst) ----

  const list = <T>(request: SimRequest, rows: T[], render: (row: T) => Record<string, unknown>): SimResponse => {
    const rawLimit = request.query.get('limit');
    const rawOffset = request.query.get('offset');
    const limit = rawLimit === null ? DEFAULT_LIMIT : Number(rawLimit);
    const offset = rawOffset === null ? 0 : Number(rawOffset);
    if (!Number.isInteger(limit) || limit < 0) return validation('limit', `Invalid limit '${rawLimit ?? ''}' provided. Please provide a positive integer >= 0.`);
    if (!Number.isInteger(offset) || offset < 0) return validation('offset', `Invalid offset '${rawOffset ?? ''}' provided. Please provide a positive integer >= 0.`);
    if (garbage) return { status: 200, body: { meta: { total_count: 'lots' }, objects: { uuid: 7 } } };
    // limit=0 is "all", unless the server caps pages.
    const asked = limit === 0 ? rows.length : limit;
    const effective = options.maxLimit === undefined ? asked : Math.min(asked, options.maxLimit);
    const fields = request.query.get('fields')?.split(',').map((f) => f.trim()).filter(Boolean) ?? null;
    const pick = (object: Record<string, unknown>) =>
      fields === null ? object : Object.fromEntries(Object.entries(object).filter(([key]) => fields.includes(key)));
    return {
      status: 200,
      body: {
        meta: { limit: limit === 0 && options.maxLimit === undefined ? 0 : effective, offset, total_count: rows.length },
        objects: rows.slice(offset, offset + effective).map((row) => pick(render(row))),
      },
    };
  };

  /** Filters of the schemas (name, name__contains, uuid) plus `drive=` on snapshots; several params AND. */
  const filtered = <T extends { uuid: string; name: string }>(request: SimRequest, rows: T[], driveOf?: (row: T) => string): T[] =>
    rows.filter((row) => {
      const name = request.query.get('name');
      const contains = request.query.get('name__contains');
      const id = request.query.get('uuid');
      const drive = request.query.get('drive');
      return (
        (name === null || row.name === name) &&
        (contains === null || row.name.includes(contains)) &&
        (id === null || row.uuid === id) &&
        (drive === null || driveOf === undefined || driveOf(row) === drive)
      );
    });

  // ---- handlers ----

  const garbageObject = (): SimResponse => ({ status: 200, body: { uuid: null, status: 42 } });

  const getSnapshot: SimHandler = (request) => {
    const snapshot = snapshots.find((s) => s.uuid === request.params.uuid);
    if (!snapshot) return notExist(request.params.uuid ?? '');
    if (garbage) return garbageObject();
    return { status: 200, body: snapshotWire(snapshot) };
  };

  const createSnapshots: SimHandler = (request) => {
    const parsed = wireCreateSnapshotsRequest.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return validation(issue?.path.at(-1)?.toString() ?? 'objects', 'This field is required');
    }
    const missing = parsed.data.objects.find((o) => !drives.some((d) => d.uuid === o.drive));
    if (missing) return validation('drive', `Object with uuid ${missing.drive} does not exist`);
    const now = new Date();
    const created = parsed.data.objects.map((o) => {
      const snapshot: SimSnapshot = {
        uuid: uuid('5'),
        drive: o.drive,
        name: o.name ?? autoName(o.drive, now),
        meta: o.meta ?? {},
        createdAt: now,
        readyAt: now.getTime() + opMs,
        allocatedSize: 0,
        goneAt: null,
      };
      snapshots.push(snapshot);
      return snapshot;
    });
    return { status: 201, body: { objects: created.map(snapshotWire) } };
  };

  const updateSnapshot: SimHandler = (request) => {
    const snapshot = snapshots.find((s) => s.uuid === request.params.uuid);
    if (!snapshot) return notExist(request.params.uuid ?? '');
    const parsed = wireUpdateSnapshotRequest.safeParse(request.body);
    if (!parsed.success) return validation('drive', 'This field is required');
    if (parsed.data.drive !== snapshot.drive) return validation('drive', 'The drive of a snapshot cannot be changed');
    if (parsed.data.name) snapshot.name = parsed.data.name;
    // A PUT replaces the object: meta not sent is meta emptied.
    snapshot.meta = parsed.data.meta ?? {};
    return { status: 200, body: snapshotWire(snapshot) };
  };

  const startDeletion = (snapshot: SimSnapshot) => {
    snapshot.goneAt ??= Date.now() + opMs;
  };

  const deleteSnapshot: SimHandler = (request) => {
    const snapshot = snapshots.find((s) => s.uuid === request.params.uuid);
    if (!snapshot) return notExist(request.params.uuid ?? '');
    startDeletion(snapshot);
    return noContent();
  };

  const deleteSnapshots: SimHandler = (request) => {
    const parsed = wireBulkDeleteRequest.safeParse(request.body);
    if (!parsed.success) return validation('objects', 'This field is required');
    const found = parsed.data.objects.map((o) => snapshots.find((s) => s.uuid === o.uuid));
    const missing = parsed.data.objects.find((_o, i) => found[i] === undefined);
    // All or nothing [INF]: one unknown uuid refuses the whole request.
    if (missing) return notExist(missing.uuid);
    for (const snapshot of found) if (snapshot) startDeletion(snapshot);
    return noContent();
  };

  const snapshotAction: SimHandler = (request) => {
    const snapshot = snapshots.find((s) => s.uuid === request.params.uuid);
    if (!snapshot) return notExist(request.params.uuid ?? '');
    const action = request.query.get('do');
    if (action !== 'clone') return validation('do', `Invalid action '${action ?? ''}'`);
    const parsed = wireCloneRequest.safeParse(request.body ?? {});
    if (!parsed.success) return validation(null, 'Invalid clone request');
    if (snapshotStatus(snapshot) !== 'available') {
      return errors(403, 'permission', `Cannot clone snapshot in state "${snapshotStatus(snapshot)}". Snapshot should be in state "available"`);
    }
    const source = drives.find((d) => d.uuid === snapshot.drive);
    const created = new Date();
    const drive: SimDrive = {
      uuid: uuid('d'),
      name: parsed.data.name ?? snapshot.name,
      size: source?.size ?? GIB,
      media: parsed.data.media ?? 'disk',
      meta: {},
      override: 'cloning_dst',
      jobs: [],
    };
    const failMessage = cloneFailures.shift() ?? null;
    const job: SimJob = {
      uuid: uuid('b'),
      operation: 'drive_clone',
      resources: [`${CLOUDSIGMA_API_PATH}/drives/${drive.uuid}/`, `${CLOUDSIGMA_API_PATH}/snapshots/${snapshot.uuid}/`],
      created,
      finishAt: created.getTime() + Math.max(1, opMs),
      failAt: failMessage === null ? null : created.getTime() + Math.max(1, opMs) / 2,
      failMessage,
      drive: drive.uuid,
    };
    drive.jobs.push(job.uuid);
    drives.push(drive);
    jobs.set(job.uuid, job);
    // The real answer's quirk: the new drive's resource_uri is an object.
    return { status: 202, body: { ...driveWire(drive), resource_uri: ref('drives', drive.uuid) } };
  };

  const getDrive: SimHandler = (request) => {
    const drive = drives.find((d) => d.uuid === request.params.uuid);
    if (!drive) return notExist(request.params.uuid ?? '');
    if (garbage) return garbageObject();
    return { status: 200, body: driveWire(drive) };
  };

  const updateDrive: SimHandler = (request) => {
    const drive = drives.find((d) => d.uuid === request.params.uuid);
    if (!drive) return notExist(request.params.uuid ?? '');
    const parsed = wireUpdateDriveRequest.safeParse(request.body);
    if (!parsed.success) return validation(parsed.error.issues[0]?.path.join('.') ?? null, 'This field is required');
    if (driveStatus(drive) !== 'unmounted' && driveStatus(drive) !== 'mounted') {
      return errors(403, 'permission', `Cannot edit drive in state "${driveStatus(drive)}"`);
    }
    if (parsed.data.size !== drive.size) return validation('size', 'Resizing is done with the resize action');
    drive.name = parsed.data.name;
    drive.media = parsed.data.media;
    drive.meta = parsed.data.meta ?? {};
    return { status: 200, body: driveWire(drive) };
  };

  const getJob: SimHandler = (request) => {
    const job = jobs.get(request.params.uuid ?? '');
    if (!job) return notExist(request.params.uuid ?? '');
    return { status: 200, body: jobWire(job) };
  };

  // ---- plumbing ----

  /** The user behind the request (Basic), or the 401 Digest challenge the real API answers. */
  const authenticate = (request: SimRequest): SimResponse | null => {
    const header = request.headers.authorization;
    const basic = /^Basic (.+)$/.exec(typeof header === 'string' ? header : '');
    if (basic?.[1]) {
      const [user, ...rest] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
      if (user === auth.username && rest.join(':') === auth.password) return null;
    }
    return { status: 401, text: '', headers: { 'www-authenticate': 'Digest realm="cloudsigma.com", qop="auth", nonce="lab", opaque="lab"' } };
  };

  /** Logged, then injected failures, then the trailing slash, then auth; time has passed before any answer. */
  const guard = (handler: SimHandler): SimHandler => (request) => {
    log.push({ method: request.method, path: request.path, query: request.query.toString(), body: request.body });
    if (log.length > REQUEST_LOG_SIZE) log.shift();
    const injected = faults.take(request);
    if (injected) return injected;
    // Django's APPEND_SLASH: a GET is redirected, anything else cannot be.
    if (!request.path.endsWith('/')) {
      if (request.method === 'GET') return { status: 301, text: '', headers: { location: `${request.path}/` } };
      return errors(404, 'notexist', `No resource at ${request.path}: resource URLs end with '/'`);
    }
    settle();
    return authenticate(request) ?? handler(request);
  };

  const api = (path: string) => `${CLOUDSIGMA_API_PATH}${path}`;
  const route = (method: string, path: string, handler: SimHandler): Route => ({ method, pattern: api(path), handler: guard(handler) });
  const snapshotRows = (request: SimRequest) => filtered(request, snapshots, (s) => s.drive);
  const routes: Route[] = [
    route('GET', '/servers/', (r) => list(r, filtered(r, servers), serverReduced)),
    route('GET', '/servers/detail/', (r) => list(r, filtered(r, servers), serverWire)),
    route('GET', '/drives/', (r) => list(r, filtered(r, drives), driveReduced)),
    route('GET', '/drives/detail/', (r) => list(r, filtered(r, drives), driveWire)),
    route('GET', '/drives/:uuid/', getDrive),
    route('PUT', '/drives/:uuid/', updateDrive),
    // The plain snapshot list is as full as the detailed one (the captures).
    route('GET', '/snapshots/', (r) => list(r, snapshotRows(r), snapshotWire)),
    route('GET', '/snapshots/detail/', (r) => list(r, snapshotRows(r), snapshotWire)),
    route('POST', '/snapshots/', createSnapshots),
    route('DELETE', '/snapshots/', deleteSnapshots),
    route('POST', '/snapshots/:uuid/action/', snapshotAction),
    route('GET', '/snapshots/:uuid/', getSnapshot),
    route('PUT', '/snapshots/:uuid/', updateSnapshot),
    route('DELETE', '/snapshots/:uuid/', deleteSnapshot),
    route('GET', '/jobs/:uuid/', getJob),
  ];

  const running = await startSimulator(
    routes,
    {
      latencyMs: options.latencyMs,
      notFound: (request) => errors(404, 'notexist', `No resource at ${request.path}`),
    },
    options.port ?? 0,
  );

  return {
    ...running,
    apiUrl: `${running.url}${CLOUDSIGMA_API_PATH}`,
    servers: () => servers.map((s) => ({ uuid: s.uuid, name: s.name, status: s.status, drives: [...s.drives] })),
    drives: () => {
      settle();
      return drives.map((d) => ({
        uuid: d.uuid,
        name: d.name,
        size: d.size,
        status: driveStatus(d),
        mountedOn: mountedOn(d.uuid)?.uuid ?? null,
        meta: { ...d.meta },
      }));
    },
    snapshots: () => {
      settle();
      return snapshots.map((s) => ({
        uuid: s.uuid,
        drive: s.drive,
        name: s.name,
        status: snapshotStatus(s),
        meta: { ...s.meta },
        timestamp: spaceTimestamp(s.createdAt),
        allocatedSize: snapshotStatus(s) === 'available' ? s.allocatedSize : null,
      }));
    },
    failNext: (method, pathContains, status, body) => faults.failNext(method, pathContains, status, body),
    setGarbage: (on) => {
      garbage = on;
    },
    failNextClone: (message) => {
      cloneFailures.push(message);
    },
    requests: () => [...log],
  };
}
