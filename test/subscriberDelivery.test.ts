// How a real gateway delivers feed subscriptions over graphql-ws, below graphql-ws's own chain: the same payloads
// yoga sends over SSE (errors masked alike), one write per socket for what a turn brings, a subscriber that falls
// too far behind ended with an error after everything before it while the others go on, and sockets that stop
// answering pings dropped. Real gateways on port 0, real sockets.
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import type { OperationRecord } from '../src/domain/operation.js';
import { graphql } from './gql/index.js';
import { operationRecord } from './helpers/records.js';
import { metricOf, query, startTestGateway, streamSse, untilSubscribers, wsClient, type TestGateway } from './helpers/gateway.js';

const OperationsWithTarget = graphql(`
  subscription OperationsWithTarget {
    operations { id status backend { name } target { id ... on VM { name } } }
  }
`);

const DeliveryVms = graphql(`
  query DeliveryVms { vms(first: 100) { edges { node { id backend { name } } } } }
`);

/** A graphql-transport-ws message as this test reads it. */
const serverMessage = z.object({ type: z.string(), id: z.string().optional(), payload: z.unknown().optional() });
type ServerMessage = z.infer<typeof serverMessage>;

/** A raw graphql-transport-ws client: subscribed once acknowledged, every message it gets after that kept in order. */
async function rawSubscriber(wsUrl: string, query: string): Promise<{ socket: WebSocket; messages: ServerMessage[]; until: (done: (m: ServerMessage[]) => boolean) => Promise<void> }> {
  const socket = new WebSocket(wsUrl, 'graphql-transport-ws', { perMessageDeflate: false });
  const messages: ServerMessage[] = [];
  const checks = new Set<() => void>();
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('message', (data) => {
      const message = serverMessage.parse(JSON.parse(String(data)));
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
        resolve();
        return;
      }
      messages.push(message);
      for (const check of checks) check();
    });
  });
  const until = (done: (m: ServerMessage[]) => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!done(messages)) return;
        checks.delete(check);
        resolve();
      };
      checks.add(check);
      check();
    });
  return { socket, messages, until };
}

const publish = (gw: TestGateway, record: OperationRecord) => gw.started.gateway.pubsub.publish('operation:changed', record);

const countersOf = async (gw: TestGateway) => ({
  writes: await metricOf(gw.adminUrl, 'gateway_ws_writes_total'),
  messages: await metricOf(gw.adminUrl, 'gateway_ws_messages_total'),
});

/** Events are numbered in their operation's message (`n<number> …`): the number a `next` message of `operations { message }` carries. */
const nextOperation = z.object({ data: z.object({ operations: z.object({ message: z.string() }) }) });
const numberOf = (message: ServerMessage): number => Number(/^n(\d+)/.exec(nextOperation.parse(message.payload).data.operations.message)?.[1]);
const numbered = (n: number, pad = '') => operationRecord({ message: `n${n} ${pad}` });
const upTo = (count: number) => Array.from({ length: count }, (_, i) => i);

