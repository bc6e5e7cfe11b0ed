// The operators' listener, on its own port (loopback by default): /metrics, which names every backend, and /health
// and /ready for probes that use this port. Nothing here is served on the public port.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from './metrics.js';
import { createListener, listen, urlOf, type ListenerLimits } from './listener.js';
import { answerProbe } from './probes.js';
import type { Readiness } from './readiness.js';

export interface AdminServer {
  url: string;
  close(): Promise<void>;
}

export async function startAdminServer(
  metrics: Metrics,
  readiness: Readiness,
  options: { port: number; host: string; limits: ListenerLimits },
): Promise<AdminServer> {
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (answerProbe(path, readiness, res)) return;
    if (path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) {
      metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(text);
        },
        () => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('metrics could not be collected\n');
        },
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  };
  const server = createListener(handle, options.limits);
  const port = await listen(server, options.port, options.host);
  return {
    url: urlOf(options.host, port),
    async close() {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stopped;
    },
  };
}
