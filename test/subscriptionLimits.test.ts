// Subscription limits through a real gateway: active subscriptions per graphql-ws socket and per caller (over its
// sockets and its SSE streams), open sockets per caller, each caller's counts apart from the others'; every place given
// back when a subscription completes, fails, is cancelled or its socket closes; on an open gateway, callers told apart
// by their address; and the `subscriptions` section of the config file.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import { print } from 'graphql';
import WebSocket from 'ws';
import { callerId } from '../src/auth/callerKeys.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { authSchema } from '../src/auth/config.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { CreateSnapshot, FirstVms, FollowOperation } from './helpers/documents.js';
import { executeWith, startTestGateway, type TestGateway } from './helpers/gateway.js';
import { until } from './helpers/logs.js';

const OPERATIONS = 'subscription LimitStream { operations { id status } }';
const BACKENDS = 'query LimitBackends { backends { name } }';

const newToken = (): string => randomBytes(24).toString('base64url');
const sha256 = (token: string): string => createHash('sha256').update(token).digest('hex');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const closeEvent = z.object({ code: z.number(), reason: z.string() });
/** What a refused subscribe is given over graphql-ws: exactly one error. */
const limitErrors = z
  .tuple([z.object({ message: z.string(), extensions: z.record(z.string(), z.unknown()) })])
  .transform(([error]) => error);
const sseEvent = z.object({ errors: z.array(z.object({ message: z.string(), extensions: z.record(z.string(), z.unknown()) })).optional() });

/** A graphql-ws client that connects at once; `connected` and `closed` settle on those events. */
interface Socket {
  client: Client;
  connected: Promise<void>;
  closed: Promise<z.infer<typeof closeEvent>>;
}

/** A subscription (or a query) over a socket: its results as they come, and how it ended. */
interface Held {
  results: unknown[];
  /** Settles when it ends: null on complete, else what the client was given (the gateway's errors, say). */
  ended: Promise<unknown>;
  cancel: () => void;
}

function hold(socket: Socket, query: string, variables?: Record<string, unknown>): Held {
  const results: unknown[] = [];
  let cancel = (): void => undefined;
  const ended = new Promise<unknown>((resolve) => {
    cancel = socket.client.subscribe({ query, variables }, { next: (result) => void results.push(result), error: resolve, complete: () => resolve(null) });
  });
  return { results, ended, cancel };
}

/** A WebSocket class whose connections leave from `localAddress` (another loopback address is another client). */
const fromAddress = (localAddress: string) =>
  class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { localAddress });
    }
  };

