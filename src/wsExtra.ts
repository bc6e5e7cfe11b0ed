// What graphql-ws hands every hook about a socket: kept apart so the server and its option wrappers share it.
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { Principal } from './auth/principal.js';
import type { SocketWriter } from './wsWriter.js';

export interface WsExtra {
  socket: WebSocket;
  request: IncomingMessage;
  /** This socket's id in the logs; the request id of every operation sent over it. */
  connectionId: string;
  /** Who the socket authenticated as at connection_init (app.ts's onConnect); null until then. */
  principal: Principal | null;
  /** What the socket's messages go through; subscriptions send their payloads to it directly. */
  writer: SocketWriter;
}
