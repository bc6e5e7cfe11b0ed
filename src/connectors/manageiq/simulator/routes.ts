// The ManageIQ simulator's HTTP routes (README §2): token auth with X-MIQ-Group, collection envelopes with
// expand/attributes/offset/limit and a system-wide count, snapshot subcollections, queued actions, error envelopes.
import { wantsWrongShape } from '../../../lab/faults.js';
import type { FaultQueue } from '../../../lab/kit/faultQueue.js';
import { guardWith } from '../../../lab/kit/guard.js';
import type { RequestLog } from '../../../lab/kit/requestLog.js';
import type { TokenStore } from '../../../lab/kit/tokens.js';
import type { Route, SimHandler, SimRequest, SimResponse } from '../../../lab/simulatorServer.js';
import { wireActionRequest, wireCreateSnapshotRequest } from '../wire.js';
import { iso, snapshotWire, taskWire, vmWire } from './render.js';
import type { ManageIQEstate, SimCollection, SimSnapshot, SimTask, SimVM } from './state.js';

interface ManageIQAuth {
  username: string;
  password: string;
  groups: string[];
  /** Token lifetime in seconds (the UI's is longer). */
  ttl: number;
}

interface ManageIQRouteParts {
  estate: ManageIQEstate;
  auth: ManageIQAuth;
  tokens: TokenStore;
  faults: FaultQueue;
  log: RequestLog;
  /** The server's cap on `limit` (max_results_per_page). */
  cap: number;
}

const AUTH_KLASS = 'Api::BaseController::Authentication::AuthenticationError';
const UI_TOKEN_TTL = 3600;

/** Ruby's String#to_i: leading digits, else 0. */
const toI = (raw: string): number => Number.parseInt(/^\s*[+-]?\d+/.exec(raw)?.[0] ?? '0', 10);

/** lib/services/api/error_serializer.rb. */
const apiError = (status: number, kind: string, message: string, klass: string): SimResponse => ({
  status,
  body: { error: { kind, message, klass } },
});
const notFound = (what: string, id: string): SimResponse =>
  apiError(404, 'not_found', `Couldn't find ${what} with 'id'=${id}`, 'ActiveRecord::RecordNotFound');
const badRequest = (message: string): SimResponse => apiError(400, 'bad_request', message, 'Api::BadRequestError');
const unauthorized = (message: string): SimResponse => ({
  ...apiError(401, 'unauthorized', message, AUTH_KLASS),
  headers: { 'www-authenticate': 'Basic realm="Application"' },
});
const unsupportedAction = (action: string) => badRequest(`Unsupported Action ${action} for the snapshots sub-collection`);

/** Rails' answer when no route matches. */
export const routeMissing: SimHandler = (request) =>
  apiError(404, 'not_found', `No route matches [${request.method}] "${request.path}"`, 'ActionController::RoutingError');

const baseOf = (request: SimRequest) => `http://${request.headers.host ?? '127.0.0.1'}`;
const vmClass = (collection: string | undefined) => (collection === 'instances' ? 'ManageIQ::Providers::CloudManager::Vm' : 'Vm');
/** snapshot_ident: the collection's description, singular. */
const ident = (collection: string | undefined, vm: SimVM) =>
  `${collection === 'instances' ? 'Instance' : 'Virtual Machine'} id:${vm.id} name:'${vm.name}'`;
