// Keep-alive of the graphql-ws sockets: one sweep an interval pings every open socket (the ping leaves with the
// socket's next write) and drops each that showed no sign of life (a pong, or any message) since the sweep before.
// One timer for every socket, where an interval and a timeout each woke the process hundreds of times a second.
import type { WebSocket } from 'ws';
import type { SocketWriter } from './wsWriter.js';

interface Watched {
  writer: SocketWriter;
  /** A pong or a message came since the last sweep. */
  alive: boolean;
}

export class KeepAlive {
  private readonly sockets = new Map<WebSocket, Watched>();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs: number) {
    this.timer = setInterval(() => this.sweep(), intervalMs);
    // The sockets keep the process alive, not their keep-alive.
    this.timer.unref();
  }

  /** Looks after `socket` until it closes; answers what marks it alive (call it on each message it sends). */
  watch(socket: WebSocket, writer: SocketWriter): () => void {
    const watched: Watched = { writer, alive: true };
    const seen = () => {
      watched.alive = true;
    };
    this.sockets.set(socket, watched);
    socket.on('pong', seen);
    socket.once('close', () => this.sockets.delete(socket));
    return seen;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.sockets.clear();
  }

  private sweep(): void {
    for (const [socket, watched] of this.sockets) {
      if (!watched.alive) {
        socket.terminate();
        continue;
      }
      watched.alive = false;
      watched.writer.ping();
    }
  }
}
