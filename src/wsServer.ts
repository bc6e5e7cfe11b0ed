// graphql-ws on a `ws` server. Each socket is written through a SocketWriter (wsWriter.ts: what a subscriber is sent
// leaves in one TCP write per turn, at most one per subscriptions.writeIntervalMs; payloads of feed subscriptions
// are written there directly, past graphql-ws's per-message chain) and kept alive by one sweep for all sockets
// (wsKeepAlive.ts). Stands in for graphql-ws/use/ws, which waits for every write to complete before the next.
// Logs one line per socket opened and closed, and (through wsLog.ts) per subscribe and complete; holds each caller to
// its subscription limits (wsSubscriptionLimits.ts).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import { WebSocket, WebSocketServer } from 'ws';
import type { OriginPolicy } from './browsers/origins.js';
import type { Logger } from './logging.js';
import type { Metrics } from './metrics.js';
import type { SubscriptionSlots } from './subscriptionSlots.js';
import type { WsExtra } from './wsExtra.js';
import { withWsLog } from './wsLog.js';
import { withSubscriptionLimits } from './wsSubscriptionLimits.js';
import { KeepAlive } from './wsKeepAlive.js';
import { FlushClock, SocketWriter } from './wsWriter.js';

interface GraphqlWsServer {
  /** Closes every client (1001 Going away) and the server. */
  dispose(): Promise<void>;
}

const pathOf = (url: string | undefined): string => (url ?? '/').split('?')[0] ?? '/';

interface WsSettings {
  /** The largest message a client may send; a larger one closes its socket with 1009 (Message too big). */
  maxPayload: number;
  /** The counts of subscriptions and sockets per caller, shared with SSE; and the least time between two writes to a socket. */
  subscriptions: SubscriptionSlots;
  /** How often every client is pinged; one that sent nothing (not even a pong) by the next ping is dropped. */
  pingIntervalMs: number;
  /** Where the writes and messages are counted. */
  metrics: Metrics;
}

export function attachGraphqlWs(
  server: Server,
  path: string,
  options: ServerOptions<Record<string, unknown> | undefined, WsExtra>,
  logger: Logger,
  settings: WsSettings,
  /** Which browser pages may open a socket: WebSockets have no CORS, so a foreign page's upgrade is refused here. */
  origins: OriginPolicy,
): GraphqlWsServer {
  const graphqlWs = makeServer(withWsLog(withSubscriptionLimits(options, settings.subscriptions), logger));
  const clock = new FlushClock(settings.subscriptions.limits.writeIntervalMs, (writes, messages) => {
    settings.metrics.wsWrites.inc(writes);
    settings.metrics.wsMessages.inc(messages);
  });
  const keepAlive = new KeepAlive(settings.pingIntervalMs);
  // No per-message compression (ws's default, stated): SocketWriter frames messages itself, beside ws's control
  // frames, and nothing of ws's may be queued behind a compression.
  const wss = new WebSocketServer({ noServer: true, handleProtocols, maxPayload: settings.maxPayload, perMessageDeflate: false });

  const onUpgrade = (request: IncomingMessage, stream: Duplex, head: Buffer): void => {
    if (pathOf(request.url) !== path) {
      stream.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const origin = request.headers.origin;
    const refusal = origins.upgradeRefusal(origin, request.headers.host);
    if (refusal !== null) {
      logger.warn({ origin: origin?.slice(0, 200), host: request.headers.host?.slice(0, 200), client: request.socket.remoteAddress, refusal }, 'ws upgrade refused');
      const body = refusal;
      stream.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(request, stream, head, (socket) => connected(socket, request, stream));
  };
  server.on('upgrade', onUpgrade);

  function connected(socket: WebSocket, request: IncomingMessage, stream: Duplex): void {
    const connectionId = randomUUID();
    const opened = performance.now();
    logger.info({ connectionId, client: request.socket.remoteAddress }, 'ws connect');
    const writer = new SocketWriter(socket, stream, clock);
    socket.once('error', (error) => {
      // ws's own protocol errors (a message over maxPayload, a bad frame) are the client's, and ws has already
      // closed the socket with the right code (1009, 1002); anything else is ours.
      const byClient = 'code' in error && typeof error.code === 'string' && error.code.startsWith('WS_ERR_');
      logger.warn({ connectionId, error: error.message, byClient }, byClient ? 'WebSocket closed: client protocol error' : 'WebSocket error');
      if (!byClient) writer.close(CloseCode.InternalServerError, 'Internal server error');
    });
    const seen = keepAlive.watch(socket, writer);
    const closed = graphqlWs.opened(
      {
        protocol: socket.protocol,
        send: (data) => writer.send(data),
        close: (code, reason) => writer.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            seen();
            handle(String(data)).catch((error: unknown) => {
              logger.error({ connectionId, error: error instanceof Error ? error.message : String(error) }, 'graphql-ws message handling failed');
              writer.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      { socket, request, connectionId, principal: null, writer },
    );
    socket.once('close', (code, reason) => {
      logger.info({ connectionId, code, durationMs: Math.round((performance.now() - opened) * 10) / 10 }, 'ws close');
      void closed(code, reason.toString());
    });
  }

  return {
    async dispose() {
      server.off('upgrade', onUpgrade);
      keepAlive.dispose();
      for (const client of wss.clients) client.close(1001, 'Going away');
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
