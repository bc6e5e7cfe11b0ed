// Live inventory: while anyone watches a backend (an inventory subscriber, a @live query), one poller looks at its
// VMs, drives and snapshots once per freshness window, tells what changed, and publishes each change on the feed. With
// Redis, one replica at a time polls a backend (a lease) and every replica's watchers hear its changes.
import { ANONYMOUS, Visibility } from '../auth/principal.js';
import type { SharedReads } from '../cache/backendReads.js';
import type { Backends } from '../connectors/backends.js';
import type { Connector } from '../connectors/connector.js';
import { createLoaders } from '../graphql/loaders.js';
import type { Logger } from '../logging.js';
import type { Leases } from '../operations/leases.js';
import type { Feed } from '../operations/pubsub.js';
import type { Baselines } from './baselines.js';
import { changesBetween, stateOf, type InventoryChange, type InventoryState } from './change.js';

/** How often a backend is looked at when its answers are not cached (a window of 0). */
const DEFAULT_POLL_MS = 2_000;
/** No backend is looked at more often than this, whatever its window. */
const MIN_POLL_MS = 250;

interface InventoryWatchOptions {
  backends: Backends;
  reads: SharedReads;
  feed: Feed<InventoryChange>;
  baselines: Baselines;
  logger: Logger;
  /** Who polls each backend, with Redis; without, this process polls every backend it watches. */
  leases?: Leases;
  now?: () => number;
}

/** One backend's poller in this process: it runs while this process has watchers of the backend. */
class Poller {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Whether this process holds the backend's poll (always, without leases). */
  holding = false;
  private running: Promise<void> = Promise.resolve();
  /** Whether the last look failed (logged once, not once per window). */
  private failing = false;
  /** Looks that told what the backend holds (the first is the baseline), and looks that failed. */
  readonly looks = { told: 0, failed: 0 };

  constructor(
    private readonly connector: Connector,
    private readonly options: InventoryWatchOptions,
    private readonly everyMs: number,
  ) {}

  start(): void {
    this.running = this.round();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    if (this.holding) await this.options.leases?.release(this.leaseId).catch(() => undefined);
    this.holding = false;
  }

  private get leaseId(): string {
    return `inventory:${this.connector.name}`;
  }

  private async round(): Promise<void> {
    try {
      if (await this.hold()) await this.look();
      this.failing = false;
    } catch (error) {
      this.looks.failed++;
      if (!this.failing) {
        const message = error instanceof Error ? error.message : String(error);
        this.options.logger.warn({ backend: this.connector.name, error: message }, 'inventory poll failed; trying again each window');
      }
      this.failing = true;
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round();
    }, this.everyMs);
  }

  /** Takes the poll, or keeps it; a replica that lost it stops publishing at once. */
  private async hold(): Promise<boolean> {
    const leases = this.options.leases;
    if (!leases) return (this.holding = true);
    this.holding = this.holding ? await leases.renew(this.leaseId) : await leases.acquire(this.leaseId);
    return this.holding;
  }

  /** One look: the backend's inventory against the last one seen; a look that failed in any part tells nothing. */
  private async look(): Promise<void> {
    const { connector, options } = this;
    const loaders = createLoaders(options.backends.only((name) => name === connector.name), new Visibility(ANONYMOUS.grants), options.reads.polling());
    const [vms, drives, snapshots] = await Promise.all([
      loaders.vmsOfBackend.load(connector.name),
      connector.drives ? loaders.drivesOfBackend.load(connector.name) : { records: [], failures: [] },
      loaders.snapshotsOfBackend(connector),
    ]);
    const failures = [...vms.failures, ...drives.failures, ...snapshots.failures];
    if (failures.length > 0) throw failures[0];
    const now: InventoryState = stateOf({ vms: vms.records, drives: drives.records, snapshots: snapshots.records });
    const before = await options.baselines.load(connector.name);
    if (this.stopped || !this.holding) return;
    const changes = before ? changesBetween(connector.name, before, now, (options.now ?? Date.now)()) : [];
    if (!before || changes.length > 0) await options.baselines.save(connector.name, now);
    // Before anyone hears of it: what any replica holds of the backend from before the change goes.
    if (changes.length > 0) options.reads.invalidate(connector.name);
    for (const change of changes) await options.feed.publish(change);
    this.looks.told++;
  }
}

export class InventoryWatch {
  private readonly watchers = new Map<string, number>();
  private readonly pollers = new Map<string, Poller>();
  private readonly stopping = new Set<Promise<void>>();
  private readonly unobserve: () => void;

  constructor(private readonly options: InventoryWatchOptions) {
    // A change seen (here or by another replica): the cache forgets that backend before any watcher here hears of it.
    // The look refreshed only the reads it makes (a whole listing, say); others (snapshots by VM) may still hold the
    // state before the change.
    this.unobserve = options.feed.observe((change) => options.reads.invalidate(change.backend, false));
  }

  /** How often a backend is looked at: its freshness window, within bounds. */
  pollMsOf(backend: string): number {
    const window = this.options.reads.freshMsOf(backend);
    return window > 0 ? Math.max(MIN_POLL_MS, window) : DEFAULT_POLL_MS;
  }

  /** Watches these backends until the answer is called (once; later calls do nothing). */
  watch(backends: readonly string[]): () => void {
    const names = [...new Set(backends)].filter((name) => this.options.backends.get(name));
    for (const name of names) {
      const count = (this.watchers.get(name) ?? 0) + 1;
      this.watchers.set(name, count);
      if (count === 1) this.startPolling(name);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const name of names) {
        const count = (this.watchers.get(name) ?? 1) - 1;
        if (count > 0) {
          this.watchers.set(name, count);
          continue;
        }
        this.watchers.delete(name);
        const poller = this.pollers.get(name);
        this.pollers.delete(name);
        if (poller) this.track(poller.stop());
      }
    };
  }

  /** Watchers of a backend in this process. */
  watcherCount(backend: string): number {
    return this.watchers.get(backend) ?? 0;
  }

  /** How many looks at a backend this process's poller has made since it started, told and failed. */
  looks(backend: string): { told: number; failed: number } {
    return { ...(this.pollers.get(backend)?.looks ?? { told: 0, failed: 0 }) };
  }

  /** The backends this process polls now (holds the poll of). */
  polling(): string[] {
    return [...this.pollers].filter(([, poller]) => poller.holding).map(([name]) => name);
  }

  async close(): Promise<void> {
    this.unobserve();
    const pollers = [...this.pollers.values()];
    this.pollers.clear();
    this.watchers.clear();
    await Promise.all([...pollers.map((poller) => poller.stop()), ...this.stopping]);
  }

  private startPolling(name: string): void {
    const connector = this.options.backends.get(name);
    if (!connector) return;
    const poller = new Poller(connector, this.options, this.pollMsOf(name));
    this.pollers.set(name, poller);
    poller.start();
  }

  private track(stopped: Promise<void>): void {
    this.stopping.add(stopped);
    void stopped.finally(() => this.stopping.delete(stopped));
  }
}
