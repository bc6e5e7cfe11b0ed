// Load under faults: one gateway in front of the lab (in its own process, LAB_FAULTS on two backends), driven by
// BENCH_CLIENTS concurrent clients for BENCH_SECONDS: query clients, mutation clients (each operation followed to its
// end, then its snapshot deleted) and graphql-ws subscribers to `operations` (some coming and going). Prints latency
// and outcomes per kind of request, every 5xx (the aim is none), whether every operation started reached SUCCEEDED or
// FAILED, and the gateway's memory after warm-up against at the end (the aim: within 10%).
// Env: BENCH_CLIENTS (200), BENCH_SECONDS (60), BENCH_WARMUP_SECONDS (10), BENCH_LAB_FAULTS
// (cloudsigma=down,manageiq=error:0.2), LAB_OP_MS (500), REDIS_URL (operations in Redis when set and answering;
// "none" keeps them in the gateway's memory).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { z } from 'zod';
import { benchEnv } from './env.js';
import { operationSubscribers } from '../helpers/gateway.js';
import { deleteKeysUnder, redisAnswers } from '../helpers/redis.js';
import { configWithSubscribers, startLabProcess, type LabProcess } from './labProcess.js';
import { readMemory, type Inspected, type Memory } from './memory.js';
import { freePort, runBench, startChild } from './processes.js';

const env = benchEnv(
  z.object({
    BENCH_CLIENTS: z.coerce.number().int().min(5).max(5000).default(200),
    BENCH_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    BENCH_WARMUP_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
    BENCH_LAB_FAULTS: z.string().default('cloudsigma=down,manageiq=error:0.2'),
    LAB_OP_MS: z.coerce.number().int().min(0).max(60_000).default(500),
    REDIS_URL: z.string().min(1).default('redis://127.0.0.1:6379'),
  }),
);
const log = (line = ''): void => console.log(line);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: readonly T[]): T => {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
};

// ---- what the clients send ----

const QUERY_NAMES = ['estate', 'health', 'snapshots', 'operations', 'tree'] as const;
const QUERIES: Record<(typeof QUERY_NAMES)[number], string> = {
  estate: '{ vms(first: 100) { totalCount backendErrors { backend { name } code } edges { node { id name powerState backend { name } currentSnapshot { name } } } } }',
  health: '{ backends { name health { status circuit lastError } } }',
  snapshots: '{ snapshots(first: 200) { totalCount backendErrors { code } edges { node { id name status createdAt } } } }',
  operations: '{ operations(first: 20) { edges { node { id kind status backend { name } } } } }',
  tree: 'query($id: ID!) { node(id: $id) { ... on VM { name snapshotTree { name children { name children { name } } } } } }',
};
const CREATE =
  'mutation($t: ID!, $n: String!) { createSnapshot(input: { targetId: $t, name: $n }) { __typename ... on OperationPayload { operation { id } } ... on Error { message } } }';
const DELETE =
  'mutation($s: ID!) { deleteSnapshot(input: { snapshotId: $s }) { __typename ... on OperationPayload { operation { id } } ... on Error { message } } }';
const OPERATION = 'query($id: ID!) { operation(id: $id) { status error { code } snapshot { id } } }';
const TARGETS = '{ vms(first: 1000) { edges { node { id backend { name capabilities { driveSnapshots } } drives { id } } } } }';

// ---- tallies ----

interface Kind {
  latencies: number[];
  statuses: Map<number, number>;
  errorCodes: Map<string, number>;
}
const kinds = new Map<string, Kind>();
const fiveHundreds: string[] = [];
const operations = new Map<string, string>();
const outcomes = new Map<string, number>();
let subscriptionEvents = 0;
let subscriptionErrors = 0;
let measuring = false;

const bump = (map: Map<string, number>, key: string, by = 1): void => void map.set(key, (map.get(key) ?? 0) + by);
const kindOf = (name: string): Kind => {
  const found = kinds.get(name);
  if (found) return found;
  const made: Kind = { latencies: [], statuses: new Map(), errorCodes: new Map() };
  kinds.set(name, made);
  return made;
};

const graphqlBody = z.object({
  data: z.record(z.string(), z.unknown()).nullable().optional(),
  errors: z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).passthrough().optional() })).optional(),
});

let graphqlUrl = '';

