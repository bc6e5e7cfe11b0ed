// A node:http server with the timeouts and connection cap that keep slow clients (slow-loris) from holding sockets,
// and listening as a promise. The public and the admin listener are both made here.
import { createServer, type RequestListener, type Server } from 'node:http';
import { boundPort } from './net.js';

export interface ListenerLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

/**
 * How often Node looks for requests past their head or request timeout. Its default, 30 s, would let a 10 s
 * timeout run 40 s; a quarter of the shorter timeout (at most 1 s) keeps the overshoot small and the checks cheap.
 */
const checkingIntervalMs = (limits: ListenerLimits): number =>
  Math.min(1_000, Math.max(25, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)));

export function createListener(handler: RequestListener, limits: ListenerLimits): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      // Counts until the request is received; the answer (an SSE stream) may take as long as it likes.
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: checkingIntervalMs(limits),
    },
    handler,
  );
  server.maxConnections = limits.maxConnections;
  return server;
}

/** Listens; a port already taken is the promise's error. Answers the port bound. */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return boundPort(server);
}

export const urlOf = (host: string, port: number): string => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
