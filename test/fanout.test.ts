// Subscription fan-out: a subscriber's queue (order, end, overflow), the pubsub handing each event to the subscribers
// that accept it, one execution per event shared by subscribers who asked the same thing, and the graphql-ws server
// (batched writes) delivering to many sockets of a real gateway.
import { createSchema, createYoga } from 'graphql-yoga';
import { parse, print, type DocumentNode, type ExecutionResult } from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationRecord } from '../src/domain/operation.js';
import { SharedEventExecution } from '../src/graphql/sharedEvents.js';
import { EventQueue, SubscriberOverflowError } from '../src/operations/eventQueue.js';
import { DELIVERIES_PER_TURN } from '../src/operations/fanout.js';
import { createMemoryFeed, createOperationPubSub, type Feed } from '../src/operations/pubsub.js';
import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';
import { graphql } from './gql/index.js';
import { operationRecord } from './helpers/records.js';
import { operationSubscribers, query, startTestGateway, wsClient, type TestGateway } from './helpers/gateway.js';

async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const values: T[] = [];
  while (values.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    values.push(next.value);
  }
  return values;
}

describe('EventQueue', () => {
  it('hands out pushed events in order, to a reader that waits as well as to one that comes later', async () => {
    const queue = new EventQueue<number>(() => {});
    const waiting = queue.next();
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect(await waiting).toEqual({ value: 1, done: false });
    expect(await take(queue, 2)).toEqual([2, 3]);
  });

  it('ends on return(): the reader gets done, later pushes are dropped, and onClose runs once', async () => {
    let closes = 0;
    const queue = new EventQueue<number>(() => closes++);
    const waiting = queue.next();
    await queue.return();
    queue.push(1);
    await queue.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await queue.next()).toEqual({ value: undefined, done: true });
    expect(closes).toBe(1);
  });

  it('ends a subscriber that falls too far behind with an error, after what it had buffered', async () => {
    let closed = false;
    const queue = new EventQueue<number>(() => (closed = true), 3);
    for (let i = 0; i < 5; i++) queue.push(i);
    expect(closed).toBe(true);
    expect(await take(queue, 3)).toEqual([0, 1, 2]);
    await expect(queue.next()).rejects.toBeInstanceOf(SubscriberOverflowError);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('keeps a long-lived queue short: what was read is let go', async () => {
    const queue = new EventQueue<number>(() => {});
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5000; i++) queue.push(i);
      const values = await take(queue, 5000);
      expect(values.at(-1)).toBe(4999);
    }
    queue.push(7);
    expect(await queue.next()).toEqual({ value: 7, done: false });
  });
});

const record = (id: string, status: OperationRecord['status'], revision: number): OperationRecord =>
  operationRecord({ id, status, revision, backend: 'lab', targetId: 'vm-1' });

describe('the in-memory pubsub', () => {
  it('queues each event for every subscriber that accepts it, and stops once a subscriber returns', async () => {
    const pubsub = createOperationPubSub();
    const all = pubsub.subscribe('operation:changed');
    const onlyB = pubsub.subscribe('operation:changed', (r) => r.id === 'b');
    await pubsub.publish('operation:changed', record('a', 'PENDING', 1));
    await pubsub.publish('operation:changed', record('b', 'PENDING', 1));
    expect((await take(onlyB, 1)).map((r) => `${r.id}:${r.status}`)).toEqual(['b:PENDING']);
    await onlyB.return();
    await pubsub.publish('operation:changed', record('b', 'RUNNING', 2));
    expect(pubsub.subscriberCount()).toBe(1);
    expect((await take(all, 3)).map((r) => `${r.id}:${r.status}`)).toEqual(['a:PENDING', 'b:PENDING', 'b:RUNNING']);
    expect(await onlyB.next()).toEqual({ value: undefined, done: true });
  });
});

