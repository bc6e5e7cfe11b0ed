// A ManageIQ REST API double (README §2): token auth with X-MIQ-Group, collection envelopes with expand/attributes/
// offset/limit and a system-wide count, snapshot subcollections, queued actions as MiqTasks, error envelopes; plus knobs.
// The estate and its rules are in simulator/state.ts, the HTTP routes in simulator/routes.ts; this is the entry.
import { systemClock, type Clock } from '../../lab/kit/clock.js';
import { FaultQueue } from '../../lab/kit/faultQueue.js';
import { RequestLog, type LoggedRequest } from '../../lab/kit/requestLog.js';
import { TokenStore } from '../../lab/kit/tokens.js';
import { type RunningSimulator, startSimulator } from '../../lab/simulatorServer.js';
import { snapshotWire, type SimSnapshotWire } from './simulator/render.js';
import { manageIQRoutes, routeMissing } from './simulator/routes.js';
import { ManageIQEstate, type SimCollection } from './simulator/state.js';

export type { SimCollection } from './simulator/state.js';

export const MANAGEIQ_SIM_DEFAULT_VMS = 5;
export const MANAGEIQ_SIM_DEFAULT_INSTANCES = 2;
/** ManageIQ's well-known appliance defaults. */
export const MANAGEIQ_SIM_DEFAULT_AUTH = { username: 'admin', password: 'smartvm', group: 'EvmGroup-super_administrator' };

const DEFAULT_TOKEN_TTL = 600;

export interface ManageIQSimOptions {
  /** Infrastructure VMs (VMware), at /api/vms. */
  vmCount: number;
  /** Cloud instances (OpenStack; none unless given), at /api/instances and, like the real class Vm, at /api/vms too. */
  instanceCount?: number;
  /** Added to every answer. */
  latencyMs?: number;
  /** How long a queued task takes: Queued for a fifth of it, then Active with pct_complete rising, then Finished. */
  opMs?: number;
  auth?: { username: string; password: string; groups?: string[]; tokenTtlSeconds?: number };
  /** The server's cap on `limit` (max_results_per_page). */
  maxResultsPerPage?: number;
  /** A created snapshot shows up this long after its task finished (ManageIQ's inventory refresh). */
  inventoryLagMs?: number;
  /** What tasks and tokens are timed on; the system clock unless given (a test's ManualClock). */
  clock?: Clock;
  port?: number;
}

type SimLoggedRequest = LoggedRequest;

export interface ManageIQSimulator extends RunningSimulator {
  /** Ids in list order: the VMs of /api/vms that are not cloud instances, or the instances. */
  ids(collection: SimCollection): string[];
  name(collection: SimCollection, id: string): string | null;
  /** power_state as the server sends it; null when there is no such VM. */
  powerState(collection: SimCollection, id: string): string | null;
  setPowerState(collection: SimCollection, id: string, state: string): void;
  /** The VM's snapshots as its subcollection renders them; [] when there is no such VM. */
  snapshotsOf(collection: SimCollection, id: string): SimSnapshotWire[];
  /** The next request whose method matches and whose path contains `pathContains` gets this answer instead. */
  failNext(method: string, pathContains: string, status: number, body?: unknown): void;
  /** The next task queued ends Finished with status Error and this message, changing nothing. */
  failNextTask(message: string): void;
  /** Every token issued so far stops being valid. */
  expireTokens(): void;
  /** Tokens issued by GET /api/auth so far. */
  loginCount(): number;
  /** Every request answered so far (the newest 10 000), in order. */
  requests(): SimLoggedRequest[];
}

/** Starts the simulator; reads answer JSON of the wrong shape under setFault({ mode: 'garbage', json: true }). */
export async function startManageIQSimulator(options: ManageIQSimOptions): Promise<ManageIQSimulator> {
  const clock = options.clock ?? systemClock;
  const auth = {
    username: options.auth?.username ?? MANAGEIQ_SIM_DEFAULT_AUTH.username,
    password: options.auth?.password ?? MANAGEIQ_SIM_DEFAULT_AUTH.password,
    groups: options.auth?.groups ?? [MANAGEIQ_SIM_DEFAULT_AUTH.group],
    ttl: options.auth?.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL,
  };
  const estate = new ManageIQEstate({
    vmCount: options.vmCount,
    instanceCount: options.instanceCount ?? 0,
    opMs: options.opMs ?? 0,
    inventoryLagMs: options.inventoryLagMs ?? 0,
    clock,
    userid: auth.username,
  });
  const tokens = new TokenStore(clock);
  const faults = new FaultQueue();
  const log = new RequestLog();
  const routes = manageIQRoutes({ estate, auth, tokens, faults, log, cap: options.maxResultsPerPage ?? 1000 });
  const running = await startSimulator(routes, { latencyMs: options.latencyMs, notFound: routeMissing }, options.port ?? 0);

  return {
    ...running,
    ids: (collection) => estate.ids(collection),
    name: (collection, id) => estate.findVM(collection, id)?.name ?? null,
    powerState: (collection, id) => estate.findVM(collection, id)?.powerState ?? null,
    setPowerState: (collection, id, state) => {
      const vm = estate.findVM(collection, id);
      if (!vm) throw new Error(`no simulated ${collection} ${id}`);
      vm.powerState = state;
    },
    snapshotsOf: (collection, id) => {
      const vm = estate.findVM(collection, id);
      return vm ? vm.snapshots.map((s) => snapshotWire(running.url, collection, vm, s)) : [];
    },
    failNext: faults.failNext,
    failNextTask: (message) => estate.failNextTask(message),
    expireTokens: tokens.expireAll,
    loginCount: tokens.issuedCount,
    requests: log.requests,
  };
}
