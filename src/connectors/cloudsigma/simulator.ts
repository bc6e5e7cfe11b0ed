// A CloudSigma API 2.0 double (README §3) under /api/2.0/: Basic auth, list envelopes with limit/offset/fields and
// filters, servers with attached drives, drive snapshots created and deleted over time, clones followed by jobs,
// 201/202/204 (text/html) answers, space-separated timestamps, error arrays; plus knobs for the tests.
// The estate lives in simulator/state.ts, the HTTP routes in simulator/routes.ts; this starts the two together.
import { systemClock, type Clock } from '../../lab/kit/clock.js';
import { FaultQueue } from '../../lab/kit/faultQueue.js';
import { RequestLog, type LoggedRequest } from '../../lab/kit/requestLog.js';
import { type RunningSimulator, startSimulator } from '../../lab/simulatorServer.js';
import { cloudSigmaRoutes, notFoundAt, type CloudSigmaRouteContext } from './simulator/routes.js';
import {
  CLOUDSIGMA_API_PATH,
  CLOUDSIGMA_SIM_DEFAULT_AUTH,
  CloudSigmaEstate,
  type SimDriveView,
  type SimServerView,
  type SimSnapshotView,
} from './simulator/state.js';

export {
  CLOUDSIGMA_SIM_DEFAULT_AUTH,
  CLOUDSIGMA_SIM_DEFAULT_SERVERS,
} from './simulator/state.js';

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
  /** What opMs runs on; the system's unless given (a test's ManualClock). */
  clock?: Clock;
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
  /** The next clone's job fails halfway with this message; its drive ends `unavailable`. */
  failNextClone(message: string): void;
  /** Every request answered so far (the newest 10 000), in order. */
  requests(): LoggedRequest[];
}

/** Starts the simulator; list and object reads answer JSON of the wrong shape under setFault({ mode: 'garbage', json: true }). */
export async function startCloudSigmaSimulator(options: CloudSigmaSimOptions): Promise<CloudSigmaSimulator> {
  const estate = new CloudSigmaEstate({
    serverCount: options.serverCount,
    unattachedDrives: options.unattachedDrives,
    opMs: options.opMs ?? 0,
    clock: options.clock ?? systemClock,
  });
  const ctx: CloudSigmaRouteContext = {
    estate,
    auth: options.auth ?? CLOUDSIGMA_SIM_DEFAULT_AUTH,
    maxLimit: options.maxLimit,
    faults: new FaultQueue([]),
    log: new RequestLog(),
  };
  const running = await startSimulator(
    cloudSigmaRoutes(ctx),
    { latencyMs: options.latencyMs, notFound: (request) => notFoundAt(request.path) },
    options.port ?? 0,
  );
  return {
    ...running,
    apiUrl: `${running.url}${CLOUDSIGMA_API_PATH}`,
    servers: () => estate.serverViews(),
    drives: () => estate.driveViews(),
    snapshots: () => estate.snapshotViews(),
    failNext: (method, pathContains, status, body) => ctx.faults.failNext(method, pathContains, status, body),
    failNextClone: (message) => estate.failNextClone(message),
    requests: ctx.log.requests,
  };
}
