// Subscription fan-out: subscribers that asked the same thing (document, operation, variables, audience) share one
// execution per event. Where the transport takes payloads directly (graphql-ws) and the source is a feed, they go
// further: the feed offers each event once to all of them, the answer is serialised once, and each subscriber's
// socket gets the same bytes with its own id spliced in; no iterator, promise or JSON.stringify per subscriber.
import {
  createSourceEventStream,
  execute,
  GraphQLError,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { EVENTS_BEHIND_LIMIT, SubscriberOverflowError, type EventConsumer } from '../operations/eventQueue.js';
import { FeedQueue, type GroupMember, type SharedConsumer } from '../operations/fanout.js';
import { asError } from '../thrown.js';

type Execution = ExecutionResult | Promise<ExecutionResult>;
/** A `next` message's payload, serialised: bytes, or bytes to come where a resolver answers later. */
type Payload = Buffer | Promise<Buffer>;

/** Where a subscription's answers go when they skip its iterator: the transport's `next` message for one subscription. */
export interface NextSink {
  /** Sends a `next` message with this payload (a serialised ExecutionResult); false once the connection holds more unsent than it should. */
  next(payload: Buffer): boolean;
  /** Calls `listener` once, when the connection can take more after next() answered false. */
  onceWritable(listener: () => void): void;
}

interface SharedEventOptions {
  /**
   * Who may see the same answer: subscribers whose contexts give the same audience see one shared result, so it must
   * change wherever visibility does (null: share with nobody). Resolvers run with the context of the first subscriber
   * who asked; nothing per-subscriber may be read from the context in subscription resolvers, and a field's
   * subscribe may filter by nothing but its arguments and the audience.
   */
  audienceOf: (context: unknown) => string | null;
  /** What the client may see of a result's errors (the server's error masking, which these payloads skip). */
  maskErrors: (errors: readonly GraphQLError[]) => readonly GraphQLError[];
}

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> => value instanceof Promise;

/**
 * What ends a subscription, as its client is told: a subscriber that fell too far behind gets a typed error it can
 * act on (subscribe again), where any other error would be masked as unexpected.
 */
const asSent = (error: unknown): unknown =>
  error instanceof SubscriberOverflowError
    ? new GraphQLError(error.message, { extensions: { code: 'SUBSCRIBER_OVERFLOW', limit: EVENTS_BEHIND_LIMIT } })
    : error;

/** Extensions of yoga's own that its responses leave out: an HTTP status, and the mark of a masked error. */
const INTERNAL_EXTENSIONS = new Set(['http', 'unexpected']);

/** An error as yoga's responses send it (its result processors' jsonStringifyResultWithoutInternals). */
function errorAsSent(error: GraphQLError): GraphQLFormattedError {
  const { extensions, ...rest } = error.toJSON();
  const kept = Object.entries(extensions ?? {}).filter(([name]) => !INTERNAL_EXTENSIONS.has(name));
  return kept.length > 0 ? { ...rest, extensions: Object.fromEntries(kept) } : rest;
}

/**
 * Subscribers who asked the same thing, and what each event answered them: executed once, serialised once (weak on
 * the event, so an answer lives only as long as the event is still being delivered). The feed's group consumer
 * for those of them that take payloads directly.
 */
class SharedSubscription implements SharedConsumer<unknown> {
  /** Subscribers holding it; the last to leave drops it from its registry. */
  holders = 0;
  /** Those in the feed's group, each getting the payloads of the events published after it joined. */
  private readonly members = new Set<Member>();
  private readonly results = new WeakMap<object, Execution>();
  private readonly payloads = new WeakMap<object, Payload>();

  constructor(
    private readonly args: ExecutionArgs,
    private readonly maskErrors: SharedEventOptions['maskErrors'],
  ) {}

  result(event: unknown): Execution {
    if (typeof event !== 'object' || event === null) return this.run(event);
    let result = this.results.get(event);
    if (!result) this.results.set(event, (result = this.run(event)));
    return result;
  }

  payload(event: unknown): Payload {
    if (typeof event !== 'object' || event === null) return this.serialise(this.result(event));
    let payload = this.payloads.get(event);
    if (!payload) this.payloads.set(event, (payload = this.serialise(this.result(event))));
    return payload;
  }

  take(event: unknown, seq: number): void {
    let payload: Payload;
    try {
      payload = this.payload(event);
    } catch (error) {
      for (const member of this.members) member.fail(asError(error));
      return;
    }
    for (const member of this.members) if (member.since < seq) member.send(payload);
  }

  add(member: Member): void {
    this.members.add(member);
  }

  remove(member: Member): void {
    this.members.delete(member);
  }

  private run(event: unknown): Execution {
    return execute({ ...this.args, rootValue: event });
  }

  private serialise(execution: Execution): Payload {
    return isPromise(execution) ? execution.then((result) => this.bytes(result)) : this.bytes(execution);
  }

  /** The payload graphql-ws would send (errors last, as its emit.next puts them), its errors as yoga's responses carry them. */
  private bytes(result: ExecutionResult): Buffer {
    const { errors, ...rest } = result;
    const payload = errors ? { ...rest, errors: this.maskErrors(errors).map(errorAsSent) } : rest;
    return Buffer.from(JSON.stringify(payload));
  }
}

/**
 * The source's events, each executed: a plain iterator rather than an async generator, whose return() would wait
 * for the event it is suspended on before the subscription could end.
 */
class ExecutedEvents implements AsyncGenerator<ExecutionResult, undefined> {
  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly shared: SharedSubscription,
    private readonly leave: () => void,
  ) {}

  async next(): Promise<IteratorResult<ExecutionResult, undefined>> {
    const event = await this.source.next().catch((error: unknown) => {
      this.leave();
      throw asSent(error);
    });
    if (event.done) {
      this.leave();
      return { value: undefined, done: true };
    }
    return { value: await this.shared.result(event.value), done: false };
  }

  async return(): Promise<IteratorResult<ExecutionResult, undefined>> {
    this.leave();
    await this.source.return?.();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult, undefined>> {
    this.leave();
    await this.source.return?.();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * A subscriber whose payloads go straight to its sink: those of its own queue's events until it has joined its
 * feed's group, then those the group hands it. In order: a payload still being resolved, or a connection that
 * holds too much unsent, keeps the ones after it in a backlog; one more than EVENTS_BEHIND_LIMIT behind ends with
 * SubscriberOverflowError once what it has is sent. To the server it is a stream that yields nothing and ends when
 * the subscription does.
 */
class Member implements AsyncGenerator<ExecutionResult, undefined>, EventConsumer<unknown>, GroupMember {
  /** The sequence number of the last event it had before it joined; the group's later ones are its. */
  since = Number.POSITIVE_INFINITY;
  private backlog: Payload[] = [];
  private head = 0;
  /** The connection holds too much unsent: payloads wait until it can take more. */
  private blocked = false;
  /** The backlog's first payload is still being resolved. */
  private awaiting = false;
  /** What ends it once the backlog is sent. */
  private failure: Error | null = null;
  /** Its queue has ended: it takes nothing more. */
  private left = false;
  private outcome: { failure: Error | undefined } | null = null;
  private reader: { resolve: (result: IteratorResult<ExecutionResult, undefined>) => void; reject: (error: unknown) => void } | null = null;

  constructor(
    private readonly source: FeedQueue<unknown>,
    private readonly shared: SharedSubscription,
    private readonly sink: NextSink,
    private readonly leave: () => void,
  ) {
    source.consume(this);
    source.join(shared, this);
  }

  /** One of its own queue's events, from before it joined. */
  take(event: unknown): void {
    let payload: Payload;
    try {
      payload = this.shared.payload(event);
    } catch (error) {
      this.fail(asError(error));
      return;
    }
    this.send(payload);
  }

  joined(since: number): void {
    if (this.outcome || this.failure) return;
    this.since = since;
    this.shared.add(this);
  }

  send(payload: Payload): void {
    if (this.outcome || this.failure) return;
    if (!this.blocked && !this.awaiting && this.head === this.backlog.length && !isPromise(payload)) {
      if (!this.sink.next(payload)) this.block();
      return;
    }
    if (this.backlog.length - this.head >= EVENTS_BEHIND_LIMIT) {
      this.fail(new SubscriberOverflowError(EVENTS_BEHIND_LIMIT));
      return;
    }
    this.backlog.push(payload);
    this.drain();
  }

  /** Ends it with `error` once what it has is sent: it takes nothing more. */
  fail(error: Error): void {
    if (this.failure || this.outcome) return;
    this.failure = error;
    void this.source.return();
  }

  /** Its queue ended: the subscription was returned, or failed (see fail). */
  end(failure: Error | undefined): void {
    this.left = true;
    this.shared.remove(this);
    this.leave();
    if (failure && !this.failure) this.failure = failure;
    if (!this.failure) this.settle(undefined);
    else if (this.head === this.backlog.length) this.settle(this.failure);
  }

  next(): Promise<IteratorResult<ExecutionResult, undefined>> {
    return new Promise((resolve, reject) => {
      this.reader = { resolve, reject };
      if (this.outcome) this.settle(this.outcome.failure);
    });
  }

  /** The client completed it, or its socket closed: nothing more is sent. */
  async return(): Promise<IteratorResult<ExecutionResult, undefined>> {
    this.backlog = [];
    this.head = 0;
    this.settle(undefined);
    await this.source.return();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult, undefined>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private block(): void {
    this.blocked = true;
    this.sink.onceWritable(() => {
      this.blocked = false;
      this.drain();
    });
  }

  private drain(): void {
    while (!this.blocked && !this.awaiting && this.head < this.backlog.length && !this.outcome) {
      const payload = this.backlog[this.head];
      if (payload === undefined) break;
      if (isPromise(payload)) {
        this.awaiting = true;
        const { backlog, head } = this;
        payload.then(
          (bytes) => {
            // Returned meanwhile: that backlog is let go.
            if (this.backlog !== backlog) return;
            backlog[head] = bytes;
            this.awaiting = false;
            this.drain();
          },
          (error: unknown) => {
            if (this.backlog !== backlog) return;
            this.awaiting = false;
            this.backlog = [];
            this.head = 0;
            this.failure ??= asError(error);
            if (this.left) this.settle(this.failure);
            else void this.source.return();
          },
        );
        return;
      }
      this.head++;
      if (!this.sink.next(payload)) this.block();
    }
    if (this.head < this.backlog.length) return;
    this.backlog = [];
    this.head = 0;
    // Failing, and everything before the failure is sent.
    if (this.failure && this.left) this.settle(this.failure);
  }

  private settle(failure: Error | undefined): void {
    if (!this.outcome) this.outcome = { failure };
    const reader = this.reader;
    if (!reader) return;
    this.reader = null;
    if (this.outcome.failure) reader.reject(asSent(this.outcome.failure));
    else reader.resolve({ value: undefined, done: true });
  }
}

const isAsyncIterable = (value: object): value is AsyncIterable<unknown> => Symbol.asyncIterator in value;

/** The plugin that shares executions, and where a transport says it takes payloads directly. */
export class SharedEventExecution {
  /** Per document, per "what was asked and by whom". */
  private readonly shared = new WeakMap<DocumentNode, Map<string, SharedSubscription>>();
  private readonly sinks = new WeakMap<object, NextSink>();

  constructor(private readonly options: SharedEventOptions) {}

  /**
   * The subscription run with this context (a transport's own, one per subscription) sends its payloads to `sink`
   * where its source allows it (a feed's queue), rather than yielding results.
   */
  sendDirectly(contextValue: object, sink: NextSink): void {
    this.sinks.set(contextValue, sink);
  }

  readonly plugin: Plugin = {
    onSubscribe: ({ setSubscribeFn }) => {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const source = await createSourceEventStream(args);
        if (!isAsyncIterable(source)) return source;
        const { shared, leave } = this.join(args);
        const sink = typeof args.contextValue === 'object' && args.contextValue !== null ? this.sinks.get(args.contextValue) : undefined;
        if (sink && source instanceof FeedQueue) return new Member(source, shared, sink, leave);
        return new ExecutedEvents(source[Symbol.asyncIterator](), shared, leave);
      });
    },
  };

  /** What this subscriber shares, and how it lets go of it (once, however it ends). */
  private join(args: ExecutionArgs): { shared: SharedSubscription; leave: () => void } {
    const audience = this.options.audienceOf(args.contextValue);
    if (audience === null) return { shared: new SharedSubscription(args, this.options.maskErrors), leave: () => undefined };
    const askedBy = [args.operationName ?? '', JSON.stringify(args.variableValues ?? {}), audience].join('\u0000');
    const byAsk = this.shared.get(args.document) ?? new Map<string, SharedSubscription>();
    this.shared.set(args.document, byAsk);
    const shared = byAsk.get(askedBy) ?? new SharedSubscription(args, this.options.maskErrors);
    byAsk.set(askedBy, shared);
    shared.holders++;
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      if (--shared.holders === 0) byAsk.delete(askedBy);
    };
    return { shared, leave };
  }
}
