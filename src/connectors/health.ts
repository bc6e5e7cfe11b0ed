// Backend health for Backend.health: a ping per backend, remembered for a few seconds so a dashboard
// refreshing every second does not ping every backend every second.
import type { Connector } from './connector.js';
import type { BackendHealthRecord } from '../domain/model.js';

export class HealthMonitor {
  private readonly cache = new Map<string, { at: number; health: Promise<BackendHealthRecord> }>();

  constructor(
    private readonly ttlMs = 5_000,
    /** A ping slower than this marks the backend DEGRADED. */
    private readonly slowMs = 2_000,
  ) {}

  check(connector: Connector): Promise<BackendHealthRecord> {
    const cached = this.cache.get(connector.name);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.health;
    const health = this.ping(connector);
    this.cache.set(connector.name, { at: Date.now(), health });
    return health;
  }

  private async ping(connector: Connector): Promise<BackendHealthRecord> {
    const started = performance.now();
    try {
      await connector.ping();
      const latencyMs = performance.now() - started;
      return { status: latencyMs > this.slowMs ? 'DEGRADED' : 'UP', checkedAt: new Date(), latencyMs, lastError: null };
    } catch (error) {
      return {
        status: 'DOWN',
        checkedAt: new Date(),
        latencyMs: performance.now() - started,
        lastError: error instanceof Error ? error.message : String(error),
      };
    }
  }
}
