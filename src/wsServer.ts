// graphql-ws on a `ws` server, with each socket's writes gathered per event-loop turn: a subscriber that is behind
// gets its queued events in one TCP write rather than one write (and one wake-up of the client) per message.
// Stands in for graphql-ws/use/ws, which waits for every write to complete before it sends the next message.
// Logs one line per socket opened and closed, and (through wsLog.ts) per subscribe and complete; holds each caller to
// its subscription limits (wsSubscriptionLimits.ts).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import { WebSocket, WebSocketServer } from 'ws';
import type { OriginPolicy } from './browsers/origins.js';
import type { Logger } from './logging.js';
import type { SubscriptionSlots } from './subscriptionSlots.js';
import type { WsExtra } from './wsExtra.js';
import { withWsLog } from './wsLog.js';
import { withSubscriptionLimits } from './wsSubscriptionLimits.js';

/** Past this much unsent data on a socket, a send waits for it to drain: a slow reader slows only itself. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** How often an idle client is pinged, and how long its pong may take before the socket is dropped. */
const KEEP_ALIVE_MS = 12_000;

interface GraphqlWsServer {
  /** Closes every client (1001 Going away) and the server. */
  dispose(): Promise<void>;
}

const pathOf = (url: string | undefined): string => (url ?? '/').split('?')[0] ?? '/';

interface WsLimits {
  /** The largest message a client may send; a larger one closes its socket with 1009 (Message too big). */
  maxPayload: number;
  /** The counts of subscriptions and sockets per caller, shared with SSE. */
  subscriptions: SubscriptionSlots;
}

export function attachGraphqlWs(
  server: Server,
  path: string,
  options: ServerOptions<Record<string, unknown> | undefined, WsExtra>,
  logger: Logger,
  limits: WsLimits,
  /** Which browser pages may open a socket: WebSockets have no CORS, so a foreign page's upgrade is refused here. */
  origins: OriginPolicy,
): GraphqlWsServer {
  const graphqlWs = makeServer(withWsLog(withSubscriptionLimits(options, limits.subscriptions), logger));
  const wss = new WebSocketServer({ noServer: true, handleProtocols, maxPayload: limits.maxPayload });

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
    socket.once('error', (error) => {
      // ws's own protocol errors (a message over maxPayload, a bad frame) are the client's, and ws has already
      // closed the socket with the right code (1009, 1002); anything else is ours.
      const byClient = 'code' in error && typeof error.code === 'string' && error.code.startsWith('WS_ERR_');
      logger.warn({ connectionId, error: error.message, byClient }, byClient ? 'WebSocket closed: client protocol error' : 'WebSocket error');
      if (!byClient) socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    let pongWait: NodeJS.Timeout | undefined;
    const pinger = setInterval(() => {
      if (socket.readyState !== WebSocket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
      socket.once('pong', () => clearTimeout(pongWait));
      socket.ping();
    }, KEEP_ALIVE_MS);
    let corked = false;
    const closed = graphqlWs.opened(
      {
        protocol: socket.protocol,
        send(data) {
          if (socket.readyState !== WebSocket.OPEN) return;
          // Everything sent in this turn leaves together when the turn ends.
          if (!corked) {
            corked = true;
            stream.cork();
            setImmediate(() => {
              corked = false;
              stream.uncork();
            });
          }
          if (socket.bufferedAmount < HIGH_WATER_BYTES) return socket.send(data);
          return new Promise<void>((resolve, reject) => socket.send(data, (error) => (error ? reject(error) : resolve())));
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            handle(String(data)).catch((error: unknown) => {
              logger.error({ connectionId, error: error instanceof Error ? error.message : String(error) }, 'graphql-ws message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      { socket, request, connectionId, principal: null },
    );
    socket.once('close', (code, reason) => {
      clearTimeout(pongWait);
      clearInterval(pinger);
      logger.info({ connectionId, code, durationMs: Math.round((performance.now() - opened) * 10) / 10 }, 'ws close');
      void closed(code, reason.toString());
    });
  }

  return {
    async dispose() {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.close(1001, 'Going away');
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
