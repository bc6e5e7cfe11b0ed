// Backend health for Backend.health: a ping per backend, remembered for a few seconds so a dashboard
// refreshing every second does not ping every backend every second. While a backend's circuit is not closed,
// its health is the circuit's word, and the backend is not pinged (the circuit's own probe tries it).
import type { Circuits } from './circuit.js';
import type { Connector } from './connector.js';
import type { BackendHealthRecord } from '../domain/model.js';
import { silentLogger, type Logger } from '../logging.js';
import { BackendFailure } from './errors.js';
import { logBackendFailure } from './failureLog.js';

type PingRecord = Omit<BackendHealthRecord, 'circuit'>;

export class HealthMonitor {
  private readonly cache = new Map<string, { at: number; health: Promise<PingRecord> }>();

  constructor(
    private readonly circuits: Circuits,
    /** Where a failed ping's raw error goes (Backend.health.lastError has it in words). */
    private readonly logger: Logger = silentLogger,
    private readonly ttlMs = 5_000,
    /** A ping slower than this marks the backend DEGRADED. */
    private readonly slowMs = 2_000,
  ) {}

  async check(connector: Connector): Promise<BackendHealthRecord> {
    const circuit = this.circuits.circuit(connector.name);
    if (circuit.state !== 'CLOSED') {
      return { status: 'DOWN', checkedAt: circuit.failedAt, latencyMs: null, lastError: circuit.explain(), circuit: circuit.state };
    }
    let cached = this.cache.get(connector.name);
    if (!cached || Date.now() - cached.at >= this.ttlMs) {
      cached = { at: Date.now(), health: this.ping(connector) };
      this.cache.set(connector.name, cached);
    }
    const health = await cached.health;
    // The circuit as it is now, not as it was when the ping (perhaps remembered) ended.
    return { ...health, circuit: circuit.state };
  }

  private async ping(connector: Connector): Promise<PingRecord> {
    const started = performance.now();
    try {
      await connector.ping();
      const latencyMs = performance.now() - started;
      return { status: latencyMs > this.slowMs ? 'DEGRADED' : 'UP', checkedAt: new Date(), latencyMs, lastError: null };
    } catch (error) {
      if (error instanceof BackendFailure) logBackendFailure(this.logger, error);
      else this.logger.error({ backend: connector.name, error: error instanceof Error ? error.message : String(error) }, 'health check failed');
      return {
        status: 'DOWN',
        checkedAt: new Date(),
        latencyMs: performance.now() - started,
        // A connector's failure is in words; anything else is a bug, whose text is the log's.
        lastError: error instanceof BackendFailure ? error.message : 'the health check failed unexpectedly',
      };
    }
  }
}
