// Scale-out: with real processes (the lab in one, two gateway replicas on one Redis in two more), a replica killed
// (SIGKILL) or stopped (SIGTERM) mid-operation and the other taking the backend task over; and Redis going away.
import { DEFAULT_LEASE_TTL_MS } from '../src/operations/leases.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeId } from '../src/graphql/ids.js';
import { startLab, type Lab } from '../src/lab/lab.js';
import { INTERRUPTED_MESSAGE } from '../src/operations/engine.js';
import { RedisOperationStore } from '../src/operations/store.js';
import { startGateway, type StartedGateway } from '../src/start.js';
import { CreateSnapshot, FirstVms } from './helpers/documents.js';
import { executeRaw, query } from './helpers/gateway.js';
import { operationRecord } from './helpers/records.js';
import { REDIS_URL, redisForTests } from './helpers/redis.js';
import { libvirt as libvirtBackend } from '../src/connectors/libvirt/backend.js';

const PREFIX = `gw-scaleout-${randomUUID()}:`;
/** How long a lab operation runs: long enough to kill a replica while the backend task is under way. */
const OP_MS = 8_000;
/** The engine's default lease TTL: a killed replica's operations are taken over after it lapses. */
const LEASE_TTL_MS = DEFAULT_LEASE_TTL_MS;


const available = await redisForTests('scale-out with real processes');

