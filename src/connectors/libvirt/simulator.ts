// A libgo (libvirt REST) server double: the real routes, status codes, flat error bodies and synchronous snapshot
// semantics, as the real server (libgo ebe201a over libvirtd + QEMU) answers them, over a deterministic fleet, plus
// fault-injection knobs for the tests. Where it differs from the real server, the real server is right.
// The estate and its rules are in simulator/state.ts, the HTTP routes in simulator/routes.ts; this is the entry.
import { systemClock, type Clock } from '../../lab/kit/clock.js';
import { FaultQueue } from '../../lab/kit/faultQueue.js';
import { OperationTimer } from '../../lab/kit/operationTimer.js';
import { RequestLog, type LoggedRequest } from '../../lab/kit/requestLog.js';
import { TokenStore } from '../../lab/kit/tokens.js';
import { type RunningSimulator, startSimulator } from '../../lab/simulatorServer.js';
import { snapshotWire, type SimSnapshotWire } from './simulator/render.js';
import { libvirtRoutes, routeMissing } from './simulator/routes.js';
import { LibvirtEstate, type SimVMStatus } from './simulator/state.js';


export const LIBVIRT_SIM_DEFAULT_VMS = 5;

export interface LibvirtSimOptions {
  vmCount: number;
  /** Added to every answer. */
  latencyMs?: number;
  /** How long create, revert and delete block before answering (libvirt's calls are synchronous). */
  opMs?: number;
  /** When set, /api/v1/vms routes need a bearer token from POST /api/v1/auth/login. */
  auth?: { username: string; password: string; tokenTtlMs?: number };
  port?: number;
  seed?: number;
  /**
   * Whether GET …/snapshots lists what the VM holds, as a fixed libgo would. libgo ebe201a (the real server) asks
   * libvirt for the count only and answers `{"snapshots":[],"count":0}` whatever libvirt holds: the default.
   */
  listsSnapshots?: boolean;
  /** What blocking work, tokens and creation times run on; the system clock unless given (a test's ManualClock). */
  clock?: Clock;
}

export interface LibvirtSimulator extends RunningSimulator {
  /** VM names in list order. */
  vmNames(): string[];
  /** The VM's status, or null when there is no such VM. */
  vmStatus(vm: string): SimVMStatus | null;
  /** Changes a VM's status (e.g. to take a snapshot of a stopped VM). */
  setVMStatus(vm: string, status: SimVMStatus): void;
  /** What the VM holds, as GET by name sends each (whatever the list route says); [] when there is no such VM. */
  snapshotsOf(vm: string): SimSnapshotWire[];
  /** The VM's current snapshot, as libvirt holds it; null when none (or no such VM). */
  currentOf(vm: string): string | null;
  /** The next request whose method matches and whose path contains `pathContains` gets this answer instead. */
  failNext(method: string, pathContains: string, status: number, body?: unknown): void;
  /** Every token issued so far stops being valid. */
  expireTokens(): void;
  /** Successful logins and refreshes so far. */
  loginCount(): number;
  /** Every request routed so far (the newest 10 000), in order. */
  requests(): LoggedRequest[];
}

/** Starts the simulator; list reads answer JSON of the wrong shape under setFault({ mode: 'garbage', json: true }). */
export async function startLibvirtSimulator(options: LibvirtSimOptions): Promise<LibvirtSimulator> {
  const clock = options.clock ?? systemClock;
  const estate = new LibvirtEstate(options.vmCount, options.seed ?? 1, clock);
  const tokens = new TokenStore(clock);
  const faults = new FaultQueue();
  const log = new RequestLog();
  const routes = libvirtRoutes({
    estate,
    auth: options.auth,
    tokens,
    faults,
    log,
    timer: new OperationTimer(clock, options.opMs ?? 0),
    clock,
    listsSnapshots: options.listsSnapshots ?? false,
  });
  const running = await startSimulator(routes, { latencyMs: options.latencyMs, notFound: routeMissing }, options.port ?? 0);

  return {
    ...running,
    vmNames: () => estate.vms.map((vm) => vm.name),
    vmStatus: (name) => estate.vm(name)?.status ?? null,
    setVMStatus: (name, status) => {
      const vm = estate.vm(name);
      if (!vm) throw new Error(`no simulated VM ${name}`);
      vm.status = status;
    },
    snapshotsOf: (name) => {
      const vm = estate.vm(name);
      return vm ? vm.snapshots.map((s) => snapshotWire(vm, s)) : [];
    },
    currentOf: (name) => estate.vm(name)?.current ?? null,
    failNext: faults.failNext,
    expireTokens: tokens.expireAll,
    loginCount: tokens.issuedCount,
    requests: log.requests,
  };
}