const header = (request: SimRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

// ---- collections (README §2.2) ----

interface Paging {
  offset: number | null;
  limit: number | null;
}

function pagingOf(request: SimRequest): Paging | SimResponse {
  const rawOffset = request.query.get('offset');
  const rawLimit = request.query.get('limit');
  const paging = { offset: rawOffset === null ? null : toI(rawOffset), limit: rawLimit === null ? null : toI(rawLimit) };
  if (paging.offset !== null && paging.limit === 0) return badRequest('Limit must be greater than zero if offset is specified');
  return paging;
}

/** lib/api/links_builder.rb, including its `last` for an exact multiple (an empty page). */
function linksOf(href: string, offset: number, limit: number, count: number) {
  const at = (to: number) => href.replace(`offset=${offset}`, `offset=${to}`);
  const links: Record<string, string> = { self: at(offset) };
  if (offset + limit < count) links.next = at(offset + limit);
  if (offset > 0) links.previous = at(Math.max(0, offset - limit));
  links.first = at(0);
  links.last = at(count - (count % limit));
  return links;
}

/** The envelope: count system-wide, subcount returned, pages and links only when offset and limit are both given. */
function envelope<T>(
  request: SimRequest,
  page: { name: string; count: number; rows: readonly T[]; paging: Paging; cap: number },
  render: (row: T) => unknown,
): SimResponse {
  const { name, count, paging, cap } = page;
  const offset = paging.offset ?? 0;
  const effective = Math.min(paging.limit ?? cap, cap);
  const rows = page.rows.slice(offset, offset + effective);
  const href = `${baseOf(request)}${request.path}?${request.query.toString()}`;
  const body: Record<string, unknown> = { name, count, subcount: rows.length };
  // LinksBuilder uses the limit as asked, even where the cap made the page smaller.
  if (paging.offset !== null && paging.limit !== null) body.pages = Math.ceil(count / paging.limit);
  body.resources = rows.map(render);
  body.actions = [{ name: 'query', method: 'post', href: `${baseOf(request)}${request.path}` }];
  if (paging.offset !== null && paging.limit !== null) body.links = linksOf(href, paging.offset, paging.limit, count);
  return { status: 200, body };
}

function expanded(request: SimRequest) {
  const attributes = request.query.get('attributes');
  const list = attributes ? attributes.split(',').map((a) => a.trim()).filter(Boolean) : null;
  return { expand: request.query.get('expand') === 'resources' || list !== null, attributes: list };
}

const garbageList = (name: string): SimResponse => ({
  status: 200,
  body: { name, count: 'many', resources: [{ id: 'seven', name: 7 }] },
});

const listCollection = ({ estate, cap }: ManageIQRouteParts, collection: SimCollection): SimHandler => (request) => {
  const paging = pagingOf(request);
  if ('status' in paging) return paging;
  if (wantsWrongShape(request.fault)) return garbageList(collection);
  const rows = estate.rowsOf(collection);
  const { expand, attributes } = expanded(request);
  const base = baseOf(request);
  return envelope(request, { name: collection, count: rows.length, rows, paging, cap }, (vm: SimVM) =>
    expand ? vmWire(base, collection, vm, attributes) : { href: `${base}/api/${collection}/${vm.id}` },
  );
};

/** The VM a subcollection route names with its collection, or the 404 ManageIQ answers. */
function vmOf(estate: ManageIQEstate, request: SimRequest): { vm: SimVM; collection: string } | SimResponse {
  const { collection, id } = request.params;
  const vm = estate.findVM(collection, id);
  return vm && collection ? { vm, collection } : notFound(vmClass(collection), id ?? '');
}

const getVM = ({ estate }: ManageIQRouteParts): SimHandler => (request) => {
  const found = vmOf(estate, request);
  if ('status' in found) return found;
  if (wantsWrongShape(request.fault)) return { status: 200, body: { id: 'seven', snapshots: [{ id: null }] } };
  return { status: 200, body: vmWire(baseOf(request), found.collection, found.vm, expanded(request).attributes) };
};

const listSnapshots = ({ estate, cap }: ManageIQRouteParts): SimHandler => (request) => {
  const found = vmOf(estate, request);
  if ('status' in found) return found;
  const { vm, collection } = found;
  const paging = pagingOf(request);
  if ('status' in paging) return paging;
  if (wantsWrongShape(request.fault)) return garbageList('snapshots');
  const base = baseOf(request);
  // count is every snapshot the user may see in the whole system, not this VM's.
  const page = { name: 'snapshots', count: estate.snapshotCount(), rows: vm.snapshots, paging, cap };
  return envelope(request, page, (s: SimSnapshot) =>
    expanded(request).expand ? snapshotWire(base, collection, vm, s) : { href: `${base}/api/${collection}/${vm.id}/snapshots/${s.id}` },
  );
};

const getSnapshot = ({ estate }: ManageIQRouteParts): SimHandler => (request) => {
  const found = vmOf(estate, request);
  if ('status' in found) return found;
  const snapshot = found.vm.snapshots.find((s) => String(s.id) === request.params.sid);
  if (!snapshot) return notFound('Snapshot', request.params.sid ?? '');
  return { status: 200, body: snapshotWire(baseOf(request), found.collection, found.vm, snapshot) };
};

// ---- snapshot actions (subcollections/snapshots.rb) ----

const queued = (base: string, message: string, task: SimTask) => ({
  success: true,
  message,
  task_id: String(task.id),
  task_href: `${base}/api/tasks/${task.id}`,
});

function createOne(estate: ManageIQEstate, base: string, collection: string, vm: SimVM, data: unknown) {
  const parsed = wireCreateSnapshotRequest.safeParse(data);
  const name = parsed.success ? parsed.data.name.trim() : '';
  if (!parsed.success || name === '') return { success: false, message: 'Must specify a name for the snapshot' };
  const message = `Creating snapshot ${parsed.data.name} for ${ident(collection, vm)}`;
  return queued(base, message, estate.queueCreate(vm, parsed.data.name, parsed.data.description, parsed.data.memory ?? false, message));
}

/** delete_resource_snapshots: a missing snapshot raises (404 alone, a failed result in a bulk). */
function deleteOne(estate: ManageIQEstate, base: string, collection: string, vm: SimVM, sid: string) {
  const snapshot = vm.snapshots.find((s) => String(s.id) === sid);
  if (!snapshot) return null;
  const message = `Deleting snapshot ${snapshot.name} for ${ident(collection, vm)}`;
  return queued(base, message, estate.queueDelete(vm, snapshot.id, message));
}

const postSnapshots = ({ estate }: ManageIQRouteParts): SimHandler => (request) => {
  const found = vmOf(estate, request);
  if ('status' in found) return found;
  const { vm, collection } = found;
  if (typeof request.body !== 'object' || request.body === null) return badRequest('Invalid JSON body');
  const base = baseOf(request);
  const action = wireActionRequest.safeParse(request.body);
  if (!action.success || action.data.action === 'create') {
    // A create answers a results list even for one; its HTTP status follows the first result.
    const items = action.success && action.data.resources ? action.data.resources : [request.body];
    const results = items.map((item) => createOne(estate, base, collection, vm, item));
    return { status: results[0]?.success === false ? 400 : 200, body: { results } };
  }
  if (action.data.action !== 'delete') return unsupportedAction(action.data.action);
  // Bulk delete: one result per resource, HTTP 200 always.
  const results = (action.data.resources ?? []).map((resource) => {
    const sid = resource.id ?? resource.href?.split('/').filter(Boolean).pop() ?? '';
    return deleteOne(estate, base, collection, vm, sid) ?? { success: false, message: `Couldn't find Snapshot with 'id'=${sid}` };
  });
  return { status: 200, body: { results } };
};

const postSnapshot = ({ estate }: ManageIQRouteParts): SimHandler => (request) => {
  const found = vmOf(estate, request);
  if ('status' in found) return found;
  const { vm, collection } = found;
  const sid = request.params.sid ?? '';
  const action = wireActionRequest.safeParse(request.body);
  if (!action.success) return badRequest('Invalid JSON body');
  const base = baseOf(request);
  switch (action.data.action) {
    case 'revert': {
      // config/api.yml: the instances' snapshots have no revert.
      if (collection === 'instances') return unsupportedAction('revert');
      // snapshots_revert_resource rescues everything, a missing snapshot included, into a failed result.
      const snapshot = vm.snapshots.find((s) => String(s.id) === sid);
      if (!snapshot) return { status: 400, body: { success: false, message: `Couldn't find Snapshot with 'id'=${sid}` } };
      const message = `Reverting to snapshot ${snapshot.name} for ${ident(collection, vm)}`;
      return { status: 200, body: queued(base, message, estate.queueRevert(vm, snapshot.id, message)) };
    }
    case 'delete': {
      const result = deleteOne(estate, base, collection, vm, sid);
      return result ? { status: 200, body: result } : notFound('Snapshot', sid);
    }
    default:
      return unsupportedAction(action.data.action);
  }
};

const deleteSnapshot = ({ estate }: ManageIQRouteParts): SimHandler => (request) => {
  const found = vmOf(estate, request);
  if ('status' in found) return found;
  const sid = request.params.sid ?? '';
  // 204 and no body, though the removal is only queued: the task id is not returned.
  return deleteOne(estate, baseOf(request), found.collection, found.vm, sid) ? { status: 204, text: '' } : notFound('Snapshot', sid);
};

const getTask = ({ estate, auth }: ManageIQRouteParts): SimHandler => (request) => {
  const task = estate.task(Number(request.params.id));
  if (!task) return notFound('MiqTask', request.params.id ?? '');
  return { status: 200, body: taskWire(baseOf(request), task, auth.username, estate.now()) };
};

// ---- auth (base_controller/authentication.rb) ----

const issueToken = ({ auth, tokens }: ManageIQRouteParts): SimHandler => (request) => {
  const requester = request.query.get('requester_type');
  const ttl = requester === 'ui' ? UI_TOKEN_TTL : auth.ttl;
  const { token, expiresAt } = tokens.issue(ttl * 1000);
  return {
    status: 200,
    body: { auth_token: token, token_ttl: ttl, expires_on: iso(new Date(expiresAt)), ...(requester ? { requester_type: requester } : {}) },
  };
};

/** The user behind the request, or the 401 the server answers. */
function authenticate(request: SimRequest, auth: ManageIQAuth, tokens: TokenStore): SimResponse | null {
  const token = header(request, 'x-auth-token');
  const basic = /^Basic (.+)$/.exec(header(request, 'authorization') ?? '');
  if (token !== undefined) {
    if (!tokens.valid(token)) return unauthorized(`Invalid Authentication Token ${token} specified`);
    // Each use renews the token, unless asked not to.
    if (header(request, 'x-auth-skip-token-renewal') !== 'true') tokens.renew(token);
  } else if (basic?.[1]) {
    const [user, ...rest] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    if (user !== auth.username || rest.join(':') !== auth.password) return unauthorized('Authentication failed');
  } else {
    // `raise AuthenticationError` without a message: Ruby uses the class name.
    return unauthorized(AUTH_KLASS);
  }
  const group = header(request, 'x-miq-group');
  if (group !== undefined && group !== '') {
    const description = decodeURIComponent(group.replace(/\+/g, ' '));
    if (!auth.groups.includes(description)) return unauthorized(`Invalid Authorization Group ${description} specified`);
  }
  return null;
}

const entryPoint = ({ auth }: ManageIQRouteParts): SimHandler => (request) => {
  const base = baseOf(request);
  return {
    status: 200,
    body: {
      name: 'API',
      description: 'REST API',
      version: '4.9.0',
      versions: [{ name: '4.9.0', href: `${base}/api/v4.9.0` }],
      identity: { userid: auth.username, name: 'Administrator', group: auth.groups[0] ?? '', role: 'EvmRole-super_administrator' },
      server_info: { version: 'sim', build: 'lab', appliance: 'lab-manageiq' },
      product_info: { name: 'ManageIQ', name_full: 'ManageIQ' },
      collections: [
        { name: 'instances', href: `${base}/api/instances`, description: 'Instances' },
        { name: 'tasks', href: `${base}/api/tasks`, description: 'Tasks' },
        { name: 'vms', href: `${base}/api/vms`, description: 'Virtual Machines' },
      ],
    },
  };
};

/** Every route, each logged, then answered by a queued failure, then authenticated. */
export function manageIQRoutes(parts: ManageIQRouteParts): Route[] {
  const guard = guardWith({ faults: parts.faults, log: parts.log, authenticate: (r) => authenticate(r, parts.auth, parts.tokens) });
  const route = (method: string, pattern: string, handler: SimHandler): Route => ({ method, pattern, handler: guard(handler) });
  return [
    route('GET', '/api', entryPoint(parts)),
    route('GET', '/api/auth', issueToken(parts)),
    route('DELETE', '/api/auth', (request) => {
      const token = request.headers['x-auth-token'];
      if (typeof token === 'string') parts.tokens.revoke(token);
      return { status: 204, text: '' };
    }),
    route('GET', '/api/tasks/:id', getTask(parts)),
    route('GET', '/api/vms', listCollection(parts, 'vms')),
    route('GET', '/api/instances', listCollection(parts, 'instances')),
    route('GET', '/api/:collection/:id', getVM(parts)),
    route('GET', '/api/:collection/:id/snapshots', listSnapshots(parts)),
    route('POST', '/api/:collection/:id/snapshots', postSnapshots(parts)),
    route('GET', '/api/:collection/:id/snapshots/:sid', getSnapshot(parts)),
    route('POST', '/api/:collection/:id/snapshots/:sid', postSnapshot(parts)),
    route('DELETE', '/api/:collection/:id/snapshots/:sid', deleteSnapshot(parts)),
  ];
}
