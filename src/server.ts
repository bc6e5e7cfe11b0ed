// The public HTTP server: yoga on /graphql (queries, mutations, SSE), graphql-ws on the same port and path, and the
// probes /health (liveness) and /ready (readiness); the operators' /metrics is on the admin listener (adminServer.ts).
// Closes gracefully: readiness 503 and a drain delay on shutdown, then no new work, in-flight requests finish.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startAdminServer, type AdminServer } from './adminServer.js';
import type { App } from './app.js';
import type { Gateway } from './gateway.js';
import { createListener, listen, urlOf, type ListenerLimits } from './listener.js';
import { answerProbe } from './probes.js';
import { Readiness } from './readiness.js';
import { traceRequest } from './requestTrace.js';
import { DEFAULT_SERVER_TIMINGS } from './serverConfig.js';
import { attachGraphqlWs } from './wsServer.js';

interface ServerOptions {
  port: number;
  host: string;
  /** How long a close waits for running operations before it lets go of them. */
  drainTimeoutMs?: number;
  /** How long a shutdown keeps serving, readiness 503, before it closes (load balancers stop sending meanwhile). */
  drainDelayMs?: number;
  /** Timeouts and connection cap of both listeners. */
  limits?: Partial<ListenerLimits>;
  /** How often every graphql-ws socket is pinged (DEFAULT_SERVER_TIMINGS.wsPingIntervalMs). */
  wsPingIntervalMs?: number;
  /** The admin listener (/metrics, /health, /ready); none when null. */
  admin: { port: number; host: string } | null;
  readiness?: Readiness;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The admin listener's URL, or null when it is off. */
  adminUrl: string | null;
  readiness: Readiness;
  /** Stops at once: no new work, requests and operations in flight finish (up to drainTimeoutMs). */
  close(): Promise<void>;
  /** What SIGTERM does: readiness 503 at once, everything served for drainDelayMs, then close(). */
  shutdown(): Promise<void>;
}

export async function startServer(app: App, gateway: Gateway, options: ServerOptions): Promise<RunningServer> {
  const readiness = options.readiness ?? new Readiness(false);
  const given = options.limits ?? {};
  const limits: ListenerLimits = {
    headersTimeoutMs: given.headersTimeoutMs ?? DEFAULT_SERVER_TIMINGS.headersTimeoutMs,
    requestTimeoutMs: given.requestTimeoutMs ?? DEFAULT_SERVER_TIMINGS.requestTimeoutMs,
    keepAliveTimeoutMs: given.keepAliveTimeoutMs ?? DEFAULT_SERVER_TIMINGS.keepAliveTimeoutMs,
    maxConnections: given.maxConnections ?? DEFAULT_SERVER_TIMINGS.maxConnections,
  };
  let closing = false;
  // Requests with an answer to finish; SSE streams are not counted, since they end only when cut.
  let inFlight = 0;
  let idle: (() => void) | undefined;
  gateway.metrics.countRequestsInFlight(() => inFlight);

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const requestTrace = traceRequest(req, res, gateway.logger);
    const path = (req.url ?? '/').split('?')[0];
    if (!(req.headers.accept ?? '').includes('text/event-stream')) {
      inFlight++;
      res.once('close', () => {
        if (--inFlight === 0) idle?.();
      });
    }
    // Draining: each connection closes after its answer, so keep-alive clients reconnect (to another replica).
    if (readiness.isDraining) res.setHeader('connection', 'close');
    if (answerProbe(path, readiness, res)) return;
    if (closing) {
      res.writeHead(503, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ errors: [{ message: 'the gateway is shutting down' }] }));
      return;
    }
    if (path === '/metrics') {
      // Not yoga's 404 page: said plainly, since scrapers that still point here need to know where it went.
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found: /metrics is served on the admin port\n');
      return;
    }
    void app.yoga(req, res, { requestTrace });
  };

  const server = createListener(handle, limits);
  const port = await listen(server, options.port, options.host);
  let admin: AdminServer | null = null;
  try {
    admin = options.admin ? await startAdminServer(gateway.metrics, readiness, { ...options.admin, limits }) : null;
  } catch (error) {
    server.close();
    throw new Error(`admin listener: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  // Attached once listening, so a port already taken is one clear error rather than one per listener.
  const wsServer = attachGraphqlWs(server, app.yoga.graphqlEndpoint, app.ws, gateway.logger, {
    maxPayload: gateway.limits.maxBodyBytes,
    subscriptions: app.subscriptions,
    pingIntervalMs: options.wsPingIntervalMs ?? DEFAULT_SERVER_TIMINGS.wsPingIntervalMs,
    metrics: gateway.metrics,
  }, app.origins);

  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    readiness.startDraining();
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await wsServer.dispose();
    const requestsDone = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve));
    const deadline = new Promise((resolve) => setTimeout(resolve, options.drainTimeoutMs ?? DEFAULT_SERVER_TIMINGS.drainTimeoutMs).unref());
    // The engine's drain also hands the leases of operations it follows back to Redis, for another replica.
    await Promise.race([Promise.all([requestsDone, gateway.engine.drain()]), deadline]);
    // What still holds a socket now (SSE streams, requests past the deadline) is cut.
    server.closeAllConnections();
    await stopped;
    await app.yoga.dispose();
    await gateway.close();
    // Last, so /metrics and /ready answer to the end.
    await admin?.close();
  };

  return {
    url: urlOf(options.host, port),
    port,
    adminUrl: admin?.url ?? null,
    readiness,
    close,
    async shutdown() {
      if (closing) return;
      readiness.startDraining();
      const delay = options.drainDelayMs ?? DEFAULT_SERVER_TIMINGS.drainDelayMs;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      await close();
    },
  };
}
