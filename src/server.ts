// The HTTP server: yoga on /graphql (queries, mutations, SSE), graphql-ws on the same port and path, /health
// and /metrics; and a graceful close (no new work, in-flight requests finish, sockets close).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { App } from './app.js';
import type { Gateway } from './gateway.js';
import { boundPort } from './lab/simulatorServer.js';
import { traceRequest } from './requestTrace.js';
import { attachGraphqlWs } from './wsServer.js';

export interface ServerOptions {
  port: number;
  host: string;
  /** How long a close waits for running operations before it lets go of them. */
  drainTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startServer(app: App, gateway: Gateway, options: ServerOptions): Promise<RunningServer> {
  let closing = false;
  // Requests with an answer to finish; SSE streams are not counted, since they end only when cut.
  let inFlight = 0;
  let idle: (() => void) | undefined;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const requestTrace = traceRequest(req, res, gateway.logger);
    const path = (req.url ?? '/').split('?')[0];
    if (!(req.headers.accept ?? '').includes('text/event-stream')) {
      inFlight++;
      res.once('close', () => {
        if (--inFlight === 0) idle?.();
      });
    }
    if (path === '/health') {
      res.writeHead(closing ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: closing ? 'shutting down' : 'ok' }));
      return;
    }
    if (closing) {
      res.writeHead(503, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ errors: [{ message: 'the gateway is shutting down' }] }));
      return;
    }
    if (path === '/metrics') {
      void gateway.metrics.registry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': gateway.metrics.registry.contentType });
        res.end(text);
      });
      return;
    }
    void app.yoga(req, res, { requestTrace });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Attached once listening, so a port already taken is one clear error rather than one per listener.
  const wsServer = attachGraphqlWs(server, app.yoga.graphqlEndpoint, app.ws, gateway.logger, {
    maxPayload: gateway.limits.maxBodyBytes,
    subscriptions: app.subscriptions,
  }, app.origins);
  const port = boundPort(server);
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    url: `http://${host}:${port}`,
    port,
    async close() {
      if (closing) return;
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await wsServer.dispose();
      const requestsDone = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve));
      const deadline = new Promise((resolve) => setTimeout(resolve, options.drainTimeoutMs ?? 10_000).unref());
      await Promise.race([Promise.all([requestsDone, gateway.engine.drain()]), deadline]);
      // What still holds a socket now (SSE streams, requests past the deadline) is cut.
      server.closeAllConnections();
      await stopped;
      await app.yoga.dispose();
      await gateway.close();
    },
  };
}