describe('subscription limits with static tokens', () => {
  const tokens = { alice: newToken(), bob: newToken(), admin: newToken() };
  const ALICE = callerId('token', 'alice');
  const BOB = callerId('token', 'bob');
  const auth = authSchema.parse({
    tokens: [
      { name: 'alice', sha256: sha256(tokens.alice), scopes: ['snapshots:read'] },
      { name: 'bob', sha256: sha256(tokens.bob), scopes: ['snapshots:read'] },
      { name: 'admin', sha256: sha256(tokens.admin), scopes: ['snapshots:read', 'snapshots:write'] },
    ],
  });
  let gw: TestGateway;
  let vmId: string;
  const sockets: Socket[] = [];
  const streams: AbortController[] = [];

  const connect = (token: string): Socket => {
    let connected = (): void => undefined;
    let closed = (_event: z.infer<typeof closeEvent>): void => undefined;
    const socket: Socket = {
      client: createClient({
        url: gw.wsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => undefined,
        connectionParams: bearer(token),
        on: { connected: () => connected(), closed: (event) => closed(closeEvent.parse(event)) },
      }),
      connected: new Promise((resolve) => (connected = resolve)),
      closed: new Promise((resolve) => (closed = resolve)),
    };
    sockets.push(socket);
    return socket;
  };

  /** Opens an SSE subscription; resolves once the gateway has answered its headers. */
  const openSse = async (token: string): Promise<Response> => {
    const abort = new AbortController();
    streams.push(abort);
    return fetch(gw.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...bearer(token) },
      body: JSON.stringify({ query: OPERATIONS }),
      signal: abort.signal,
    });
  };

  const held = (caller: string) => gw.started.subscriptions.heldBy(caller);
  const holds = (caller: string, subscriptions: number, sockets?: number) =>
    until(`${caller} to hold ${subscriptions} subscriptions`, () => {
      const now = held(caller);
      return now.subscriptions === subscriptions && (sockets === undefined || now.sockets === sockets) ? now : null;
    });

  /** An operation by the admin: every `operations` stream that is still running sees it. */
  const startOperation = async (name: string): Promise<string> => {
    const result = await executeWith(gw.graphqlUrl, bearer(tokens.admin), CreateSnapshot, { input: { targetId: vmId, name } });
    const payload = result.data?.createSnapshot;
    if (payload?.__typename !== 'OperationPayload') throw new Error(`create answered ${JSON.stringify(result)}`);
    return payload.operation.id;
  };

  beforeAll(async () => {
    gw = await startTestGateway(
      { scale: 1, opMs: 100 },
      { auth, rateLimit: { mutationsPerMinute: 6000, burst: 1000 }, subscriptions: { perSocket: 3, perCaller: 5, socketsPerCaller: 2 } },
    );
    const vms = await executeWith(gw.graphqlUrl, bearer(tokens.admin), FirstVms);
    const vm = vms.data?.vms.edges.map((e) => e.node).find((n) => n.backend.name === 'lab-libvirt');
    if (!vm) throw new Error('no libvirt VM in the lab');
    vmId = vm.id;
  });

  // Each test starts from nothing held: what it opened is closed and its places given back.
  afterEach(async () => {
    for (const abort of streams.splice(0)) abort.abort();
    await Promise.all(sockets.splice(0).map((s) => s.client.dispose()));
    await holds(ALICE, 0, 0);
    await holds(BOB, 0, 0);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('refuses a subscribe past the socket limit with SUBSCRIPTION_LIMIT; the socket and its other subscriptions go on; a cancelled one gives its place back', async () => {
    const socket = connect(tokens.alice);
    const open = [hold(socket, OPERATIONS), hold(socket, OPERATIONS), hold(socket, OPERATIONS)];
    await holds(ALICE, 3, 1);

    const refused = hold(socket, OPERATIONS);
    const error = limitErrors.parse(await refused.ended);
    expect(error.extensions).toEqual({ code: 'SUBSCRIPTION_LIMIT', limit: 3, scope: 'socket' });
    expect(error.message).toMatch(/this socket may hold 3 active subscriptions/);

    // The other three still run, and the socket still answers a query (queries are not counted).
    const id = await startOperation('limits-socket');
    await until('every open stream to see the operation', () => (open.every((s) => JSON.stringify(s.results).includes(id)) ? true : null));
    const query = hold(socket, BACKENDS);
    expect(await query.ended).toBeNull();
    expect(JSON.stringify(query.results)).toContain('lab-libvirt');
    expect(held(ALICE)).toEqual({ subscriptions: 3, sockets: 1 });

    open[0]?.cancel();
    await holds(ALICE, 2);
    hold(socket, OPERATIONS);
    await holds(ALICE, 3);
    expect(limitErrors.parse(await hold(socket, OPERATIONS).ended).extensions).toMatchObject({ code: 'SUBSCRIPTION_LIMIT', limit: 3 });
  });

  it('gives a place back when a subscription completes or fails: open to the limit, let them end, open to the limit again', async () => {
    const socket = connect(tokens.alice);
    const id = await startOperation('limits-complete');
    // Three follows of one operation fill the socket; each completes once the operation ends.
    const follows = [0, 1, 2].map(() => hold(socket, print(FollowOperation), { id }));
    expect(await Promise.all(follows.map((f) => f.ended))).toEqual([null, null, null]);
    for (const follow of follows) expect(JSON.stringify(follow.results.at(-1))).toContain('SUCCEEDED');
    // Three that fail at once (no such operation): each is answered with its error, and ends.
    for (let i = 0; i < 3; i++) {
      const failed = hold(socket, print(FollowOperation), { id: 'no-such-operation' });
      expect(await failed.ended).toBeNull();
      expect(JSON.stringify(failed.results)).toContain('errors');
    }
    await holds(ALICE, 0, 1);

    [0, 1, 2].forEach(() => hold(socket, OPERATIONS));
    await holds(ALICE, 3);
    expect(limitErrors.parse(await hold(socket, OPERATIONS).ended).extensions).toMatchObject({ scope: 'socket', limit: 3 });
  });

  it("holds a caller to its limit over all its sockets and its SSE streams; another caller's are its own", async () => {
    const first = connect(tokens.alice);
    const second = connect(tokens.alice);
    const onFirst = [hold(first, OPERATIONS), hold(first, OPERATIONS), hold(first, OPERATIONS)];
    hold(second, OPERATIONS);
    hold(second, OPERATIONS);
    await holds(ALICE, 5, 2);

    // The second socket has room (2 of 3), the caller has none.
    const refused = limitErrors.parse(await hold(second, OPERATIONS).ended);
    expect(refused.extensions).toEqual({ code: 'SUBSCRIPTION_LIMIT', limit: 5, scope: 'caller' });
    expect(refused.message).toMatch(/this caller may hold 5 active subscriptions/);

    // Over SSE: HTTP 429, and the same error as the stream's one event.
    const sse = await openSse(tokens.alice);
    expect(sse.status).toBe(429);
    const events = (await sse.text())
      .split('\n\n')
      .filter((block) => block.startsWith('event: next'))
      .map((block) => sseEvent.parse(JSON.parse(block.split('\n').find((l) => l.startsWith('data:'))?.slice(5) ?? 'null')));
    expect(events).toHaveLength(1);
    expect(events[0]?.errors?.[0]?.extensions).toEqual({ code: 'SUBSCRIPTION_LIMIT', limit: 5, scope: 'caller' });

    // Bob is another caller: alice's count does not touch his.
    const bob = connect(tokens.bob);
    hold(bob, OPERATIONS);
    const bobSse = await openSse(tokens.bob);
    expect(bobSse.status).toBe(200);
    await holds(BOB, 2, 1);

    // A place alice gives back over graphql-ws is one she may take over SSE, and an SSE stream counts.
    onFirst[0]?.cancel();
    await holds(ALICE, 4);
    expect((await openSse(tokens.alice)).status).toBe(200);
    await holds(ALICE, 5);
    expect(limitErrors.parse(await hold(second, OPERATIONS).ended).extensions).toMatchObject({ scope: 'caller' });

    // A stream the client cuts gives its place back.
    streams.at(-1)?.abort();
    await holds(ALICE, 4);
    hold(second, OPERATIONS);
    await holds(ALICE, 5);
  });

  it("closes a socket past the caller's socket cap with 4429; the caller's other sockets and another caller's go on", async () => {
    const [one, two] = [connect(tokens.alice), connect(tokens.alice)];
    await Promise.all([one.connected, two.connected]);
    await holds(ALICE, 0, 2);

    const third = connect(tokens.alice);
    expect(await third.closed).toEqual({ code: 4429, reason: 'Too many connections for this caller' });
    expect(held(ALICE).sockets).toBe(2);

    // The two that were open still serve alice, and bob has sockets of his own.
    hold(one, OPERATIONS);
    hold(two, OPERATIONS);
    await holds(ALICE, 2, 2);
    const [bobOne, bobTwo] = [connect(tokens.bob), connect(tokens.bob)];
    await Promise.all([bobOne.connected, bobTwo.connected]);
    hold(bobOne, OPERATIONS);
    await holds(BOB, 1, 2);

    // A socket alice closes is a socket she may open again.
    await one.client.dispose();
    await holds(ALICE, 1, 1);
    const again = connect(tokens.alice);
    await again.connected;
    hold(again, OPERATIONS);
    await holds(ALICE, 2, 2);
  });

  it('gives back every place of a socket that is cut without a word, and of one closed cleanly', async () => {
    const raw = new WebSocket(gw.wsUrl, 'graphql-transport-ws');
    const messages: unknown[] = [];
    raw.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(JSON.stringify({ type: 'connection_init', payload: bearer(tokens.alice) }));
    await until('connection_ack', () => (JSON.stringify(messages).includes('connection_ack') ? true : null));
    for (const id of ['1', '2', '3']) raw.send(JSON.stringify({ id, type: 'subscribe', payload: { query: OPERATIONS } }));
    await holds(ALICE, 3, 1);
    // No complete, no close frame: the TCP connection just ends.
    raw.terminate();
    await holds(ALICE, 0, 0);

    const clean = connect(tokens.alice);
    [0, 1, 2].forEach(() => hold(clean, OPERATIONS));
    await holds(ALICE, 3, 1);
    await clean.client.dispose();
    await holds(ALICE, 0, 0);
  });
});

