// The Denvr simulator's HTTP side: ABP's envelope and errors, the TokenAuth endpoints, and the v1 server and
// snapshot routes, each reading the request, asking the estate, and rendering its answer in the wire's casing.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { wantsWrongShape } from '../../../lab/faults.js';
import type { FaultQueue } from '../../../lab/kit/faultQueue.js';
import { guardWith } from '../../../lab/kit/guard.js';
import type { RequestLog } from '../../../lab/kit/requestLog.js';
import type { TokenStore } from '../../../lab/kit/tokens.js';
import type { Route, SimRequest, SimResponse } from '../../../lab/simulatorServer.js';
import { wireAuthenticateRequest, wireCreateSnapshotRequest } from '../wire.js';
import { dotnet, type DenvrEstate, type SimServer, type SimSnapshot } from './state.js';

/** What the routes answer with: the estate, the login and token lifetimes, the envelope, and the test knobs. */
export interface DenvrRouteContext {
  estate: DenvrEstate;
  auth: { username: string; password: string };
  tokenTtl: number;
  refreshTtl: number;
  /** False: bare DTOs as the OpenAPI declares them, no envelope (errors keep theirs). */
  enveloped: boolean;
  faults: FaultQueue;
  log: RequestLog;
}
/** The cluster a request body names (CreateSnapshot's). */
const bodyCluster = z.object({ cluster: z.string() });