/** Spawns a node process on a TypeScript entry and resolves once its stdout matches `ready`. */
function spawnUntil(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ child: ChildProcess; output: string; match: RegExpExecArray }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) resolve({ child, output, match });
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${output}`)));
  });
}

const exitOf = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

const operationAnswer = z.object({
  data: z.object({
    operation: z.object({ status: z.string(), error: z.object({ code: z.string(), message: z.string() }).nullable() }).nullable(),
  }),
});

const until = async <T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== null) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe.skipIf(!available)('scale-out with real processes: leases on running operations', () => {
  let lab: ChildProcess;
  let credentials: Record<string, string>;
  let configFile: string;
  let b: { child: ChildProcess; url: string };
  const children: ChildProcess[] = [];
  let redis: Redis;
  let store: RedisOperationStore;
  let manageiqVms: { id: string; name: string }[];

  const startReplica = async () => {
    // A short drain delay: the SIGTERM test times how soon the leases are handed back after it.
    const env = { ...process.env, ...credentials, PORT: '0', DRAIN_DELAY_MS: '200', REDIS_URL, REDIS_KEY_PREFIX: PREFIX };
    const { child, match } = await spawnUntil(['src/main.ts', '--config', configFile], env, /Snapshot gateway on (http:\/\/\S+)/);
    children.push(child);
    return { child, url: match[1] ?? '' };
  };

  beforeAll(async () => {
    configFile = join(mkdtempSync(join(tmpdir(), 'scaleout-')), 'lab.json');
    const started = await spawnUntil(
      ['src/lab/main.ts'],
      { ...process.env, LAB_PORT: '0', LAB_OP_MS: String(OP_MS), LAB_CONFIG_OUT: configFile },
      /npm start -- --config .*\n/,
    );
    lab = started.child;
    const line = started.output.split('\n').find((l) => l.includes('npm start -- --config')) ?? '';
    credentials = Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
    redis = new Redis(REDIS_URL);
    store = new RedisOperationStore(redis, { prefix: PREFIX });
    b = await startReplica();
    const data = await query(`${b.url}/graphql`, FirstVms);
    manageiqVms = data.vms.edges.map((e) => e.node).filter((vm) => vm.backend.name === 'lab-manageiq');
  }, 30_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    lab?.kill('SIGTERM');
    if (redis) {
      const keys = await redis.keys(`${PREFIX}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });

  const vm = (index: number) => {
    const found = manageiqVms[index];
    if (!found) throw new Error(`the lab has no ManageIQ VM #${index}`);
    return found;
  };
  const rawId = (id: string) => decodeId(id)?.key ?? id;

  async function create(url: string, targetId: string, name: string): Promise<string> {
    const { createSnapshot } = await query(`${url}/graphql`, CreateSnapshot, { input: { targetId, name } });
    if (createSnapshot.__typename !== 'OperationPayload') throw new Error(`create answered ${createSnapshot.__typename}`);
    return createSnapshot.operation.id;
  }

  /** The stored record once the backend answered the action with a task (what a takeover follows). */
  const taskStored = (id: string) =>
    until('the backend task to be stored', 5_000, async () => {
      const record = await store.get(rawId(id));
      return record && record.task !== null ? record : null;
    });

  const leaseHolder = (id: string) => redis.get(`${PREFIX}lease:${rawId(id)}`);

  const finalStatus = (id: string, timeoutMs: number) =>
    until('the operation to end', timeoutMs, async () => {
      const result = await executeRaw(`${b.url}/graphql`, { query: `query($id: ID!) { operation(id: $id) { status error { code message } } }`, variables: { id } });
      const operation = operationAnswer.parse(result.body).data.operation;
      return operation && (operation.status === 'SUCCEEDED' || operation.status === 'FAILED') ? operation : null;
    });

  const snapshotsNamed = async (vmId: string, name: string) => {
    const data = await query(`${b.url}/graphql`, FirstVms);
    const target = data.vms.edges.find((e) => e.node.id === vmId)?.node;
    return target?.snapshots.edges.filter((e) => e.node.name === name).length ?? 0;
  };

  it('takes over the task of a replica killed mid-operation after its lease lapses, and acts on the backend once', async () => {
    const a = await startReplica();
    const name = `killed-${randomUUID().slice(0, 8)}`;
    const id = await create(a.url, vm(0).id, name);
    await taskStored(id);
    const holderA = await leaseHolder(id);
    expect(holderA).not.toBeNull();
    a.child.kill('SIGKILL');
    await exitOf(a.child);
    const killedAt = Date.now();
    // B's sweeper takes the lease once A's lapses, and follows the task.
    await until('B to take the lease', LEASE_TTL_MS + 4_000, async () => {
      const holder = await leaseHolder(id);
      return holder !== null && holder !== holderA ? holder : null;
    });
    const takeoverMs = Date.now() - killedAt;
    console.log(`scale-out: SIGKILL takeover after ${takeoverMs} ms (lease TTL ${LEASE_TTL_MS} ms)`);
    expect(takeoverMs).toBeLessThan(LEASE_TTL_MS + 3_000);
    const ended = await finalStatus(id, OP_MS + 5_000);
    expect(ended).toEqual({ status: 'SUCCEEDED', error: null });
    // The backend was asked once: one snapshot of that name on the VM.
    expect(await snapshotsNamed(vm(0).id, name)).toBe(1);
    expect(await redis.sismember(`${PREFIX}running`, rawId(id))).toBe(0);
  }, 40_000);

  it('hands its leases back at once on SIGTERM, so another replica follows the task at once', async () => {
    const a = await startReplica();
    const name = `stopped-${randomUUID().slice(0, 8)}`;
    const id = await create(a.url, vm(1).id, name);
    await taskStored(id);
    const holderA = await leaseHolder(id);
    expect(holderA).not.toBeNull();
    const stoppedAt = Date.now();
    a.child.kill('SIGTERM');
    await until('B to take the lease', LEASE_TTL_MS, async () => {
      const holder = await leaseHolder(id);
      return holder !== null && holder !== holderA ? holder : null;
    });
    const takeoverMs = Date.now() - stoppedAt;
    console.log(`scale-out: SIGTERM takeover after ${takeoverMs} ms (lease TTL ${LEASE_TTL_MS} ms)`);
    // Well under the lease TTL: A released it instead of letting it lapse; B's sweeper runs every second.
    expect(takeoverMs).toBeLessThan(2_500);
    expect(await exitOf(a.child)).toBe(0);
    const ended = await finalStatus(id, OP_MS + 5_000);
    expect(ended).toEqual({ status: 'SUCCEEDED', error: null });
    expect(await snapshotsNamed(vm(1).id, name)).toBe(1);
  }, 40_000);

  it('ends FAILED (INTERRUPTED) an operation whose replica died before the backend answered, and never resends it', async () => {
    const record = operationRecord({ status: 'RUNNING', message: 'Sent to the backend', backend: 'lab-manageiq', targetId: vm(2).id, revision: 2 });
    const id = record.id;
    // As a replica killed while the action was in flight leaves it: running, no task, no lease.
    await store.create(record, null);
    const startedAt = Date.now();
    const ended = await until('the operation to end', 5_000, async () => {
      const stored = await store.get(id);
      return stored && stored.status !== 'RUNNING' ? stored : null;
    });
    console.log(`scale-out: unheld operation without a task ended after ${Date.now() - startedAt} ms`);
    expect(ended).toMatchObject({ status: 'FAILED', error: { code: 'INTERRUPTED', message: INTERRUPTED_MESSAGE }, task: null });
    expect(await redis.sismember(`${PREFIX}running`, id)).toBe(0);
  }, 20_000);
});

