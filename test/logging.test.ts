// Logs: pino JSON lines, one per HTTP request (with its id, echoed back), per graphql-ws socket and subscription, and
// per operation change (with the id of the request that started it); and never a secret, in memory or in a real
// process whose backends, callers and Redis all hold secrets.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../src/config.js';
import { startCloudSigmaSimulator } from '../src/connectors/cloudsigma/simulator.js';
import { startDanubeSimulator } from '../src/connectors/danube/simulator.js';
import { DENVR_SIM_DEFAULT_SETTINGS, startDenvrSimulator } from '../src/connectors/denvr/simulator.js';
import { startLibvirtSimulator } from '../src/connectors/libvirt/simulator.js';
import { startManageIQSimulator } from '../src/connectors/manageiq/simulator.js';
import { decodeId } from '../src/graphql/ids.js';
import { REDACTED } from '../src/logging.js';
import { redactRedisUrl } from '../src/operations/redis.js';
import { requestIdFrom } from '../src/requestTrace.js';
import { CreateSnapshot, FirstVms, FollowOperation, VmSnapshots } from './helpers/documents.js';
import { collectSse, collectWs, startTestGateway, withoutRedis, type TestGateway } from './helpers/gateway.js';
import { captureLogs, changeLine, linesOf, logLine, requestLine, until, wsLine, type CapturedLogs } from './helpers/logs.js';
import { REDIS_URL, redisForTests } from './helpers/redis.js';
import { libvirt as libvirtBackend } from '../src/connectors/libvirt/backend.js';

const redisAvailable = await redisForTests('logs of a replica on a Redis with a password');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const secret = (what: string): string => `${what}-${randomBytes(18).toString('base64url')}`;

/** POSTs a typed document with the given headers. */
async function post<R, V>(
  url: string,
  document: TypedDocumentNode<R, V>,
  variables: V,
  headers: Record<string, string>,
): Promise<{ response: Response; body: FormattedExecutionResult<R> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body: FormattedExecutionResult<R> = await response.json();
  return { response, body };
}

const wsClientWith = (url: string, connectionParams: Record<string, unknown>): Client =>
  createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams });

/** The id of the operation a createSnapshot answered, or the test fails. */
function operationIdOf(body: FormattedExecutionResult<{ createSnapshot: { __typename: string; operation?: { id: string } } }>): string {
  const operation = body.data?.createSnapshot.operation;
  if (!operation) throw new Error(`createSnapshot answered ${JSON.stringify(body)}`);
  return operation.id;
}

/** The engine's id inside an Operation's global id (what the change lines name). */
const engineId = (globalId: string): string => decodeId(globalId)?.key ?? globalId;

describe('the logger', () => {
  it('redacts credentials, tokens, headers that authenticate and GraphQL variables wherever a line could carry them', () => {
    const logs = captureLogs();
    const secrets = Array.from({ length: 10 }, (_, i) => secret(`s${i}`));
    logs.logger.info(
      {
        password: secrets[0],
        token: secrets[1],
        headers: { authorization: `Bearer ${secrets[2]}`, cookie: secrets[3], 'proxy-authorization': secrets[4], accept: 'application/json' },
        req: { headers: { 'x-auth-token': secrets[5] } },
        connectionParams: { authToken: secrets[6] },
        params: { query: '{ vms { id } }', variables: { description: secrets[7] } },
        backends: [{ name: 'prod', credentials: { password: secrets[8] } }],
        err: Object.assign(new Error('WRONGPASS'), { command: { name: 'auth', args: ['user', secrets[9]] } }),
      },
      'everything that must not leak',
    );
    const written = logs.text.join('');
    for (const value of secrets) expect(written).not.toContain(value);
    const [line] = logs.lines();
    // What is not secret stays readable.
    expect(line).toMatchObject({
      msg: 'everything that must not leak',
      headers: { authorization: REDACTED, accept: 'application/json' },
      params: { query: '{ vms { id } }', variables: REDACTED },
      backends: [{ name: 'prod', credentials: REDACTED }],
      err: { message: 'WRONGPASS', command: REDACTED },
    });
  });

  it('reads LOG_LEVEL from the environment, info unless set, and names it when it is not a level', () => {
    expect(loadConfig([], {}).env.LOG_LEVEL).toBe('info');
    expect(loadConfig([], { LOG_LEVEL: 'silent' }).env.LOG_LEVEL).toBe('silent');
    expect(() => loadConfig([], { LOG_LEVEL: 'loud' })).toThrow(/^env\.LOG_LEVEL: /);
  });

  it("takes a caller's request id only when it is a short plain token", () => {
    expect(requestIdFrom('req-42.a_B')).toBe('req-42.a_B');
    expect(requestIdFrom('x'.repeat(128))).toBe('x'.repeat(128));
    for (const bad of [undefined, '', 'two words', 'x'.repeat(129), 'a"b', 'line\nbreak', ['a', 'b']]) {
      expect(requestIdFrom(bad)).toMatch(UUID);
    }
  });
});