/** ABP's wrapper (doc/WebSite/Javascript-API/AJAX.md). */
const abp = (status: number, result: unknown): SimResponse => ({
  status,
  body: { result, targetUrl: null, success: true, error: null, unAuthorizedRequest: false, __abp: true },
});
/** ABP's error wrapper; `code` as go-denvr's fixture has it (the HTTP status), details when given. */
export const abpError = (status: number, message: string, extra: Record<string, unknown> = {}): SimResponse => ({
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
const unknownCluster = (cluster: string): SimResponse => abpError(500, `Cluster '${cluster}' does not exist or is not available to you.`);

const ok = (ctx: DenvrRouteContext, status: number, result: unknown): SimResponse =>
  ctx.enveloped ? abp(status, result) : { status, body: result };

// ---- rendering ----

/** VirtualServerDetailsItem, in the wire's mixed casing. */
const serverWire = (ctx: DenvrRouteContext, s: SimServer) => ({
  username: ctx.auth.username,
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
  ip: s.status === 'ONLINE' ? '130.250.171.' + String(10 + (ctx.estate.servers.indexOf(s) % 200)) : '',
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
const snapshotWire = (ctx: DenvrRouteContext, s: SimSnapshot) => ({
  id: s.name,
  namespace: s.namespace,
  sourceName: s.sourceName,
  osImage: s.osImage,
  customPackage: null,
  rootDiskSize: s.rootDiskSize,
  creationDate: dotnet(s.createdAt),
  username: ctx.auth.username,
  tenancyName: 'denvr',
  readyToUse: ctx.estate.readyToUse(s),
});

// ---- reading requests ----

/** Cluster is required by the spec for single objects, and the listings without it make no sense here. */
function clusterOf(ctx: DenvrRouteContext, request: SimRequest): string | SimResponse {
  const cluster = request.query.get('Cluster') ?? '';
  if (cluster === '') return invalid('Cluster', 'The Cluster field is required.');
  if (!ctx.estate.clusters.includes(cluster)) return unknownCluster(cluster);
  return cluster;
}

function required(request: SimRequest, name: string): string | SimResponse {
  const value = request.query.get(name) ?? '';
  return value === '' ? invalid(name, `The ${name} field is required.`) : value;
}

/** Id, Namespace and Cluster of a single object, or the first refusal among them (in that order). */
function objectOf(ctx: DenvrRouteContext, request: SimRequest): { id: string; namespace: string; cluster: string } | SimResponse {
  const id = required(request, 'Id');
  const namespace = required(request, 'Namespace');
  const cluster = clusterOf(ctx, request);
  if (typeof id !== 'string') return id;
  if (typeof namespace !== 'string') return namespace;
  if (typeof cluster !== 'string') return cluster;
  return { id, namespace, cluster };
}

// ---- servers and snapshots ----

function getServers(ctx: DenvrRouteContext, request: SimRequest): SimResponse {
  const cluster = clusterOf(ctx, request);
  if (typeof cluster !== 'string') return cluster;
  if (wantsWrongShape(request.fault)) return ok(ctx, 200, { items: 'not a list' });
  // ListResultDto: every item, no paging.
  return ok(ctx, 200, { items: ctx.estate.servers.filter((s) => s.cluster === cluster).map((s) => serverWire(ctx, s)) });
}

function getServer(ctx: DenvrRouteContext, request: SimRequest): SimResponse {
  const object = objectOf(ctx, request);
  if (!('id' in object)) return object;
  const server = ctx.estate.findServer(object.cluster, object.namespace, object.id);
  return server ? ok(ctx, 200, serverWire(ctx, server)) : notFound('virtual server', object.id);
}

function getSnapshots(ctx: DenvrRouteContext, request: SimRequest): SimResponse {
  ctx.estate.settle();
  const cluster = clusterOf(ctx, request);
  if (typeof cluster !== 'string') return cluster;
  if (wantsWrongShape(request.fault)) return ok(ctx, 200, { items: [{ id: 7, readyToUse: 'yes' }] });
  return ok(ctx, 200, { items: ctx.estate.snapshots.filter((s) => s.cluster === cluster).map((s) => snapshotWire(ctx, s)) });
}

function getSnapshot(ctx: DenvrRouteContext, request: SimRequest): SimResponse {
  ctx.estate.settle();
  const object = objectOf(ctx, request);
  if (!('id' in object)) return object;
  if (wantsWrongShape(request.fault)) return ok(ctx, 200, { id: null, readyToUse: 'soon' });
  const snapshot = ctx.estate.findSnapshot(object.cluster, object.namespace, object.id);
  if (snapshot) return ok(ctx, 200, snapshotWire(ctx, snapshot));
  // A failed creation: ABP answers a UserFriendlyException as HTTP 500 with its message [INF].
  const failure = ctx.estate.failureOf(object.cluster, object.namespace, object.id);
  if (failure !== undefined) return abpError(500, `Snapshot '${object.id}' failed: ${failure}`);
  return notFound('snapshot', object.id);
}

function createSnapshot(ctx: DenvrRouteContext, request: SimRequest): SimResponse {
  ctx.estate.settle();
  const parsed = wireCreateSnapshotRequest.safeParse(request.body);
  if (!parsed.success) {
    const member = String(parsed.error.issues[0]?.path[0] ?? 'input');
    return invalid(member, `The ${member} field is required.`);
  }
  if (!ctx.estate.clusters.includes(parsed.data.cluster)) return unknownCluster(parsed.data.cluster);
  const created = ctx.estate.createSnapshot(parsed.data);
  if (!('refused' in created)) return ok(ctx, 202, snapshotWire(ctx, created));
  switch (created.refused) {
    case 'no-server':
      return notFound('virtual server', created.name);
    case 'bad-name':
      return invalid('name', `The name '${created.name}' must consist of lower case alphanumeric characters or '-', at most 63, start and end with an alphanumeric character.`);
    // A UserFriendlyException: 500 with its message [INF].
    case 'conflict':
    case 'not-settled':
      return abpError(500, created.message);
  }
}

function deleteSnapshot(ctx: DenvrRouteContext, request: SimRequest): SimResponse {
  ctx.estate.settle();
  const object = objectOf(ctx, request);
  if (!('id' in object)) return object;
  const snapshot = ctx.estate.findSnapshot(object.cluster, object.namespace, object.id);
  if (!snapshot) return notFound('snapshot', object.id);
  ctx.estate.deleteSnapshot(snapshot);
  return ok(ctx, 202, { id: object.id });
}

// ---- auth (ABP zero's TokenAuthController) ----

/** A new token in the store, valid for ttlSeconds (ABP's look: base64url). */
const issue = (store: TokenStore, ttlSeconds: number): string => store.issue(ttlSeconds * 1000, randomBytes(24).toString('base64url')).token;

function authenticate(ctx: DenvrRouteContext, request: SimRequest): SimResponse {
  const body = wireAuthenticateRequest.safeParse(request.body);
  if (!body.success) return invalid('userNameOrEmailAddress', 'The UserNameOrEmailAddress field is required.');
  if (body.data.userNameOrEmailAddress !== ctx.auth.username || body.data.password !== ctx.auth.password) {
    // A UserFriendlyException: HTTP 500, the reason in details.
    return abpError(500, 'Login failed!', { details: 'Invalid user name or password' });
  }
  const accessToken = issue(ctx.estate.accessTokens, ctx.tokenTtl);
  return ok(ctx, 200, {
    accessToken,
    encryptedAccessToken: Buffer.from(accessToken).toString('base64'),
    expireInSeconds: ctx.tokenTtl,
    shouldResetPassword: false,
    passwordResetCode: null,
    userId: 2,
    requiresTwoFactorVerification: false,
    twoFactorAuthProviders: null,
    twoFactorRememberClientToken: null,
    returnUrl: null,
    refreshToken: issue(ctx.estate.refreshTokens, ctx.refreshTtl),
    refreshTokenExpireInSeconds: ctx.refreshTtl,
  });
}

function refresh(ctx: DenvrRouteContext, request: SimRequest): SimResponse {
  const token = request.query.get('refreshToken') ?? '';
  if (token === '') return invalid('refreshToken', 'The refreshToken field is required.');
  if (!ctx.estate.refreshTokens.valid(token)) return abpError(500, 'Refresh token is not valid!');
  const accessToken = issue(ctx.estate.accessTokens, ctx.tokenTtl);
  return ok(ctx, 200, { accessToken, encryptedAccessToken: Buffer.from(accessToken).toString('base64'), expireInSeconds: ctx.tokenTtl });
}

/** The 401 ABP answers when the bearer is missing, unknown or expired. */
function authorized(ctx: DenvrRouteContext, request: SimRequest): SimResponse | null {
  const header = request.headers.authorization;
  const token = /^Bearer (.+)$/.exec(typeof header === 'string' ? header : '')?.[1];
  if (ctx.estate.accessTokens.valid(token)) return null;
  return abpError(401, 'Current user did not login to the application!');
}

// ---- plumbing ----

/** The error of a failing cluster the request names, if any. */
function clusterFault(ctx: DenvrRouteContext, request: SimRequest): SimResponse | null {
  const body = bodyCluster.safeParse(request.body);
  const cluster = request.query.get('Cluster') ?? (body.success ? body.data.cluster : null);
  const fault = cluster === null ? undefined : ctx.estate.clusterFault(cluster);
  if (!fault || (fault.pathContains !== undefined && !request.path.includes(fault.pathContains))) return null;
  return abpError(fault.status, fault.message);
}

/** The route table: ABP zero declares RefreshToken POST; the SDKs send GET: both work. */
export function denvrRoutes(ctx: DenvrRouteContext): Route[] {
  // A failing cluster answers before the bearer is looked at (anonymous routes name no cluster).
  const guard = guardWith({ faults: ctx.faults, log: ctx.log, authenticate: (request) => clusterFault(ctx, request) ?? authorized(ctx, request) });
  const route = (method: string, pattern: string, handler: (ctx: DenvrRouteContext, request: SimRequest) => SimResponse, anonymous = false): Route => ({
    method,
    pattern,
    handler: guard((request) => handler(ctx, request), { anonymous }),
  });
  return [
    route('POST', '/api/TokenAuth/Authenticate', authenticate, true),
    route('GET', '/api/TokenAuth/RefreshToken', refresh, true),
    route('POST', '/api/TokenAuth/RefreshToken', refresh, true),
    route('GET', '/api/v1/servers/virtual/GetServers', getServers),
    route('GET', '/api/v1/servers/virtual/GetServer', getServer),
    route('GET', '/api/v1/servers/snapshots/GetSnapshots', getSnapshots),
    route('GET', '/api/v1/servers/snapshots/GetSnapshot', getSnapshot),
    route('POST', '/api/v1/servers/snapshots/CreateSnapshot', createSnapshot),
    route('DELETE', '/api/v1/servers/snapshots/DeleteSnapshot', deleteSnapshot),
  ];
}
