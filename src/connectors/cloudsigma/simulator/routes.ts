// The CloudSigma simulator's HTTP side: Basic auth, Django's trailing slash, list envelopes with limit/offset/fields
// and filters, the servers, drives, snapshots and jobs routes, 201/202/204 answers and the error arrays.
import { wantsWrongShape } from '../../../lab/faults.js';
import type { FaultQueue } from '../../../lab/kit/faultQueue.js';
import { guardWith } from '../../../lab/kit/guard.js';
import type { RequestLog } from '../../../lab/kit/requestLog.js';
import type { Route, SimRequest, SimResponse } from '../../../lab/simulatorServer.js';
import {
  wireBulkDeleteRequest,
  wireCloneRequest,
  wireCreateSnapshotsRequest,
  wireUpdateDriveRequest,
  wireUpdateSnapshotRequest,
} from '../wire.js';
import { CLOUDSIGMA_API_PATH, GIB, spaceTimestamp, type CloudSigmaEstate, type SimDrive, type SimJob, type SimServer, type SimSnapshot } from './state.js';

/** What the routes answer with: the estate, the login, the page cap, and the test knobs. */
export interface CloudSigmaRouteContext {
  estate: CloudSigmaEstate;
  auth: { username: string; password: string };
  /** The server's cap on `limit` (also for limit=0); none unless given. */
  maxLimit?: number;
  faults: FaultQueue;
  log: RequestLog;
}

type Handler = (ctx: CloudSigmaRouteContext, request: SimRequest) => SimResponse;

const OWNER = { resource_uri: '/api/2.0/user/5b4a69a3-8e78-4c45-a8ba-8b13f0895e23/', uuid: '5b4a69a3-8e78-4c45-a8ba-8b13f0895e23' };
const DEFAULT_LIMIT = 20;

/** The jobs' schema shows `T`-separated times: both forms live side by side in the real API. */
const isoTimestamp = (date: Date): string => `${date.toISOString().slice(0, 23)}000+00:00`;

const errors = (status: number, type: string, message: string, point: string | null = null): SimResponse => ({
  status,
  body: [{ error_point: point, error_type: type, error_message: message }],
});
export const notFoundAt = (path: string): SimResponse => errors(404, 'notexist', `No resource at ${path}`);
const notExist = (uuid: string): SimResponse => errors(404, 'notexist', `Object with uuid ${uuid} does not exist`);
const validation = (point: string | null, message: string): SimResponse => errors(400, 'validation', message, point);
/** 204 NO CONTENT, empty, text/html: the deletes. */
const noContent = (): SimResponse => ({ status: 204, text: '' });
const garbageObject = (): SimResponse => ({ status: 200, body: { uuid: null, status: 42 } });

// ---- wire forms ----

const ref = (type: string, id: string) => ({ resource_uri: `${CLOUDSIGMA_API_PATH}/${type}/${id}/`, uuid: id });

function snapshotWire(estate: CloudSigmaEstate, s: SimSnapshot): Record<string, unknown> {
  const status = estate.snapshotStatus(s);
  return {
    allocated_size: status === 'available' ? s.allocatedSize : null,
    drive: ref('drives', s.drive),
    grantees: [],
    meta: s.meta,
    name: s.name,
    owner: OWNER,
    permissions: [],
    resource_uri: `${CLOUDSIGMA_API_PATH}/snapshots/${s.uuid}/`,
    status,
    tags: [],
    timestamp: spaceTimestamp(s.createdAt),
    uuid: s.uuid,
  };
}

function driveWire(estate: CloudSigmaEstate, d: SimDrive): Record<string, unknown> {
  const server = estate.mountedOn(d.uuid);
  const own = estate.snapshots.filter((s) => s.drive === d.uuid);
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
      snapshots_allocated_size: own.reduce((sum, s) => sum + (estate.snapshotStatus(s) === 'available' ? s.allocatedSize : 0), 0),
      storage_type: 'dssd',
    },
    size: d.size,
    snapshots: own.map((s) => ref('snapshots', s.uuid)),
    status: estate.driveStatus(d),
    storage_type: 'dssd',
    tags: [],
    uuid: d.uuid,
  };
}

const driveReduced = (estate: CloudSigmaEstate, d: SimDrive) => ({
  owner: OWNER,
  resource_uri: `${CLOUDSIGMA_API_PATH}/drives/${d.uuid}/`,
  status: estate.driveStatus(d),
  uuid: d.uuid,
});

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

function jobWire(estate: CloudSigmaEstate, job: SimJob): Record<string, unknown> {
  const { state, progress } = estate.jobState(job);
  return {
    children: [],
    created: isoTimestamp(new Date(job.span.startedAt)),
    data: state === 'error' ? { progress, error: job.failMessage ?? 'unknown error' } : { progress },
    last_modified: isoTimestamp(new Date(Math.min(estate.now(), job.span.finishAt))),
    operation: job.operation,
    resource_uri: `${CLOUDSIGMA_API_PATH}/jobs/${job.uuid}/`,
    resources: job.resources,
    state,
    uuid: job.uuid,
  };
}

