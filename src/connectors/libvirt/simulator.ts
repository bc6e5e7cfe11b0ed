// A libgo (libvirt REST) server double: the real routes, status codes, flat error bodies and synchronous snapshot
// semantics, as the real server (libgo ebe201a over libvirtd + QEMU) answers them, over a deterministic fleet, plus
// fault-injection knobs for the tests. Where it differs from the real server, the real server is right.
import { z } from 'zod';
import {
  type RunningSimulator,
  type Route,
  type SimHandler,
  type SimRequest,
  type SimResponse,
  FaultQueue,
  startSimulator,
} from '../../lab/simulatorServer.js';
import { sleep } from '../../net.js';
import { wireCreateSnapshotRequest } from './wire.js';

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
}

export type SimVMStatus = 'running' | 'stopped' | 'paused';

/** A snapshot as the server puts it on the wire (key order and omitted empties included). */
export interface SimSnapshotWire {
  created_at: string;
  name: string;
  description?: string;
  state: string;
  parent?: string;
  is_current: boolean;
  has_metadata: boolean;
  has_memory: boolean;
  has_disk: boolean;
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
  /** While on, list answers (VMs and snapshots) are JSON of the wrong shape. */
  setGarbage(on: boolean): void;
  /** Every token issued so far stops being valid. */
  expireTokens(): void;
  /** Successful logins and refreshes so far. */
  loginCount(): number;
}

// ---- state ----

interface SimSnapshot {
  name: string;
  description: string;
  /** libvirt domain state at creation: running | paused | shutoff. */
  state: string;
  parent: string;
  createdAt: Date;
  hasMetadata: boolean;
  hasDisk: boolean;
}

/** Field order as DiskInfo in libgo's disk.go. */
interface SimDisk {
  path: string;
  format: string;
  sizeBytes: number;
  bus: string;
  device: string;
}

interface SimVM {
  name: string;
  uuid: string;
  description: string;
  status: SimVMStatus;
  cpuCount: number;
  memoryMB: number;
  disks: SimDisk[];
  createdAt: Date;
  /** Minutes east of UTC the "server" formats this VM's snapshot times in (libgo uses the server's local zone). */
  utcOffsetMinutes: number;
  snapshots: SimSnapshot[];
  current: string | null;
}

