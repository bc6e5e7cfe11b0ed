// The gateway as operators deploy it: /metrics on an admin listener of its own, bare liveness and readiness, slow
// clients cut by the timeouts (streams left alone), a drain that keeps serving while readiness says 503, and a
// start-up probe that says which backends do not answer.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { decodeId } from '../src/graphql/ids.js';
import { startLab } from '../src/lab/lab.js';
import { startGateway } from '../src/start.js';
import { CreateSnapshot, FirstVms, FollowOperation } from './helpers/documents.js';
import { collectSse, collectWs, execute, query, startTestGateway, wsClient, type TestGateway } from './helpers/gateway.js';
import { captureLogs, linesOf, until } from './helpers/logs.js';
import { REDIS_URL, redisForTests } from './helpers/redis.js';
import { z } from 'zod';
import { cloudsigma as cloudsigmaBackend } from '../src/connectors/cloudsigma/backend.js';
import { libvirt as libvirtBackend } from '../src/connectors/libvirt/backend.js';

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

/** Fails with `what` unless `promise` settles within `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still not after ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * A raw client that sends `head`, then `drip` every `everyMs` for as long as the connection lives (a slow-loris).
 * Resolves when the server closes the connection: after how long, and what it answered.
 */
function dribble(url: string, head: string, drip: string, everyMs: number, connected?: () => void): Promise<{ ms: number; answer: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(Number(port), hostname);
    let answer = '';
    let dripping: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      connected?.();
      socket.write(head);
      dripping = setInterval(() => socket.write(drip), everyMs);
    });
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(dripping);
      resolve({ ms: performance.now() - started, answer });
    });
    socket.setTimeout(20_000, () => reject(new Error('the server never closed the connection')));
  });
}

const healthBody = z.object({ status: z.string() });

async function manageiqVm(url: string): Promise<string> {
  const data = await query(`${url}/graphql`, FirstVms);
  const vm = data.vms.edges.find((e) => e.node.backend.name === 'lab-manageiq');
  if (!vm) throw new Error('the lab has no ManageIQ VM');
  return vm.node.id;
}

async function createOn(url: string, targetId: string, name: string): Promise<string> {
  const { createSnapshot } = await query(`${url}/graphql`, CreateSnapshot, { input: { targetId, name } });
  if (createSnapshot.__typename !== 'OperationPayload') throw new Error(`create answered ${createSnapshot.__typename}`);
  return createSnapshot.operation.id;
}

const rawId = (id: string): string => decodeId(id)?.key ?? id;

const available = await redisForTests('the drain with Redis');

