// One subscriber's events in order, as a lean async iterator: a push is an array append (or one resolve when the
// reader waits), so fanning an event out to thousands of subscribers costs no promise chains per subscriber. A
// consumer may take the events instead, synchronously as they are pushed.

/** How many undelivered events a subscriber may fall behind by before its stream ends with an error. */
export const EVENTS_BEHIND_LIMIT = 10_000;

export class SubscriberOverflowError extends Error {
  constructor(limit: number) {
    super(`the subscriber fell more than ${limit} events behind; subscribe again to resume`);
    this.name = 'SubscriberOverflowError';
  }
}

/** Takes a queue's events as they come, in place of its reader. */
export interface EventConsumer<T> {
  take(value: T): void;
  /** The queue has ended and everything before the end was taken: with the failure that ended it, if one did. */
  end(failure: Error | undefined): void;
}

export class EventQueue<T> implements AsyncIterableIterator<T> {
  /** Kept as the iterator results they will be handed out as, so next() allocates nothing more. */
  private buffer: IteratorYieldResult<T>[] = [];
  private head = 0;
  /** Readers waiting for an event, oldest first (a reader may ask again before its last next() settled). */
  private waiting: ((result: IteratorResult<T, undefined>) => void)[] = [];
  private closed = false;
  private failure: Error | undefined;
  private consumer: EventConsumer<T> | null = null;

  /** `onClose` runs once, however the queue ends (the reader returns, or the source closes or overflows it). */
  constructor(
    private readonly onClose: () => void,
    private readonly limit = EVENTS_BEHIND_LIMIT,
  ) {}

  push(value: T): void {
    if (this.closed) return;
    if (this.consumer) {
      this.consumer.take(value);
      return;
    }
    const result: IteratorYieldResult<T> = { value, done: false };
    const waiting = this.waiting.shift();
    if (waiting) {
      waiting(result);
      return;
    }
    if (this.buffer.length - this.head >= this.limit) {
      this.failure = new SubscriberOverflowError(this.limit);
      this.close();
      return;
    }
    this.buffer.push(result);
  }

  /**
   * From now on the events go to `consumer` as they are pushed (those already queued first), and the end too;
   * next() is not to be called any more. A queue has one consumer at most.
   */
  consume(consumer: EventConsumer<T>): void {
    if (this.consumer) throw new Error('this queue already has a consumer');
    for (let result = this.shift(); result; result = this.shift()) consumer.take(result.value);
    this.consumer = consumer;
    if (this.closed) this.endConsumer();
  }

  next(): Promise<IteratorResult<T, undefined>> {
    const result = this.shift();
    if (result) return Promise.resolve(result);
    if (this.failure) {
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.failure = undefined;
    this.buffer = [];
    this.head = 0;
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Ends the stream after what is buffered; a reader waiting now gets `done`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    const waiting = this.waiting;
    this.waiting = [];
    for (const reader of waiting) reader({ value: undefined, done: true });
    this.endConsumer();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The oldest buffered event, taken off the buffer. */
  private shift(): IteratorYieldResult<T> | undefined {
    const result = this.buffer[this.head];
    if (!result) return undefined;
    this.head++;
    // Drop what was read once it is most of the array, so a long-lived queue does not grow for ever.
    if (this.head === this.buffer.length) {
      this.buffer = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
    return result;
  }

  private endConsumer(): void {
    const consumer = this.consumer;
    if (!consumer) return;
    this.consumer = null;
    const failure = this.failure;
    this.failure = undefined;
    consumer.end(failure);
  }
}
