// One subscriber's events in order, as a lean async iterator: a push is an array append (or one resolve when the
// reader waits), so fanning an event out to thousands of subscribers costs no promise chains per subscriber.

/** How many undelivered events a subscriber may fall behind by before its stream ends with an error. */
const DEFAULT_QUEUE_LIMIT = 10_000;

export class SubscriberOverflowError extends Error {
  constructor(limit: number) {
    super(`the subscriber fell more than ${limit} events behind; subscribe again to resume`);
    this.name = 'SubscriberOverflowError';
  }
}

export class EventQueue<T> implements AsyncIterableIterator<T> {
  /** Kept as the iterator results they will be handed out as, so next() allocates nothing more. */
  private buffer: IteratorYieldResult<T>[] = [];
  private head = 0;
  /** Readers waiting for an event, oldest first (a reader may ask again before its last next() settled). */
  private waiting: ((result: IteratorResult<T, undefined>) => void)[] = [];
  private closed = false;
  private failure: Error | undefined;

  /** `onClose` runs once, however the queue ends (the reader returns, or the source closes or overflows it). */
  constructor(
    private readonly onClose: () => void,
    private readonly limit = DEFAULT_QUEUE_LIMIT,
  ) {}

  push(value: T): void {
    if (this.closed) return;
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

  next(): Promise<IteratorResult<T, undefined>> {
    const result = this.buffer[this.head];
    if (result) {
      this.head++;
      // Drop what was read once it is most of the array, so a long-lived queue does not grow for ever.
      if (this.head === this.buffer.length) {
        this.buffer = [];
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > this.buffer.length) {
        this.buffer = this.buffer.slice(this.head);
        this.head = 0;
      }
      return Promise.resolve(result);
    }
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
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
