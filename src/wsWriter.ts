// What leaves one graphql-ws socket. Messages are framed here and gathered, then leave in one TCP write per socket
// at the next flush of the process's FlushClock: a subscriber gets what piled up in one write, not one per message.
// A subscription's `next` messages are framed from a payload serialised once for all its subscribers, with the
// subscription id spliced in, so a delivery costs a copy of bytes at the flush rather than a JSON.stringify and a
// trip through ws's sender and a stream write.
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { NextSink } from './graphql/sharedEvents.js';

/** Past this much unsent data on a socket, writers wait for it to drain: a slow reader slows only itself. */
const HIGH_WATER_BYTES = 1024 * 1024;

const CLOSING_BRACE = Buffer.from('}');
/** A whole ping frame (RFC 6455 §5.5.2: FIN, opcode 9, no payload), gathered as it is rather than framed. */
const PING = Buffer.from([0x89, 0x00]);

/** Bytes of a frame header (RFC 6455 §5.2, server to client: unmasked) for a payload of `length` bytes. */
const headerBytes = (length: number): number => (length < 126 ? 2 : length < 0x10000 ? 4 : 10);

/** Writes a final text frame's header for `length` payload bytes at `at`; answers where the payload goes. */
function writeHeader(into: Buffer, at: number, length: number): number {
  into[at] = 0x81; // FIN, opcode 1 (text)
  if (length < 126) {
    into[at + 1] = length;
    return at + 2;
  }
  if (length < 0x10000) {
    into[at + 1] = 126;
    into.writeUInt16BE(length, at + 2);
    return at + 4;
  }
  into[at + 1] = 127;
  into.writeUInt32BE(Math.floor(length / 0x1_0000_0000), at + 2);
  into.writeUInt32BE(length >>> 0, at + 6);
  return at + 10;
}

/** How finely the clock rounds the times writers are due at: one timer serves every writer due in the same tick. */
const TICK_MS = 5;

/**
 * When sockets' gathered messages leave: each socket writes at most once per `intervalMs`. A socket that wrote longer
 * ago than that writes at the end of the turn its message came in; one that wrote more recently gathers until the
 * interval since its last write has passed (rounded up to a tick), so a stream of changes reaches a subscriber in
 * one TCP write per interval rather than one per change. With an interval of 0, every socket writes once per turn.
 */
export class FlushClock {
  private dueNow: SocketWriter[] = [];
  private immediate = false;
  /** Writers due later, by the tick (ms, a multiple of TICK_MS on performance.now()'s clock) they are due at. */
  private readonly dueLater = new Map<number, SocketWriter[]>();

  constructor(
    private readonly intervalMs: number,
    /** Told of the writes made and the messages they carried (metrics). */
    readonly wrote: (writes: number, messages: number) => void = () => undefined,
  ) {}

  /** `writer`, which last wrote at `lastWrite` (performance.now()), has gathered messages: it is flushed when due. */
  add(writer: SocketWriter, lastWrite: number): void {
    const now = performance.now();
    const due = lastWrite + this.intervalMs;
    if (due <= now) {
      this.dueNow.push(writer);
      if (!this.immediate) {
        this.immediate = true;
        setImmediate(this.flushNow);
      }
      return;
    }
    const tick = Math.ceil(due / TICK_MS) * TICK_MS;
    const waiting = this.dueLater.get(tick);
    if (waiting) {
      waiting.push(writer);
      return;
    }
    this.dueLater.set(tick, [writer]);
    setTimeout(() => this.flushTick(tick), tick - now);
  }

  private readonly flushNow = (): void => {
    this.immediate = false;
    const due = this.dueNow;
    this.dueNow = [];
    this.flushAll(due);
  };

  private flushTick(tick: number): void {
    const due = this.dueLater.get(tick) ?? [];
    this.dueLater.delete(tick);
    this.flushAll(due);
  }

  private flushAll(writers: readonly SocketWriter[]): void {
    const now = performance.now();
    let writes = 0;
    let messages = 0;
    for (const writer of writers) {
      const sent = writer.flush(now);
      if (sent > 0) writes++;
      messages += sent;
    }
    this.wrote(writes, messages);
  }
}