describe('feed subscriptions over graphql-ws', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // Many sockets from one loopback address (one caller on the open lab).
    gw = await startTestGateway({}, { subscriptions: { perSocket: 10, perCaller: 100, socketsPerCaller: 100 } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('sends the payloads yoga sends over SSE, in order where a resolver answers later, an error masked alike', async () => {
    const vm = (await query(gw.graphqlUrl, DeliveryVms)).vms.edges.map((e) => e.node).find((n) => n.backend.name === 'lab-libvirt');
    if (!vm) throw new Error('no libvirt VM in the lab');
    const client = wsClient(gw.wsUrl);
    const ws: unknown[] = [];
    const overWs = (async () => {
      for await (const result of client.iterate({ query: print(OperationsWithTarget) })) {
        ws.push(result);
        if (ws.length === 3) break;
      }
    })();
    const overSse = streamSse(gw.graphqlUrl, OperationsWithTarget, {}, (events) => events.length === 3, async () => {
      await untilSubscribers(gw.adminUrl, 2);
      // The VM is read through a loader: its answer comes later than the next event's, which must still come after it.
      void publish(gw, operationRecord({ id: 'op-seen', backend: 'lab-libvirt', targetId: vm.id }));
      // A backend the gateway does not know: the resolver of `backend` throws, and the client sees only "Unexpected error.".
      void publish(gw, operationRecord({ id: 'op-odd', backend: 'no-such-backend' }));
      void publish(gw, operationRecord({ id: 'op-last', backend: 'lab-libvirt' }));
    });
    const sse = await overSse;
    await overWs;
    await client.dispose();
    await untilSubscribers(gw.adminUrl, 0, 'at most');
    expect(ws).toEqual(sse);
    expect(JSON.stringify(ws[0])).toContain(vm.id);
    expect(JSON.stringify(ws[1])).toContain('Unexpected error.');
    expect(JSON.stringify(ws)).not.toContain('no-such-backend');
  });

  it('sends what a turn brings each socket in one write', async () => {
    const subscribers = await Promise.all(Array.from({ length: 20 }, () => rawSubscriber(gw.wsUrl, 'subscription { operations { message } }')));
    await untilSubscribers(gw.adminUrl, 20);
    const before = await countersOf(gw);
    for (let i = 0; i < 10; i++) void publish(gw, numbered(i));
    await Promise.all(subscribers.map((s) => s.until((m) => m.length >= 10)));
    const after = await countersOf(gw);
    expect(after.messages - before.messages).toBe(200);
    expect(after.writes - before.writes).toBe(20);
    for (const s of subscribers) {
      expect(s.messages.map(numberOf)).toEqual(upTo(10));
      s.socket.terminate();
    }
    await untilSubscribers(gw.adminUrl, 0, 'at most');
  });

  it('ends a subscriber more than 10,000 events behind with an error, after every event before it, and the others go on', async () => {
    const query = 'subscription { operations { message } }';
    const slow = await rawSubscriber(gw.wsUrl, query);
    const reader = await rawSubscriber(gw.wsUrl, query);
    const pubsub = gw.started.gateway.pubsub;
    await untilSubscribers(gw.adminUrl, 2);
    const before = pubsub.subscriberCount();
    // It stops reading: the kernel's buffers fill, then the gateway's, then its backlog passes the limit.
    slow.socket.pause();
    const pad = 'm'.repeat(2000);
    let published = 0;
    while (pubsub.subscriberCount() === before) {
      for (let i = 0; i < 500; i++) void publish(gw, numbered(published++, pad));
      // The reader keeps up.
      await reader.until((m) => m.length === published);
    }
    expect(pubsub.subscriberCount()).toBe(before - 1);
    for (let i = 0; i < 3; i++) void publish(gw, numbered(published++, pad));
    slow.socket.resume();
    await slow.until((m) => m.some((x) => x.type === 'error'));
    const nexts = slow.messages.slice(0, -1);
    expect(slow.messages.at(-1)).toMatchObject({
      type: 'error',
      id: '1',
      payload: [{ message: expect.stringMatching(/fell more than 10000 events behind/), extensions: { code: 'SUBSCRIBER_OVERFLOW', limit: 10_000 } }],
    });
    // Every event up to where it fell behind, in order, none left out.
    expect(nexts.every((m) => m.type === 'next')).toBe(true);
    expect(nexts.length).toBeGreaterThan(10_000);
    expect(nexts.map(numberOf)).toEqual(upTo(nexts.length));
    await reader.until((m) => m.length === published);
    expect(reader.messages.map(numberOf)).toEqual(upTo(published));
    slow.socket.terminate();
    reader.socket.terminate();
    await untilSubscribers(gw.adminUrl, 0, 'at most');
  });

  it('drops a socket that answers no ping, and keeps one that does', async () => {
    const quick = await startTestGateway({}, { server: { wsPingIntervalMs: 300 } });
    const silent = new WebSocket(quick.wsUrl, 'graphql-transport-ws', { autoPong: false });
    const answering = new WebSocket(quick.wsUrl, 'graphql-transport-ws');
    await Promise.all([silent, answering].map((socket) => new Promise((resolve) => socket.once('open', resolve))));
    let pinged = 0;
    const pings: (() => void)[] = [];
    answering.on('ping', () => {
      pinged++;
      for (const wake of pings.splice(0)) wake();
    });
    const pingsUpTo = async (count: number) => {
      while (pinged < count) await new Promise<void>((resolve) => pings.push(resolve));
    };
    // The silent one is pinged at a sweep and dropped at the next (300 ms apart here).
    await new Promise((resolve) => silent.once('close', resolve));
    // The answering one is pinged at two more sweeps, each of which drops a socket that did not answer the last.
    await pingsUpTo(pinged + 2);
    expect(answering.readyState).toBe(WebSocket.OPEN);
    answering.terminate();
    await quick.close();
  });
});
