// Change feeds: events published here fan out to subscriptions (operation changes; inventory changes). In memory for
// one process; through Redis pub/sub (yoga's redis event target) when replicas must see each other's events.
// Either way one listener per process hands each event to the process's fan-out (fanout.ts).
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { OperationRecord } from '../domain/operation.js';
import type { Logger } from '../logging.js';
import { Fanout, type FeedQueue } from './fanout.js';
import { operationRecordSchema, parseJson } from './records.js';

type OperationTopic = 'operation:changed';

/** What the engine and the subscriptions use; both variants below answer it. */
export interface OperationPubSub {
  publish(topic: OperationTopic, record: OperationRecord): void | Promise<void>;
  /**
   * Listens from this call on (with Redis, the channel is already subscribed then), keeping only the events `accept`
   * lets through; `return()` on the queue stops listening.
   */
  subscribe(topic: OperationTopic, accept?: (record: OperationRecord) => boolean): FeedQueue<OperationRecord>;
  /** Subscriptions listening in this process. */
  subscriberCount(): number;
  /**
   * Calls `listener` with every event as it arrives in this process, before any subscriber is handed it (the read
   * cache forgets what the event changed); not a subscriber. Answers the call that stops it.
   */
  observe(listener: (record: OperationRecord) => void): () => void;
}

/** One kind of event, published and listened to in this process or across replicas. */
export interface Feed<T> {
  publish(event: T): void | Promise<void>;
  /**
   * Listens from this call on, keeping only the events `accept` lets through; `return()` on the queue stops it, and
   * `onClose` runs once it has stopped, however it did.
   */
  subscribe(accept?: (event: T) => boolean, onClose?: () => void): FeedQueue<T>;
  /** Subscriptions listening in this process. */
  subscriberCount(): number;
  /** Calls `listener` with every event as it arrives in this process, before any subscriber is handed it. */
  observe(listener: (event: T) => void): () => void;
}

/** A feed within this process. */
export function createMemoryFeed<T>(): Feed<T> {
  const fanout = new Fanout<T>();
  return {
    publish: (event) => fanout.deliver(event),
    subscribe: (accept, onClose) => fanout.subscribe(accept, onClose),
    subscriberCount: () => fanout.size,
    observe: (listener) => fanout.observe(listener),
  };
}

/** The operation events of a feed, under the topic the engine and the subscriptions name. */
const operationsOf = (feed: Feed<OperationRecord>): OperationPubSub => ({
  publish: (_topic, record) => feed.publish(record),
  subscribe: (_topic, accept) => feed.subscribe(accept),
  subscriberCount: () => feed.subscriberCount(),
  observe: (listener) => feed.observe(listener),
});

export const createOperationPubSub = (): OperationPubSub => operationsOf(createMemoryFeed());

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
 * Waits for both clients, then subscribes the channel (`<prefix><name>`) for good: a subscriber registered later
 * finds it live in Redis at once, so "listen, then read" holds across replicas too. Each message is checked against
 * `schema` once (not once per subscriber); one that fails is logged and dropped.
 */
export async function createRedisFeed<T>(options: RedisPubSubOptions, name: string, schema: z.ZodType<T>): Promise<Feed<T>> {
  const { publishClient, subscribeClient, logger } = options;
  await Promise.all([whenReady(publishClient), whenReady(subscribeClient)]);
  const channel = `${options.prefix}${name}`;
  const parse = (text: string): T | null => {
    const event = parseJson(schema, text);
    if (event === null) logger.warn({ channel }, `a message on the ${name} channel is not what it carries; dropped`);
    return event;
  };
  // The serializer never throws inside ioredis' handler.
  const target = createRedisEventTarget<CustomEvent<T | null>>({
    publishClient,
    subscribeClient,
    serializer: { stringify: (value) => JSON.stringify(value), parse },
  });
  await subscribeClient.subscribe(channel);
  // The one listener of this process; it also keeps the event target from ever unsubscribing the channel.
  const fanout = new Fanout<T>();
  target.addEventListener(channel, (event: CustomEvent<T | null>) => {
    if (event.detail !== null) fanout.deliver(event.detail);
  });
  return {
    // Published here rather than through target.dispatchEvent, whose promise nobody awaits: a failure reaches the caller.
    async publish(event) {
      await publishClient.publish(channel, JSON.stringify(event));
    },
    subscribe: (accept, onClose) => fanout.subscribe(accept, onClose),
    subscriberCount: () => fanout.size,
    observe: (listener) => fanout.observe(listener),
  };
}

export const createRedisOperationPubSub = async (options: RedisPubSubOptions): Promise<OperationPubSub> =>
  operationsOf(await createRedisFeed(options, 'operation:changed', operationRecordSchema));