/** The messages of one socket, gathered until its next flush. */
export class SocketWriter {
  /** Per message: its start (a `next` message's `{"id":…,"payload":`, or a whole message) and a `next` message's payload. */
  private heads: Buffer[] = [];
  private payloads: (Buffer | null)[] = [];
  private gatheredBytes = 0;
  /** When this socket last wrote (performance.now()). */
  private lastWrite = Number.NEGATIVE_INFINITY;
  /** Writers waiting for the socket to take more, and whether a drain listener is on for them. */
  private waiting: (() => void)[] = [];
  private drainListening = false;

  constructor(
    private readonly socket: WebSocket,
    /** The socket's own stream; ws writes only control frames (ping, pong, close) there besides these. */
    private readonly stream: Duplex,
    private readonly clock: FlushClock,
  ) {}

  /** graphql-ws's own messages; a promise (that graphql-ws awaits) when the socket holds too much unsent. */
  send(data: string): void | Promise<void> {
    if (this.gather(Buffer.from(data), null)) return;
    return new Promise<void>((resolve) => this.onceWritable(resolve));
  }

  /** Where subscription `id`'s payloads go, as `next` messages. */
  nextSink(id: string): NextSink {
    return new SubscriptionSink(this, Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`));
  }

  /**
   * Gathers one message: `head`, and where `payload` is given, `payload` and a closing brace after it. False once
   * the socket holds more unsent than it should (see onceWritable).
   */
  gather(head: Buffer, payload: Buffer | null): boolean {
    // A closing socket takes nothing more; its subscriptions end with it.
    if (this.socket.readyState !== WebSocket.OPEN) return true;
    if (this.heads.length === 0) this.clock.add(this, this.lastWrite);
    this.heads.push(head);
    this.payloads.push(payload);
    this.gatheredBytes += head.length + (payload ? payload.length + 1 : 0);
    return this.gatheredBytes + this.stream.writableLength < HIGH_WATER_BYTES;
  }

  /** Calls `listener` once, when the socket can take more after gather() answered false. */
  onceWritable(listener: () => void): void {
    this.waiting.push(listener);
    // Too much in the stream: it says when it has sent it. Too much gathered: flush() tells once it is written.
    if (this.stream.writableNeedDrain) this.wakeOnDrain();
  }

  /** Gathers a ping (keep-alive), to leave with whatever else this socket sends next. */
  ping(): void {
    this.gather(PING, null);
  }

  /** Writes what was gathered, every message framed, in one write; `now` is when (performance.now()). Answers how many messages it wrote. */
  flush(now: number = performance.now()): number {
    const { heads, payloads } = this;
    if (heads.length === 0) return 0;
    this.heads = [];
    this.payloads = [];
    this.gatheredBytes = 0;
    if (this.socket.readyState !== WebSocket.OPEN) return 0;
    this.lastWrite = now;
    let total = 0;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i];
      const payload = payloads[i];
      if (!head) continue;
      const length = head.length + (payload ? payload.length + 1 : 0);
      total += head === PING ? PING.length : headerBytes(length) + length;
    }
    const data = Buffer.allocUnsafe(total);
    let at = 0;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i];
      const payload = payloads[i];
      if (!head) continue;
      if (head === PING) {
        at += PING.copy(data, at);
        continue;
      }
      at = writeHeader(data, at, head.length + (payload ? payload.length + 1 : 0));
      at += head.copy(data, at);
      if (payload) {
        at += payload.copy(data, at);
        at += CLOSING_BRACE.copy(data, at);
      }
    }
    const taken = this.stream.write(data);
    if (taken) this.wake();
    else if (this.waiting.length > 0) this.wakeOnDrain();
    return heads.length;
  }

  private wakeOnDrain(): void {
    if (this.drainListening) return;
    this.drainListening = true;
    this.stream.once('drain', () => {
      this.drainListening = false;
      this.wake();
    });
  }

  private wake(): void {
    if (this.waiting.length === 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resume of waiting) resume();
  }

  /** Sends what was gathered, then closes: the close frame comes after every message written before it. */
  close(code?: number, reason?: string): void {
    const sent = this.flush();
    if (sent > 0) this.clock.wrote(1, sent);
    this.socket.close(code, reason);
  }
}

/** One subscription's `next` messages on its socket. */
class SubscriptionSink implements NextSink {
  constructor(
    private readonly writer: SocketWriter,
    /** `{"id":<its id>,"type":"next","payload":` */
    private readonly head: Buffer,
  ) {}

  next(payload: Buffer): boolean {
    return this.writer.gather(this.head, payload);
  }

  onceWritable(listener: () => void): void {
    this.writer.onceWritable(listener);
  }
}
