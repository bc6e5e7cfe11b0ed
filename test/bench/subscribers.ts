// Subscriber fan-out bench (issue 20): two gateway replicas (the build, as `npm start` runs it) sharing operations
// through Redis, N graphql-ws subscribers to `operations` on each, then two loads: a sustained rate of operation events
// (createSnapshot mutations spread evenly over time) and a burst of mutations at once. Every event must reach every
// subscriber, once. Prints, per load, the delivery delay (receive time − the event's updatedAt, one machine clock),
// each replica's socket writes and the messages they carried, and its CPU time (user + system) per delivery: all of
// it, and on the delivery path, less what the same load's operations cost it without the subscribers (calibrated
// first, with the warm-up's few subscribers). Also each replica's memory per subscriber, and its idle CPU with them.
// Env: BENCH_SUBSCRIBERS (per replica, default 2000), BENCH_EVENT_RATE (operation events per second in the sustained
// load, default 20), BENCH_SUSTAINED_SECONDS (default 30; 0 skips it), BENCH_OPERATIONS (the burst, default 50; 0
// skips it), BENCH_WRITE_INTERVAL_MS (the replicas' subscriptions.writeIntervalMs; their default without it),
// BENCH_BATCH (ramp-up batch, 200), BENCH_TIMEOUT_MS (default 60000), LAB_OP_MS (default 200), REDIS_URL (default
// redis://127.0.0.1:6379), BENCH_REPLICA_NODE_FLAGS (extra node flags for the replicas), BENCH_CPU_PROFILE_DIR (a CPU
// profile of each replica during each load, written there; `npx tsx test/tools/profileSummary.ts <file>` sums one up).
// Subscribers speak the graphql-transport-ws protocol over raw `ws` sockets (no graphql-ws client objects), and each
// distinct message text is parsed once, so that the bench process stays light next to 2 × N server-side sockets.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { z } from 'zod';
import { DEFAULT_SUBSCRIPTION_LIMITS } from '../../src/subscriptionSlots.js';
import { deleteKeysUnder } from '../helpers/redis.js';
import { benchEnv } from './env.js';
import { startCpuProfile } from './inspector.js';
import { configWithSubscribers, startLabProcess, type LabProcess } from './labProcess.js';
import { metricValue, readMemory } from './memory.js';
import { freePort, REPO_ROOT, runBench, startChild, stopAllChildren, type Child } from './processes.js';

const env = benchEnv(
  z.object({
    BENCH_SUBSCRIBERS: z.coerce.number().int().min(1).max(20_000).default(2000),
    BENCH_EVENT_RATE: z.coerce.number().min(1).max(1000).default(20),
    BENCH_SUSTAINED_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
    BENCH_OPERATIONS: z.coerce.number().int().min(0).max(10_000).default(50),
    BENCH_BATCH: z.coerce.number().int().min(1).max(10_000).default(200),
    BENCH_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
    LAB_OP_MS: z.coerce.number().int().min(0).max(60_000).default(200),
    REDIS_URL: z.string().min(1).default('redis://127.0.0.1:6379'),
    /** subscriptions.writeIntervalMs of the replicas; the gateway's default without it. */
    BENCH_WRITE_INTERVAL_MS: z.coerce.number().int().min(0).max(10_000).optional(),
    /** Extra node flags for the replicas. */
    BENCH_REPLICA_NODE_FLAGS: z.string().default(''),
    /** Where to write a CPU profile of each replica during each load (none without it). */
    BENCH_CPU_PROFILE_DIR: z.string().default(''),
  }),
);

const REPLICAS = 2;
const LAB_SCALE = 4;
const SETTLE_MS = 2000;
/** Subscribers per replica that warm it up before the measured ones open. */
const WARM_SUBSCRIBERS = 10;
/** How long the replicas' idle CPU is measured. */
const IDLE_MS = 10_000;
/** How long the sustained load runs to calibrate what its operations cost without the subscribers. */
const CALIBRATION_SECONDS = 10;
const EXPECTED_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED'] as const;
/** The issue's aims (issue 20): p99 under the sustained load, CPU per delivery, memory per subscriber. */
const AIM_P99_MS = 250;
const AIM_CPU_US_PER_DELIVERY = 3;
const AIM_KB_PER_SUBSCRIBER = 20;
const SUBSCRIPTION = 'subscription { operations { id status updatedAt } }';
const VMS_QUERY = '{ vms(first: 1000) { edges { node { id name backend { name } } } } }';
const CREATE_SNAPSHOT =
  'mutation($t: ID!, $n: String!) { createSnapshot(input: { targetId: $t, name: $n }) ' +
  '{ __typename ... on OperationPayload { operation { id } } ... on Error { message } } }';

const log = (line = ''): void => console.log(line);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Wall-clock ms with sub-ms resolution, comparable with Date.parse of the server's updatedAt. */
const wallNow = (): number => performance.timeOrigin + performance.now();

// ---- replicas ----

interface Replica {
  name: string;
  child: Child;
  baseUrl: string;
  /** Its admin listener, where /metrics is. */
  adminUrl: string;
  /** The replica's inspector (bound to 127.0.0.1): a full GC before reading its memory, and CPU profiles. */
  inspectPort: number;
}

