// A DenvrCloud API double (README §5): ABP token auth with refresh tokens, the `{result, success, error, …, __abp}`
// envelope on every answer (or bare DTOs, as the OpenAPI shows), virtual servers and snapshots per cluster and
// namespace with mixed-casing items, 202 creates and deletes that finish after opMs, ABP's status codes, servers
// that are planned or pending (and cannot be snapshotted), clusters that fail on their own; plus knobs.
// The estate lives in simulator/state.ts, the HTTP routes in simulator/routes.ts; this starts the two together.
import { systemClock, type Clock } from '../../lab/kit/clock.js';
import { FaultQueue } from '../../lab/kit/faultQueue.js';
import { RequestLog, type LoggedRequest } from '../../lab/kit/requestLog.js';
import { type RunningSimulator, startSimulator } from '../../lab/simulatorServer.js';
import { abpError, denvrRoutes, type DenvrRouteContext } from './simulator/routes.js';
import {
  DAY,
  DENVR_SIM_DEFAULT_AUTH,
  DENVR_SIM_DEFAULT_CLUSTERS,
  DenvrEstate,
  type SimClusterFault,
  type SimServerView,
  type SimSnapshotView,
} from './simulator/state.js';

export {
  DENVR_SIM_DEFAULT_AUTH,
  DENVR_SIM_DEFAULT_VMS,
} from './simulator/state.js';

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
  /** What the tokens' lifetimes and opMs run on; the system's unless given (a test's ManualClock). */
  clock?: Clock;
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
  requests(): LoggedRequest[];
}

/** Starts the simulator; listings and GetSnapshot answer JSON of the wrong shape under setFault({ mode: 'garbage', json: true }). */
export async function startDenvrSimulator(options: DenvrSimOptions): Promise<DenvrSimulator> {
  const estate = new DenvrEstate({
    vmCount: options.vmCount,
    clusters: options.clusters ?? [...DENVR_SIM_DEFAULT_CLUSTERS],
    opMs: options.opMs ?? 0,
    clock: options.clock ?? systemClock,
  });
  const ctx: DenvrRouteContext = {
    estate,
    auth: options.auth ?? DENVR_SIM_DEFAULT_AUTH,
    tokenTtl: options.tokenTtlSeconds ?? DAY,
    refreshTtl: options.refreshTokenTtlSeconds ?? 365 * DAY,
    enveloped: options.envelope ?? true,
    faults: new FaultQueue(abpError(500, 'An internal error occurred during your request!').body),
    log: new RequestLog(),
  };
  const running = await startSimulator(
    denvrRoutes(ctx),
    // ASP.NET Core's own 404: an empty body, no envelope.
    { latencyMs: options.latencyMs, notFound: () => ({ status: 404, text: '' }) },
    options.port ?? 0,
  );
  return {
    ...running,
    servers: () => estate.serverViews(),
    snapshots: () => estate.snapshotViews(),
    setStatus: (cluster, name, status) => estate.setStatus(cluster, name, status),
    destroyServer: (cluster, name) => estate.destroyServer(cluster, name),
    failCluster: (cluster, fault) => estate.failCluster(cluster, fault),
    failNext: (method, pathContains, status, body) => ctx.faults.failNext(method, pathContains, status, body),
    failNextSnapshot: (message) => estate.failNextSnapshot(message),
    expireTokens: estate.accessTokens.expireAll,
    expireRefreshTokens: estate.refreshTokens.expireAll,
    // Every login issues one refresh token and one access token; every refresh one access token.
    loginCount: estate.refreshTokens.issuedCount,
    refreshCount: () => estate.accessTokens.issuedCount() - estate.refreshTokens.issuedCount(),
    requests: ctx.log.requests,
  };
}
