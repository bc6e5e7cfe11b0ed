// What leaves a graphql-ws socket: frames of every size a ws client reads intact, one write per socket per turn and
// at most one per write interval, a close after everything written before it, pings, and a slow reader's back
// pressure. A real ws server on port 0 and real ws clients.
import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { FlushClock, SocketWriter } from '../src/wsWriter.js';

interface Pair {
  writer: SocketWriter;
  /** The server side of the socket, for its pong events. */
  serverSocket: WebSocket;
  /** The socket's raw stream on the server. */
  stream: Duplex;
  client: WebSocket;
  /** What the client got, in order, with when. */
  received: { text: string; at: number }[];
  /** Resolves once the client has `count` messages. */
  until(count: number): Promise<void>;
}

const servers: Server[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  // Upgraded sockets are the server's no more: each is ended here.
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A ws server whose one connection is written through a SocketWriter on `clock`, and a client connected to it. */
async function connect(clock: FlushClock): Promise<Pair> {
  const server = createServer();
  servers.push(server);
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const accepted = new Promise<{ socket: WebSocket; stream: Duplex }>((resolve) =>
    server.on('upgrade', (request, stream, head) => wss.handleUpgrade(request, stream, head, (socket) => resolve({ socket, stream }))),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no port');
  const port = address.port;
  const client = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
  const received: Pair['received'] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  client.on('message', (data) => {
    received.push({ text: String(data), at: performance.now() });
    for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();
  });
  const { socket, stream } = await accepted;
  sockets.push(socket, client);
  await new Promise((resolve) => (client.readyState === WebSocket.OPEN ? resolve(null) : client.once('open', resolve)));
  return {
    writer: new SocketWriter(socket, stream, clock),
    serverSocket: socket,
    stream,
    client,
    received,
    until: (count) => (received.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve }))),
  };
}

const nextOf = (id: string, payload: string) => `{"id":${JSON.stringify(id)},"type":"next","payload":${payload}}`;

describe('SocketWriter', () => {
  it('frames messages of every size a header can say (7, 16 and 64 bits of length) so a ws client reads each intact and in order', async () => {
    const { writer, received, until } = await connect(new FlushClock(0));
    const sink = writer.nextSink('sub-é"1');
    const sizes = [0, 80, 125, 126, 200, 65_535, 65_536, 70_000];
    const payloads = sizes.map((size, i) => JSON.stringify({ data: { n: i, pad: 'x'.repeat(size) } }));
    writer.send('{"type":"connection_ack"}');
    for (const payload of payloads) sink.next(Buffer.from(payload));
    writer.send('{"id":"2","type":"complete"}');
    await until(payloads.length + 2);
    expect(received.map((r) => r.text)).toEqual(['{"type":"connection_ack"}', ...payloads.map((p) => nextOf('sub-é"1', p)), '{"id":"2","type":"complete"}']);
  });

  it('sends what one turn gathered in one write, then writes at most once per interval: the first change at once, the next when the interval is up', async () => {
    const writes: { writes: number; messages: number }[] = [];
    const intervalMs = 200;
    const { writer, received, until } = await connect(new FlushClock(intervalMs, (w, messages) => writes.push({ writes: w, messages })));
    const sink = writer.nextSink('1');
    for (let i = 0; i < 5; i++) sink.next(Buffer.from(`{"n":${i}}`));
    await until(5);
    expect(writes).toEqual([{ writes: 1, messages: 5 }]);
    const firstAt = received[4]?.at ?? 0;
    sink.next(Buffer.from('{"n":5}'));
    sink.next(Buffer.from('{"n":6}'));
    await until(7);
    expect(writes).toEqual([
      { writes: 1, messages: 5 },
      { writes: 1, messages: 2 },
    ]);
    // Timers never fire early; the client read the first write a little after it left, so allow that little.
    expect((received[5]?.at ?? 0) - firstAt).toBeGreaterThanOrEqual(intervalMs - 20);
    expect(received.map((r) => JSON.parse(r.text).payload.n)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('closes after sending everything gathered before the close', async () => {
    const { writer, received, client } = await connect(new FlushClock(1000));
    const sink = writer.nextSink('1');
    sink.next(Buffer.from('{"n":1}'));
    sink.next(Buffer.from('{"n":2}'));
    const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));
    writer.close(4400, 'Bad');
    expect(await closed).toBe(4400);
    expect(received.map((r) => JSON.parse(r.text).payload.n)).toEqual([1, 2]);
  });

  it('sends a ping with the next write, which the client answers', async () => {
    const { writer, serverSocket } = await connect(new FlushClock(0));
    const pong = new Promise((resolve) => serverSocket.once('pong', resolve));
    writer.ping();
    await pong;
    expect(serverSocket.readyState).toBe(WebSocket.OPEN);
  });

  it('says when a reader that does not read holds too much, and when it can take more', async () => {
    const { writer, client, until } = await connect(new FlushClock(0));
    const sink = writer.nextSink('1');
    client.pause();
    const payload = Buffer.from(JSON.stringify({ pad: 'y'.repeat(60_000) }));
    let sent = 0;
    // The kernel's buffers fill, then the stream's: past a megabyte unsent, the sink says so.
    while (sink.next(payload)) {
      sent++;
      if (sent % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    sent++;
    const writable = new Promise<void>((resolve) => sink.onceWritable(resolve));
    client.resume();
    await writable;
    await until(sent);
  });
});