describe('log lines of a gateway', () => {
  let gw: TestGateway;
  let logs: CapturedLogs;
  beforeAll(async () => {
    logs = captureLogs();
    gw = await startTestGateway({}, { logger: logs.logger });
  });
  afterAll(async () => gw?.close());

  const requestLines = () => linesOf(logs.lines(), requestLine);
  const lineOf = (requestId: string) => until(`the line of request ${requestId}`, () => requestLines().find((l) => l.requestId === requestId));

  it("writes one line per HTTP request, with the caller's request id echoed back, or a new one", async () => {
    const { response, body } = await post(gw.graphqlUrl, FirstVms, {}, { 'x-request-id': 'first-vms-1' });
    expect(body.errors).toBeUndefined();
    expect(response.headers.get('x-request-id')).toBe('first-vms-1');
    expect(await lineOf('first-vms-1')).toMatchObject({
      level: 'info',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationType: 'query',
      operationName: 'FirstVms',
      caller: 'anonymous',
      client: '127.0.0.1',
    });

    const health = await fetch(`${gw.url}/health?probe=1`, { headers: { 'x-request-id': 'not a token' } });
    const generated = health.headers.get('x-request-id') ?? '';
    expect(generated).toMatch(UUID);
    const healthLine = await lineOf(generated);
    expect(healthLine).toMatchObject({ method: 'GET', path: '/health', status: 200 });
    expect(healthLine.operationType).toBeUndefined();

    // A document that fails validation still names the operation it asked for.
    const broken = await fetch(gw.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', 'x-request-id': 'broken-1' },
      body: JSON.stringify({ query: 'query Broken { noSuchField }', operationName: 'Broken' }),
    });
    expect(broken.status).toBe(400);
    expect(await lineOf('broken-1')).toMatchObject({ status: 400, operationName: 'Broken' });

    for (const id of ['first-vms-1', generated, 'broken-1']) expect(requestLines().filter((l) => l.requestId === id)).toHaveLength(1);
  });

  it("logs every change of a mutation's operation with its id and the mutation's request id; graphql-ws logs socket and subscription", async () => {
    const vms = await post(gw.graphqlUrl, FirstVms, {}, {});
    const vm = vms.body.data?.vms.edges.find((e) => e.node.backend.name === 'lab-libvirt')?.node;
    if (!vm) throw new Error('no libvirt VM in the lab');
    const created = await post(gw.graphqlUrl, CreateSnapshot, { input: { targetId: vm.id, name: 'logged' } }, { 'x-request-id': 'create-1' });
    const operationId = operationIdOf(created.body);
    expect(await lineOf('create-1')).toMatchObject({ status: 200, operationType: 'mutation', operationName: 'CreateSnapshot' });

    const client = wsClientWith(gw.wsUrl, {});
    const events = await collectWs(client, FollowOperation, { id: operationId });
    expect(events.at(-1)?.data?.operation?.status).toBe('SUCCEEDED');
    await client.dispose();

    const changes = linesOf(logs.lines(), changeLine).filter((l) => l.operationId === engineId(operationId));
    expect(changes.map((l) => [l.status, l.revision])).toEqual([
      ['PENDING', 1],
      ['RUNNING', 2],
      ['SUCCEEDED', 3],
    ]);
    for (const change of changes) {
      expect(change).toMatchObject({ requestId: 'create-1', kind: 'CREATE_SNAPSHOT', backend: 'lab-libvirt', targetId: vm.id, level: 'info' });
    }

    const closed = await until('the ws close line', () => linesOf(logs.lines(), wsLine).find((l) => l.msg === 'ws close'));
    const socket = linesOf(logs.lines(), wsLine).filter((l) => l.connectionId === closed.connectionId);
    expect(socket.map((l) => l.msg)).toEqual(['ws connect', 'ws subscribe', 'ws complete', 'ws close']);
    expect(socket[1]).toMatchObject({ operationType: 'subscription', operationName: 'FollowOperation' });
    expect(socket[2]?.subscriptionId).toBe(socket[1]?.subscriptionId);
    expect(socket[2]?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('logs a FAILED change as a warning with the error code and message', async () => {
    const vms = await post(gw.graphqlUrl, FirstVms, {}, {});
    const vm = vms.body.data?.vms.edges.find((e) => e.node.backend.name === 'lab-libvirt')?.node;
    if (!vm) throw new Error('no libvirt VM in the lab');
    gw.lab.sim(libvirtBackend).failNext('POST', '/snapshots', 500, { code: 'INTERNAL_SERVER_ERROR', message: 'disk full', status: 500 });
    const created = await post(gw.graphqlUrl, CreateSnapshot, { input: { targetId: vm.id, name: 'doomed' } }, { 'x-request-id': 'doomed-1' });
    const id = engineId(operationIdOf(created.body));
    const failed = await until('the FAILED line', () =>
      linesOf(logs.lines(), changeLine).find((l) => l.operationId === id && l.status === 'FAILED'),
    );
    expect(failed).toMatchObject({
      level: 'warn',
      requestId: 'doomed-1',
      errorCode: 'SERVER_ERROR',
      errorBackendCode: 'INTERNAL_SERVER_ERROR',
      errorHttpStatus: 500,
    });
    expect(failed.errorMessage).toContain('disk full');
  });

  it('gives an operation started over graphql-ws the connection id as request id, and an SSE stream one line when it ends', async () => {
    const vms = await post(gw.graphqlUrl, FirstVms, {}, {});
    const vm = vms.body.data?.vms.edges.find((e) => e.node.backend.name === 'lab-libvirt')?.node;
    if (!vm) throw new Error('no libvirt VM in the lab');
    const client = wsClientWith(gw.wsUrl, {});
    const [result] = await collectWs(client, CreateSnapshot, { input: { targetId: vm.id, name: 'over-ws' } });
    await client.dispose();
    if (result?.data?.createSnapshot.__typename !== 'OperationPayload') throw new Error(`createSnapshot answered ${JSON.stringify(result)}`);
    const operationId = result.data.createSnapshot.operation.id;
    const pending = await until('the PENDING line', () =>
      linesOf(logs.lines(), changeLine).find((l) => l.operationId === engineId(operationId) && l.status === 'PENDING'),
    );
    const subscribed = linesOf(logs.lines(), wsLine).find((l) => l.msg === 'ws subscribe' && l.operationName === 'CreateSnapshot');
    expect(subscribed).toMatchObject({ operationType: 'mutation' });
    expect(pending.requestId).toBe(subscribed?.connectionId);

    const events = await collectSse(gw.graphqlUrl, FollowOperation, { id: operationId });
    expect(events.at(-1)?.data?.operation?.status).toBe('SUCCEEDED');
    const sse = await until('the SSE request line', () => requestLines().find((l) => l.operationName === 'FollowOperation'));
    expect(sse).toMatchObject({ method: 'POST', path: '/graphql', status: 200, operationType: 'subscription' });
  });
});

/** A gateway as `npm start` runs it: src/main.ts in a process of its own, its stdout and stderr kept whole. */
interface GatewayProcess {
  url: string;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
}

function startGatewayProcess(configFile: string, env: NodeJS.ProcessEnv): Promise<GatewayProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--config', configFile], {
    // A short drain delay: these tests stop the gateway and read what it wrote, nothing balances load before it.
    env: { DRAIN_DELAY_MS: '100', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^Snapshot gateway on (http:\/\/\S+)$/m.exec(stdout);
      if (match?.[1]) {
        resolve({
          url: match[1],
          stdout: () => stdout,
          stderr: () => stderr,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`the gateway exited with ${code} before listening: ${stdout}${stderr}`)));
  });
}