describe('subscription limits on an open gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ scale: 1 }, { subscriptions: { perSocket: 2, perCaller: 2, socketsPerCaller: 1 } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('counts each client address as its own caller, so one local client cannot use up the limits of another', async () => {
    const clients: Client[] = [];
    const open = (address: string) => {
      let closed = (_event: z.infer<typeof closeEvent>): void => undefined;
      let connected = (): void => undefined;
      const client = createClient({
        url: gw.wsUrl,
        webSocketImpl: fromAddress(address),
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => undefined,
        on: { connected: () => connected(), closed: (event) => closed(closeEvent.parse(event)) },
      });
      clients.push(client);
      return {
        client,
        connected: new Promise<void>((resolve) => (connected = resolve)),
        closed: new Promise<z.infer<typeof closeEvent>>((resolve) => (closed = resolve)),
      };
    };
    const held = (address: string) => gw.started.subscriptions.heldBy(`anonymous@${address}`);
    try {
      const first = open('127.0.0.1');
      await first.connected;
      hold(first, OPERATIONS);
      hold(first, OPERATIONS);
      await until('127.0.0.1 to hold its two', () => (held('127.0.0.1').subscriptions === 2 ? true : null));
      expect(limitErrors.parse(await hold(first, OPERATIONS).ended).extensions).toMatchObject({ code: 'SUBSCRIPTION_LIMIT', limit: 2 });
      expect(await open('127.0.0.1').closed).toEqual({ code: 4429, reason: 'Too many connections for this caller' });

      // Another address is another caller, with a socket and subscriptions of its own.
      const other = open('127.0.0.2');
      await other.connected;
      hold(other, OPERATIONS);
      hold(other, OPERATIONS);
      await until('127.0.0.2 to hold its two', () => (held('127.0.0.2').subscriptions === 2 ? true : null));
      expect(held('127.0.0.1')).toEqual({ subscriptions: 2, sockets: 1 });
      expect(held('127.0.0.2')).toEqual({ subscriptions: 2, sockets: 1 });
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
    }
    await until('every place given back', () => (held('127.0.0.1').sockets + held('127.0.0.2').sockets === 0 ? true : null));
  });
});