/** A TCP proxy to Redis that the test can cut (Redis "goes away" for the gateway) and restore on the same port. */
class RedisProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => {
          this.sockets.delete(socket);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe.skipIf(!available)('scale-out: Redis going away and coming back', () => {
  const prefix = `gw-redis-down-${randomUUID()}:`;
  const target = new URL(REDIS_URL);
  const proxy = new RedisProxy({ host: target.hostname, port: Number(target.port || 6379) });
  let lab: Lab;
  let gateway: StartedGateway;
  let redis: Redis;
  let store: RedisOperationStore;

  beforeAll(async () => {
    await proxy.up();
    lab = await startLab({ scale: 1, latencyMs: 0, opMs: 100 });
    const url = new URL(REDIS_URL);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    gateway = await startGateway({
      specs: lab.specs,
      port: 0,
      host: '127.0.0.1',
      engine: { pollIntervalMs: 20, maxPollIntervalMs: 100 },
      redisUrl: url.toString(),
      redisKeyPrefix: prefix,
    });
    redis = new Redis(REDIS_URL);
    store = new RedisOperationStore(redis, { prefix });
  });

  afterAll(async () => {
    await proxy.up();
    await gateway?.close();
    await lab?.close();
    await proxy.down();
    if (redis) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });

  it('answers mutations OperationsUnavailableError and sends nothing while Redis is away, keeps serving queries, and recovers', async () => {
    const graphqlUrl = `${gateway.server.url}/graphql`;
    const vms = (await query(graphqlUrl, FirstVms)).vms.edges.map((e) => e.node).filter((v) => v.backend.name === 'lab-libvirt');
    const target = vms[0];
    if (!target) throw new Error('the lab has no libvirt VM');
    const create = async (name: string) =>
      (await query(graphqlUrl, CreateSnapshot, { input: { targetId: target.id, name } })).createSnapshot;
    const before = lab.sim(libvirtBackend).snapshotsOf(target.name).length;

    await proxy.down();
    await until('the gateway to see Redis gone', 5_000, async () => (gateway.redis?.client.status === 'ready' ? null : true));
    const refused = await create('while-away');
    expect(refused.__typename).toBe('OperationsUnavailableError');
    if (refused.__typename !== 'OperationsUnavailableError') throw new Error('unreachable');
    expect(refused.message).toMatch(/operations are unavailable/);
    // Queries go on: the backends are read as usual.
    const during = await query(graphqlUrl, FirstVms);
    expect(during.vms.edges.some((e) => e.node.id === target.id)).toBe(true);

    await proxy.up();
    const restoredAt = Date.now();
    const accepted = await until('a mutation to be accepted again', 10_000, async () => {
      const result = await create('after-return');
      return result.__typename === 'OperationPayload' ? result.operation : null;
    });
    console.log(`scale-out: mutations accepted again ${Date.now() - restoredAt} ms after Redis returned`);
    const ended = await until('the operation to end', 5_000, async () => {
      const record = await store.get(decodeId(accepted.id)?.key ?? accepted.id);
      return record && (record.status === 'SUCCEEDED' || record.status === 'FAILED') ? record : null;
    });
    expect(ended.status).toBe('SUCCEEDED');
    // Nothing half-done: the refused mutation sent nothing and left no record; only the accepted one is stored.
    expect(lab.sim(libvirtBackend).snapshotsOf(target.name).map((s) => s.name).filter((name) => name === 'while-away')).toEqual([]);
    expect(lab.sim(libvirtBackend).snapshotsOf(target.name).length).toBe(before + 1);
    expect((await store.page({ accept: () => true, after: null, limit: 100 })).records.map((r) => r.id)).toEqual([ended.id]);
    expect(await redis.smembers(store.runningKey)).toEqual([]);
  }, 30_000);
});
