// Operation change events: every stored change is published here and fans out to subscriptions. In memory for
// one process; through Redis pub/sub (yoga's redis event target) when replicas must see each other's changes.
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, Repeater } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { OperationRecord } from '../domain/operation.js';
import { operationRecordSchema, parseJson } from './records.js';

export type OperationTopics = {
  'operation:changed': [record: OperationRecord];
};

/** What the engine and the subscriptions use; both variants below answer it. */
export interface OperationPubSub {
  publish(topic: 'operation:changed', record: OperationRecord): void | Promise<void>;
  /** Listens from the repeater's first next() on (and, with Redis, the channel is already subscribed then). */
  subscribe(topic: 'operation:changed'): Repeater<OperationRecord>;
}

export const createOperationPubSub = (): OperationPubSub => createPubSub<OperationTopics>();

export interface RedisPubSubOptions {
  publishClient: Redis;
  /** A connection of its own: a subscribed ioredis client can send nothing else. */
  subscribeClient: Redis;
  /** Prepended to the channel, like the store's keys, so gateways sharing a Redis can stay apart. */
  prefix: string;
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
    serializer: { stringify: (value) => JSON.stringify(value), parse: (text) => recordOrNull(text, channel) },
  });
  await subscribeClient.subscribe(channel);
  // The standing listener keeps the event target from ever unsubscribing the channel when subscribers come and go.
  target.addEventListener(channel, () => {});
  return {
    // Published here rather than through target.dispatchEvent, whose promise nobody awaits: a failure reaches the engine.
    async publish(_topic, record) {
      await publishClient.publish(channel, JSON.stringify(record));
    },
    subscribe() {
      return new Repeater<OperationRecord>((push, stop) => {
        const listener = (event: CustomEvent<OperationRecord | null>) => {
          if (event.detail !== null) void push(event.detail);
        };
        target.addEventListener(channel, listener);
        void stop.then(() => target.removeEventListener(channel, listener));
      });
    },
  };
}

function recordOrNull(text: string, channel: string): OperationRecord | null {
  const record = parseJson(operationRecordSchema, text);
  if (!record) console.warn(`snapshot-gateway: a message on ${channel} is not an operation record; dropped`);
  return record;
}
