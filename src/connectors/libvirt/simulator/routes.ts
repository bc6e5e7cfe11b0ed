// The libvirt simulator's HTTP routes, as libgo answers them: health, the JWT login and refresh, VMs and snapshots
// with the real status codes and flat error bodies; create, revert and delete block for opMs (libvirt is synchronous).
import { z } from 'zod';
import { wantsWrongShape } from '../../../lab/faults.js';
import type { Clock } from '../../../lab/kit/clock.js';
import type { FaultQueue } from '../../../lab/kit/faultQueue.js';
import { guardWith } from '../../../lab/kit/guard.js';
import type { OperationTimer } from '../../../lab/kit/operationTimer.js';
import type { RequestLog } from '../../../lab/kit/requestLog.js';
import type { TokenStore } from '../../../lab/kit/tokens.js';
import type { Route, SimHandler, SimRequest, SimResponse } from '../../../lab/simulatorServer.js';
import { wireCreateSnapshotRequest } from '../wire.js';
import { rfc3339, snapshotWire, vmWire } from './render.js';
import type { LibvirtEstate } from './state.js';

interface LibvirtAuth {
  username: string;
  password: string;
  tokenTtlMs?: number;
}

interface LibvirtRouteParts {
  estate: LibvirtEstate;
  /** When set, /api/v1/vms routes need a bearer token from POST /api/v1/auth/login. */
  auth: LibvirtAuth | undefined;
  tokens: TokenStore;
  faults: FaultQueue;
  log: RequestLog;
  timer: OperationTimer;
  clock: Clock;
  /** Whether GET …/snapshots lists what the VM holds (a fixed libgo) or answers it empty (libgo ebe201a). */
  listsSnapshots: boolean;
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
/** gin's default for an unknown route. */
export const routeMissing: SimHandler = () => ({ status: 404, text: '404 page not found' });

/** Go's Sscanf("%d") then clamp; null when not a number. */
function intParam(raw: string | null, fallback: number, min: number, max: number): number | null {
  if (raw === null || raw === '') return fallback;
  const match = /^\s*([+-]?\d+)/.exec(raw);
  if (!match?.[1]) return null;
  return Math.min(max, Math.max(min, Number.parseInt(match[1], 10)));
}

const loginBody = z.object({ username: z.string().min(1), password: z.string().min(1) });
const refreshBody = z.object({ token: z.string().min(1) });

// ---- VMs and snapshots ----

const listVMs = ({ estate }: LibvirtRouteParts): SimHandler => (request) => {
  const page = intParam(request.query.get('page'), 1, 1, 1000);
  const pageSize = intParam(request.query.get('pageSize'), 50, 1, 100);
  if (page === null || pageSize === null) return invalidInput();
  if (wantsWrongShape(request.fault)) return { status: 200, body: { vms: [{ uuid: 7 }], count: 'many' } };
  const slice = estate.vms.slice((page - 1) * pageSize, page * pageSize);
  return { status: 200, body: { vms: slice.map(vmWire), count: estate.vms.length, pageSize, page } };
};

const getVM = ({ estate }: LibvirtRouteParts): SimHandler => (request) => {
  const vm = estate.vm(request.params.name);
  return { status: 200, body: { vm: vm ? vmWire(vm) : null } };
};

const listSnapshots = ({ estate, listsSnapshots }: LibvirtRouteParts): SimHandler => (request) => {
  const vm = estate.vm(request.params.name);
  if (!vm) return internalError();
  if (wantsWrongShape(request.fault)) return { status: 200, body: { snapshots: [{ name: null }], count: 1 } };
  if (!listsSnapshots) return { status: 200, body: { snapshots: [], count: 0 } };
  // Only the literal "true" enables an option; tree=true is libvirt's LIST_ROOTS (flat roots, no nesting).
  const rootsOnly = request.query.get('tree') === 'true';
  const metadataOnly = request.query.get('include_metadata') === 'true';
  const snapshots = vm.snapshots
    .filter((s) => (!rootsOnly || s.parent === '') && (!metadataOnly || s.hasMetadata))
    .map((s) => snapshotWire(vm, s));
  return { status: 200, body: { snapshots, count: snapshots.length } };
};

const getSnapshot = ({ estate }: LibvirtRouteParts): SimHandler => (request) => {
  const vm = estate.vm(request.params.name);
  const snapshot = vm && estate.snapshot(vm, request.params.snapshot);
  if (!vm || !snapshot) return internalError();
  return { status: 200, body: { snapshot: snapshotWire(vm, snapshot) } };
};

const createSnapshot = ({ estate, timer }: LibvirtRouteParts): SimHandler => async (request) => {
  const parsed = wireCreateSnapshotRequest.safeParse(request.body);
  if (!parsed.success) return invalidInput();
  await timer.block();
  const created = estate.create(request.params.name, parsed.data);
  if (!created) return internalError();
  return { status: 201, body: { snapshot: snapshotWire(created.vm, created.snapshot) } };
};

const revertSnapshot = ({ estate, timer }: LibvirtRouteParts): SimHandler => async (request) => {
  await timer.block();
  if (!estate.revert(request.params.name, request.params.snapshot)) return internalError();
  return { status: 200, body: { message: 'VM reverted to snapshot successfully', success: true } };
};

const deleteSnapshot = ({ estate, timer }: LibvirtRouteParts): SimHandler => async (request) => {
  await timer.block();
  if (!estate.delete(request.params.name, request.params.snapshot)) return internalError();
  return { status: 200, body: { message: 'Snapshot deleted successfully', success: true } };
};

// ---- auth (the JWT middleware and the auth handlers) ----

function issueToken({ auth, tokens }: LibvirtRouteParts, now: number): SimResponse {
  const n = tokens.issuedCount() + 1;
  const payload = Buffer.from(JSON.stringify({ sub: auth?.username, n })).toString('base64url');
  const { token, expiresAt } = tokens.issue(auth?.tokenTtlMs ?? 15 * 60_000, `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${payload}.sim${n}`);
  const at = rfc3339(new Date(now));
  const username = auth?.username ?? 'admin';
  return {
    status: 200,
    body: {
      expiresAt: new Date(expiresAt).toISOString(),
      user: { createdAt: at, updatedAt: at, id: '1', username, email: `${username}@example.com`, roles: ['admin'], active: true },
      token,
    },
  };
}

const login = (parts: LibvirtRouteParts): SimHandler => (request) => {
  const parsed = loginBody.safeParse(request.body);
  if (!parsed.success) return invalidInput();
  if (parsed.data.username !== parts.auth?.username || parsed.data.password !== parts.auth.password) {
    return { status: 401, body: { status: 401, code: 'UNAUTHORIZED', message: 'invalid credentials' } };
  }
  return issueToken(parts, parts.clock.now());
};

const refresh = (parts: LibvirtRouteParts): SimHandler => (request) => {
  const parsed = refreshBody.safeParse(request.body);
  if (!parsed.success) return invalidInput();
  if (!parts.tokens.valid(parsed.data.token)) return { status: 401, body: { status: 401, code: 'UNAUTHORIZED', message: 'invalid token' } };
  return issueToken(parts, parts.clock.now());
};

/** JWT middleware: a valid unexpired bearer token, else 401 (nothing to check without auth). */
function authorize({ auth, tokens }: LibvirtRouteParts, request: SimRequest): SimResponse | null {
  if (!auth) return null;
  const header = request.headers.authorization;
  if (!header) return authError('Missing authentication token');
  const match = /^Bearer (.+)$/.exec(header);
  if (!match?.[1]) return authError('Invalid authorization format');
  const state = tokens.state(match[1]);
  if (state === 'unknown') return authError('Invalid token: token signature is invalid');
  if (state === 'expired') return authError('Invalid token: token has invalid claims: token is expired');
  return null;
}

/** Every route: logged, then a queued failure, then auth for the API routes. */
export function libvirtRoutes(parts: LibvirtRouteParts): Route[] {
  const guard = guardWith({ faults: parts.faults, log: parts.log, authenticate: (r) => authorize(parts, r) });
  const open = (method: string, pattern: string, handler: SimHandler): Route => ({ method, pattern, handler: guard(handler, { anonymous: true }) });
  const api = (method: string, pattern: string, handler: SimHandler): Route => ({ method, pattern, handler: guard(handler) });
  return [
    // libgo's health checker also checks a storage pool and a network through managers that have no connection in
    // its server's wiring, so a working server answers 503 DOWN (seen on the real server).
    open('GET', '/health', () => ({ status: 503, body: healthBody() })),
    open('GET', '/health/liveness', () => ({ status: 200, body: { status: 'UP' } })),
    ...(parts.auth ? [open('POST', '/api/v1/auth/login', login(parts)), open('POST', '/api/v1/auth/refresh', refresh(parts))] : []),
    api('GET', '/api/v1/vms', listVMs(parts)),
    api('GET', '/api/v1/vms/:name', getVM(parts)),
    api('GET', '/api/v1/vms/:name/snapshots', listSnapshots(parts)),
    api('POST', '/api/v1/vms/:name/snapshots', createSnapshot(parts)),
    api('GET', '/api/v1/vms/:name/snapshots/:snapshot', getSnapshot(parts)),
    api('DELETE', '/api/v1/vms/:name/snapshots/:snapshot', deleteSnapshot(parts)),
    api('PUT', '/api/v1/vms/:name/snapshots/:snapshot/revert', revertSnapshot(parts)),
  ];
}
