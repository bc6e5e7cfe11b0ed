// Operation change events: every stored change is published here and fans out to subscriptions. In memory for
// one process; through Redis pub/sub (yoga's redis event target) when replicas must see each other's changes.
// Either way one listener per process hands each event to every subscriber's queue, filtered before it is queued.
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { Redis } from 'ioredis';
import type { OperationRecord } from '../domain/operation.js';
import type { Logger } from '../logging.js';
import { EventQueue } from './eventQueue.js';
import { operationRecordSchema, parseJson } from './records.js';

type OperationTopic = 'operation:changed';

/** What the engine and the subscriptions use; both variants below answer it. */
export interface OperationPubSub {
  publish(topic: OperationTopic, record: OperationRecord): void | Promise<void>;
  /**
   * Listens from this call on (with Redis, the channel is already subscribed then), keeping only the events `accept`
   * lets through; `return()` on the queue stops listening.
   */
  subscribe(topic: OperationTopic, accept?: (record: OperationRecord) => boolean): EventQueue<OperationRecord>;
  /** Subscriptions listening in this process. */
  subscriberCount(): number;
  /**
   * Calls `listener` with every event as it arrives in this process, before any subscriber is handed it (the read
   * cache forgets what the event changed); not a subscriber. Answers the call that stops it.
   */
  observe(listener: (record: OperationRecord) => void): () => void;
}

interface Subscriber {
  queue: EventQueue<OperationRecord>;
  accept: (record: OperationRecord) => boolean;
  /** The sequence number of the last event published before it subscribed: it gets only later ones. */
  since: number;
}

/**
 * Deliveries started per turn of the event loop. Each runs its subscriber's execution, serialization and write in
 * that turn, so a burst to thousands of sockets leaves room between turns for requests and other sockets.
 */
export const DELIVERIES_PER_TURN = 1000;

/**
 * The subscribers of one process: each event is offered to every one of them, in order. A few subscribers get an
 * event at once; many get it in rounds: a round takes every event waiting and hands each subscriber all of them in
 * one go (one write per socket, not one per event), a slice of subscribers per turn.
 */
class Fanout {
  private readonly subscribers = new Set<Subscriber>();
  private readonly observers = new Set<(record: OperationRecord) => void>();
  private sequence = 0;
  /** Events published since the current round took its own. */
  private waiting: { seq: number; record: OperationRecord }[] = [];
  private round: { events: { seq: number; record: OperationRecord }[]; to: Subscriber[]; next: number } | null = null;
  private scheduled = false;

  subscribe(accept: (record: OperationRecord) => boolean = () => true): EventQueue<OperationRecord> {
    const subscriber: Subscriber = {
      queue: new EventQueue<OperationRecord>(() => this.subscribers.delete(subscriber)),
      accept,
      since: this.sequence,
    };
    this.subscribers.add(subscriber);
    return subscriber.queue;
  }

  get size(): number {
    return this.subscribers.size;
  }

  observe(listener: (record: OperationRecord) => void): () => void {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  deliver(record: OperationRecord): void {
    for (const observer of this.observers) observer(record);
    const seq = ++this.sequence;
    if (!this.round && this.waiting.length === 0 && this.subscribers.size <= DELIVERIES_PER_TURN) {
      for (const subscriber of this.subscribers) hand(subscriber, record);
      return;
    }
    this.waiting.push({ seq, record });
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.turn());
  }

  private turn(): void {
    this.scheduled = false;
    if (!this.round) {
      if (this.waiting.length === 0) return;
      this.round = { events: this.waiting, to: [...this.subscribers], next: 0 };
      this.waiting = [];
    }
    const round = this.round;
    let started = 0;
    while (started < DELIVERIES_PER_TURN && round.next < round.to.length) {
      const subscriber = round.to[round.next++];
      if (!subscriber) continue;
      for (const event of round.events) {
        if (event.seq <= subscriber.since) continue;
        hand(subscriber, event.record);
        started++;
      }
    }
    if (round.next >= round.to.length) this.round = null;
    if (this.round || this.waiting.length > 0) this.schedule();
  }
}

const hand = (subscriber: Subscriber, record: OperationRecord): void => {
  if (subscriber.accept(record)) subscriber.queue.push(record);
};

export function createOperationPubSub(): OperationPubSub {
  const fanout = new Fanout();
  return {
    publish: (_topic, record) => fanout.deliver(record),
    subscribe: (_topic, accept) => fanout.subscribe(accept),
    subscriberCount: () => fanout.size,
    observe: (listener) => fanout.observe(listener),
  };
}

interface RedisPubSubOptions {
  publishClient: Redis;
  /** A connection of its own: a subscribed ioredis client can send nothing else. */
  subscribeClient: Redis;
  /** Prepended to the channel, like the store's keys, so gateways sharing a Redis can stay apart. */
  prefix: string;
  logger: Logger;
}

/** Resolves once the client can take commands; fails if it ends first. */
export function whenReady(client: Redis): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      client.off('end', onEnd);
      resolve();
    };
    const onEnd = () => {
      client.off('ready', onReady);
      reject(new Error('the Redis connection ended before it was ready'));
    };
    client.once('ready', onReady);
    client.once('end', onEnd);
  });
}

/**
 * Waits for both clients, then subscribes the channel for good: a subscriber registered later finds it live in
 * Redis at once, so followOperation's "listen, then read" holds across replicas too.
 */
export async function createRedisOperationPubSub(options: RedisPubSubOptions): Promise<OperationPubSub> {
  const { publishClient, subscribeClient } = options;
  await Promise.all([whenReady(publishClient), whenReady(subscribeClient)]);
  const channel = `${options.prefix}operation:changed`;
  // The serializer checks each message once (not once per subscriber), and never throws inside ioredis' handler.
  const target = createRedisEventTarget<CustomEvent<OperationRecord | null>>({
    publishClient,
    subscribeClient,
    serializer: { stringify: (value) => JSON.stringify(value), parse: (text) => recordOrNull(text, channel, options.logger) },
  });
  await subscribeClient.subscribe(channel);
  // The one listener of this process; it also keeps the event target from ever unsubscribing the channel.
  const fanout = new Fanout();
  target.addEventListener(channel, (event: CustomEvent<OperationRecord | null>) => {
    if (event.detail !== null) fanout.deliver(event.detail);
  });
  return {
    // Published here rather than through target.dispatchEvent, whose promise nobody awaits: a failure reaches the engine.
    async publish(_topic, record) {
      await publishClient.publish(channel, JSON.stringify(record));
    },
    subscribe: (_topic, accept) => fanout.subscribe(accept),
    subscriberCount: () => fanout.size,
    observe: (listener) => fanout.observe(listener),
  };
}

function recordOrNull(text: string, channel: string, logger: Logger): OperationRecord | null {
  const record = parseJson(operationRecordSchema, text);
  if (!record) logger.warn({ channel }, 'a message on the operations channel is not an operation record; dropped');
  return record;
}