describe('the in-memory pubsub with more subscribers than one turn delivers to', () => {
  it('hands events out over several turns, in order, each subscriber only those published after it subscribed', async () => {
    const pubsub = createOperationPubSub();
    const early = Array.from({ length: DELIVERIES_PER_TURN + 500 }, () => pubsub.subscribe('operation:changed'));
    await pubsub.publish('operation:changed', record('a', 'PENDING', 1));
    await pubsub.publish('operation:changed', record('a', 'RUNNING', 2));
    const late = pubsub.subscribe('operation:changed');
    await pubsub.publish('operation:changed', record('a', 'SUCCEEDED', 3));
    // Nothing is handed out inside publish: the first turn reaches the first subscribers, a later one the last.
    const last = early.at(-1);
    if (!last) throw new Error('no subscriber');
    let lastGot = false;
    void last.next().then(() => (lastGot = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(lastGot).toBe(false);
    const statuses = async (queue: EventQueue<OperationRecord>, count: number) => (await take(queue, count)).map((r) => r.status);
    for (const queue of [early[0], early[700]]) {
      if (queue) expect(await statuses(queue, 3)).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);
    }
    expect(await statuses(last, 2)).toEqual(['RUNNING', 'SUCCEEDED']);
    expect(lastGot).toBe(true);
    expect(await statuses(late, 1)).toEqual(['SUCCEEDED']);
    await late.return();
    await pubsub.publish('operation:changed', record('b', 'PENDING', 1));
    expect((await take(early[1] ?? late, 4)).map((r) => `${r.id}:${r.status}`)).toEqual(['a:PENDING', 'a:RUNNING', 'a:SUCCEEDED', 'b:PENDING']);
  });
});

/**
 * A group's members as the fan-out sees them: each takes what its own queue hands it until it has joined, then what
 * the group takes after its `since`.
 */
function groupOf(feed: Feed<string>) {
  const members: { since: number; got: string[] }[] = [];
  const taken: string[] = [];
  const consumer = {
    take(event: string, seq: number) {
      taken.push(event);
      for (const member of members) if (member.since < seq) member.got.push(event);
    },
  };
  return {
    /** What the group was offered, in order. */
    taken,
    /** A subscriber, taking its own queue's events; it joins the group when told. */
    subscriber() {
      const got: string[] = [];
      const queue = feed.subscribe();
      const member = { since: Number.POSITIVE_INFINITY, got };
      // Its queue's end is its leaving, as for the gateway's own members.
      queue.consume({
        take: (event) => got.push(event),
        end: () => {
          const at = members.indexOf(member);
          if (at >= 0) members.splice(at, 1);
        },
      });
      const joined = (since: number) => {
        member.since = since;
        members.push(member);
      };
      return { got, queue, join: () => queue.join(consumer, { joined }) };
    },
  };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('a group of feed subscribers', () => {
  it('is offered each event once for all its members; each gets those after it subscribed, none twice, and a member that leaves no more', async () => {
    const feed = createMemoryFeed<string>();
    const group = groupOf(feed);
    const a = group.subscriber();
    a.join();
    await feed.publish('e1');
    const b = group.subscriber();
    b.join();
    await feed.publish('e2');
    expect(group.taken).toEqual(['e1', 'e2']);
    expect(feed.subscriberCount()).toBe(2);
    await a.queue.return();
    await feed.publish('e3');
    await b.queue.return();
    await feed.publish('e4');
    expect(feed.subscriberCount()).toBe(0);
    expect(group.taken).toEqual(['e1', 'e2', 'e3']);
    expect(a.got).toEqual(['e1', 'e2']);
    expect(b.got).toEqual(['e2', 'e3']);
  });

  it('loses and repeats nothing for members that join while a round is under way, or before it has begun', async () => {
    const feed = createMemoryFeed<string>();
    // More subscribers than a turn delivers to: events go out in rounds, over several turns.
    const others = Array.from({ length: DELIVERIES_PER_TURN + 500 }, () => feed.subscribe());
    const group = groupOf(feed);
    const first = group.subscriber();
    first.join();
    // Subscribed before e1; it joins once the round of e1 is under way, before the round has reached it.
    const midRound = group.subscriber();
    await feed.publish('e1');
    // Subscribed after e1 was published, joining before its round began.
    const beforeRound = group.subscriber();
    beforeRound.join();
    await turn();
    // A round is under way: the first turn reached the first DELIVERIES_PER_TURN entries, not midRound.
    expect(midRound.got).toEqual([]);
    midRound.join();
    const duringRound = group.subscriber();
    duringRound.join();
    await feed.publish('e2');
    while (first.got.length < 2) await turn();
    await feed.publish('e3');
    while (first.got.length < 3) await turn();
    expect(group.taken).toEqual(['e1', 'e2', 'e3']);
    expect(first.got).toEqual(['e1', 'e2', 'e3']);
    expect(midRound.got).toEqual(['e1', 'e2', 'e3']);
    expect(beforeRound.got).toEqual(['e2', 'e3']);
    expect(duringRound.got).toEqual(['e2', 'e3']);
    for (const queue of others) await queue.return();
  });
});

describe('useSharedEventExecution', () => {
  // A schema of this test's own: the resolver counts how often an event is executed.
  let executions = 0;
  const events = createOperationPubSub();
  const yoga = createYoga<{ audience: string }>({
    schema: createSchema({
      typeDefs: 'type Query { ok: Boolean } type Subscription { changed(prefix: String): String }',
      resolvers: {
        Subscription: {
          changed: {
            subscribe: () => events.subscribe('operation:changed'),
            resolve: (event: OperationRecord, args: { prefix?: string | null }) => {
              executions++;
              return `${args.prefix ?? ''}${event.id}`;
            },
          },
        },
      },
    }),
    plugins: [
      new SharedEventExecution({
        audienceOf: (context) => (typeof context === 'object' && context !== null && 'audience' in context ? String(context.audience) : ''),
        maskErrors: (errors) => errors,
      }).plugin,
    ],
  });

  async function subscribe(document: DocumentNode, variables: Record<string, unknown>, audience: string): Promise<AsyncIterator<ExecutionResult>> {
    const { subscribe: run, contextFactory, schema } = yoga.getEnveloped({});
    const contextValue = { ...(await contextFactory()), audience };
    const result = await run({ schema, document, variableValues: variables, contextValue });
    if (!(Symbol.asyncIterator in result)) throw new Error(`no stream: ${JSON.stringify(result)}`);
    return result;
  }

  it('executes an event once for subscribers who asked the same thing, apart for other variables or audiences', async () => {
    // One document object, as yoga's parser cache hands every subscriber of the same query text.
    const document = parse('subscription($p: String) { changed(prefix: $p) }');
    const same = await Promise.all([1, 2, 3].map(() => subscribe(document, { p: 'x-' }, 'tenant-1')));
    const otherVariables = await subscribe(document, { p: 'y-' }, 'tenant-1');
    const otherAudience = await subscribe(document, { p: 'x-' }, 'tenant-2');
    executions = 0;
    await events.publish('operation:changed', record('op-1', 'PENDING', 1));
    const results = await Promise.all([...same, otherVariables, otherAudience].map((it) => it.next()));
    expect(results.map((r) => r.value)).toEqual([
      { data: { changed: 'x-op-1' } },
      { data: { changed: 'x-op-1' } },
      { data: { changed: 'x-op-1' } },
      { data: { changed: 'y-op-1' } },
      { data: { changed: 'x-op-1' } },
    ]);
    expect(executions).toBe(3);
    // A second event is executed afresh.
    await events.publish('operation:changed', record('op-2', 'PENDING', 1));
    expect((await same[0]?.next())?.value).toEqual({ data: { changed: 'x-op-2' } });
    for (const it of [...same, otherVariables, otherAudience]) await it.return?.();
  });

  it('ends the source when the subscriber returns, without waiting for another event', async () => {
    const stream = await subscribe(parse('subscription { changed }'), {}, 'tenant-1');
    const pending = stream.next();
    await stream.return?.();
    expect(await pending).toEqual({ value: undefined, done: true });
  });
});

const FanoutFeed = graphql(`
  subscription FanoutFeed($filter: OperationFilter) {
    operations(filter: $filter) { id status }
  }
`);

const StartSnapshot = graphql(`
  mutation StartSnapshot($input: CreateSnapshotInput!) {
    createSnapshot(input: $input) { __typename ... on OperationPayload { operation { id } } }
  }
`);

const LabVms = graphql(`
  query LabVms { vms(first: 100) { edges { node { id backend { name } } } } }
`);

describe('graphql-ws delivery from a real gateway to many sockets', () => {
  let gw: TestGateway;
  const clients: Client[] = [];
  beforeAll(async () => {
    // 40 sockets stand for 40 clients, all from one loopback address (one caller on the open lab): room for them.
    gw = await startTestGateway({ scale: 1, opMs: 50 }, { subscriptions: { perSocket: 100, perCaller: 500, socketsPerCaller: 100 } });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await gw?.close();
  });


  it('brings every change, in order, to each of 40 subscribers, the filtered ones only what matches', async () => {
    const vm = (await query(gw.graphqlUrl, LabVms)).vms.edges.map((e) => e.node).find((n) => n.backend.name === 'lab-libvirt');
    if (!vm) throw new Error('no libvirt VM in the lab');
    type Seen = { id: string; status: string }[];
    const streams = Array.from({ length: 40 }, (_, i) => {
      const client = wsClient(gw.wsUrl);
      clients.push(client);
      // Every fourth subscriber asks only for operations that already ended: it must see exactly the terminal event.
      const variables: VariablesOf<typeof FanoutFeed> = i % 4 === 0 ? { filter: { statuses: ['SUCCEEDED'] } } : {};
      const seen: Seen = [];
      const done = new Promise<Seen>((resolve, reject) => {
        const iterator = client.iterate<ResultOf<typeof FanoutFeed>>({ query: print(FanoutFeed), variables });
        void (async () => {
          try {
            for await (const result of iterator) {
              const op = result.data?.operations;
              if (op) seen.push(op);
              if (op?.status === 'SUCCEEDED') break;
            }
            resolve(seen);
          } catch (error) {
            reject(error);
          }
        })();
      });
      return { filtered: i % 4 === 0, done };
    });
    // graphql-ws subscribes lazily: act once the gateway counts every subscription in place.
    while ((await operationSubscribers(gw.adminUrl)) < streams.length) await new Promise((resolve) => setTimeout(resolve, 20));
    const { createSnapshot } = await query(gw.graphqlUrl, StartSnapshot, { input: { targetId: vm.id, name: 'fanout-40' } });
    if (createSnapshot.__typename !== 'OperationPayload') throw new Error(`create answered ${createSnapshot.__typename}`);
    const id = createSnapshot.operation.id;
    for (const { filtered, done } of streams) {
      const seen = await done;
      expect(seen.every((e) => e.id === id)).toBe(true);
      expect(seen.map((e) => e.status)).toEqual(filtered ? ['SUCCEEDED'] : ['PENDING', 'RUNNING', 'SUCCEEDED']);
    }
    // The streams ended (each client returned after SUCCEEDED): the gateway lets go of every one of them.
    while ((await operationSubscribers(gw.adminUrl)) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await operationSubscribers(gw.adminUrl)).toBe(0);
  });

  it('refuses a WebSocket upgrade on any other path', async () => {
    const { WebSocket } = await import('ws');
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(gw.wsUrl.replace('/graphql', '/elsewhere'), 'graphql-transport-ws');
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => reject(new Error('the upgrade was accepted')));
      socket.on('error', () => {});
    });
    expect(status).toBe(400);
  });
});