async function startReplica(name: string, lab: LabProcess, keyPrefix: string): Promise<Replica> {
  const inspectPort = await freePort();
  const flags = env.BENCH_REPLICA_NODE_FLAGS.split(/\s+/).filter((flag) => flag !== '');
  const args = [...flags, `--inspect=127.0.0.1:${inspectPort}`, 'dist/main.js', '--config', configWithSubscribers(lab, env.BENCH_SUBSCRIBERS + WARM_SUBSCRIBERS, env.BENCH_WRITE_INTERVAL_MS)];
  const child = startChild(name, process.execPath, args, {
    ...process.env,
    ...lab.credentialEnv,
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL: env.REDIS_URL,
    REDIS_KEY_PREFIX: keyPrefix,
  });
  const baseUrl = (await child.waitFor(/^Snapshot gateway on (\S+)/, 60_000))[1] ?? '';
  if (baseUrl === '') throw new Error(`${name}: no address in its start-up line`);
  const adminUrl = (await child.waitFor(/^  Admin: +(\S+)\/metrics/, 60_000))[1] ?? '';
  return { name, child, baseUrl, adminUrl, inspectPort };
}

/** A replica's counters: CPU seconds it has used (user + system), socket writes and the messages they carried. */
interface Counters {
  cpu: number;
  /** Of which in the kernel (system time). */
  system: number;
  writes: number;
  messages: number;
}

async function readCounters(replica: Replica): Promise<Counters> {
  const text = await (await fetch(`${replica.adminUrl}/metrics`)).text();
  const value = (metric: string) => metricValue(replica.name, text, metric);
  return {
    cpu: value('process_cpu_user_seconds_total') + value('process_cpu_system_seconds_total'),
    system: value('process_cpu_system_seconds_total'),
    writes: value('gateway_ws_writes_total'),
    messages: value('gateway_ws_messages_total'),
  };
}

const difference = (after: Counters | undefined, before: Counters | undefined): Counters =>
  after && before
    ? { cpu: after.cpu - before.cpu, system: after.system - before.system, writes: after.writes - before.writes, messages: after.messages - before.messages }
    : { cpu: Number.NaN, system: Number.NaN, writes: Number.NaN, messages: Number.NaN };

const operationResponse = z.object({
  data: z.object({
    node: z.object({ status: z.string(), error: z.object({ code: z.string(), message: z.string() }).nullable() }).nullable(),
  }),
});

/** An operation's status and error, read back after a load. */
async function describeOperation(replica: Replica, id: string): Promise<string> {
  const query = 'query($id: ID!) { node(id: $id) { ... on Operation { status error { code message } } } }';
  const node = operationResponse.parse(await postGraphql(replica, query, { id })).data.node;
  if (!node) return 'not found';
  return `${node.status}${node.error ? ` ${node.error.code}: ${node.error.message}` : ''}`;
}

