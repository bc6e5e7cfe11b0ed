// Prometheus metrics of one gateway instance: its own registry, so several instances (tests) never collide.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  private readonly backendRequests = new Counter({
    name: 'gateway_backend_requests_total',
    help: 'HTTP requests sent to backends, by backend, method and status (HTTP code, timeout or error).',
    labelNames: ['backend', 'method', 'status'] as const,
    registers: [this.registry],
  });
  private readonly backendLatency = new Histogram({
    name: 'gateway_backend_request_duration_seconds',
    help: 'Latency of backend HTTP requests, per backend.',
    labelNames: ['backend'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly operations = new Counter({
    name: 'gateway_operations_total',
    help: 'Operations that reached a terminal state, by kind and status.',
    labelNames: ['kind', 'status'] as const,
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: 'gateway_graphql_operation_duration_seconds',
    help: 'How long GraphQL queries and mutations took to execute, by operation type and name (unnamed: anonymous; past 200 names: other).',
    labelNames: ['operation_type', 'operation_name'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly graphqlErrors = new Counter({
    name: 'gateway_graphql_errors_total',
    help: 'Errors in GraphQL responses, by operation type (unknown: refused before execution) and code (extensions.code).',
    labelNames: ['operation_type', 'code'] as const,
    registers: [this.registry],
  });
  readonly cachedResponses = new Counter({
    name: 'gateway_response_cache_total',
    help: 'Queries that could be answered from the response cache, by outcome: hit (answered from it) or miss (executed).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly wsWrites = new Counter({
    name: 'gateway_ws_writes_total',
    help: 'Writes to graphql-ws sockets: each carries every message gathered for its socket since the last (subscriptions.writeIntervalMs).',
    registers: [this.registry],
  });
  readonly wsMessages = new Counter({
    name: 'gateway_ws_messages_total',
    help: 'Messages sent on graphql-ws sockets (subscription payloads and the protocol\'s own); over gateway_ws_writes_total, how many a write carries.',
    registers: [this.registry],
  });

  /** Reads how many subscriptions listen to operation events, each time /metrics is scraped. */
  countSubscribers(count: () => number): void {
    new Gauge({
      name: 'gateway_operation_subscribers',
      help: 'Subscriptions (operation and operations, over graphql-ws or SSE) listening to operation changes.',
      registers: [this.registry],
      collect() {
        this.set(count());
      },
    });
  }

  /** Reads how many requests the public listener is answering (SSE streams aside), each time /metrics is scraped. */
  countRequestsInFlight(count: () => number): void {
    new Gauge({
      name: 'gateway_http_requests_in_flight',
      help: 'Requests the public listener is answering now (SSE streams are not counted); a drain waits for them.',
      registers: [this.registry],
      collect() {
        this.set(count());
      },
    });
  }

  /** Reads which backends' circuits are open (or half-open: trying the backend again), each time /metrics is scraped. */
  watchCircuits(read: () => { backend: string; open: boolean }[]): void {
    new Gauge({
      name: 'gateway_backend_circuit_open',
      help: "1 while a backend's circuit breaker is open (its calls fail at once) or half-open (trying it again), 0 when closed.",
      labelNames: ['backend'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const { backend, open } of read()) this.set({ backend }, open ? 1 : 0);
      },
    });
  }

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  recordBackendRequest(backend: string, method: string, status: string, ms: number): void {
    this.backendRequests.inc({ backend, method, status });
    this.backendLatency.observe({ backend }, ms / 1000);
  }

  /** Requests sent to one backend so far (all methods and statuses). */
  async backendRequestCount(backend: string): Promise<number> {
    const metric = await this.backendRequests.get();
    return metric.values.filter((v) => v.labels.backend === backend).reduce((sum, v) => sum + v.value, 0);
  }
}
