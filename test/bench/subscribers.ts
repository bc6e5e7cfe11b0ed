// Subscriber fan-out bench: two gateway replicas sharing operations through Redis, N graphql-ws subscribers to
// `operations` on each, a burst of createSnapshot mutations; every event must reach every subscriber. Prints the
// delivery delay (receive time − the event's updatedAt, one machine clock) and each replica's memory per subscriber.
// Env: BENCH_SUBSCRIBERS (per replica, default 2000), BENCH_OPERATIONS (default 50), BENCH_BATCH (ramp-up batch, 200),
// BENCH_TIMEOUT_MS (default 60000), LAB_OP_MS (default 200), REDIS_URL (default redis://127.0.0.1:6379),
// BENCH_REPLICA_NODE_FLAGS (extra node flags for the replicas, e.g. --cpu-prof).
// Subscribers speak the graphql-transport-ws protocol over raw `ws` sockets (no graphql-ws client objects), so that
// the bench process stays light next to 2 × N server-side sockets.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { deleteKeysUnder } from '../helpers/redis.js';
import WebSocket from 'ws';
import { z } from 'zod';
import { benchEnv } from './env.js';
import { configWithSubscribers, startLabProcess, type LabProcess } from './labProcess.js';
import { readMemory, scrape } from './memory.js';
import { freePort, runBench, startChild, stopAllChildren, type Child } from './processes.js';

const env = benchEnv(
  z.object({
    BENCH_SUBSCRIBERS: z.coerce.number().int().min(1).max(20_000).default(2000),
    BENCH_OPERATIONS: z.coerce.number().int().min(1).max(10_000).default(50),
    BENCH_BATCH: z.coerce.number().int().min(1).max(10_000).default(200),
    BENCH_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
    LAB_OP_MS: z.coerce.number().int().min(0).max(60_000).default(200),
    REDIS_URL: z.string().min(1).default('redis://127.0.0.1:6379'),
    /** Extra node flags for the replicas, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where their time goes. */
    BENCH_REPLICA_NODE_FLAGS: z.string().default(''),
  }),
);

const REPLICAS = 2;
const LAB_SCALE = 4;
const SETTLE_MS = 2000;
const EXPECTED_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED'] as const;
const AIM_P99_MS = 250;
const AIM_KB_PER_SUBSCRIBER = 30;
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
  /** The replica's inspector (bound to 127.0.0.1), used only to force a full GC before reading its memory. */
  inspectPort: number;
}

async function startReplica(name: string, lab: LabProcess, keyPrefix: string): Promise<Replica> {
  const inspectPort = await freePort();
  const flags = env.BENCH_REPLICA_NODE_FLAGS.split(/\s+/).filter((flag) => flag !== '');
  const args = [...flags, `--inspect=127.0.0.1:${inspectPort}`, '--import', 'tsx', 'src/main.ts', '--config', configWithSubscribers(lab, env.BENCH_SUBSCRIBERS)];
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

/** CPU time the replica process has used (user + system). */
const readCpuSeconds = (replica: Replica): Promise<number> => scrape(replica, 'process_cpu_seconds_total');

const operationResponse = z.object({
  data: z.object({
    node: z.object({ status: z.string(), error: z.object({ code: z.string(), message: z.string() }).nullable() }).nullable(),
  }),
});

/** An operation's status and error, read back after the burst. */
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
}

/** A graphql-transport-ws message, narrowed by hand: zod on each of 600,000 messages would load the bench's CPU. */
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
    return { type: 'next', op: { id: op.id, status: op.status, updatedAt: op.updatedAt }, errors: '' };
  }
  return { type: 'next', op: null, errors: text.slice(0, 300) };
}

interface Subscriber {
  replica: number;
  socket: WebSocket;
  /** Messages received after connection_ack and not looked at yet, with their arrival times (see processInboxes). */
  inbox: string[];
  arrivals: number[];
  /** Events received, as `opId|status|updatedAt`. */
  seen: Set<string>;
  duplicates: number;
  name: string;
}

