// A Danube Cloud API double (README §4): the task envelope on every view, async snapshot actions as celery tasks
// (201 PENDING/STARTED → 200 SUCCESS, 400 FAILURE, 410 REVOKED at /task/<id>/status/), `{"detail"}` errors, snapshot
// definitions, Token login or ES-API-KEY; plus knobs for the tests (failures, garbage, task failures, token expiry).
// The estate lives in simulator/state.ts, the HTTP routes in simulator/routes.ts; this starts the two together.
import { systemClock, type Clock } from '../../lab/kit/clock.js';
import { FaultQueue } from '../../lab/kit/faultQueue.js';
import { RequestLog, type LoggedRequest } from '../../lab/kit/requestLog.js';
import { type RunningSimulator, startSimulator } from '../../lab/simulatorServer.js';
import { danubeRoutes, type DanubeRouteContext } from './simulator/routes.js';
import {
  DANUBE_API_PATH,
  DANUBE_SIM_DEFAULT_API_KEY,
  DANUBE_SIM_DEFAULT_AUTH,
  DanubeEstate,
  type SimDefineView,
  type SimSnapshotView,
  type SimVMView,
} from './simulator/state.js';

export {
  DANUBE_SIM_DEFAULT_API_KEY,
  DANUBE_SIM_DEFAULT_AUTH,
  DANUBE_SIM_DEFAULT_VMS,
} from './simulator/state.js';

export interface DanubeSimOptions {
  vmCount: number;
  /** Added to every answer. */
  latencyMs?: number;
  /** How long a task takes: PENDING for a fifth of it, then STARTED, then its final state. */
  opMs?: number;
  port?: number;
  auth?: { username?: string; password?: string; apiKey?: string; tokenTtlSeconds?: number };
  /** What the tasks and the tokens' lifetimes run on; the system's unless given (a test's ManualClock). */
  clock?: Clock;
}

export interface DanubeSimulator extends RunningSimulator {
  /** The API root (…/api), what a connector's baseUrl is. */
  apiUrl: string;
  vms(): SimVMView[];
  setVmStatus(hostname: string, status: string): void;
  snapshots(hostname?: string): SimSnapshotView[];
  definitions(): SimDefineView[];
  /** Marks a snapshot lost (status 4), as when its ZFS snapshot disappeared. */
  loseSnapshot(hostname: string, diskId: number, name: string): void;
  /** The next task started ends FAILURE with this message, changing nothing. */
  failNextTask(message: string): void;
  /** The next task started ends REVOKED. */
  revokeNextTask(): void;
  /** The next request whose method matches and whose path contains `pathContains` gets this answer instead. */
  failNext(method: string, pathContains: string, status: number, body?: unknown): void;
  /** Every token issued so far stops being valid. */
  expireTokens(): void;
  loginCount(): number;
  /** Most requests in flight at once so far (the per-VM snapshot lists are bounded by the connector). */
  maxInFlight(): number;
  requests(): LoggedRequest[];
}

const DEFAULT_TOKEN_TTL = 3600;

/** Starts the simulator; reads answer JSON of the wrong shape under setFault({ mode: 'garbage', json: true }). */
export async function startDanubeSimulator(options: DanubeSimOptions): Promise<DanubeSimulator> {
  const estate = new DanubeEstate({ vmCount: options.vmCount, opMs: options.opMs ?? 0, clock: options.clock ?? systemClock });
  const ctx: DanubeRouteContext = {
    estate,
    auth: {
      username: options.auth?.username ?? DANUBE_SIM_DEFAULT_AUTH.username,
      password: options.auth?.password ?? DANUBE_SIM_DEFAULT_AUTH.password,
      apiKey: options.auth?.apiKey ?? DANUBE_SIM_DEFAULT_API_KEY,
      ttlSeconds: options.auth?.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL,
    },
    faults: new FaultQueue({ detail: 'injected failure' }),
    log: new RequestLog(),
    latencyMs: options.latencyMs ?? 0,
    inFlight: { now: 0, max: 0 },
  };
  const { routes, notFound } = danubeRoutes(ctx);
  const running = await startSimulator(routes, { latencyMs: ctx.latencyMs, notFound }, options.port ?? 0);
  return {
    ...running,
    apiUrl: `${running.url}${DANUBE_API_PATH}`,
    vms: () => estate.vmViews(),
    setVmStatus: (hostname, status) => estate.setVmStatus(hostname, status),
    snapshots: (hostname) => estate.snapshotViews(hostname),
    definitions: () => estate.defineViews(),
    loseSnapshot: (hostname, diskId, name) => estate.loseSnapshot(hostname, diskId, name),
    failNextTask: (message) => estate.failNextTask(message),
    revokeNextTask: () => estate.revokeNextTask(),
    failNext: ctx.faults.failNext,
    // Forgotten rather than expired: the next request meets "Invalid token.", as after a server restart.
    expireTokens: estate.tokens.revokeAll,
    loginCount: estate.tokens.issuedCount,
    maxInFlight: () => ctx.inFlight.max,
    requests: ctx.log.requests,
  };
}