// ---- lists (general.rst, pagination.rst) ----

function list<T>(ctx: CloudSigmaRouteContext, request: SimRequest, rows: T[], render: (row: T) => Record<string, unknown>): SimResponse {
  const rawLimit = request.query.get('limit');
  const rawOffset = request.query.get('offset');
  const limit = rawLimit === null ? DEFAULT_LIMIT : Number(rawLimit);
  const offset = rawOffset === null ? 0 : Number(rawOffset);
  if (!Number.isInteger(limit) || limit < 0) return validation('limit', `Invalid limit '${rawLimit ?? ''}' provided. Please provide a positive integer >= 0.`);
  if (!Number.isInteger(offset) || offset < 0) return validation('offset', `Invalid offset '${rawOffset ?? ''}' provided. Please provide a positive integer >= 0.`);
  if (wantsWrongShape(request.fault)) return { status: 200, body: { meta: { total_count: 'lots' }, objects: { uuid: 7 } } };
  // limit=0 is "all", unless the server caps pages.
  const asked = limit === 0 ? rows.length : limit;
  const effective = ctx.maxLimit === undefined ? asked : Math.min(asked, ctx.maxLimit);
  const fields = request.query.get('fields')?.split(',').map((f) => f.trim()).filter(Boolean) ?? null;
  const pick = (object: Record<string, unknown>) =>
    fields === null ? object : Object.fromEntries(Object.entries(object).filter(([key]) => fields.includes(key)));
  return {
    status: 200,
    body: {
      meta: { limit: limit === 0 && ctx.maxLimit === undefined ? 0 : effective, offset, total_count: rows.length },
      objects: rows.slice(offset, offset + effective).map((row) => pick(render(row))),
    },
  };
}

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

// ---- snapshots, drives, jobs ----

const getSnapshot: Handler = ({ estate }, request) => {
  const snapshot = estate.findSnapshot(request.params.uuid);
  if (!snapshot) return notExist(request.params.uuid ?? '');
  if (wantsWrongShape(request.fault)) return garbageObject();
  return { status: 200, body: snapshotWire(estate, snapshot) };
};

const createSnapshots: Handler = ({ estate }, request) => {
  const parsed = wireCreateSnapshotsRequest.safeParse(request.body);
  if (!parsed.success) return validation(parsed.error.issues[0]?.path.at(-1)?.toString() ?? 'objects', 'This field is required');
  const created = estate.createSnapshots(parsed.data.objects);
  if ('missing' in created) return validation('drive', `Object with uuid ${created.missing} does not exist`);
  return { status: 201, body: { objects: created.map((s) => snapshotWire(estate, s)) } };
};

const updateSnapshot: Handler = ({ estate }, request) => {
  const snapshot = estate.findSnapshot(request.params.uuid);
  if (!snapshot) return notExist(request.params.uuid ?? '');
  const parsed = wireUpdateSnapshotRequest.safeParse(request.body);
  if (!parsed.success) return validation('drive', 'This field is required');
  if (parsed.data.drive !== snapshot.drive) return validation('drive', 'The drive of a snapshot cannot be changed');
  if (parsed.data.name) snapshot.name = parsed.data.name;
  // A PUT replaces the object: meta not sent is meta emptied.
  snapshot.meta = parsed.data.meta ?? {};
  return { status: 200, body: snapshotWire(estate, snapshot) };
};

const deleteSnapshot: Handler = ({ estate }, request) => {
  const snapshot = estate.findSnapshot(request.params.uuid);
  if (!snapshot) return notExist(request.params.uuid ?? '');
  estate.startDeletion(snapshot);
  return noContent();
};

const deleteSnapshots: Handler = ({ estate }, request) => {
  const parsed = wireBulkDeleteRequest.safeParse(request.body);
  if (!parsed.success) return validation('objects', 'This field is required');
  const found = parsed.data.objects.map((o) => estate.findSnapshot(o.uuid));
  const missing = parsed.data.objects.find((_o, i) => found[i] === undefined);
  // All or nothing [INF]: one unknown uuid refuses the whole request.
  if (missing) return notExist(missing.uuid);
  for (const snapshot of found) if (snapshot) estate.startDeletion(snapshot);
  return noContent();
};

const snapshotAction: Handler = ({ estate }, request) => {
  const snapshot = estate.findSnapshot(request.params.uuid);
  if (!snapshot) return notExist(request.params.uuid ?? '');
  const action = request.query.get('do');
  if (action !== 'clone') return validation('do', `Invalid action '${action ?? ''}'`);
  const parsed = wireCloneRequest.safeParse(request.body ?? {});
  if (!parsed.success) return validation(null, 'Invalid clone request');
  const status = estate.snapshotStatus(snapshot);
  if (status !== 'available') return errors(403, 'permission', `Cannot clone snapshot in state "${status}". Snapshot should be in state "available"`);
  const drive = estate.clone(snapshot, parsed.data);
  // The real answer's quirk: the new drive's resource_uri is an object.
  return { status: 202, body: { ...driveWire(estate, drive), resource_uri: ref('drives', drive.uuid) } };
};