/** Everything the subscribers saw, shared so the hot path is a few map operations. */
const tally = {
  /** Delivery delays in ms, for events of the burst's operations. */
  delays: [] as number[],
  /** Distinct events seen by anyone: key → { opId, status }. */
  events: new Map<string, { opId: string; status: string }>(),
  /** Operation ids the burst started; events of other operations are counted apart. */
  burstOps: new Set<string>(),
  /** Burst operations a terminal event (SUCCEEDED, FAILED) was seen for. */
  terminal: new Set<string>(),
  /** Which replica each burst operation was started on. */
  opReplica: new Map<string, number>(),
  /** Delays by `status, same|other replica`, for the breakdown. */
  byGroup: new Map<string, number[]>(),
  protocolErrors: [] as string[],
  closedEarly: 0,
  lastDelivery: 0,
  received: 0,
  /** Messages that arrived since the counter was last reset, looked at or not. */
  arrived: 0,
};

function openSubscriber(replicaIndex: number, replica: Replica): Promise<Subscriber> {
  const url = `${replica.baseUrl.replace(/^http/, 'ws')}/graphql`;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false, skipUTF8Validation: true });
    const subscriber: Subscriber = { replica: replicaIndex, socket, inbox: [], arrivals: [], seen: new Set(), duplicates: 0, name: replica.name };
    let acknowledged = false;
    const fail = (reason: string) => {
      if (!acknowledged) reject(new Error(`${replica.name}: subscriber failed before connection_ack: ${reason}`));
      else protocolError(subscriber, reason);
    };
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('error', (error) => fail(error.message));
    socket.on('close', (code, reason) => {
      if (acknowledged && !closing) tally.closedEarly++;
      if (!closing) fail(`socket closed (${code} ${reason.toString()})`);
    });
    socket.on('message', (raw: WebSocket.RawData) => {
      // Once subscribed, a message is only stored: parsing it here would load the two CPUs the replicas need.
      if (acknowledged) {
        subscriber.inbox.push(raw.toString());
        subscriber.arrivals.push(wallNow());
        tally.arrived++;
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

/** Parses and tallies what the subscribers have stored so far. */
function processInboxes(subscribers: readonly Subscriber[]): void {
  for (const subscriber of subscribers) {
    const { inbox, arrivals } = subscriber;
    subscriber.inbox = [];
    subscriber.arrivals = [];
    inbox.forEach((text, i) => {
      const receivedAt = arrivals[i] ?? Number.NaN;
      const message = parseServerMessage(text);
      switch (message.type) {
        case 'next': {
          const op = message.op;
          if (!op) return protocolError(subscriber, `next without an operation: ${message.errors}`);
          // The PENDING event can overtake the mutation's response; such ids are checked once the burst is sent.
          if (!tally.burstOps.has(op.id)) pendingForeign.push({ subscriber, op, receivedAt });
          else record(subscriber, op, receivedAt);
          return;
        }
        case 'error':
          return protocolError(subscriber, `subscription error ${message.detail}`);
        case 'complete':
          return protocolError(subscriber, 'subscription completed by the server');
        default:
          return protocolError(subscriber, `unexpected message ${text.slice(0, 300)}`);
      }
    });
  }
}

/** Events that arrived before their operation id was known (the mutation response still in flight). */
let pendingForeign: { subscriber: Subscriber; op: OpEvent; receivedAt: number }[] = [];
let closing = false;

function record(subscriber: Subscriber, op: OpEvent, receivedAt: number): void {
  const key = `${op.id}|${op.status}|${op.updatedAt}`;
  if (subscriber.seen.has(key)) {
    subscriber.duplicates++;
    return;
  }
  subscriber.seen.add(key);
  if (!tally.events.has(key)) tally.events.set(key, { opId: op.id, status: op.status });
  if (op.status === 'SUCCEEDED' || op.status === 'FAILED') tally.terminal.add(op.id);
  const delay = receivedAt - Date.parse(op.updatedAt);
  tally.delays.push(delay);
  const group = `${op.status}, ${tally.opReplica.get(op.id) === subscriber.replica ? 'same replica' : 'other replica'}`;
  const list = tally.byGroup.get(group) ?? [];
  list.push(delay);
  tally.byGroup.set(group, list);
  tally.received++;
  tally.lastDelivery = Math.max(tally.lastDelivery, receivedAt);
}

function drainPendingForeign(): void {
  const still: typeof pendingForeign = [];
  for (const item of pendingForeign) {
    if (tally.burstOps.has(item.op.id)) record(item.subscriber, item.op, item.receivedAt);
    else still.push(item);
  }
  pendingForeign = still;
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

// ---- main ----

async function main(): Promise<boolean> {
  const started = performance.now();
  const perReplica = env.BENCH_SUBSCRIBERS;
  const operations = env.BENCH_OPERATIONS;
  const keyPrefix = `bench-${randomUUID()}:`;
  log(`Subscriber bench: node ${process.version}, ${availableParallelism()} CPUs shared by the lab, ${REPLICAS} replicas and the subscribers`);
  log(
    `  BENCH_SUBSCRIBERS=${perReplica} per replica, BENCH_OPERATIONS=${operations}, LAB_SCALE=${LAB_SCALE}, LAB_OP_MS=${env.LAB_OP_MS}, ` +
      `REDIS_KEY_PREFIX=${keyPrefix}`,
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
    log(`  ${vms.length} lab-libvirt VMs; ${operations} operations spread over them`);

    // Warm-up: queries, a few subscribers on each replica and one operation started on each, so that lazily built state
    // and cold code paths (mutation, Redis fan-out, subscription execution) are neither counted per subscriber nor
    // timed in the burst. Their events land in pendingForeign and are dropped.
    for (const replica of replicas) {
      for (let i = 0; i < 5; i++) await postGraphql(replica, VMS_QUERY);
    }
    const warm = await Promise.all(replicas.flatMap((_, i) => Array.from({ length: 10 }, () => openSubscriber(i, replicas[i] ?? first))));
    await sleep(500);
    const warmRun = randomUUID().slice(0, 8);
    await Promise.all(
      replicas.map((replica, i) => postGraphql(replica, CREATE_SNAPSHOT, { t: vms[i % vms.length]?.id, n: `bench-warm-${warmRun}-${i}` })),
    );
    const warmDeadline = performance.now() + 10_000;
    const warmTerminal = () => {
      processInboxes(warm);
      return pendingForeign.filter((f) => f.op.status === 'SUCCEEDED' || f.op.status === 'FAILED').length;
    };
    while (warmTerminal() < warm.length * replicas.length && performance.now() < warmDeadline) await sleep(50);
    pendingForeign = [];
    closing = true;
    for (const s of warm) s.socket.terminate();
    await sleep(SETTLE_MS);
    closing = false;

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
    processInboxes(subscribers);
    const stray = pendingForeign.length;
    pendingForeign = [];
    tally.arrived = 0;

    // Burst: half the mutations to each replica, all at once.
    log(`Burst: ${operations} createSnapshot mutations, alternating between the replicas, concurrently …`);
    const runId = randomUUID().slice(0, 8);
    const burstStart = wallNow();
    const cpuBefore = await Promise.all(replicas.map(readCpuSeconds));
    const elu = performance.eventLoopUtilization();
    const results = await Promise.all(
      Array.from({ length: operations }, async (_, i) => {
        const replica = replicas[i % REPLICAS] ?? first;
        const vm = vms[i % vms.length];
        if (!vm) throw new Error('no VM');
        const body = createResponse.safeParse(await postGraphql(replica, CREATE_SNAPSHOT, { t: vm.id, n: `bench-${runId}-${i}` }));
        if (!body.success) return { error: `${replica.name}: unexpected createSnapshot response: ${body.error.message}` };
        const payload = body.data.data.createSnapshot;
        if ('operation' in payload) {
          tally.opReplica.set(payload.operation.id, i % REPLICAS);
          tally.burstOps.add(payload.operation.id);
          return { id: payload.operation.id };
        }
        return { error: `${replica.name}: ${payload.__typename}: ${payload.message}` };
      }),
    );
    const mutationsMs = wallNow() - burstStart;
    const failedMutations = results.flatMap((r) => ('error' in r && r.error !== undefined ? [r.error] : []));
    const opIds = [...tally.burstOps];
    log(`  ${opIds.length} operations started in ${ms(mutationsMs)}${failedMutations.length > 0 ? `, ${failedMutations.length} mutations failed` : ''}`);

    // Done when every subscriber holds as many messages as the burst should send it (three per operation), or at the
    // timeout; only then is anything parsed, and counted exactly.
    const nominalMessages = opIds.length * EXPECTED_STATUSES.length * subscribers.length;
    const waitStart = performance.now();
    while (tally.arrived < nominalMessages && performance.now() - waitStart < env.BENCH_TIMEOUT_MS) await sleep(20);
    const clientElu = performance.eventLoopUtilization(elu);
    const cpuAfter = await Promise.all(replicas.map(readCpuSeconds));
    await sleep(500); // anything still in flight (duplicates, late events) is counted too
    processInboxes(subscribers);
    drainPendingForeign();
    const terminalOps = opIds.filter((id) => tally.terminal.has(id)).length;
    const timedOut = terminalOps < opIds.length || tally.received < tally.events.size * subscribers.length;
    const burstMs = tally.lastDelivery - burstStart;

    // ---- report ----
    const delays = Float64Array.from(tally.delays).sort();
    const statusesPerOp = new Map<string, Set<string>>();
    for (const { opId, status } of tally.events.values()) {
      const set = statusesPerOp.get(opId) ?? new Set<string>();
      set.add(status);
      statusesPerOp.set(opId, set);
    }
    const distinctEvents = tally.events.size;
    const nominal = opIds.length * EXPECTED_STATUSES.length;
    const expected = Math.max(distinctEvents, nominal) * subscribers.length;
    const missing = expected - tally.received;
    const incompleteSubscribers = subscribers.filter((s) => s.seen.size < Math.max(distinctEvents, nominal)).length;
    const duplicates = subscribers.reduce((sum, s) => sum + s.duplicates, 0);
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
    const foreignOps = new Map<string, Set<string>>();
    for (const item of pendingForeign) {
      const set = foreignOps.get(item.op.id) ?? new Set<string>();
      set.add(item.op.status);
      foreignOps.set(item.op.id, set);
    }
    const p50 = percentile(delays, 50);
    const p90 = percentile(delays, 90);
    const p99 = percentile(delays, 99);
    const max = delays.length > 0 ? (delays[delays.length - 1] ?? Number.NaN) : Number.NaN;
    const min = delays.length > 0 ? (delays[0] ?? Number.NaN) : Number.NaN;

    log();
    log('='.repeat(100));
    log(`Subscribers: ${replicas.map((r, i) => `${r.name} ${subscribers.filter((s) => s.replica === i).length}`).join(', ')} (total ${subscribers.length})`);
    log(
      `Operations: ${opIds.length} of ${operations} mutations returned an operation; final status seen by subscribers: ` +
        `${[...byFinal].map(([status, n]) => `${status} ${n}`).join(', ')}`,
    );
    for (const [reason, n] of failureReasons) log(`  not SUCCEEDED, read back after the wait: ${n} × ${reason}`);
    log(
      `Deliveries: expected ${expected} (${Math.max(distinctEvents, nominal)} events × ${subscribers.length} subscribers; ` +
        `${distinctEvents} distinct events seen, nominally ${EXPECTED_STATUSES.length} per operation), received ${tally.received}, ` +
        `missing ${missing}${duplicates > 0 ? `, duplicates ${duplicates}` : ''}${timedOut ? ` (gave up after ${env.BENCH_TIMEOUT_MS} ms)` : ''}`,
    );
    if (missing > 0) {
      const lost = distinctEvents * subscribers.length - tally.received;
      log(
        `  of those, ${lost} are events some subscriber received but others did not (subscribers short of one: ` +
          `${subscribers.filter((sub) => sub.seen.size < distinctEvents).length}); the other ${missing - lost} are statuses ` +
          `never emitted at all (an operation that failed before RUNNING, or had no terminal event yet); ` +
          `subscribers short of the nominal ${nominal}: ${incompleteSubscribers}`,
      );
    }
    if (stray > 0) log(`  ${stray} events of other operations arrived before the burst (ignored)`);
    if (foreignOps.size > 0) {
      const statuses = new Map<string, number>();
      for (const set of foreignOps.values()) for (const status of set) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      log(
        `  ${pendingForeign.length} deliveries of ${foreignOps.size} operations no mutation returned (not counted above; ` +
          `statuses seen: ${[...statuses].map(([status, n]) => `${status} ×${n}`).join(', ')})`,
      );
    }
    log(
      `Delivery delay (receive − updatedAt, ${delays.length} deliveries): p50 ${ms(p50)}, p90 ${ms(p90)}, p99 ${ms(p99)}, ` +
        `max ${ms(max)} (min ${ms(min)})`,
    );
    log('  by status, and whether the subscriber is on the replica that took the mutation:');
    for (const [group, list] of [...tally.byGroup].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = Float64Array.from(list).sort();
      log(`    ${group.padEnd(28)} ${String(sorted.length).padStart(7)} deliveries: p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted[sorted.length - 1] ?? Number.NaN)}`);
    }
    log(
      `Burst: mutations answered in ${ms(mutationsMs)}; first mutation sent → last delivery ${ms(burstMs)}; ` +
        `bench process event loop ${(clientElu.utilization * 100).toFixed(0)}% busy meanwhile`,
    );
    log(
      `  CPU used meanwhile: ${replicas.map((r, i) => `${r.name} ${((cpuAfter[i] ?? 0) - (cpuBefore[i] ?? 0)).toFixed(1)} s`).join(', ')} ` +
        `(of ${(burstMs / 1000).toFixed(1)} s wall, ${availableParallelism()} CPUs)`,
    );
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
    const totalBefore = before.reduce((acc, m) => ({ rss: acc.rss + m.rssBytes, heap: acc.heap + m.heapUsedBytes }), { rss: 0, heap: 0 });
    const totalAfter = after.reduce((acc, m) => ({ rss: acc.rss + m.rssBytes, heap: acc.heap + m.heapUsedBytes }), { rss: 0, heap: 0 });
    log(
      `  both replicas: RSS ${mb(totalBefore.rss)} → ${mb(totalAfter.rss)} (${kb((totalAfter.rss - totalBefore.rss) / subscribers.length)}/subscriber), ` +
        `heap used ${mb(totalBefore.heap)} → ${mb(totalAfter.heap)} (${kb((totalAfter.heap - totalBefore.heap) / subscribers.length)}/subscriber)`,
    );
    const allDelivered = !timedOut && missing === 0 && opIds.length === operations && notSucceeded.length === 0;
    const p99Met = p99 < AIM_P99_MS;
    const memMet = perSubKb.every((v) => v < AIM_KB_PER_SUBSCRIBER);
    log(
      `Aims: every event to every subscriber ${allDelivered ? 'MET' : 'NOT MET'}; p99 < ${AIM_P99_MS} ms ${p99Met ? 'MET' : 'NOT MET'} (${ms(p99)}); ` +
        `< ${AIM_KB_PER_SUBSCRIBER} KB/subscriber ${memMet ? 'MET' : 'NOT MET'} (worst ${Math.max(...perSubKb).toFixed(1)} KB)`,
    );
    const problems = [...failedMutations.slice(0, 10), ...tally.protocolErrors];
    if (tally.closedEarly > 0) problems.push(`${tally.closedEarly} subscriber sockets closed during the run`);
    if (problems.length > 0) {
      log('Problems:');
      for (const p of problems) log(`  - ${p}`);
    }
    log(`Total bench time ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    return allDelivered;
  } finally {
    closing = true;
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
