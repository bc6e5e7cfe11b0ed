// One gateway's process-wide services: the backends, the operation engine and its events, health, metrics and logs.
// Built once and handed to every request's context (dependency injection; schema modules build nothing).
import { Backends } from './connectors/backends.js';
import type { Circuits } from './connectors/circuit.js';
import type { Connector } from './connectors/connector.js';
import { HealthMonitor } from './connectors/health.js';
import type { Logger } from './logging.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { Metrics } from './metrics.js';
import { OperationEngine, type EngineTimings } from './operations/engine.js';
import type { Leases } from './operations/leases.js';
import { createMemoryFeed, createOperationPubSub, type Feed, type OperationPubSub } from './operations/pubsub.js';
import { MemoryOperationStore, type OperationStore } from './operations/store.js';
import { DEFAULT_CACHE, SharedReads, type CacheSettings } from './cache/backendReads.js';
import { forgetOnChanges } from './cache/forgetOnChanges.js';
import type { SharedTier } from './cache/readCache.js';
import { MemoryBaselines, type Baselines } from './inventory/baselines.js';
import type { InventoryChange } from './inventory/change.js';
import { InventoryWatch } from './inventory/watch.js';
import { PolicyRunner } from './policies/runner.js';
import { MemoryPolicyStore, type PolicyStore } from './policies/store.js';

export interface Gateway {
  backends: Backends;
  /** The backend reads every request shares (the read cache), forgotten per backend when an operation changes it. */
  reads: SharedReads;
  engine: OperationEngine;
  pubsub: OperationPubSub;
  /** Inventory changes as the backends' pollers see them, and who watches which backend. */
  inventory: { feed: Feed<InventoryChange>; watch: InventoryWatch };
  health: HealthMonitor;
  metrics: Metrics;
  limits: Limits;
  logger: Logger;
  /** The gateway's own snapshot policies: where they are kept, and what runs them (docs/policies.md). */
  policies: { store: PolicyStore; runner: PolicyRunner };
  close(): Promise<void>;
}

export interface GatewayOptions {
  connectors: Connector[];
  /** The backends' circuit breakers (the HTTP client's), for Backend.health and /metrics. */
  circuits: Circuits;
  metrics: Metrics;
  logger: Logger;
  limits?: Partial<Limits>;
  engine?: EngineTimings;
  /** Where operations live and how their changes travel (Redis, for replicas); in memory when absent. */
  operations?: { store: OperationStore; pubsub: OperationPubSub; leases?: Leases };
  /** Where inventory changes travel and pollers keep what they saw (Redis, for replicas); in memory when absent. */
  inventory?: { feed: Feed<InventoryChange>; baselines: Baselines };
  /** How long the in-memory store keeps finished operations. */
  retentionMs?: number;
  /** The read cache: freshness windows per backend and its size (DEFAULT_CACHE otherwise). */
  cache?: Partial<CacheSettings>;
  /** Where replicas share backend answers (Redis); none alone. */
  readTier?: SharedTier;
  /** Where snapshot policies and their runs are kept (Redis, a file); in memory when absent. */
  policies?: PolicyStore;
}

export function createGateway(options: GatewayOptions): Gateway {
  const backends = new Backends(options.connectors);
  const pubsub = options.operations?.pubsub ?? createOperationPubSub();
  const reads = new SharedReads({ freshMs: new Map(), ...DEFAULT_CACHE, ...options.cache }, Date.now, options.readTier ?? null);
  // Changes made by other replicas reach this one's cache through their events.
  const forgetting = options.operations ? forgetOnChanges(pubsub, reads) : null;
  options.metrics.countSubscribers(() => pubsub.subscriberCount());
  options.metrics.watchCircuits(() =>
    backends.all().map((connector) => ({ backend: connector.name, open: options.circuits.circuit(connector.name).state !== 'CLOSED' })),
  );
  const feed = options.inventory?.feed ?? createMemoryFeed<InventoryChange>();
  const baselines = options.inventory?.baselines ?? new MemoryBaselines();
  const watch = new InventoryWatch({ backends, reads, feed, baselines, logger: options.logger, leases: options.operations?.leases });
  const engine = new OperationEngine({
    ...options.engine,
    store: options.operations?.store ?? new MemoryOperationStore(options.retentionMs),
    pubsub,
    backends,
    metrics: options.metrics,
    leases: options.operations?.leases,
    logger: options.logger,
    changed: (backend) => reads.invalidate(backend),
  });
  const policyStore = options.policies ?? new MemoryPolicyStore();
  const runner = new PolicyRunner({ store: policyStore, engine, backends, reads, logger: options.logger });
  return {
    backends,
    reads,
    engine,
    policies: { store: policyStore, runner },
    pubsub,
    inventory: { feed, watch },
    health: new HealthMonitor(options.circuits, options.logger),
    metrics: options.metrics,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    logger: options.logger,
    /** Releases the connectors; the server drains the engine first. */
    async close() {
      await runner.stop();
      forgetting?.();
      await watch.close();
      await backends.close();
    },
  };
}