const getDrive: Handler = ({ estate }, request) => {
  const drive = estate.findDrive(request.params.uuid);
  if (!drive) return notExist(request.params.uuid ?? '');
  if (wantsWrongShape(request.fault)) return garbageObject();
  return { status: 200, body: driveWire(estate, drive) };
};

const updateDrive: Handler = ({ estate }, request) => {
  const drive = estate.findDrive(request.params.uuid);
  if (!drive) return notExist(request.params.uuid ?? '');
  const parsed = wireUpdateDriveRequest.safeParse(request.body);
  if (!parsed.success) return validation(parsed.error.issues[0]?.path.join('.') ?? null, 'This field is required');
  const status = estate.driveStatus(drive);
  if (status !== 'unmounted' && status !== 'mounted') return errors(403, 'permission', `Cannot edit drive in state "${status}"`);
  if (parsed.data.size !== drive.size) return validation('size', 'Resizing is done with the resize action');
  drive.name = parsed.data.name;
  drive.media = parsed.data.media;
  drive.meta = parsed.data.meta ?? {};
  return { status: 200, body: driveWire(estate, drive) };
};

const getJob: Handler = ({ estate }, request) => {
  const job = estate.jobs.get(request.params.uuid ?? '');
  if (!job) return notExist(request.params.uuid ?? '');
  return { status: 200, body: jobWire(estate, job) };
};

// ---- plumbing ----

/** null for the lab's user (Basic), else the 401 Digest challenge the real API answers. */
function authenticate(ctx: CloudSigmaRouteContext, request: SimRequest): SimResponse | null {
  const header = request.headers.authorization;
  const basic = /^Basic (.+)$/.exec(typeof header === 'string' ? header : '');
  if (basic?.[1]) {
    const [user, ...rest] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    if (user === ctx.auth.username && rest.join(':') === ctx.auth.password) return null;
  }
  return { status: 401, text: '', headers: { 'www-authenticate': 'Digest realm="cloudsigma.com", qop="auth", nonce="lab", opaque="lab"' } };
}

/** Django's APPEND_SLASH: a GET is redirected, anything else cannot be; null for a path that ends with '/'. */
function unslashed(request: SimRequest): SimResponse | null {
  if (request.path.endsWith('/')) return null;
  if (request.method === 'GET') return { status: 301, text: '', headers: { location: `${request.path}/` } };
  return errors(404, 'notexist', `No resource at ${request.path}: resource URLs end with '/'`);
}

/** The route table under /api/2.0. */
export function cloudSigmaRoutes(ctx: CloudSigmaRouteContext): Route[] {
  const { estate } = ctx;
  // Logged, then injected failures, then the trailing slash, then auth; time has passed before any answer.
  const guard = guardWith({ faults: ctx.faults, log: ctx.log, authenticate: (request) => unslashed(request) ?? authenticate(ctx, request) });
  const route = (method: string, path: string, handler: Handler): Route => ({
    method,
    pattern: `${CLOUDSIGMA_API_PATH}${path}`,
    handler: guard((request) => {
      estate.settle();
      return handler(ctx, request);
    }),
  });
  const snapshotRows = (request: SimRequest) => filtered(request, estate.snapshots, (s) => s.drive);
  const renderSnapshot = (s: SimSnapshot) => snapshotWire(estate, s);
  return [
    route('GET', '/servers/', (c, r) => list(c, r, filtered(r, estate.servers), serverReduced)),
    route('GET', '/servers/detail/', (c, r) => list(c, r, filtered(r, estate.servers), serverWire)),
    route('GET', '/drives/', (c, r) => list(c, r, filtered(r, estate.drives), (d) => driveReduced(estate, d))),
    route('GET', '/drives/detail/', (c, r) => list(c, r, filtered(r, estate.drives), (d) => driveWire(estate, d))),
    route('GET', '/drives/:uuid/', getDrive),
    route('PUT', '/drives/:uuid/', updateDrive),
    // The plain snapshot list is as full as the detailed one (the captures).
    route('GET', '/snapshots/', (c, r) => list(c, r, snapshotRows(r), renderSnapshot)),
    route('GET', '/snapshots/detail/', (c, r) => list(c, r, snapshotRows(r), renderSnapshot)),
    route('POST', '/snapshots/', createSnapshots),
    route('DELETE', '/snapshots/', deleteSnapshots),
    route('POST', '/snapshots/:uuid/action/', snapshotAction),
    route('GET', '/snapshots/:uuid/', getSnapshot),
    route('PUT', '/snapshots/:uuid/', updateSnapshot),
    route('DELETE', '/snapshots/:uuid/', deleteSnapshot),
    route('GET', '/jobs/:uuid/', getJob),
  ];
}