const GIB = 1024 ** 3;
const ROLES = ['web', 'db', 'cache', 'api', 'worker', 'queue', 'build', 'proxy', 'mail', 'dns'];
const STATUS_CYCLE: SimVMStatus[] = ['running', 'stopped', 'running', 'paused', 'stopped', 'running'];
/** Seed tree: base → {updates → {pre-release → release-1}, experiment}, in creation order. */
const SEED_TREE: { name: string; parent: string; description: string }[] = [
  { name: 'base', parent: '', description: 'Clean OS install' },
  { name: 'updates', parent: 'base', description: '' },
  { name: 'experiment', parent: 'base', description: 'Trying a new kernel' },
  { name: 'pre-release', parent: 'updates', description: 'Before release 1' },
  { name: 'release-1', parent: 'pre-release', description: '' },
];

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFrom(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** RFC 3339 in a fixed offset, seconds precision, like Go's time.Unix(t, 0) marshalled in a local zone. */
function rfc3339(date: Date, offsetMinutes = 0): string {
  const shifted = new Date(Math.floor(date.getTime() / 1000) * 1000 + offsetMinutes * 60_000);
  const base = shifted.toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${base}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${base}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** libvirt domain state recorded in a snapshot of a VM in this status. */
const snapshotStateOf = (status: SimVMStatus): string => (status === 'stopped' ? 'shutoff' : status);

/** The status a revert leaves the VM in (the snapshot's recorded state). */
function statusAfterRevert(state: string): SimVMStatus {
  if (state === 'running' || state === 'blocked') return 'running';
  if (state === 'paused') return 'paused';
  return 'stopped';
}

function seedVM(index: number, vmCount: number, next: () => number): SimVM {
  const width = Math.max(2, String(vmCount).length);
  const name = `vm-${ROLES[index % ROLES.length] ?? 'node'}-${String(index + 1).padStart(width, '0')}`;
  const status = STATUS_CYCLE[index % STATUS_CYCLE.length] ?? 'running';
  const diskCount = index % 2 === 0 ? 1 : 2;
  const disks = Array.from({ length: diskCount }, (_, n) => ({
    path: `/var/lib/libvirt/images/${name}-${n + 1}.qcow2`,
    format: 'qcow2',
    sizeBytes: ([20, 40, 80][Math.floor(next() * 3)] ?? 20) * GIB,
    bus: 'virtio',
    device: `vd${String.fromCharCode(97 + n)}`,
  }));
  const createdAt = new Date(Date.UTC(2025, 0, 1) + index * 3_600_000);
  const snapshots = SEED_TREE.map((seed, step) => {
    const state = step % 2 === 0 ? 'shutoff' : 'running';
    return {
      name: seed.name,
      description: seed.description,
      state,
      parent: seed.parent,
      createdAt: new Date(createdAt.getTime() + (step + 1) * 86_400_000),
      // Every third VM has one snapshot libvirt holds no metadata for, so include_metadata=true filters something.
      hasMetadata: !(seed.name === 'experiment' && index % 3 === 0),
      hasDisk: true,
    };
  });
  return {
    name,
    uuid: uuidFrom(next),
    description: index % 2 === 0 ? `Seeded ${ROLES[index % ROLES.length] ?? 'node'} server` : '',
    status,
    cpuCount: 1 + Math.floor(next() * 8),
    memoryMB: 1024 * (1 + Math.floor(next() * 16)),
    disks,
    createdAt,
    utcOffsetMinutes: index % 2 === 0 ? 0 : -240,
    snapshots,
    current: ['release-1', 'experiment', 'pre-release'][index % 3] ?? 'release-1',
  };
}

// ---- wire forms ----

function snapshotWire(vm: SimVM, snapshot: SimSnapshot): SimSnapshotWire {
  return {
    created_at: rfc3339(snapshot.createdAt, vm.utcOffsetMinutes),
    name: snapshot.name,
    ...(snapshot.description ? { description: snapshot.description } : {}),
    state: snapshot.state,
    ...(snapshot.parent ? { parent: snapshot.parent } : {}),
    is_current: vm.current === snapshot.name,
    has_metadata: snapshot.hasMetadata,
    // libvirt always writes a <memory> element (snapshot='no' for a stopped VM), and libgo reports its presence.
    has_memory: true,
    has_disk: snapshot.hasDisk,
  };
}

function vmWire(vm: SimVM) {
  return {
    name: vm.name,
    uuid: vm.uuid,
    status: vm.status,
    cpu: { count: vm.cpuCount },
    memory: { sizeBytes: vm.memoryMB * 1024 * 1024, sizeMB: vm.memoryMB },
    disks: vm.disks,
    networks: [],
    createdAt: rfc3339(vm.createdAt),
    ...(vm.description ? { description: vm.description } : {}),
  };
}

/** error_handler.go's body: code, message, status. */
const apiError = (status: number, code: string, message: string): SimResponse => ({
  status,
  body: { code, message, status },
});
/** GET /health as the real server answers it: libvirt connected, pool and network checks failing. */
const healthBody = () => ({
  status: 'DOWN',
  version: 'harness-ebe201a',
  checks: [
    { details: { status: 'connected' }, name: 'libvirt-connection', status: 'UP' },
    { details: { error: 'failed to get connection from pool manager' }, name: 'storage-pool-default', status: 'DOWN' },
    { details: { error: 'failed to get connection from network manager' }, name: 'network-default', status: 'DOWN' },
  ],
});
const internalError = (): SimResponse => apiError(500, 'INTERNAL_SERVER_ERROR', 'An internal server error occurred');
const invalidInput = (): SimResponse => apiError(400, 'INVALID_INPUT', 'invalid input');
/** The JWT middleware's body: status, code, message. */
const authError = (message: string): SimResponse => ({
  status: 401,
  body: { status: 401, code: 'INVALID_OR_MISSING_AUTHENTICATION_TOKEN', message },
});

/** Go's Sscanf("%d") then clamp; null when not a number. */
function intParam(raw: string | null, fallback: number, min: number, max: number): number | null {
  if (raw === null || raw === '') return fallback;
  const match = /^\s*([+-]?\d+)/.exec(raw);
  if (!match?.[1]) return null;
  return Math.min(max, Math.max(min, Number.parseInt(match[1], 10)));
}

const loginBody = z.object({ username: z.string().min(1), password: z.string().min(1) });
const refreshBody = z.object({ token: z.string().min(1) });

// ---- the server ----

export async function startLibvirtSimulator(options: LibvirtSimOptions): Promise<LibvirtSimulator> {
  const next = random(options.seed ?? 1);
  const vms: SimVM[] = Array.from({ length: options.vmCount }, (_, i) => seedVM(i, options.vmCount, next));
  const byName = new Map(vms.map((vm) => [vm.name, vm]));
  const faults = new FaultQueue();
  const tokens = new Map<string, number>();
  const opMs = options.opMs ?? 0;
  const auth = options.auth;
  let garbage = false;
  let logins = 0;
  let tokenCounter = 0;

  const findSnapshot = (vm: SimVM, name: string | undefined) => vm.snapshots.find((s) => s.name === name);

  const issueToken = () => {
    tokenCounter++;
    const payload = Buffer.from(JSON.stringify({ sub: auth?.username, n: tokenCounter })).toString('base64url');
    const token = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${payload}.sim${tokenCounter}`;
    const expiresAt = Date.now() + (auth?.tokenTtlMs ?? 15 * 60_000);
    tokens.set(token, expiresAt);
    logins++;
    const now = rfc3339(new Date());
    return {
      status: 200,
      body: {
        expiresAt: new Date(expiresAt).toISOString(),
        user: {
          createdAt: now,
          updatedAt: now,
          id: '1',
          username: auth?.username ?? 'admin',
          email: `${auth?.username ?? 'admin'}@example.com`,
          roles: ['admin'],
          active: true,
        },
        token,
      },
    };
  };

  /** JWT middleware: a valid unexpired bearer token, else 401. */
  const authorize = (request: SimRequest): SimResponse | null => {
    if (!auth) return null;
    const header = request.headers.authorization;
    if (!header) return authError('Missing authentication token');
    const match = /^Bearer (.+)$/.exec(header);
    if (!match?.[1]) return authError('Invalid authorization format');
    const expiresAt = tokens.get(match[1]);
    if (expiresAt === undefined) return authError('Invalid token: token signature is invalid');
    if (expiresAt <= Date.now()) return authError('Invalid token: token has invalid claims: token is expired');
    return null;
  };

  /** Injected failures first, then auth for the API routes. */
  const guard = (handler: SimHandler, needsAuth: boolean): SimHandler => (request) => {
    const injected = faults.take(request);
    if (injected) return injected;
    return (needsAuth ? authorize(request) : null) ?? handler(request);
  };

  const listVMs: SimHandler = (request) => {
    const page = intParam(request.query.get('page'), 1, 1, 1000);
    const pageSize = intParam(request.query.get('pageSize'), 50, 1, 100);
    if (page === null || pageSize === null) return invalidInput();
    if (garbage) return { status: 200, body: { vms: [{ uuid: 7 }], count: 'many' } };
    const slice = vms.slice((page - 1) * pageSize, page * pageSize);
    return { status: 200, body: { vms: slice.map(vmWire), count: vms.length, pageSize, page } };
  };

  const getVM: SimHandler = (request) => {
    const vm = byName.get(request.params.name ?? '');
    return { status: 200, body: { vm: vm ? vmWire(vm) : null } };
  };

  const listSnapshots: SimHandler = (request) => {
    const vm = byName.get(request.params.name ?? '');
    if (!vm) return internalError();
    if (garbage) return { status: 200, body: { snapshots: [{ name: null }], count: 1 } };
    if (!options.listsSnapshots) return { status: 200, body: { snapshots: [], count: 0 } };
    // Only the literal "true" enables an option; tree=true is libvirt's LIST_ROOTS (flat roots, no nesting).
    const rootsOnly = request.query.get('tree') === 'true';
    const metadataOnly = request.query.get('include_metadata') === 'true';
    const snapshots = vm.snapshots
      .filter((s) => (!rootsOnly || s.parent === '') && (!metadataOnly || s.hasMetadata))
      .map((s) => snapshotWire(vm, s));
    return { status: 200, body: { snapshots, count: snapshots.length } };
  };

  const getSnapshot: SimHandler = (request) => {
    const vm = byName.get(request.params.name ?? '');
    const snapshot = vm && findSnapshot(vm, request.params.snapshot);
    if (!vm || !snapshot) return internalError();
    return { status: 200, body: { snapshot: snapshotWire(vm, snapshot) } };
  };

  const createSnapshot: SimHandler = async (request) => {
    const parsed = wireCreateSnapshotRequest.safeParse(request.body);
    if (!parsed.success) return invalidInput();
    await sleep(opMs);
    const vm = byName.get(request.params.name ?? '');
    // Each of these is a generic 500 from the real server, whose log says libvirt's reason.
    if (!vm) return internalError(); // "Domain not found"
    if (findSnapshot(vm, parsed.data.name)) return internalError(); // "domain moment … already exists"
    if (parsed.data.name.includes('/')) return internalError(); // "name can't contain '/'"
    // libgo builds the XML without escaping: "EntityRef: expecting ';'", "error parsing attribute name".
    if (/[&<]/.test(parsed.data.name) || /[&<]/.test(parsed.data.description ?? '')) return internalError();
    // include_memory → CREATE_LIVE: "live snapshot creation is supported only during full system snapshots" (running),
    // "memory state cannot be saved with offline or disk-only snapshot" (stopped).
    if (parsed.data.include_memory) return internalError();
    // "Flag 'VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY' is required by flag 'VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE'".
    if (parsed.data.quiesce) return internalError();
    const lastCreated = Math.max(0, ...vm.snapshots.map((s) => s.createdAt.getTime()));
    const snapshot: SimSnapshot = {
      name: parsed.data.name,
      description: parsed.data.description ?? '',
      state: snapshotStateOf(vm.status),
      parent: vm.current ?? '',
      createdAt: new Date(Math.max(Date.now(), lastCreated)),
      hasMetadata: true,
      hasDisk: true,
    };
    vm.snapshots.push(snapshot);
    vm.current = snapshot.name;
    return { status: 201, body: { snapshot: snapshotWire(vm, snapshot) } };
  };

  const revertSnapshot: SimHandler = async (request) => {
    await sleep(opMs);
    const vm = byName.get(request.params.name ?? '');
    const snapshot = vm && findSnapshot(vm, request.params.snapshot);
    if (!vm || !snapshot) return internalError();
    vm.current = snapshot.name;
    vm.status = statusAfterRevert(snapshot.state);
    return { status: 200, body: { message: 'VM reverted to snapshot successfully', success: true } };
  };

  const deleteSnapshot: SimHandler = async (request) => {
    await sleep(opMs);
    const vm = byName.get(request.params.name ?? '');
    const snapshot = vm && findSnapshot(vm, request.params.snapshot);
    if (!vm || !snapshot) return internalError();
    // libvirt re-parents the children onto the deleted snapshot's parent.
    for (const child of vm.snapshots) if (child.parent === snapshot.name) child.parent = snapshot.parent;
    if (vm.current === snapshot.name) vm.current = snapshot.parent || null;
    vm.snapshots = vm.snapshots.filter((s) => s !== snapshot);
    return { status: 200, body: { message: 'Snapshot deleted successfully', success: true } };
  };

  const login: SimHandler = (request) => {
    const parsed = loginBody.safeParse(request.body);
    if (!parsed.success) return invalidInput();
    if (parsed.data.username !== auth?.username || parsed.data.password !== auth.password) {
      return { status: 401, body: { status: 401, code: 'UNAUTHORIZED', message: 'invalid credentials' } };
    }
    return issueToken();
  };

  const refresh: SimHandler = (request) => {
    const parsed = refreshBody.safeParse(request.body);
    if (!parsed.success) return invalidInput();
    const expiresAt = tokens.get(parsed.data.token);
    if (expiresAt === undefined || expiresAt <= Date.now()) {
      return { status: 401, body: { status: 401, code: 'UNAUTHORIZED', message: 'invalid token' } };
    }
    return issueToken();
  };

  const api = (method: string, pattern: string, handler: SimHandler): Route => ({
    method,
    pattern,
    handler: guard(handler, true),
  });
  const routes: Route[] = [
    {
      method: 'GET',
      pattern: '/health',
      // libgo's health checker also checks a storage pool and a network through managers that have no connection in
      // its server's wiring, so a working server answers 503 DOWN (seen on the real server).
      handler: guard(() => ({ status: 503, body: healthBody() }), false),
    },
    { method: 'GET', pattern: '/health/liveness', handler: guard(() => ({ status: 200, body: { status: 'UP' } }), false) },
    ...(auth
      ? [
          { method: 'POST', pattern: '/api/v1/auth/login', handler: guard(login, false) },
          { method: 'POST', pattern: '/api/v1/auth/refresh', handler: guard(refresh, false) },
        ]
      : []),
    api('GET', '/api/v1/vms', listVMs),
    api('GET', '/api/v1/vms/:name', getVM),
    api('GET', '/api/v1/vms/:name/snapshots', listSnapshots),
    api('POST', '/api/v1/vms/:name/snapshots', createSnapshot),
    api('GET', '/api/v1/vms/:name/snapshots/:snapshot', getSnapshot),
    api('DELETE', '/api/v1/vms/:name/snapshots/:snapshot', deleteSnapshot),
    api('PUT', '/api/v1/vms/:name/snapshots/:snapshot/revert', revertSnapshot),
  ];

  const running = await startSimulator(
    routes,
    {
      latencyMs: options.latencyMs,
      // gin's default for an unknown route.
      notFound: () => ({ status: 404, text: '404 page not found' }),
    },
    options.port ?? 0,
  );

  return {
    ...running,
    vmNames: () => vms.map((vm) => vm.name),
    vmStatus: (name) => byName.get(name)?.status ?? null,
    setVMStatus: (name, status) => {
      const vm = byName.get(name);
      if (!vm) throw new Error(`no simulated VM ${name}`);
      vm.status = status;
    },
    snapshotsOf: (name) => {
      const vm = byName.get(name);
      return vm ? vm.snapshots.map((s) => snapshotWire(vm, s)) : [];
    },
    currentOf: (name) => byName.get(name)?.current ?? null,
    failNext: (method, pathContains, status, body) => faults.failNext(method, pathContains, status, body),
    setGarbage: (on) => {
      garbage = on;
    },
    expireTokens: () => {
      for (const token of tokens.keys()) tokens.set(token, 0);
    },
    loginCount: () => logins,
  };
}