async function post(kind: string, query: string, variables: Record<string, unknown> = {}): Promise<z.infer<typeof graphqlBody> | null> {
  const started = performance.now();
  let status = 0;
  let text = '';
  try {
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query, variables }),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    text = error instanceof Error ? error.message : String(error);
  }
  const tally = kindOf(kind);
  if (measuring) {
    tally.latencies.push(performance.now() - started);
    tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
  }
  if (status >= 500 || status === 0) fiveHundreds.push(`${kind}: ${status === 0 ? 'no answer' : `HTTP ${status}`}: ${text.slice(0, 200)}`);
  const parsed = graphqlBody.safeParse(safeJson(text));
  if (!parsed.success) return null;
  if (measuring) for (const error of parsed.data.errors ?? []) bump(tally.errorCodes, error.extensions?.code ?? 'NO_CODE');
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

// ---- clients ----

interface Target {
  id: string;
  backend: string;
}

async function queryClient(until: () => boolean, vmIds: readonly string[]): Promise<void> {
  while (!until()) {
    const name = pick(QUERY_NAMES);
    await post(`query ${name}`, QUERIES[name], name === 'tree' ? { id: pick(vmIds) } : {});
    await sleep(Math.random() * 200);
  }
}

const operationResult = z.object({ operation: z.object({ status: z.string(), error: z.object({ code: z.string() }).nullable(), snapshot: z.object({ id: z.string() }).nullable() }).nullable() });
const mutationResult = z.object({ __typename: z.string(), operation: z.object({ id: z.string() }).optional(), message: z.string().optional() });

/** Polls the operation until it ends (or the time runs out); answers its final status and snapshot. */
async function follow(id: string, deadline: number): Promise<{ status: string; snapshotId: string | null }> {
  let last = 'UNKNOWN';
  while (performance.now() < deadline) {
    const body = await post('poll operation', OPERATION, { id });
    const op = operationResult.safeParse(body?.data).data?.operation;
    if (op) {
      last = op.status;
      operations.set(id, op.status);
      if (op.status === 'SUCCEEDED' || op.status === 'FAILED') return { status: op.status, snapshotId: op.snapshot?.id ?? null };
    }
    await sleep(250);
  }
  return { status: last, snapshotId: null };
}

async function start(kind: string, query: string, variables: Record<string, unknown>): Promise<string | null> {
  const body = await post(kind, query, variables);
  const payload = mutationResult.safeParse(Object.values(body?.data ?? {})[0]);
  if (!payload.success) return null;
  if (measuring) bump(outcomes, `${kind}: ${payload.data.__typename}`);
  const id = payload.data.operation?.id;
  if (id) operations.set(id, 'PENDING');
  return id ?? null;
}

async function mutationClient(until: () => boolean, targets: readonly Target[], run: string): Promise<void> {
  let n = 0;
  while (!until()) {
    const target = pick(targets);
    const id = await start('mutation createSnapshot', CREATE, { t: target.id, n: `load-${run}-${n++}` });
    if (id) {
      const created = await follow(id, performance.now() + 60_000);
      if (created.status === 'SUCCEEDED' && created.snapshotId) {
        const deleting = await start('mutation deleteSnapshot', DELETE, { s: created.snapshotId });
        if (deleting) await follow(deleting, performance.now() + 60_000);
      }
    }
    await sleep(Math.random() * 300);
  }
}

function subscriber(url: string, filtered: boolean): Client {
  const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
  const query = filtered
    ? 'subscription { operations(filter: { statuses: [SUCCEEDED, FAILED] }) { id status } }'
    : 'subscription { operations { id status progress backend { name } } }';
  client.subscribe(
    { query },
    {
      next: () => void (measuring && subscriptionEvents++),
      error: () => void subscriptionErrors++,
      complete: () => {},
    },
  );
  return client;
}

/** Subscribers that hold on for the whole run, and some that leave and come back every few seconds. */
async function subscriptionClient(until: () => boolean, url: string, index: number): Promise<void> {
  let client = subscriber(url, index % 2 === 0);
  while (!until()) {
    await sleep(2_000 + Math.random() * 3_000);
    if (index % 4 === 3) {
      await client.dispose();
      client = subscriber(url, index % 2 === 0);
    }
  }
  await client.dispose();
}

