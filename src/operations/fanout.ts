// The subscribers of one process's feed, and how each event reaches them: offered to every subscriber in order,
// each filtering it itself; or, for subscribers who joined a group (they asked the same thing of the same feed),
// offered once to the group, whose consumer hands it to all of them.
import { EventQueue } from './eventQueue.js';

/**
 * Deliveries started per turn of the event loop (a group counts as many as it has members). A burst to thousands
 * of sockets leaves room between turns for requests and other sockets.
 */
export const DELIVERIES_PER_TURN = 1000;

/** Takes each event a group's subscribers accept, once for all of them. */
export interface SharedConsumer<T> {
  /** The `seq`-th event published: it is for the members that joined before it was (see GroupMember). */
  take(event: T, seq: number): void;
}

/** A subscriber that asked to join a group. */
export interface GroupMember {
  /**
   * It has joined: every event up to the `since`-th came to its own queue, and every one after it comes through the
   * group. Called between deliveries, so nothing is handed to it twice or not at all.
   */
  joined(since: number): void;
}

/** A feed subscriber's queue: its own events, unless it joins a group. */
export class FeedQueue<T> extends EventQueue<T> {
  constructor(
    onClose: () => void,
    private readonly joinGroup: (consumer: SharedConsumer<T>, member: GroupMember) => void,
  ) {
    super(onClose);
  }

  /**
   * Serves this subscriber as one of the group `consumer` takes events for, from the next delivery on (the queue
   * keeps what it was handed until then). Every member's accept must let the same events through: the group
   * filters with its first member's.
   */
  join(consumer: SharedConsumer<T>, member: GroupMember): void {
    this.joinGroup(consumer, member);
  }
}

interface Subscriber<T> {
  queue: FeedQueue<T>;
  accept: (event: T) => boolean;
  /** The sequence number of the last event published before it subscribed: it gets only later ones. */
  since: number;
  /** The group it belongs to, once joined; it is then offered nothing on its own. */
  group: Group<T> | null;
}

interface Group<T> {
  consumer: SharedConsumer<T>;
  accept: (event: T) => boolean;
  /** Its members (deliveries a turn counts for it). */
  size: number;
}

/** What the fan-out offers events to: a subscriber on its own, or a group. */
type Entry<T> = Subscriber<T> | Group<T>;

const isGroup = <T>(entry: Entry<T>): entry is Group<T> => 'consumer' in entry;

/**
 * A few subscribers get an event at once; many get it in rounds: a round takes every event waiting and offers each
 * entry all of them in one go (one write per socket, not one per event), a slice of entries per turn.
 */
export class Fanout<T> {
  private readonly subscribers = new Set<Subscriber<T>>();
  /** What each event is offered to: subscribers on their own, and groups. */
  private readonly entries = new Set<Entry<T>>();
  private readonly groups = new Map<SharedConsumer<T>, Group<T>>();
  /** Joins asked for, made between deliveries. */
  private joins: { subscriber: Subscriber<T>; consumer: SharedConsumer<T>; member: GroupMember }[] = [];
  private readonly observers = new Set<(record: T) => void>();
  private sequence = 0;
  /** The last event offered to everyone (a round's last, once the round is over): those after it are still to come. */
  private offeredUpTo = 0;
  /** An event is being offered right now (joins wait for the end of it). */
  private delivering = false;
  /** Events published since the current round took its own. */
  private waiting: { seq: number; record: T }[] = [];
  private round: { events: { seq: number; record: T }[]; to: Entry<T>[]; next: number } | null = null;
  private scheduled = false;

  subscribe(accept: (event: T) => boolean = () => true, onClose?: () => void): FeedQueue<T> {
    const subscriber: Subscriber<T> = {
      queue: new FeedQueue<T>(
        () => {
          this.leave(subscriber);
          onClose?.();
        },
        (consumer, member) => this.join(subscriber, consumer, member),
      ),
      accept,
      since: this.sequence,
      group: null,
    };
    this.subscribers.add(subscriber);
    this.entries.add(subscriber);
    return subscriber.queue;
  }

  get size(): number {
    return this.subscribers.size;
  }

  observe(listener: (record: T) => void): () => void {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  deliver(record: T): void {
    for (const observer of this.observers) observer(record);
    if (!this.round) this.applyJoins();
    const seq = ++this.sequence;
    if (!this.round && this.waiting.length === 0 && this.subscribers.size <= DELIVERIES_PER_TURN) {
      this.delivering = true;
      for (const entry of this.entries) offer(entry, record, seq);
      this.delivering = false;
      this.offeredUpTo = seq;
      this.applyJoins();
      return;
    }
    this.waiting.push({ seq, record });
    this.schedule();
  }

  private join(subscriber: Subscriber<T>, consumer: SharedConsumer<T>, member: GroupMember): void {
    this.joins.push({ subscriber, consumer, member });
    if (!this.round && !this.delivering) this.applyJoins();
  }

  /** Only ever between deliveries: a round in progress would have offered part of its events to the member alone. */
  private applyJoins(): void {
    const joins = this.joins;
    if (joins.length === 0) return;
    this.joins = [];
    for (const { subscriber, consumer, member } of joins) {
      // Gone meanwhile, or joined already.
      if (!this.subscribers.has(subscriber) || subscriber.group) continue;
      let group = this.groups.get(consumer);
      if (!group) {
        group = { consumer, accept: subscriber.accept, size: 0 };
        this.groups.set(consumer, group);
        this.entries.add(group);
      }
      group.size++;
      subscriber.group = group;
      this.entries.delete(subscriber);
      // Every event up to offeredUpTo was offered to it alone; later ones (waiting, perhaps) come through the group,
      // except those published before it subscribed.
      member.joined(Math.max(subscriber.since, this.offeredUpTo));
    }
  }

  private leave(subscriber: Subscriber<T>): void {
    this.subscribers.delete(subscriber);
    this.entries.delete(subscriber);
    const group = subscriber.group;
    if (!group || --group.size > 0) return;
    this.groups.delete(group.consumer);
    this.entries.delete(group);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.turn());
  }

  private turn(): void {
    this.scheduled = false;
    if (!this.round) {
      this.applyJoins();
      if (this.waiting.length === 0) return;
      this.round = { events: this.waiting, to: [...this.entries], next: 0 };
      this.waiting = [];
    }
    const round = this.round;
    let started = 0;
    while (started < DELIVERIES_PER_TURN && round.next < round.to.length) {
      const entry = round.to[round.next++];
      if (!entry) continue;
      for (const event of round.events) {
        if (!isGroup(entry) && event.seq <= entry.since) continue;
        offer(entry, event.record, event.seq);
        started += isGroup(entry) ? entry.size : 1;
      }
    }
    if (round.next >= round.to.length) {
      this.round = null;
      this.offeredUpTo = round.events.at(-1)?.seq ?? this.offeredUpTo;
    }
    if (this.round || this.waiting.length > 0 || this.joins.length > 0) this.schedule();
  }
}

function offer<T>(entry: Entry<T>, record: T, seq: number): void {
  if (isGroup(entry)) {
    // Left meanwhile (a round keeps the entries it started with).
    if (entry.size > 0 && entry.accept(record)) entry.consumer.take(record, seq);
    return;
  }
  // Grouped since the round began: the group serves it.
  if (entry.group === null && entry.accept(record)) entry.queue.push(record);
}