describe('the subscriptions section of the config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-subscriptions-'));
  const file = (content: unknown): string => {
    const path = join(dir, `${randomBytes(4).toString('hex')}.json`);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  it('defaults to 100 a socket, 500 a caller, 20 sockets a caller and a write to a socket every 100 ms at most, and takes each on its own', () => {
    expect(loadConfig([], {}).subscriptions).toEqual({ perSocket: 100, perCaller: 500, socketsPerCaller: 20, writeIntervalMs: 100 });
    const config = loadConfig(['--config', file({ subscriptions: { perSocket: 10, socketsPerCaller: 4, writeIntervalMs: 0 } })], {});
    expect(config.subscriptions).toEqual({ perSocket: 10, perCaller: 500, socketsPerCaller: 4, writeIntervalMs: 0 });
  });

  it('names the field of a limit that is not a positive whole number, or not a limit at all', () => {
    expect(() => loadConfig(['--config', file({ subscriptions: { perCaller: 0 } })], {})).toThrow(ConfigError);
    expect(() => loadConfig(['--config', file({ subscriptions: { perCaller: 0 } })], {})).toThrow(/subscriptions\.perCaller/);
    expect(() => loadConfig(['--config', file({ subscriptions: { perSocket: 2.5 } })], {})).toThrow(/subscriptions\.perSocket/);
    expect(() => loadConfig(['--config', file({ subscriptions: { perSockets: 2 } })], {})).toThrow(/subscriptions/);
    expect(() => loadConfig(['--config', file({ subscriptions: { writeIntervalMs: -1 } })], {})).toThrow(/subscriptions\.writeIntervalMs/);
  });
});