/** The start-up banner, plain text for people and for scripts that read the address; every other line is JSON. */
const BANNER = [/^Snapshot gateway on http:\/\/\S+$/, /^ {2}GraphiQL: /, /^ {2}UI: /, /^ {2}WebSocket: /, /^ {2}Health: /, /^ {2}Admin: /, /^Operations: /, /^Auth: /, /^WARNING: no authentication configured/];

/** Every stdout line that is not the banner, parsed; a line that is not a JSON log line fails the test. */
function jsonLines(stdout: string): unknown[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '' && !BANNER.some((banner) => banner.test(line)))
    .map((line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new Error(`a stdout line is neither the banner nor JSON: ${line}`);
      }
      expect(logLine.safeParse(parsed).success, line).toBe(true);
      return parsed;
    });
}

describe('a gateway process with secrets everywhere', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logging-'));
  const configFile = join(dir, 'gateway.json');
  /** Every backend credential, by the environment variable that holds it. */
  const credentialEnv: Record<string, string> = {};
  const closers: (() => Promise<void>)[] = [];
  let libvirtVm = '';

  beforeAll(async () => {
    const credentials = (name: string, keys: string[]): Record<string, string> => {
      const named: Record<string, string> = {};
      for (const key of keys) {
        const variable = `LOGTEST_${name.toUpperCase()}_${key.toUpperCase()}`;
        credentialEnv[variable] = secret(`${name}-${key}`);
        named[key] = variable;
      }
      return named;
    };
    const value = (variable: string | undefined): string => credentialEnv[variable ?? ''] ?? '';
    const libvirt = credentials('libvirt', ['username', 'password']);
    const manageiq = credentials('manageiq', ['username', 'password', 'group']);
    const cloudsigma = credentials('cloudsigma', ['username', 'password']);
    const danube = credentials('danube', ['username', 'password']);
    const denvr = credentials('denvr', ['username', 'password']);
    const login = (named: Record<string, string>) => ({ username: value(named.username), password: value(named.password) });
    const started = <T extends { close(): Promise<void> }>(sim: T): T => {
      closers.push(() => sim.close());
      return sim;
    };
    const libvirtSim = started(await startLibvirtSimulator({ vmCount: 2, opMs: 50, auth: login(libvirt) }));
    const manageiqSim = started(
      await startManageIQSimulator({ vmCount: 2, opMs: 50, auth: { ...login(manageiq), groups: [value(manageiq.group)] } }),
    );
    const cloudsigmaSim = started(await startCloudSigmaSimulator({ serverCount: 2, opMs: 50, auth: login(cloudsigma) }));
    const danubeSim = started(await startDanubeSimulator({ vmCount: 2, opMs: 50, auth: login(danube) }));
    const denvrSim = started(await startDenvrSimulator({ vmCount: 2, opMs: 50, auth: login(denvr) }));
    const backends = [
      { name: 'logs-libvirt', kind: 'LIBVIRT', baseUrl: libvirtSim.url, credentials: libvirt },
      { name: 'logs-manageiq', kind: 'MANAGEIQ', baseUrl: manageiqSim.url, credentials: manageiq },
      { name: 'logs-cloudsigma', kind: 'CLOUDSIGMA', baseUrl: cloudsigmaSim.apiUrl, credentials: cloudsigma },
      { name: 'logs-danube', kind: 'DANUBE', baseUrl: danubeSim.apiUrl, credentials: danube },
      { name: 'logs-denvr', kind: 'DENVR', baseUrl: denvrSim.url, credentials: denvr, settings: DENVR_SIM_DEFAULT_SETTINGS },
    ];
    writeFileSync(configFile, JSON.stringify({ backends }));
  });

  afterAll(async () => {
    await Promise.all(closers.map((close) => close()));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs queries, a mutation followed over graphql-ws, and odd requests against a process; what it sent and saw. */
  async function exercise(gateway: GatewayProcess, callerSecrets: { bearer: string; wsToken: string; variable: string }) {
    const graphqlUrl = `${gateway.url}/graphql`;
    const auth = { authorization: `Bearer ${callerSecrets.bearer}` };
    const vms = await post(graphqlUrl, FirstVms, {}, { ...auth, 'x-request-id': 'proc-query' });
    expect(vms.body.errors).toBeUndefined();
    libvirtVm ||= vms.body.data?.vms.edges.find((e) => e.node.backend.name === 'logs-libvirt')?.node.id ?? '';
    const created = await post(
      graphqlUrl,
      CreateSnapshot,
      { input: { targetId: libvirtVm, name: `logged-${randomUUID().slice(0, 8)}`, description: callerSecrets.variable } },
      { ...auth, 'x-request-id': 'proc-mutation' },
    );
    const operationId = operationIdOf(created.body);
    // Variables in a GET's query string never reach a line either.
    const get = new URL(graphqlUrl);
    get.searchParams.set('query', print(VmSnapshots));
    get.searchParams.set('variables', JSON.stringify({ id: callerSecrets.variable }));
    const viaGet = await fetch(get, { headers: { ...auth, accept: 'application/graphql-response+json', 'x-request-id': 'proc-get' } });
    expect(viaGet.headers.get('x-request-id')).toBe('proc-get');
    const health = await fetch(`${gateway.url}/health`, { headers: { 'x-request-id': `bad id ${randomUUID()}` } });
    const healthId = health.headers.get('x-request-id') ?? '';
    expect(healthId).toMatch(UUID);

    const client = wsClientWith(`${gateway.url.replace(/^http/, 'ws')}/graphql`, { authToken: callerSecrets.wsToken });
    const events = await collectWs(client, FollowOperation, { id: operationId });
    expect(events.at(-1)?.data?.operation?.status).toBe('SUCCEEDED');
    await client.dispose();
    await until('the ws close line', () => (gateway.stdout().includes('"msg":"ws close"') ? true : null));
    return { operationId: engineId(operationId), healthId, httpRequests: ['proc-query', 'proc-mutation', 'proc-get', healthId] };
  }

  function expectNoSecret(output: string, secrets: string[]): void {
    for (const value of secrets) expect(output.includes(value), `a secret (${value.slice(0, 12)}…) is in the output`).toBe(false);
  }

  it('writes JSON lines around the banner: one per request, per ws socket and subscription, per operation change; never a secret', async () => {
    const callerSecrets = { bearer: secret('bearer'), wsToken: secret('ws-token'), variable: secret('variable') };
    const gateway = await startGatewayProcess(configFile, { ...withoutRedis(), ...credentialEnv, PORT: '0', LOG_LEVEL: 'info' });
    let sent;
    try {
      sent = await exercise(gateway, callerSecrets);
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
    const lines = jsonLines(gateway.stdout());

    const started = lines.find((line) => logLine.safeParse(line).data?.msg === 'gateway started');
    expect(started).toMatchObject({
      url: gateway.url,
      lab: false,
      backends: [
        { name: 'logs-libvirt', kind: 'LIBVIRT' },
        { name: 'logs-manageiq', kind: 'MANAGEIQ' },
        { name: 'logs-cloudsigma', kind: 'CLOUDSIGMA' },
        { name: 'logs-danube', kind: 'DANUBE' },
        { name: 'logs-denvr', kind: 'DENVR' },
      ],
      operations: { store: 'memory' },
      logLevel: 'info',
    });

    const requests = linesOf(lines, requestLine);
    expect(requests.map((l) => l.requestId).sort()).toEqual([...sent.httpRequests].sort());
    expect(requests.find((l) => l.requestId === 'proc-query')).toMatchObject({ status: 200, operationType: 'query', operationName: 'FirstVms' });
    expect(requests.find((l) => l.requestId === 'proc-mutation')).toMatchObject({ status: 200, operationType: 'mutation', operationName: 'CreateSnapshot' });
    expect(requests.find((l) => l.requestId === 'proc-get')).toMatchObject({ method: 'GET', path: '/graphql', operationName: 'VmSnapshots' });
    expect(requests.find((l) => l.requestId === sent.healthId)).toMatchObject({ path: '/health', status: 200 });

    const changes = linesOf(lines, changeLine).filter((l) => l.operationId === sent.operationId);
    expect(changes.map((l) => l.status)).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);
    for (const change of changes) expect(change).toMatchObject({ requestId: 'proc-mutation', backend: 'logs-libvirt', targetId: libvirtVm });

    const ws = linesOf(lines, wsLine);
    expect(ws.map((l) => l.msg)).toEqual(['ws connect', 'ws subscribe', 'ws complete', 'ws close']);
    expect(ws[1]).toMatchObject({ operationType: 'subscription', operationName: 'FollowOperation' });
    expect(lines.some((line) => logLine.safeParse(line).data?.msg === 'stopped')).toBe(true);

    expectNoSecret(gateway.stdout() + gateway.stderr(), [...Object.values(credentialEnv), ...Object.values(callerSecrets)]);
  });

  describe.skipIf(!redisAvailable)('on a Redis with a password', () => {
    const user = `gw-logs-${randomUUID()}`;
    const password = secret('redis-password');
    const prefix = `gw-logs-${randomUUID()}:`;
    let admin: Redis;
    beforeAll(async () => {
      admin = new Redis(REDIS_URL);
      // A user of its own for this test, so the shared Redis needs no password and keeps none afterwards.
      await admin.call('ACL', 'SETUSER', user, 'on', `>${password}`, '~*', '&*', '+@all');
    });
    afterAll(async () => {
      await admin.call('ACL', 'DELUSER', user);
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length > 0) await admin.del(...keys);
      admin.disconnect();
    });

    it('logs the Redis URL without its password, and the password nowhere', async () => {
      const url = new URL(REDIS_URL);
      url.username = user;
      url.password = password;
      const callerSecrets = { bearer: secret('bearer'), wsToken: secret('ws-token'), variable: secret('variable') };
      const gateway = await startGatewayProcess(configFile, {
        ...withoutRedis(),
        ...credentialEnv,
        PORT: '0',
        LOG_LEVEL: 'info',
        REDIS_URL: url.toString(),
        REDIS_KEY_PREFIX: prefix,
      });
      let sent;
      try {
        sent = await exercise(gateway, callerSecrets);
      } finally {
        expect(await gateway.stop()).toBe(0);
      }
      const lines = jsonLines(gateway.stdout());
      const started = lines.find((line) => logLine.safeParse(line).data?.msg === 'gateway started');
      expect(started).toMatchObject({ operations: { store: 'redis', redis: redactRedisUrl(url.toString()), keyPrefix: prefix } });
      expect(redactRedisUrl(url.toString())).toContain(user);
      const changes = linesOf(lines, changeLine).filter((l) => l.operationId === sent.operationId);
      expect(changes.map((l) => l.status)).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);
      expectNoSecret(gateway.stdout() + gateway.stderr(), [password, ...Object.values(credentialEnv), ...Object.values(callerSecrets)]);
    });
  });
});