describe('the admin listener', () => {
  it('serves /metrics, which names every backend, on its own loopback port; the public port answers it 404', async () => {
    gw = await startTestGateway();
    await query(gw.graphqlUrl, FirstVms);
    expect(gw.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(gw.adminUrl).not.toBe(gw.url);
    const admin = await fetch(`${gw.adminUrl}/metrics`);
    expect(admin.status).toBe(200);
    expect(await admin.text()).toMatch(/gateway_backend_requests_total\{backend="lab-cloudsigma"/);
    const open = await fetch(`${gw.url}/metrics`);
    expect(open.status).toBe(404);
    expect(await open.text()).not.toContain('lab-');
  });

  it('answers liveness and readiness with bare bodies on both ports, nothing about backends', async () => {
    gw = await startTestGateway();
    for (const base of [gw.url, gw.adminUrl]) {
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      expect(await health.text()).toBe('{"status":"ok"}');
      const ready = await fetch(`${base}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.text()).toBe('{"status":"ready"}');
    }
  });

  it('can be turned off', async () => {
    const lab = await startLab({ scale: 1, latencyMs: 0, opMs: 50 });
    const started = await startGateway({ specs: lab.specs, port: 0, host: '127.0.0.1', server: { adminPort: 'off' } });
    try {
      expect(started.server.adminUrl).toBeNull();
      expect((await fetch(`${started.server.url}/metrics`)).status).toBe(404);
    } finally {
      await started.close();
      await lab.close();
    }
  });

  it('says which listener could not listen when the admin port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const taken = typeof address === 'object' && address ? address.port : 0;
    const lab = await startLab({ scale: 1, latencyMs: 0, opMs: 50 });
    try {
      await expect(startGateway({ specs: lab.specs, port: 0, host: '127.0.0.1', server: { adminPort: taken } })).rejects.toThrow(
        `admin listener: listen EADDRINUSE: address already in use 127.0.0.1:${taken}`,
      );
    } finally {
      blocker.close();
      await lab.close();
    }
  });

  it('is configured by server.adminPort, ADMIN_PORT and ADMIN_HOST: 9464 by default, any free port when PORT is 0', () => {
    expect(loadConfig([], { PORT: '4000' }).server).toMatchObject({ adminPort: 9464, adminHost: '127.0.0.1' });
    expect(loadConfig([], { PORT: '0' }).server.adminPort).toBe(0);
    expect(loadConfig([], { ADMIN_PORT: 'off' }).server.adminPort).toBe('off');
    expect(loadConfig([], { ADMIN_PORT: '9100', ADMIN_HOST: '10.0.0.5', DRAIN_DELAY_MS: '250' }).server).toMatchObject({
      adminPort: 9100,
      adminHost: '10.0.0.5',
      drainDelayMs: 250,
    });
    expect(() => loadConfig([], { ADMIN_PORT: 'nine' })).toThrow(ConfigError);
    const dir = mkdtempSync(join(tmpdir(), 'deploy-'));
    const file = join(dir, 'gateway.json');
    writeFileSync(file, JSON.stringify({ server: { adminPort: 'off', headersTimeoutMs: 20_000, requestTimeoutMs: 10_000 } }));
    expect(() => loadConfig(['--config', file], {})).toThrow(/server\.headersTimeoutMs: must not exceed requestTimeoutMs/);
    writeFileSync(file, JSON.stringify({ server: { adminPort: 'off', readyWhenBackends: 'any', maxConnections: 50 } }));
    expect(loadConfig(['--config', file], { PORT: '4000' }).server).toMatchObject({ adminPort: 'off', readyWhenBackends: 'any', maxConnections: 50 });
  });
});

describe('slow clients', () => {
  const TIMEOUT_MS = 300;

  it('closes connections that dribble their headers, within the headers timeout', async () => {
    gw = await startTestGateway({}, { server: { headersTimeoutMs: TIMEOUT_MS, requestTimeoutMs: TIMEOUT_MS * 2 } });
    const head = 'POST /graphql HTTP/1.1\r\nHost: gateway\r\n';
    const closed = await within(
      Promise.all(Array.from({ length: 10 }, (_, i) => dribble(gw?.url ?? '', head, `X-Drip-${i}: a\r\n`, 50))),
      5_000,
      'the dribbling connections to be closed',
    );
    for (const { ms, answer } of closed) {
      // The timeout, plus at most one check interval (a quarter of it) and a loaded machine's scheduling; Node's
      // own check interval (30 s) would leave them open far longer.
      expect(ms).toBeLessThan(TIMEOUT_MS + 1_700);
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    }
  });

  it('closes connections that dribble their body, within the request timeout', async () => {
    gw = await startTestGateway({}, { server: { headersTimeoutMs: TIMEOUT_MS, requestTimeoutMs: TIMEOUT_MS } });
    const head = 'POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"query":"';
    const closed = await within(
      Promise.all(Array.from({ length: 10 }, () => dribble(gw?.url ?? '', head, ' ', 50))),
      5_000,
      'the dribbling connections to be closed',
    );
    for (const { ms } of closed) expect(ms).toBeLessThan(TIMEOUT_MS + 1_700);
  });

  it('drops connections beyond server.maxConnections', async () => {
    gw = await startTestGateway({}, { server: { maxConnections: 3 } });
    const url = gw.url;
    const connects: Promise<void>[] = [];
    const held = Array.from({ length: 3 }, () => {
      let connected: () => void = () => {};
      connects.push(new Promise<void>((resolve) => (connected = resolve)));
      return dribble(url, 'GET /graphql HTTP/1.1\r\n', 'X-A: b\r\n', 200, () => connected());
    });
    // Connected, so queued before the fourth: the server accepts in that order, and the fourth is over the cap.
    await Promise.all(connects);
    const fourth = await within(dribble(url, 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n', '', 1_000), 2_000, 'the fourth connection to be dropped');
    // Closed unanswered (an accepted one would get its 200 and be kept alive).
    expect(fourth.answer).toBe('');
    await gw.close();
    gw = undefined;
    await Promise.all(held);
  });

  it('leaves an SSE subscription and a graphql-ws one open past the request timeout', async () => {
    gw = await startTestGateway({ opMs: 1_500 }, { server: { headersTimeoutMs: TIMEOUT_MS, requestTimeoutMs: TIMEOUT_MS } });
    const vm = await manageiqVm(gw.url);
    const sseId = await createOn(gw.url, vm, 'outlives-sse');
    const wsId = await createOn(gw.url, vm, 'outlives-ws');
    const started = performance.now();
    const client = wsClient(gw.wsUrl);
    try {
      const [sse, ws] = await Promise.all([collectSse(gw.graphqlUrl, FollowOperation, { id: sseId }), collectWs(client, FollowOperation, { id: wsId })]);
      // Well past the timeout and its check interval, and the streams ended because the operations did.
      expect(performance.now() - started).toBeGreaterThan(TIMEOUT_MS * 3);
      expect(sse.at(-1)?.data?.operation.status).toBe('SUCCEEDED');
      expect(ws.at(-1)?.data?.operation.status).toBe('SUCCEEDED');
    } finally {
      await client.dispose();
    }
  });
});

describe('the drain on shutdown', () => {
  it('says 503 on /ready at once and serves on through the drain delay, liveness 200; then closes', async () => {
    const DELAY_MS = 1_500;
    gw = await startTestGateway({ opMs: 300 }, { server: { drainDelayMs: DELAY_MS } });
    const url = gw.url;
    const vm = await manageiqVm(url);
    const id = await createOn(url, vm, 'across-the-drain');
    const started = performance.now();
    const stopping = gw.started.shutdown();
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(503);
    expect(healthBody.parse(await ready.json())).toEqual({ status: 'draining' });
    expect((await fetch(`${gw.adminUrl}/ready`)).status).toBe(503);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('{"status":"ok"}');
    // Still served: a query, and a keep-alive client is told to reconnect (to another replica).
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ vms(first: 1) { totalCount } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('connection')).toBe('close');
    expect(performance.now() - started).toBeLessThan(DELAY_MS);
    await stopping;
    expect(performance.now() - started).toBeGreaterThanOrEqual(DELAY_MS);
    // The operation under way when the drain began was let finish.
    expect((await gw.started.gateway.engine.get(rawId(id)))?.status).toBe('SUCCEEDED');
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    await gw.lab.close();
    gw = undefined;
  });

  it('finishes a request in flight when the listener closes', async () => {
    gw = await startTestGateway({ latencyMs: 300 }, { server: { drainDelayMs: 0 } });
    const before = gw.lab.sim(libvirtBackend).requestCount();
    const inFlight = execute(gw.graphqlUrl, FirstVms);
    await until('the query to reach a backend', () => (gw && gw.lab.sim(libvirtBackend).requestCount() > before) || null);
    // requestCount counts answered requests: the first level was answered, the query goes on.
    await gw.started.shutdown();
    const result = await inFlight;
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data?.vms.edges.length).toBeGreaterThan(0);
    await gw.lab.close();
    gw = undefined;
  });

  it.skipIf(!available)('hands the leases of the operations it follows back to Redis', async () => {
    const prefix = `deploy-test:${process.pid}:`;
    gw = await startTestGateway({ opMs: 5_000 }, { redisUrl: REDIS_URL, redisKeyPrefix: prefix, server: { drainDelayMs: 50 } });
    const redis = new Redis(REDIS_URL);
    try {
      const id = await createOn(gw.url, await manageiqVm(gw.url), 'handed-back');
      const lease = `${prefix}lease:${rawId(id)}`;
      const deadline = Date.now() + 5_000;
      while ((await redis.exists(lease)) === 0) {
        if (Date.now() > deadline) throw new Error('no lease was taken');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await gw.started.shutdown();
      expect(await redis.exists(lease)).toBe(0);
      // Still running, for another replica to take over.
      expect(await redis.sismember(`${prefix}running`, rawId(id))).toBe(1);
      await gw.lab.close();
      gw = undefined;
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });
});

const probeLine = z.object({
  level: z.literal('warn'),
  msg: z.literal('backend does not answer at start'),
  backend: z.string(),
  kind: z.string(),
  code: z.string(),
  error: z.string(),
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('the start-up probe', () => {
  it('writes one warn line for each backend that does not answer right, and the gateway serves all the same', async () => {
    const logs = captureLogs();
    const port = await closedPort();
    gw = await startTestGateway({}, { logger: logs.logger, probeBackends: true }, (spec) => {
      if (spec.name === 'lab-libvirt') return { ...spec, baseUrl: `http://127.0.0.1:${port}` };
      if (spec.name === 'lab-manageiq') return { ...spec, credentials: Object.fromEntries(Object.keys(spec.credentials).map((k) => [k, 'wrong'])) };
      if (spec.name === 'lab-cloudsigma') return { ...spec, baseUrl: spec.baseUrl.replace('/api/2.0', '/api/9.9') };
      return spec;
    });
    const warned = await until('three probe lines', () => {
      const found = linesOf(logs.lines(), probeLine);
      return found.length >= 3 ? found : null;
    });
    expect(warned.map(({ backend, kind, code }) => ({ backend, kind, code })).sort((a, b) => a.backend.localeCompare(b.backend))).toEqual([
      { backend: 'lab-cloudsigma', kind: 'CLOUDSIGMA', code: 'NOT_FOUND' },
      { backend: 'lab-libvirt', kind: 'LIBVIRT', code: 'UNREACHABLE' },
      { backend: 'lab-manageiq', kind: 'MANAGEIQ', code: 'UNAUTHORIZED' },
    ]);
    for (const line of warned) expect(line.error.length).toBeGreaterThan(0);
    expect((await fetch(`${gw.url}/ready`)).status).toBe(200);
    const result = await execute(gw.graphqlUrl, FirstVms);
    expect(result.status).toBe(200);
    expect(result.data?.vms.edges.some((e) => e.node.backend.name === 'lab-danube')).toBe(true);
    // One line each: a retry would not write another.
    expect(linesOf(logs.lines(), probeLine)).toHaveLength(3);
  });

  it('keeps /ready 503 until every backend answers, with readyWhenBackends: all', async () => {
    const logs = captureLogs();
    gw = await startTestGateway(
      { faults: { cloudsigma: { mode: 'down' } } },
      { logger: logs.logger, server: { readyWhenBackends: 'all' }, probeRetryMs: 50 },
    );
    await until('the probe line of the backend that is down', () => linesOf(logs.lines(), probeLine).find((l) => l.backend === 'lab-cloudsigma'));
    const waiting = await fetch(`${gw.url}/ready`);
    expect(waiting.status).toBe(503);
    expect(await waiting.text()).toBe('{"status":"waiting for backends"}');
    // Liveness is not readiness.
    expect((await fetch(`${gw.url}/health`)).status).toBe(200);
    gw.lab.sim(cloudsigmaBackend).setFault(null);
    const deadline = Date.now() + 5_000;
    let status = 503;
    while (status !== 200 && Date.now() < deadline) status = (await fetch(`${gw.url}/ready`)).status;
    expect(status).toBe(200);
  });

  it('is ready once one backend answers, with readyWhenBackends: any', async () => {
    gw = await startTestGateway({ faults: { cloudsigma: { mode: 'down' } } }, { server: { readyWhenBackends: 'any' }, probeRetryMs: 50 });
    const deadline = Date.now() + 5_000;
    let status = 503;
    while (status !== 200 && Date.now() < deadline) status = (await fetch(`${gw.url}/ready`)).status;
    expect(status).toBe(200);
  });
});