// ---- figures ----

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
const ms = (v: number): string => `${v.toFixed(0)} ms`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const change = (after: number, before: number): string => `${after >= before ? '+' : ''}${(((after - before) / before) * 100).toFixed(1)}%`;

// ---- main ----

async function main(): Promise<boolean> {
  const clients = env.BENCH_CLIENTS;
  const queryClients = Math.round(clients * 0.6);
  const mutationClients = Math.round(clients * 0.2);
  const subscriptionClients = clients - queryClients - mutationClients;
  const useRedis = env.REDIS_URL !== 'none' && (await redisAnswers(env.REDIS_URL));
  const prefix = `bench-load-${randomUUID()}:`;
  log(`Load bench: ${clients} clients (${queryClients} query, ${mutationClients} mutation, ${subscriptionClients} graphql-ws subscribers) for ${env.BENCH_SECONDS} s after ${env.BENCH_WARMUP_SECONDS} s of warm-up`);
  log(`  LAB_FAULTS=${env.BENCH_LAB_FAULTS}  LAB_OP_MS=${env.LAB_OP_MS}  operations ${useRedis ? `in Redis (${env.REDIS_URL}, prefix ${prefix})` : "in the gateway's memory"}`);

  process.env.LAB_FAULTS = env.BENCH_LAB_FAULTS;
  process.env.LAB_OP_MS = String(env.LAB_OP_MS);
  const lab: LabProcess = await startLabProcess(2, 0);
  const inspectPort = await freePort();
  // The gateway uses Redis only when given it: without, REDIS_URL is left out of its environment.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'REDIS_URL'));
  const gatewayChild = startChild('gateway', process.execPath, [`--inspect=127.0.0.1:${inspectPort}`, '--import', 'tsx', 'src/main.ts', '--config', configWithSubscribers(lab, 2 * subscriptionClients)], {
    ...inherited,
    ...lab.credentialEnv,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...(useRedis ? { REDIS_URL: env.REDIS_URL, REDIS_KEY_PREFIX: prefix } : {}),
  });
  try {
    const baseUrl = (await gatewayChild.waitFor(/^Snapshot gateway on (\S+)/, 60_000))[1] ?? '';
    const adminUrl = (await gatewayChild.waitFor(/^  Admin: +(\S+)\/metrics/, 60_000))[1] ?? '';
    const gateway: Inspected = { name: 'gateway', baseUrl, adminUrl, inspectPort };
    graphqlUrl = `${baseUrl}/graphql`;
    const wsUrl = `${baseUrl.replace(/^http/, 'ws')}/graphql`;

    const vms = z
      .object({ vms: z.object({ edges: z.array(z.object({ node: z.object({ id: z.string(), backend: z.object({ name: z.string(), capabilities: z.object({ driveSnapshots: z.boolean() }) }), drives: z.array(z.object({ id: z.string() })) }) })) }) })
      .parse((await post('setup', TARGETS))?.data)
      .vms.edges.map((e) => e.node);
    // Drives where the backend snapshots drives, VMs elsewhere; the faulty backends' targets included.
    const targets: Target[] = vms.flatMap((vm) => (vm.backend.capabilities.driveSnapshots ? vm.drives.map((d) => ({ id: d.id, backend: vm.backend.name })) : [{ id: vm.id, backend: vm.backend.name }]));
    const byBackend = new Map<string, number>();
    for (const t of targets) bump(byBackend, t.backend);
    log(`  targets: ${[...byBackend].map(([b, n]) => `${b} ${n}`).join(', ')}`);

    let stop = false;
    const until = () => stop;
    const run = randomUUID().slice(0, 6);
    const vmIds = vms.map((vm) => vm.id);
    const workers = [
      ...Array.from({ length: queryClients }, () => queryClient(until, vmIds)),
      ...Array.from({ length: mutationClients }, (_, i) => mutationClient(until, targets, `${run}-${i}`)),
      ...Array.from({ length: subscriptionClients }, (_, i) => subscriptionClient(until, wsUrl, i)),
    ];

    await sleep(env.BENCH_WARMUP_SECONDS * 1000);
    const afterWarmUp: Memory = await readMemory(gateway);
    log(`Warm-up done: heap used ${mb(afterWarmUp.heapUsedBytes)}, RSS ${mb(afterWarmUp.rssBytes)} (after a forced GC, under load)`);
    measuring = true;
    const measuredFrom = performance.now();
    await sleep(env.BENCH_SECONDS * 1000);
    const atEnd: Memory = await readMemory(gateway);
    measuring = false;
    const measuredMs = performance.now() - measuredFrom;
    stop = true;
    log(`Load stopped after ${(measuredMs / 1000).toFixed(1)} s; waiting for the clients and their operations to finish …`);
    await Promise.all(workers);

    // Every operation started must end: those still open are read once more, after up to 60 s.
    const deadline = performance.now() + 60_000;
    let open = [...operations].filter(([, status]) => status !== 'SUCCEEDED' && status !== 'FAILED').map(([id]) => id);
    while (open.length > 0 && performance.now() < deadline) {
      await Promise.all(open.map((id) => follow(id, performance.now() + 1_000)));
      open = [...operations].filter(([, status]) => status !== 'SUCCEEDED' && status !== 'FAILED').map(([id]) => id);
    }
    const quiet: Memory = await readMemory(gateway);
    const subscribersLeft = await operationSubscribers(adminUrl);

    // ---- report ----
    log();
    log('='.repeat(100));
    log(`Requests while measured (${(measuredMs / 1000).toFixed(1)} s):`);
    let total = 0;
    for (const [name, kind] of [...kinds].sort(([a], [b]) => a.localeCompare(b))) {
      if (kind.latencies.length === 0) continue;
      total += kind.latencies.length;
      const statuses = [...kind.statuses].map(([s, n]) => `${s}×${n}`).join(' ');
      const codes = [...kind.errorCodes].map(([c, n]) => `${c}×${n}`).join(' ');
      log(
        `  ${name.padEnd(26)} ${String(kind.latencies.length).padStart(7)}  ${(kind.latencies.length / (measuredMs / 1000)).toFixed(1).padStart(6)}/s  ` +
          `p50 ${ms(percentile(kind.latencies, 50))}  p99 ${ms(percentile(kind.latencies, 99))}  HTTP ${statuses}${codes ? `  errors: ${codes}` : ''}`,
      );
    }
    log(`  total ${total} requests, ${(total / (measuredMs / 1000)).toFixed(1)}/s`);
    log(`Mutation answers: ${[...outcomes].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    const statuses = new Map<string, number>();
    for (const status of operations.values()) bump(statuses, status);
    log(`Operations started: ${operations.size}; final statuses: ${[...statuses].map(([s, n]) => `${s} ${n}`).join(', ')}`);
    log(`Subscription events received while measured: ${subscriptionEvents}; subscription errors: ${subscriptionErrors}; subscribers left on the gateway after all closed: ${subscribersLeft}`);
    log(`5xx (or no answer) from the gateway: ${fiveHundreds.length}`);
    for (const line of fiveHundreds.slice(0, 10)) log(`  - ${line}`);
    log(
      `Memory (forced GC): after warm-up heap ${mb(afterWarmUp.heapUsedBytes)} / RSS ${mb(afterWarmUp.rssBytes)}; at the end of the load heap ` +
        `${mb(atEnd.heapUsedBytes)} (${change(atEnd.heapUsedBytes, afterWarmUp.heapUsedBytes)}) / RSS ${mb(atEnd.rssBytes)} (${change(atEnd.rssBytes, afterWarmUp.rssBytes)}); ` +
        `once quiet heap ${mb(quiet.heapUsedBytes)} / RSS ${mb(quiet.rssBytes)}`,
    );
    const noFiveHundreds = fiveHundreds.length === 0;
    const allEnded = open.length === 0;
    const heapWithin = Math.abs(atEnd.heapUsedBytes - afterWarmUp.heapUsedBytes) / afterWarmUp.heapUsedBytes <= 0.1;
    log(
      `Aims: zero 5xx ${noFiveHundreds ? 'MET' : 'NOT MET'}; every operation ended ${allEnded ? 'MET' : `NOT MET (${open.length} open)`}; ` +
        `heap at the end within 10% of after warm-up ${heapWithin ? 'MET' : 'NOT MET'}`,
    );
    return noFiveHundreds && allEnded && heapWithin;
  } finally {
    await gatewayChild.stop();
    await lab.stop();
    if (useRedis) await deleteKeys(prefix);
  }
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    await deleteKeysUnder(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

await runBench(main);