async function postGraphql(replica: Replica, query: string, variables: Record<string, unknown> = {}): Promise<unknown> {
  const response = await fetch(`${replica.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${replica.name}: HTTP ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

const vmsResponse = z.object({
  data: z.object({
    vms: z.object({
      edges: z.array(z.object({ node: z.object({ id: z.string(), name: z.string(), backend: z.object({ name: z.string() }) }) })),
    }),
  }),
});

const createResponse = z.object({
  data: z.object({
    createSnapshot: z.union([
      z.object({ __typename: z.literal('OperationPayload'), operation: z.object({ id: z.string() }) }),
      z.object({ __typename: z.string(), message: z.string() }),
    ]),
  }),
});

// ---- subscribers: graphql-transport-ws over raw ws ----

interface OpEvent {
  id: string;
  status: string;
  updatedAt: string;
  /** `id|status|updatedAt`: which event it is. */
  key: string;
}

/**
 * A graphql-transport-ws message, narrowed by hand and looked at once per distinct text (see readMessage): parsing
 * each of millions of messages would load the CPUs the replicas need.
 */
type ServerMessage =
  | { type: 'connection_ack' | 'ping' | 'pong' }
  | { type: 'next'; op: OpEvent | null; errors: string }
  | { type: 'error' | 'complete'; detail: string }
  | { type: 'unknown'; detail: string };

function parseServerMessage(text: string): ServerMessage {
  const message: unknown = JSON.parse(text);
  if (typeof message !== 'object' || message === null || !('type' in message)) return { type: 'unknown', detail: text };
  const type = message.type;
  if (type === 'connection_ack' || type === 'ping' || type === 'pong') return { type };
  if (type === 'error' || type === 'complete') return { type, detail: text.slice(0, 300) };
  if (type !== 'next' || !('payload' in message)) return { type: 'unknown', detail: text.slice(0, 300) };
  const payload = message.payload;
  const data = typeof payload === 'object' && payload !== null && 'data' in payload ? payload.data : null;
  const op = typeof data === 'object' && data !== null && 'operations' in data ? data.operations : null;
  if (
    typeof op === 'object' &&
    op !== null &&
    'id' in op &&
    'status' in op &&
    'updatedAt' in op &&
    typeof op.id === 'string' &&
    typeof op.status === 'string' &&
    typeof op.updatedAt === 'string'
  ) {
    return { type: 'next', op: { id: op.id, status: op.status, updatedAt: op.updatedAt, key: `${op.id}|${op.status}|${op.updatedAt}` }, errors: '' };
  }
  return { type: 'next', op: null, errors: text.slice(0, 300) };
}

/** What each distinct message text says: every subscriber of a replica is sent the same bytes for an event. */
const messages = new Map<string, ServerMessage>();

function readMessage(text: string): ServerMessage {
  let message = messages.get(text);
  if (!message) messages.set(text, (message = parseServerMessage(text)));
  return message;
}

interface Subscriber {
  /** Its place among the subscribers of a load (the index of its row in Load.seen). */
  index: number;
  replica: number;
  socket: WebSocket;
  name: string;
}

let loadsStarted = 0;

/** One operation event, as the subscribers saw it. */
interface SeenEvent {
  opId: string;
  status: string;
  /** Its updatedAt, in ms. */
  at: number;
}

/** What the subscribers saw of one load's operations; cheap per delivery, since the bench shares the replicas' CPUs. */
class Load {
  /** Delivery delays in ms, and each one's group (status × same or other replica; see GROUPS). */
  readonly delays: number[] = [];
  readonly delayGroups: number[] = [];
  /** Distinct events seen by anyone, and their numbers by `opId|status|updatedAt`. */
  readonly events: SeenEvent[] = [];
  private readonly eventNumbers = new Map<string, number>();
  /** Per subscriber (by index), which events it got: duplicates are counted, not recorded. */
  private readonly seen: Uint8Array[] = [];
  /** Operation ids the load started; events of other operations are counted apart. */
  readonly ops = new Set<string>();
  /** Which replica each operation was started on. */
  readonly opReplica = new Map<string, number>();
  /** Operations a terminal event (SUCCEEDED, FAILED) was seen for. */
  readonly terminal = new Set<string>();
  /** Deliveries per replica of the subscriber. */
  readonly perReplica: number[] = Array.from({ length: REPLICAS }, () => 0);
  /** Events per subscriber this load got, by subscriber index. */
  readonly perSubscriber: number[] = [];
  readonly failedMutations: string[] = [];
  received = 0;
  duplicates = 0;
  lastDelivery = 0;

  /** Tells this load's snapshot names from those of the loads before it. */
  readonly sequence = ++loadsStarted;

  constructor(readonly name: string) {}

  record(subscriber: Subscriber, op: OpEvent, receivedAt: number): void {
    let number = this.eventNumbers.get(op.key);
    if (number === undefined) {
      number = this.events.length;
      this.eventNumbers.set(op.key, number);
      this.events.push({ opId: op.id, status: op.status, at: Date.parse(op.updatedAt) });
      if (op.status === 'SUCCEEDED' || op.status === 'FAILED') this.terminal.add(op.id);
    }
    let seen = this.seen[subscriber.index];
    if (!seen || seen.length <= number) {
      const grown = new Uint8Array(Math.max(64, (number + 1) * 2));
      if (seen) grown.set(seen);
      this.seen[subscriber.index] = seen = grown;
    }
    if (seen[number] === 1) {
      this.duplicates++;
      return;
    }
    seen[number] = 1;
    const event = this.events[number];
    if (!event) return;
    this.delays.push(receivedAt - event.at);
    const sameReplica = this.opReplica.get(op.id) === subscriber.replica;
    this.delayGroups.push(groupOf(op.status, sameReplica));
    this.received++;
    this.perReplica[subscriber.replica] = (this.perReplica[subscriber.replica] ?? 0) + 1;
    this.perSubscriber[subscriber.index] = (this.perSubscriber[subscriber.index] ?? 0) + 1;
    this.lastDelivery = Math.max(this.lastDelivery, receivedAt);
  }
}

/** The breakdown of delays: by status, and whether the subscriber is on the replica that took the mutation. */
const STATUSES = ['FAILED', ...EXPECTED_STATUSES];
const GROUPS = STATUSES.flatMap((status) => [`${status}, same replica`, `${status}, other replica`]);
const groupOf = (status: string, sameReplica: boolean): number => STATUSES.indexOf(status) * 2 + (sameReplica ? 0 : 1);

/** Everything the subscribers saw, shared so the hot path is a few array operations. */
const tally = {
  /** The load under way: events of its operations are recorded in it. */
  load: null as Load | null,
  /** Events that arrived before their operation id was known (the mutation response still in flight), or of none. */
  pendingForeign: [] as { subscriber: Subscriber; op: OpEvent; receivedAt: number }[],
  protocolErrors: [] as string[],
  closedEarly: 0,
  /** Messages that arrived since the counter was last reset, looked at or not. */
  arrived: 0,
  closing: false,
};

function openSubscriber(replicaIndex: number, replica: Replica): Promise<Subscriber> {
  const url = `${replica.baseUrl.replace(/^http/, 'ws')}/graphql`;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false, skipUTF8Validation: true });
    const subscriber: Subscriber = { index: 0, replica: replicaIndex, socket, name: replica.name };
    let acknowledged = false;
    const fail = (reason: string) => {
      if (!acknowledged) reject(new Error(`${replica.name}: subscriber failed before connection_ack: ${reason}`));
      else protocolError(subscriber, reason);
    };
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('error', (error) => fail(error.message));
    socket.on('close', (code, reason) => {
      if (acknowledged && !tally.closing) tally.closedEarly++;
      if (!tally.closing) fail(`socket closed (${code} ${reason.toString()})`);
    });
    socket.on('message', (raw: WebSocket.RawData) => {
      if (acknowledged) {
        tally.arrived++;
        received(subscriber, raw.toString(), wallNow());
        return;
      }
      const message = parseServerMessage(raw.toString());
      if (message.type !== 'connection_ack') return fail(`expected connection_ack, got ${message.type}`);
      acknowledged = true;
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION } }));
      resolve(subscriber);
    });
  });
}

function protocolError(subscriber: Subscriber, reason: string): void {
  if (tally.protocolErrors.length < 20) tally.protocolErrors.push(`${subscriber.name}: ${reason}`);
}

/** Tallies one message a subscriber got. */
function received(subscriber: Subscriber, text: string, receivedAt: number): void {
  const message = readMessage(text);
  switch (message.type) {
    case 'next': {
      const op = message.op;
      if (!op) return protocolError(subscriber, `next without an operation: ${message.errors}`);
      // The PENDING event can overtake the mutation's response; such ids are checked once the mutation answered.
      if (tally.load?.ops.has(op.id)) tally.load.record(subscriber, op, receivedAt);
      else tally.pendingForeign.push({ subscriber, op, receivedAt });
      return;
    }
    case 'error':
      return protocolError(subscriber, `subscription error ${message.detail}`);
    case 'complete':
      return protocolError(subscriber, 'subscription completed by the server');
    default:
      return protocolError(subscriber, `unexpected message ${text.slice(0, 300)}`);
  }
}

/** Records the events that came before their mutation answered; the rest stay foreign. */
function drainPendingForeign(load: Load): void {
  const still: typeof tally.pendingForeign = [];
  for (const item of tally.pendingForeign) {
    if (load.ops.has(item.op.id)) load.record(item.subscriber, item.op, item.receivedAt);
    else still.push(item);
  }
  tally.pendingForeign = still;
}

// ---- figures ----

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number): string => `${value.toFixed(1)} ms`;

// ---- the loads ----

interface Setup {
  replicas: Replica[];
  vms: { id: string }[];
  runId: string;
}

/** What a load measured. */
interface LoadFigures {
  allDelivered: boolean;
  p99: number;
  operations: number;
  /** Per replica: CPU seconds (user + system) meanwhile, and deliveries to its subscribers. */
  cpuSeconds: number[];
  deliveries: number[];
}

/** Starts one createSnapshot on the replica `index` picks; the load learns its operation id from the answer. */
async function startOperation(setup: Setup, load: Load, index: number): Promise<void> {
  const { replicas, vms, runId } = setup;
  const replicaIndex = index % REPLICAS;
  const replica = replicas[replicaIndex];
  const vm = vms[index % vms.length];
  if (!replica || !vm) throw new Error('no replica or VM');
  const body = createResponse.safeParse(await postGraphql(replica, CREATE_SNAPSHOT, { t: vm.id, n: `bench-${runId}-${load.sequence}-${index}` }));
  if (!body.success) {
    load.failedMutations.push(`${replica.name}: unexpected createSnapshot response: ${body.error.message}`);
    return;
  }
  const payload = body.data.data.createSnapshot;
  if ('operation' in payload) {
    load.opReplica.set(payload.operation.id, replicaIndex);
    load.ops.add(payload.operation.id);
  } else {
    load.failedMutations.push(`${replica.name}: ${payload.__typename}: ${payload.message}`);
  }
}

interface LoadRun {
  name: string;
  /** Creates, the i-th sent at `spacingMs × i` (all at once for 0), alternating between the replicas. */
  operations: number;
  spacingMs: number;
  subscribers: readonly Subscriber[];
}

/**
 * Runs one load and waits until every subscriber holds every event of it (three per operation) or the timeout;
 * answers what the subscribers saw and the replicas' CPU meanwhile.
 */
async function runLoad(setup: Setup, run: LoadRun): Promise<{ load: Load; used: Counters[]; mutationsMs: number; started: number; clientBusy: number }> {
  const { replicas } = setup;
  const { subscribers } = run;
  subscribers.forEach((subscriber, i) => (subscriber.index = i));
  const load = new Load(run.name);
  tally.load = load;
  const profiling = env.BENCH_CPU_PROFILE_DIR === '' ? [] : await Promise.all(replicas.map((r) => startCpuProfile(r)));
  const before = await Promise.all(replicas.map(readCounters));
  const elu = performance.eventLoopUtilization();
  tally.arrived = 0;
  const started = wallNow();
  const mutations: Promise<void>[] = [];
  for (let i = 0; i < run.operations; i++) {
    const due = started + i * run.spacingMs;
    while (wallNow() < due) await sleep(due - wallNow());
    mutations.push(startOperation(setup, load, i));
  }
  await Promise.all(mutations);
  const mutationsMs = wallNow() - started;
  const nominalMessages = load.ops.size * EXPECTED_STATUSES.length * subscribers.length;
  const waitStart = performance.now();
  while (tally.arrived < nominalMessages && performance.now() - waitStart < env.BENCH_TIMEOUT_MS) {
    await sleep(20);
  }
  const clientBusy = performance.eventLoopUtilization(elu).utilization;
  const after = await Promise.all(replicas.map(readCounters));
  await Promise.all(profiling.map((p, i) => p.stop(join(env.BENCH_CPU_PROFILE_DIR, `${run.name}-replica-${String.fromCharCode(97 + i)}.cpuprofile`))));
  await sleep(500); // anything still in flight (duplicates, late events) is counted too
  drainPendingForeign(load);
  tally.load = null;
  return { load, used: replicas.map((_, i) => difference(after[i], before[i])), mutationsMs, started, clientBusy };
}

/** What the replicas spend on each operation of a load without the subscribers: the part of a load's CPU that is not delivery. */
interface Calibration {
  /** CPU seconds per operation, per replica. */
  perOperation: number[];
}

async function calibrate(setup: Setup, run: LoadRun): Promise<Calibration> {
  const { load, used } = await runLoad(setup, run);
  const operations = load.ops.size;
  const perOperation = used.map(({ cpu }) => cpu / Math.max(1, operations));
  log(
    `  ${run.name}: ${operations} operations → ${setup.replicas.map((r, i) => `${r.name} ${((perOperation[i] ?? 0) * 1000).toFixed(1)} ms`).join(', ')} ` +
      `of CPU per operation (with ${run.subscribers.length} subscribers in all)`,
  );
  return { perOperation };
}

async function measure(setup: Setup, run: LoadRun, title: string, calibration: Calibration | undefined): Promise<LoadFigures> {
  const { replicas } = setup;
  const { subscribers } = run;
  const first = replicas[0];
  if (!first) throw new Error('no replica');
  log();
  log(title);
  const { load, used, mutationsMs, started, clientBusy } = await runLoad(setup, run);
  log(`  ${load.ops.size} operations started in ${ms(mutationsMs)}${load.failedMutations.length > 0 ? `, ${load.failedMutations.length} mutations failed` : ''}`);
  const opIds = [...load.ops];
  const terminalOps = opIds.filter((id) => load.terminal.has(id)).length;
  const distinctEvents = load.events.length;
  const nominal = opIds.length * EXPECTED_STATUSES.length;
  const timedOut = terminalOps < opIds.length || load.received < distinctEvents * subscribers.length;
  const statusesPerOp = new Map<string, Set<string>>();
  for (const { opId, status } of load.events) {
    const set = statusesPerOp.get(opId) ?? new Set<string>();
    set.add(status);
    statusesPerOp.set(opId, set);
  }
  const expected = Math.max(distinctEvents, nominal) * subscribers.length;
  const missing = expected - load.received;
  const finalStatus = (id: string): string => {
    const statuses = statusesPerOp.get(id);
    return statuses?.has('SUCCEEDED') ? 'SUCCEEDED' : statuses?.has('FAILED') ? 'FAILED' : 'no terminal event';
  };
  const byFinal = new Map<string, number>();
  for (const id of opIds) byFinal.set(finalStatus(id), (byFinal.get(finalStatus(id)) ?? 0) + 1);
  const notSucceeded = opIds.filter((id) => finalStatus(id) !== 'SUCCEEDED');
  const failureReasons = new Map<string, number>();
  for (const id of notSucceeded) {
    const reason = await describeOperation(first, id).catch((error: unknown) => `(could not read it: ${error instanceof Error ? error.message : String(error)})`);
    failureReasons.set(reason, (failureReasons.get(reason) ?? 0) + 1);
  }
  const published = load.events.map((e) => e.at).sort((a, b) => a - b);
  const publishedSpan = ((published.at(-1) ?? 0) - (published[0] ?? 0)) / 1000;
  const delays = Float64Array.from(load.delays).sort();
  const p99 = percentile(delays, 99);
  const short = subscribers.filter((s) => (load.perSubscriber[s.index] ?? 0) < distinctEvents).length;

  log(`  Operations: final status seen by subscribers: ${[...byFinal].map(([status, n]) => `${status} ${n}`).join(', ')}`);
  for (const [reason, n] of failureReasons) log(`    not SUCCEEDED, read back after the wait: ${n} × ${reason}`);
  log(
    `  Events: ${distinctEvents} distinct (nominally ${EXPECTED_STATUSES.length} per operation), published over ${publishedSpan.toFixed(1)} s` +
      (publishedSpan > 0 ? ` = ${(distinctEvents / publishedSpan).toFixed(1)} events/s` : ''),
  );
  log(
    `  Deliveries: expected ${expected} (${Math.max(distinctEvents, nominal)} events × ${subscribers.length} subscribers), ` +
      `received ${load.received}, missing ${missing} (subscribers short of an event: ${short}), duplicates ${load.duplicates}` +
      (timedOut ? ` (gave up after ${env.BENCH_TIMEOUT_MS} ms)` : ''),
  );
  log(
    `  Delivery delay (receive − updatedAt, ${delays.length} deliveries): p50 ${ms(percentile(delays, 50))}, p90 ${ms(percentile(delays, 90))}, ` +
      `p99 ${ms(p99)}, max ${ms(delays.at(-1) ?? Number.NaN)} (min ${ms(delays[0] ?? Number.NaN)})`,
  );
  log('    by status, and whether the subscriber is on the replica that took the mutation:');
  GROUPS.forEach((group, g) => {
    const sorted = Float64Array.from(load.delays.filter((_, i) => load.delayGroups[i] === g)).sort();
    if (sorted.length === 0) return;
    log(
      `      ${group.padEnd(28)} ${String(sorted.length).padStart(7)} deliveries: p50 ${ms(percentile(sorted, 50))}, ` +
        `p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1) ?? Number.NaN)}`,
    );
  });
  log(
    `  Wall: mutations answered in ${ms(mutationsMs)}; first mutation sent → last delivery ${ms(load.lastDelivery - started)}; ` +
      `bench process event loop ${(clientBusy * 100).toFixed(0)}% busy meanwhile`,
  );
  replicas.forEach((r, i) => {
    const deliveries = load.perReplica[i] ?? 0;
    const { cpu, system, writes, messages } = used[i] ?? difference(undefined, undefined);
    log(`  Writes ${r.name}: ${writes} socket writes carried ${messages} messages (${(messages / writes).toFixed(2)} a write)`);
    const operations = calibration ? (calibration.perOperation[i] ?? 0) * opIds.length : Number.NaN;
    log(
      `  CPU ${r.name}: ${cpu.toFixed(2)} s (${system.toFixed(2)} s of it in the kernel) for ${deliveries} deliveries = ${usPer(cpu, deliveries)} µs per delivery; less what its ` +
        `${opIds.length} operations cost without the subscribers (${operations.toFixed(2)} s, calibrated) = ` +
        `${usPer(cpu - operations, deliveries)} µs per delivery on the delivery path`,
    );
  });
  const problems = load.failedMutations.slice(0, 10);
  for (const p of problems) log(`    - ${p}`);
  return {
    allDelivered: !timedOut && missing === 0 && load.duplicates === 0 && load.failedMutations.length === 0 && notSucceeded.length === 0,
    p99,
    operations: opIds.length,
    cpuSeconds: used.map(({ cpu }) => cpu),
    deliveries: load.perReplica,
  };
}

const usPer = (seconds: number, deliveries: number): string => (deliveries > 0 ? ((seconds * 1e6) / deliveries).toFixed(2) : 'n/a');

/** Each replica's CPU time per second with every subscriber connected and nothing happening (keep-alive, timers). */
async function measureIdle(replicas: readonly Replica[]): Promise<number[]> {
  const profiling = env.BENCH_CPU_PROFILE_DIR === '' ? [] : await Promise.all(replicas.map((r) => startCpuProfile(r)));
  const before = await Promise.all(replicas.map(readCounters));
  const started = performance.now();
  await sleep(IDLE_MS);
  const after = await Promise.all(replicas.map(readCounters));
  await Promise.all(profiling.map((p, i) => p.stop(join(env.BENCH_CPU_PROFILE_DIR, `idle-replica-${String.fromCharCode(97 + i)}.cpuprofile`))));
  const seconds = (performance.now() - started) / 1000;
  const perSecond = replicas.map((_, i) => difference(after[i], before[i]).cpu / seconds);
  log(`Idle: ${replicas.map((r, i) => `${r.name} ${((perSecond[i] ?? 0) * 1000).toFixed(1)} ms`).join(', ')} of CPU per second with the subscribers connected and no events`);
  return perSecond;
}

// ---- main ----

async function main(): Promise<boolean> {
  const started = performance.now();
  const perReplica = env.BENCH_SUBSCRIBERS;
  const keyPrefix = `bench-${randomUUID()}:`;
  if (env.BENCH_CPU_PROFILE_DIR !== '') mkdirSync(env.BENCH_CPU_PROFILE_DIR, { recursive: true });
  if (!existsSync(join(REPO_ROOT, 'dist', 'main.js'))) throw new Error('no dist/main.js: run `npm run build` first (npm run bench:subscribers does)');
  const rate = env.BENCH_EVENT_RATE;
  const sustainedOps = Math.round((env.BENCH_SUSTAINED_SECONDS * rate) / EXPECTED_STATUSES.length);
  const spacingMs = (1000 * EXPECTED_STATUSES.length) / rate;
  log(`Subscriber bench: node ${process.version}, ${availableParallelism()} CPUs shared by the lab, ${REPLICAS} replicas (node dist/main.js) and the subscribers`);
  log(
    `  BENCH_SUBSCRIBERS=${perReplica} per replica, BENCH_EVENT_RATE=${rate}/s for BENCH_SUSTAINED_SECONDS=${env.BENCH_SUSTAINED_SECONDS}, ` +
      `BENCH_OPERATIONS=${env.BENCH_OPERATIONS} in the burst, LAB_SCALE=${LAB_SCALE}, LAB_OP_MS=${env.LAB_OP_MS}, ` +
      `subscriptions.writeIntervalMs=${env.BENCH_WRITE_INTERVAL_MS ?? `${DEFAULT_SUBSCRIPTION_LIMITS.writeIntervalMs} (the default)`}, REDIS_KEY_PREFIX=${keyPrefix}`,
  );

  // Each replica holds one socket per subscriber and this process one per subscriber in all: check the descriptor limit.
  const openFiles = /^Max open files\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? 'unknown';
  const needed = perReplica * REPLICAS + 200;
  log(`  open-file limit (soft, inherited by the replicas): ${openFiles}; this process needs about ${needed}, each replica about ${perReplica + 100}`);
  if (openFiles !== 'unlimited' && Number(openFiles) < needed) {
    throw new Error(`the open-file limit ${openFiles} is below ${needed}: raise it (ulimit -n) before running the bench`);
  }

  const redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  /** Deletes this run's keys once, at the end or on SIGINT/SIGTERM (whichever comes first; both wait for it). */
  let deleting: Promise<void> | null = null;
  const deleteKeys = (): Promise<void> => (deleting ??= deleteKeysNow());
  const deleteKeysNow = async (): Promise<void> => {
    const deleted = await deleteKeysUnder(redis, keyPrefix);
    log(`Redis: deleted ${deleted} keys under ${keyPrefix}`);
    redis.disconnect();
  };
  cleanUpRedis = deleteKeys;
  // startLabProcess passes this process's env on to the lab: LAB_OP_MS is how long each lab operation runs.
  process.env.LAB_OP_MS = String(env.LAB_OP_MS);
  const lab = await startLabProcess(LAB_SCALE, 0);
  const subscribers: Subscriber[] = [];
  try {
    const replicas = await Promise.all(Array.from({ length: REPLICAS }, (_, i) => startReplica(`replica ${String.fromCharCode(65 + i)}`, lab, keyPrefix)));
    for (const r of replicas) log(`  ${r.name} on ${r.baseUrl} (pid ${r.child.pid})`);
    const first = replicas[0];
    if (!first) throw new Error('no replica');

    // VMs of the synchronous libvirt simulator.
    const vms = vmsResponse
      .parse(await postGraphql(first, VMS_QUERY))
      .data.vms.edges.map((e) => e.node)
      .filter((node) => node.backend.name === 'lab-libvirt');
    if (vms.length === 0) throw new Error('the lab has no lab-libvirt VMs');
    log(`  ${vms.length} lab-libvirt VMs; operations spread over them`);
    const setup: Setup = { replicas, vms, runId: randomUUID().slice(0, 8) };

    // Warm-up: queries, a few subscribers on each replica and one operation started on each, so that lazily built state
    // and cold code paths (mutation, Redis fan-out, subscription execution) are neither counted per subscriber nor
    // measured in a load. Their events land in pendingForeign and are dropped.
    for (const replica of replicas) {
      for (let i = 0; i < 5; i++) await postGraphql(replica, VMS_QUERY);
    }
    const warm = await Promise.all(replicas.flatMap((_, i) => Array.from({ length: WARM_SUBSCRIBERS }, () => openSubscriber(i, replicas[i] ?? first))));
    await sleep(500);
    await runLoad(setup, { name: 'warm-up', operations: REPLICAS, spacingMs: 0, subscribers: warm });
    // The same loads with the warm-up subscribers only: what the operations themselves cost the replicas.
    log();
    log(`Calibration: the loads with ${warm.length} subscribers in all, for what their operations cost without the fan-out …`);
    const calibrations = new Map<string, Calibration>();
    if (sustainedOps > 0) {
      const operations = Math.max(REPLICAS, Math.min(sustainedOps, Math.round((CALIBRATION_SECONDS * rate) / EXPECTED_STATUSES.length)));
      calibrations.set('sustained', await calibrate(setup, { name: 'sustained', operations, spacingMs, subscribers: warm }));
    }
    if (env.BENCH_OPERATIONS > 0) {
      calibrations.set('burst', await calibrate(setup, { name: 'burst', operations: env.BENCH_OPERATIONS, spacingMs: 0, subscribers: warm }));
    }
    tally.pendingForeign = [];
    tally.closing = true;
    for (const s of warm) s.socket.terminate();
    await sleep(SETTLE_MS);
    tally.closing = false;

    const before = await Promise.all(replicas.map(readMemory));
    log();
    log(`Opening ${perReplica} subscribers on each replica, ${env.BENCH_BATCH} at a time per replica …`);
    const rampStart = performance.now();
    for (let opened = 0; opened < perReplica; opened += env.BENCH_BATCH) {
      const batch = Math.min(env.BENCH_BATCH, perReplica - opened);
      const batchSubscribers = await Promise.all(
        replicas.flatMap((replica, i) => Array.from({ length: batch }, () => openSubscriber(i, replica))),
      );
      subscribers.push(...batchSubscribers);
    }
    const rampMs = performance.now() - rampStart;
    await sleep(SETTLE_MS);
    const after = await Promise.all(replicas.map(readMemory));
    log(`  ${subscribers.length} subscribers acknowledged and subscribed in ${(rampMs / 1000).toFixed(1)} s (then ${SETTLE_MS} ms settle)`);
    const stray = tally.pendingForeign.length;
    tally.pendingForeign = [];
    if (stray > 0) log(`  ${stray} events of other operations arrived before the loads (ignored)`);

    log('Memory per subscriber (from /metrics, (after − before) ÷ subscribers on that replica; each read just after a full GC forced through the replica inspector):');
    const perSubKb: number[] = [];
    replicas.forEach((r, i) => {
      const b = before[i];
      const a = after[i];
      if (!a || !b) return;
      const n = subscribers.filter((s) => s.replica === i).length;
      const rss = (a.rssBytes - b.rssBytes) / n;
      const heap = (a.heapUsedBytes - b.heapUsedBytes) / n;
      perSubKb.push(rss / 1024, heap / 1024);
      log(
        `  ${r.name}: RSS ${mb(b.rssBytes)} → ${mb(a.rssBytes)} = ${kb(rss)}/subscriber; ` +
          `heap used ${mb(b.heapUsedBytes)} → ${mb(a.heapUsedBytes)} = ${kb(heap)}/subscriber`,
      );
    });
    await measureIdle(replicas);

    const loads = new Map<string, LoadFigures>();
    if (sustainedOps > 0) {
      const title = `Sustained: ${sustainedOps} createSnapshot mutations, one every ${spacingMs.toFixed(0)} ms (${rate} operation events/s) for ${env.BENCH_SUSTAINED_SECONDS} s …`;
      loads.set('sustained', await measure(setup, { name: 'sustained', operations: sustainedOps, spacingMs, subscribers }, title, calibrations.get('sustained')));
    }
    if (env.BENCH_OPERATIONS > 0) {
      const title = `Burst: ${env.BENCH_OPERATIONS} createSnapshot mutations, alternating between the replicas, all at once …`;
      loads.set('burst', await measure(setup, { name: 'burst', operations: env.BENCH_OPERATIONS, spacingMs: 0, subscribers }, title, calibrations.get('burst')));
    }

    log();
    log('='.repeat(100));
    const sustained = loads.get('sustained');
    const burst = loads.get('burst');
    const allDelivered = [...loads.values()].every((l) => l.allDelivered);
    /** Per load and replica: µs per delivery, all CPU counted, and on the delivery path (less the calibrated operations). */
    const cpuOf = (name: string, f: LoadFigures) =>
      f.cpuSeconds.map((seconds, i) => {
        const deliveries = f.deliveries[i] ?? 0;
        const operations = (calibrations.get(name)?.perOperation[i] ?? Number.NaN) * f.operations;
        return { all: (seconds * 1e6) / deliveries, path: ((seconds - operations) * 1e6) / deliveries };
      });
    const cpu = [...loads].flatMap(([name, f]) => cpuOf(name, f));
    const cpuText = (name: string) => {
      const f = loads.get(name);
      return f ? cpuOf(name, f).map((c) => `${c.path.toFixed(2)} (all ${c.all.toFixed(2)})`).join(' / ') : 'not run';
    };
    const cpuMet = cpu.length > 0 && cpu.every((c) => c.path <= AIM_CPU_US_PER_DELIVERY);
    const p99Met = sustained !== undefined && sustained.p99 <= AIM_P99_MS;
    const memMet = perSubKb.every((v) => v <= AIM_KB_PER_SUBSCRIBER);
    log(`Every event to every subscriber, once, in every load: ${allDelivered ? 'MET' : 'NOT MET'}`);
    log(
      `p99 delivery delay ≤ ${AIM_P99_MS} ms under the sustained load: ${p99Met ? 'MET' : 'NOT MET'} ` +
        `(sustained ${sustained ? ms(sustained.p99) : 'not run'}; burst ${burst ? ms(burst.p99) : 'not run'})`,
    );
    log(
      `CPU per delivery on the delivery path ≤ ${AIM_CPU_US_PER_DELIVERY} µs (user + system; replica A / B): ${cpuMet ? 'MET' : 'NOT MET'} ` +
        `(sustained ${cpuText('sustained')} µs; burst ${cpuText('burst')} µs)`,
    );
    log(`Memory per subscriber ≤ ${AIM_KB_PER_SUBSCRIBER} KB (RSS and heap): ${memMet ? 'MET' : 'NOT MET'} (worst ${Math.max(...perSubKb).toFixed(1)} KB)`);
    const problems = [...tally.protocolErrors];
    if (tally.closedEarly > 0) problems.push(`${tally.closedEarly} subscriber sockets closed during the run`);
    if (problems.length > 0) {
      log('Problems:');
      for (const p of problems) log(`  - ${p}`);
    }
    log(`Total bench time ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    return allDelivered && problems.length === 0;
  } finally {
    tally.closing = true;
    for (const s of subscribers) s.socket.terminate();
    await stopAllChildren();
    await lab.stop();
    await deleteKeys();
  }
}

/** Set once Redis is connected: the signal handlers delete this run's keys too. */
let cleanUpRedis: () => Promise<void> = async () => {};

// Also when main failed before its own clean-up (e.g. the lab did not start): the Redis connection would keep the
// process alive.
await runBench(main, () => cleanUpRedis());
